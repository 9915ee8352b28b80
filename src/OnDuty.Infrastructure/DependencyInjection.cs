using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Email;
using OnDuty.Infrastructure.Email.Acs;
using OnDuty.Infrastructure.Graph;
using OnDuty.Infrastructure.Queues;
using OnDuty.Infrastructure.Sms;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Teams;

namespace OnDuty.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Adapters behind Core's ports, chosen and validated from configuration at start.</summary>
    public static IServiceCollection AddOnDutyInfrastructure(this IServiceCollection services)
    {
        services.AddOnDutyTables();
        services.AddOnDutyQueues();

        services.AddOnDutyGraph();
        services.AddOptions<EmailOptions>().BindSettings(EmailOptions.SectionName).ValidateSettings()
            .Validate<IOptions<GraphOptions>>(
                (email, graph) => email.Provider != EmailProvider.Graph || graph.Value.Enabled,
                "Email__Provider is Graph but Microsoft Graph is not configured: set Graph__TenantId (and Graph__ClientId with a secret or certificate, or Graph__UseManagedIdentity=true).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Provider switch
        {
            EmailProvider.Smtp => ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp),
            // ACS checks x-ms-date against its own clock and polls in real time: the wire protocol runs on the
            // wall clock, whatever clock the app's business rules use (tests move a fake one).
            EmailProvider.Acs => ActivatorUtilities.CreateInstance<AcsEmailSender>(sp, TimeProvider.System),
            EmailProvider.Graph => ActivatorUtilities.CreateInstance<GraphEmailSender>(sp),
            var provider => throw new InvalidOperationException($"Email__Provider '{provider}' has no sender in this build."),
        });

        services.AddOptions<SmsSettings>().BindSettings(SmsSettings.SectionName)
            // Twilio's account may serve calls or the duty line alone, with texts off.
            .PostConfigure<IConfiguration>((sms, configuration) => sms.ServesVoice =
                configuration.GetValue<bool>($"{VoiceSettings.SectionName}:{nameof(VoiceSettings.Enabled)}")
                || configuration.GetValue<bool>($"{VoiceSettings.SectionName}:{nameof(VoiceSettings.DutyLine)}"))
            .ValidateSettings().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmsSettings>, SmsSettingsValidation>());
        AddTwilioClient(services, nameof(TwilioSmsSender));
        // Replaces Core's NoSmsSender default; like ACS email, the SMS wire (x-ms-date, Retry-After dates) runs on the wall clock.
        services.Replace(ServiceDescriptor.Singleton<ISmsSender>(sp => sp.GetRequiredService<IOptions<SmsSettings>>().Value switch
        {
            { Enabled: false } => new NoSmsSender(),
            { Provider: SmsProvider.Twilio } => ActivatorUtilities.CreateInstance<TwilioSmsSender>(
                sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(TwilioSmsSender)), TimeProvider.System),
            _ => ActivatorUtilities.CreateInstance<AcsSmsSender>(sp, TimeProvider.System),
        }));

        services.AddOptions<VoiceSettings>().BindSettings(VoiceSettings.SectionName).ValidateSettings().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VoiceSettings>, VoiceSettingsValidation>());
        AddTwilioClient(services, nameof(TwilioVoiceCaller));
        // Replaces Core's NoVoiceCaller default: calls go through Twilio only, on the wall clock like texts.
        services.Replace(ServiceDescriptor.Singleton<IVoiceCaller>(sp => sp.GetRequiredService<IOptions<VoiceSettings>>().Value.Enabled
            ? ActivatorUtilities.CreateInstance<TwilioVoiceCaller>(
                sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(TwilioVoiceCaller)), TimeProvider.System)
            : new NoVoiceCaller()));

        services.AddOptions<OnDuty.Core.Health.WatchOptions>().BindSettings(OnDuty.Core.Health.WatchOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddHttpClient<OnDuty.Core.Health.IWatchPing, Http.HttpWatchPing>(client => client.Timeout = TimeSpan.FromSeconds(15));

        services.AddOptions<TeamsOptions>().BindSettings(TeamsOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddSingleton<Http.TeamsWebhookCircuit>();
        services.AddHttpClient<ITeamsChannel, TeamsWebhookChannel>(client => client.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }

    /// <summary>
    /// Twilio's API as texts and calls reach it: one attempt per send and no retry handler, because the outbox owns retries and
    /// Twilio has no idempotency key (each POST may text or ring). The sender lives as long as the app, so its pooled connections
    /// are renewed instead of its handler.
    /// </summary>
    private static void AddTwilioClient(IServiceCollection services, string name) =>
        services.AddHttpClient(name, client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
}
