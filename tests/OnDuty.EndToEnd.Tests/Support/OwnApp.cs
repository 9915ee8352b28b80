using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// An app of a test class's own, for settings, a clock or an inbox the shared <see cref="OnDutyAppFixture"/> cannot have:
/// a real Azurite and (unless the class sends no mail by SMTP) a real smtp4dev, started side by side, and the real app on
/// them (<see cref="HostedApp"/>). Loopback servers a class also needs (ACS, Graph, Twilio) it starts itself, before this.
/// </summary>
public sealed class OwnApp : IAsyncDisposable
{
    private OwnApp(AzuriteProcess azurite, Smtp4devProcess? smtp, HostedApp host)
    {
        Azurite = azurite;
        Smtp = smtp;
        Host = host;
    }

    /// <summary>
    /// Settings that send every email through <paramref name="acs"/> (<c>Email:Provider=Acs</c>, from
    /// <paramref name="from"/>, status polls every 100 ms and unpaced), with <paramref name="more"/> of the class's own.
    /// </summary>
    public static Dictionary<string, string?> AcsEmail(LoopbackAcsServer acs, IReadOnlyDictionary<string, string?>? more = null, string from = "DoNotReply@onduty.example")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Provider"] = "Acs",
            ["Email:From"] = from,
            ["Email:Acs:ConnectionString"] = acs.ConnectionString,
            ["Email:Acs:PollInterval"] = "00:00:00.100",
            // The sender paces its status polls on the real clock (30 a minute by default: one every 2 s); paced, a class's polls
            // and retries cost minutes of waiting (StakeholderNoticeAcsTests: 2 of its 2½) and prove nothing about what it sends.
            ["Email:Acs:MaxPollsPerMinute"] = "6000",
        };
        foreach (var (name, value) in more ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }

        return settings;
    }

    public AzuriteProcess Azurite { get; }

    /// <summary>smtp4dev, whose SMTP port is the app's <c>Email:Smtp:Port</c>; null when started with <c>smtp: false</c>.</summary>
    public Smtp4devProcess? Smtp { get; }

    public HostedApp Host { get; }

    /// <summary>
    /// Starts Azurite and, with <paramref name="smtp"/>, smtp4dev side by side, then the app on a business clock (a new
    /// <see cref="FakeTimeProvider"/>) at <paramref name="now"/>, with <c>Storage:ConnectionString</c> and <c>Email:Smtp:Port</c>
    /// pointing at them under <paramref name="settings"/> (which win). Whatever started is disposed when a later part fails.
    /// The other parameters are <see cref="HostedApp.StartAsync"/>'s.
    /// </summary>
    public static async Task<OwnApp> StartAsync(
        string masterKey,
        DateTimeOffset now,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        bool sampleAudiences = false,
        bool smtp = true)
    {
        var azuriteStarting = AzuriteProcess.StartAsync();
        var smtpStarting = smtp ? Smtp4devProcess.StartAsync() : Task.FromResult<Smtp4devProcess>(null!);
        try
        {
            await Task.WhenAll(azuriteStarting, smtpStarting);
            var all = new Dictionary<string, string?> { ["Storage:ConnectionString"] = azuriteStarting.Result.ConnectionString };
            if (smtp)
            {
                all["Email:Smtp:Port"] = smtpStarting.Result.SmtpPort.ToString(CultureInfo.InvariantCulture);
            }

            foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
            {
                all[name] = value;
            }

            var host = await HostedApp.StartAsync(masterKey, new FakeTimeProvider(now), all, configureServices, sampleAudiences, smtp ? smtpStarting.Result : null);
            return new OwnApp(azuriteStarting.Result, smtp ? smtpStarting.Result : null, host);
        }
        catch
        {
            // Both starts have ended here (Task.WhenAll waits for both, even when one fails).
            await DisposeAsync(null, Started(smtpStarting), Started(azuriteStarting));
            throw;
        }
    }

    /// <summary>Stops the app, then smtp4dev, then Azurite.</summary>
    public ValueTask DisposeAsync() => DisposeAsync(Host, Smtp, Azurite);

    private static T? Started<T>(Task<T> starting)
        where T : class =>
        starting.IsCompletedSuccessfully ? starting.Result : null;

    private static async ValueTask DisposeAsync(HostedApp? host, Smtp4devProcess? smtp, AzuriteProcess? azurite)
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (smtp is not null)
        {
            await smtp.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
