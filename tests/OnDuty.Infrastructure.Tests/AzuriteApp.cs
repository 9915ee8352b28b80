using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Tests.Fakes;
using OnDuty.Messages;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests;

/// <summary>
/// The app's services composed as the hosts compose them (Core, Infrastructure, Messages) on Azurite, from the settings every
/// start needs plus a test's own. All providers one builder makes share its table prefix: two of them are two app processes on
/// the same tables. The send queue signals nothing (<see cref="NoSignals"/>) unless a test gives its own.
/// </summary>
internal sealed class AzuriteApp
{
    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _replacements = [];
    private TimeProvider? _time;
    private IOutboxQueue _queue = new NoSignals();

    public AzuriteApp(AzuriteFixture azurite, string prefixHint)
    {
        Prefix = AzuriteFixture.UniquePrefix(prefixHint);
        _settings = new Dictionary<string, string?>
        {
            ["Email:Provider"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:From"] = "onduty@onduty.example",
            ["Incidents:AckTokenSecret"] = Convert.ToBase64String(new byte[32]),
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = Prefix,
            ["Storage:MaxRetries"] = "0",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        };
    }

    /// <summary>The table prefix every provider of this builder uses.</summary>
    public string Prefix { get; }

    /// <summary>A setting (<c>Incidents:Leads:0</c>, <c>Team:Language</c>…) over those every start needs.</summary>
    public AzuriteApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>The leads (<c>Incidents:Leads:n</c>) and the organisation's list (<c>Incidents:OrganisationList</c>).</summary>
    public AzuriteApp WithEscalation(string organisationList, params string[] leads)
    {
        for (var i = 0; i < leads.Length; i++)
        {
            _settings[$"Incidents:Leads:{i}"] = leads[i];
        }

        _settings["Incidents:OrganisationList"] = organisationList;
        return this;
    }

    /// <summary>The clock the app reads (registered before Core, as a host would); without one, the system's.</summary>
    public AzuriteApp WithTime(TimeProvider time)
    {
        _time = time;
        return this;
    }

    public AzuriteApp WithQueue(IOutboxQueue queue)
    {
        _queue = queue;
        return this;
    }

    public AzuriteApp WithEmail(IEmailSender sender) => Replace(services => services.AddSingleton(sender));

    /// <summary>Registrations over the app's own (the last registration of a service wins).</summary>
    public AzuriteApp Replace(Action<IServiceCollection> replace)
    {
        _replacements.Add(replace);
        return this;
    }

    /// <summary>A provider whose tables are made.</summary>
    public async Task<ServiceProvider> BuildAsync()
    {
        var provider = Build();
        await provider.GetRequiredService<StorageInitializer>().EnsureTablesAsync(default);
        return provider;
    }

    /// <summary>A provider on tables another of this builder's providers makes (a second instance).</summary>
    public ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(_settings).Build());
        services.AddLogging();
        if (_time is not null)
        {
            services.AddSingleton(_time);
        }

        services.AddOnDutyCore();
        services.AddOnDutyInfrastructure();
        services.AddOnDutyMessages();
        services.AddSingleton(_queue);
        foreach (var replace in _replacements)
        {
            replace(services);
        }

        return services.BuildServiceProvider();
    }
}
