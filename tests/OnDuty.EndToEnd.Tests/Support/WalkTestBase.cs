using Microsoft.Extensions.DependencyInjection;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// A persona walk on an app of its own (<see cref="OwnApp"/>): with a loopback Teams channel when the walk reads cards, the app
/// started on the walk's clock and settings, the walk's steps (<see cref="WalkSteps"/>) on it, the duty pair put on duty when the
/// walk starts with one, and all of it stopped after. Each walk says what is its own through the constructor and
/// <see cref="Settings"/>.
/// </summary>
public abstract class WalkTestBase : IAsyncLifetime
{
    /// <summary>Where walks that save their pages and mails only on request save them (<c>ONDUTY_WALK_PAGES</c>); null: nowhere.</summary>
    protected static readonly string? WalkPages = Environment.GetEnvironmentVariable("ONDUTY_WALK_PAGES");

    private readonly string _masterKey;
    private readonly DateTimeOffset _start;
    private readonly bool _teams;
    private readonly bool _countMail;
    private readonly bool _sampleAudiences;
    private readonly bool _smtp;
    private readonly (string First, string Second)? _dutyPair;

    private LoopbackWebhook? _channel;
    private OwnApp? _app;
    private WalkSteps? _walk;

    /// <param name="masterKey">The app's master key.</param>
    /// <param name="start">The business clock when the app starts.</param>
    /// <param name="dump">Where the walk saves what it reads (created at the start); null: not saved.</param>
    /// <param name="teams">A loopback Teams webhook, started before the app; <see cref="Settings"/> points the app at it.</param>
    /// <param name="countMail">The app counts its mails (<see cref="MailSettle.Install"/>) and the timer steps settle on them.</param>
    /// <param name="sampleAudiences">The sample's demo stakeholder audiences are kept.</param>
    /// <param name="smtp">A smtp4dev of the walk's own; false for a walk that sends no mail.</param>
    /// <param name="dutyPair">Put on duty this week before the walk starts; null: the walk does it itself, or not at all.</param>
    private protected WalkTestBase(
        string masterKey,
        DateTimeOffset start,
        string? dump = null,
        bool teams = false,
        bool countMail = false,
        bool sampleAudiences = false,
        bool smtp = true,
        (string First, string Second)? dutyPair = null)
    {
        _masterKey = masterKey;
        _start = start;
        Dump = dump;
        _teams = teams;
        _countMail = countMail;
        _sampleAudiences = sampleAudiences;
        _smtp = smtp;
        _dutyPair = dutyPair;
    }

    /// <summary>Where the walk saves what it reads; null: not saved.</summary>
    protected string? Dump { get; }

    protected HostedApp Host => _app!.Host;

    protected Smtp4devProcess Smtp => _app!.Smtp!;

    /// <summary>The loopback Teams channel (a walk started with <c>teams: true</c>).</summary>
    protected LoopbackWebhook Teams => _channel!;

    /// <summary>The app's count of its mails (a walk started with <c>countMail: true</c>).</summary>
    private protected MailSettle Mail { get; } = new();

    private protected WalkSteps Walk => _walk!;

    /// <summary>The walk's own settings over the sample's; <see cref="Teams"/> is running when they are read.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync()
    {
        if (_teams)
        {
            _channel = await LoopbackWebhook.StartAsync();
        }

        Action<IServiceCollection>? services = _countMail ? Mail.Install : null;
        _app = await OwnApp.StartAsync(_masterKey, _start, Settings, services, _sampleAudiences, _smtp);
        if (Dump is not null)
        {
            Directory.CreateDirectory(Dump);
        }

        _walk = new WalkSteps(Host, Smtp, SettleAsync, Dump, _countMail ? Mail : null);
        if (_dutyPair is { } pair)
        {
            await _walk.DutyPairAsync(pair.First, pair.Second);
        }
    }

    /// <summary>What the walk saves before the app stops (a log, the channel's texts).</summary>
    protected virtual Task StoppingAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await StoppingAsync();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }
    }

    /// <summary>Settles the app on the mails in smtp4dev and, with a Teams channel, the cards it took.</summary>
    protected Task SettleAsync() =>
        _channel is { } channel
            ? Host.SettleAsync(async () => (await Smtp.MessagesAsync()).Count, () => Task.FromResult(channel.Requests.Count))
            : Host.SettleAsync(async () => (await Smtp.MessagesAsync()).Count);
}
