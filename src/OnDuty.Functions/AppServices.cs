using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OnDuty.Core;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Functions.Health;
using OnDuty.Functions.Pages;
using OnDuty.Infrastructure;
using OnDuty.Messages;

namespace OnDuty.Functions;

/// <summary>The one composition root both hosts (Functions worker and LocalHost) call.</summary>
public static class AppServices
{
    public static IServiceCollection AddOnDutyApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOnDutyCore();
        // No host environment (a bare container, as the deployment tests build) counts as not Development.
        services.AddOptions<IncidentOptions>()
            .Validate<IServiceProvider>(
                (o, provider) => o.AckTokenSecret != SampleSecrets.AckTokenSecret || (provider.GetService<IHostEnvironment>()?.IsDevelopment() ?? false),
                "Incidents__AckTokenSecret is the public sample value from local.settings.sample.json, refused outside the Development environment: set your own (e.g. `openssl rand -base64 32`).")
            .ValidateOnStart();
        services.AddOnDutyInfrastructure();
        services.AddOnDutyMessages();
        services.AddOnDutyPages();
        services.AddSingleton<StartupState>();
        services.AddSingleton<Sms.TwilioWebhook>();
        services.AddSingleton<Incidents.DeliveryRecorder>();
        services.AddHostedService<StartupWork>();
        services.AddHostedService<Incidents.AlertIntakeDrain>();
        // Before the host is built, so an unreadable value stops the start as one error naming them all (the hosts' Program prints it),
        // not in the host's start-failure log with a stack trace.
        ThrowIfAnyUnreadable(services, configuration);
        return services;
    }

    /// <summary>
    /// Stops the start when any value in a bound section cannot be read, naming every such value (a <see cref="SettingsFormatException"/>)
    /// and with them every failed check of the sections whose values can all be read, so that one start names everything to fix
    /// (<c>Reminders__LocalTime</c> unreadable and <c>Team__PhoneCountryCode</c> invalid: both). The checks run in a container of
    /// their own, on the settings with the unreadable values left out; a section holding one is named by its values alone.
    /// </summary>
    private static void ThrowIfAnyUnreadable(IServiceCollection services, IConfiguration configuration)
    {
        var sections = services.Where(d => !d.IsKeyedService).Select(d => d.ImplementationInstance).OfType<SettingsSection>().Distinct().ToList();
        var unreadable = SettingsFormatException.Find(configuration, sections);
        if (unreadable.Count == 0)
        {
            return;
        }

        // Each section walked once more for its paths (not once per use): the sections holding one, and the values to leave out.
        var unreadablePaths = sections.Select(s => (s.OptionsType, Paths: s.UnreadablePaths(configuration))).Where(s => s.Paths.Count > 0).ToList();
        var unreadableTypes = unreadablePaths.Select(s => s.OptionsType).ToHashSet();
        var readable = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            // A section bound by two options types (Sms, Voice) names its paths twice: each left out once.
            .AddInMemoryCollection(unreadablePaths.SelectMany(s => s.Paths).Distinct(StringComparer.OrdinalIgnoreCase).Select(path => KeyValuePair.Create(path, (string?)null)))
            .Build();
        var check = new ServiceCollection();
        foreach (var service in services)
        {
            check.Add(service);
        }

        check.RemoveAll<IConfiguration>();
        check.AddSingleton<IConfiguration>(readable);
        Exception? failed = null;
        using (var provider = check.BuildServiceProvider())
        {
            try
            {
                StartupRefusal.CheckSettings(provider);
            }
            catch (Exception e)
            {
                // Anything but a failed check is left to the real start, after these values are fixed.
                failed = e;
            }
        }

        var invalid = (failed is AggregateException several ? several.InnerExceptions : failed is null ? [] : [failed])
            .OfType<OptionsValidationException>()
            .Where(e => !unreadableTypes.Contains(e.OptionsType))
            .ToList();
        throw invalid.Count == 0
            ? new SettingsFormatException(unreadable)
            : new AggregateException([new SettingsFormatException(unreadable), .. invalid]);
    }
}
