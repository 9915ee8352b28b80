using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Rotations;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// The whole app as it runs locally: LocalHost on a loopback port, a real Azurite, a real SMTP server
/// (smtp4dev) and a loopback Teams webhook. Time is a FakeTimeProvider the tests move; timers are off
/// and run through <c>POST /admin/functions/{name}</c>, as an operator would.
/// </summary>
public sealed class OnDutyAppFixture : IAsyncLifetime
{
    public const string MasterKey = "e2e-master-key";

    public const string AckTokenSecret = "ZTJlLWFjay10b2tlbi1zZWNyZXQtb2YtMzItYnl0ZXMtb3ItbW9yZQ==";

    /// <summary>Monday 2026-11-30 09:00 in Tokyo: an hour before the 2026-W49 handoff of the demo rotation.</summary>
    public static readonly DateTimeOffset BeforeHandoff = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private readonly OwnServers _servers = new();

    /// <summary>The mails this fixture's apps delivered to its smtp4dev, for their settles.</summary>
    private readonly MailSettle _mail = new();

    /// <summary>The hosts of <see cref="ClassHostAsync"/>, by test class.</summary>
    private readonly Dictionary<Type, Task<HostedApp>> _classHosts = [];
    private HostedApp _host = null!;

    public FakeTimeProvider Time { get; } = new(BeforeHandoff);

    public AzuriteProcess Azurite => _servers.Azurite;

    public Smtp4devProcess Smtp => _servers.Smtp;

    public LoopbackWebhook Teams => _servers.Teams;

    public WebApplication App => _host.App;

    public Uri BaseAddress => _host.BaseAddress;

    /// <summary>A client sending the master key.</summary>
    public HttpClient Client => _host.Client;

    /// <summary>A client sending no key.</summary>
    public HttpClient Anonymous => _host.Anonymous;

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        // The fake tenant's users: the demo roster's UPNs (which differ from their mail addresses).
        foreach (var member in OnDuty.Core.Seeding.DemoRoster.Members(DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime), OnDuty.Core.Incidents.IncidentOptions.DefaultTimeZone))
        {
            Teams.KnownUsers.Add(member.Upn!);
        }

        _host = await HostedApp.StartAsync(MasterKey, Time, new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Incidents:AckTokenSecret"] = AckTokenSecret,
            ["Incidents:Leads:0"] = "lead@onduty.example",
            ["Incidents:OrganisationList"] = "pm-org@onduty.example",
            ["Team:Language"] = "ja",
            ["Team:SeedDemo"] = "true",
            ["Email:Provider"] = "Smtp",
            ["Email:From"] = "onduty@onduty.example",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Teams:WebhookUrl"] = Teams.Url,
            ["Outbox:BaseDelay"] = "00:00:30",
            // Tests run RetryOutbox themselves on the fake clock: let it take whatever is due at once.
            ["Outbox:SweepAfter"] = "00:00:00",
        }, smtp: Smtp, mail: _mail);
        await _mail.LeaveOffAsync(Smtp);
    }

    /// <summary>Runs a non-HTTP function now and returns when it has finished.</summary>
    public Task RunFunctionAsync(string name) => _host.RunFunctionAsync(name);

    /// <summary>
    /// Waits until the app has finished: the inbox and the Teams webhook quiet for a while and nothing due in the outbox.
    /// Every absence check ("no second page", "nothing to the organisation list") comes after this.
    /// </summary>
    public Task SettleAsync() =>
        _host.SettleAsync(async () => (await Smtp.MessagesAsync()).Count, () => Task.FromResult(Teams.Requests.Count));
    /// <summary>
    /// A second app instance on this fixture's Azurite and smtp4dev and its clock, for a test that needs a setting or a storage
    /// wrapper the shared host does not have: <paramref name="settings"/> go on top of the common ones. Its queues are off, so
    /// the shared host sends what it queues.
    /// </summary>
    public Task<HostedApp> StartSecondHostAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Incidents:AckTokenSecret"] = AckTokenSecret,
            ["Incidents:Leads:0"] = "lead@onduty.example",
            ["Incidents:OrganisationList"] = "pm-org@onduty.example",
            ["Team:SeedDemo"] = "false",
            ["LocalHost:DisableQueues"] = "true",
            ["Email:Provider"] = "Smtp",
            ["Email:From"] = "onduty@onduty.example",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Smtp.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
        };
        foreach (var (name, value) in settings)
        {
            all[name] = value;
        }

        return HostedApp.StartAsync(MasterKey, Time, all, services, smtp: Smtp, mail: _mail);
    }

    /// <summary>
    /// A second host (<see cref="StartSecondHostAsync"/> with <paramref name="settings"/>) for the tests of <paramref name="testClass"/>:
    /// started by the first that asks, kept until the fixture stops (one start per class, not one per test).
    /// </summary>
    public Task<HostedApp> ClassHostAsync(Type testClass, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        lock (_classHosts)
        {
            if (!_classHosts.TryGetValue(testClass, out var host) || host.IsFaulted || host.IsCanceled)
            {
                _classHosts[testClass] = host = StartSecondHostAsync(settings, services);
            }

            return host;
        }
    }

    /// <summary>A second, HTTP-only instance whose storage requests <paramref name="tap"/> records (and fails where a test says so).</summary>
    public Task<HostedApp> StartTappedHostAsync(StorageTap tap) =>
        StartSecondHostAsync(new Dictionary<string, string?>(), services => TappedStorage.Use(services, Azurite.ConnectionString, tap));

    /// <inheritdoc cref="HostedApp.WaitForOutboxIdleAsync"/>
    public Task WaitForOutboxIdleAsync(bool allowRetrying = false) => _host.WaitForOutboxIdleAsync(allowRetrying);

    /// <inheritdoc cref="HostedApp.AdvanceAsync"/>
    public Task AdvanceAsync(TimeSpan by) => _host.AdvanceAsync(by);

    /// <inheritdoc cref="HostedApp.SetUtcNowAsync"/>
    public Task SetUtcNowAsync(DateTimeOffset at) => _host.SetUtcNowAsync(at);

    /// <inheritdoc cref="HostedApp.AdvanceToNextHandoffAsync"/>
    public Task<string> AdvanceToNextHandoffAsync() => _host.AdvanceToNextHandoffAsync();

    /// <inheritdoc cref="HostedApp.DemoCalendar"/>
    public DutyCalendar DemoCalendar() => _host.DemoCalendar();

    public async Task DisposeAsync()
    {
        foreach (var starting in _classHosts.Values.Where(h => h.IsCompletedSuccessfully))
        {
            await starting.Result.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OnDutyAppCollection : ICollectionFixture<OnDutyAppFixture>
{
    public const string Name = "OnDuty app";
}
