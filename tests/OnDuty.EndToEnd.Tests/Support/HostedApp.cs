using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Seeding;
using OnDuty.LocalHost;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// The real app on LocalHost at a free loopback port, for end-to-end fixtures: settings start from
/// local.settings.sample.json (a developer's own local.settings.json is kept out), the business clock is a
/// FakeTimeProvider the tests move, timers are off and run through <c>POST /admin/functions/{name}</c>.
/// </summary>
public sealed class HostedApp : IAsyncDisposable
{
    /// <summary>
    /// A loopback port this process holds bound without listening, for the whole test run: a connection to it is refused at
    /// once, and no other process can take it.
    /// </summary>
    private static readonly Lazy<int> RefusingPort = new(() =>
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        HeldSocket = socket;
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    });

    /// <summary>Kept referenced so the port stays held.</summary>
    private static System.Net.Sockets.Socket? HeldSocket;

    private readonly string _settingsFile;

    /// <summary>The count of mails this app's sender delivered (shared with the apps on the same smtp4dev), for <see cref="SettleAsync"/>.</summary>
    private readonly MailSettle _mail;

    /// <summary>The smtp4dev that takes this app's mail, when the caller said which.</summary>
    private readonly Smtp4devProcess? _smtp;

    private HostedApp(WebApplication app, string settingsFile, FakeTimeProvider time, string masterKey, MailSettle mail, Smtp4devProcess? smtp)
    {
        App = app;
        _mail = mail;
        _smtp = smtp;
        _settingsFile = settingsFile;
        Time = time;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add("x-functions-key", masterKey);
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Anonymous = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client sending the master key.</summary>
    public HttpClient Client { get; }

    /// <summary>A client sending no key.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>
    /// Starts the app with <paramref name="settings"/> over the sample's and waits until <c>/api/health</c> is 200.
    /// It listens on a free loopback port chosen up front, which is also its <c>Team__PublicBaseUrl</c> unless the
    /// caller sets one, so links in messages and feeds point at this host and work as sent. The sample's demo stakeholder
    /// audiences are left out unless <paramref name="sampleAudiences"/> (see <see cref="SampleSettings"/>).
    /// <paramref name="smtp"/> is the smtp4dev the settings send mail to, and <paramref name="mail"/> the count of the apps sharing
    /// it (a second app on a fixture's smtp4dev); with them <see cref="SettleAsync"/> knows when every mail has arrived.
    /// </summary>
    public static async Task<HostedApp> StartAsync(
        string masterKey,
        FakeTimeProvider time,
        IDictionary<string, string?> settings,
        Action<IServiceCollection>? configureServices = null,
        bool sampleAudiences = false,
        Smtp4devProcess? smtp = null,
        MailSettle? mail = null)
    {
        var starting = System.Diagnostics.Stopwatch.GetTimestamp();
        var counted = mail ?? new MailSettle();
        var settingsFile = Path.Combine(Path.GetTempPath(), $"onduty-e2e-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(settingsFile, "{\"IsEncrypted\":false,\"Values\":{}}");
        // The port is free when picked; another process (a second app or smtp4dev starting in parallel) can take it before this
        // one binds. Then it starts again on another.
        for (var attempt = 1; ; attempt++)
        {
            var origin = $"http://127.0.0.1:{FreePort.Pick()}";
            var overrides = new Dictionary<string, string?>(settings)
            {
                ["urls"] = origin,
                ["LocalHost:MasterKey"] = masterKey,
                ["LocalHost:DisableTimers"] = "true",
            };
            overrides.TryAdd("Team:PublicBaseUrl", origin);
            // A host given no mail server of its own sends to a port held and refused, never to the sample's 2525: that is a
            // developer's ./run.sh mail catcher (trial 39 found a test's mail there), and a port only picked free could be taken
            // by another test's smtp4dev meanwhile and count in its mail.
            overrides.TryAdd("Email:Smtp:Port", RefusingPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // The send queues live on the same Azurite; an idle queue is polled often so tests see mail within moments.
            if (settings.TryGetValue("Storage:ConnectionString", out var storage))
            {
                overrides.TryAdd("AzureWebJobsStorage", storage);
            }

            overrides.TryAdd("AzureFunctionsJobHost:extensions:queues:maxPollingInterval", "00:00:00.200");
            var app = LocalHostApp.Build(
                ["--settings", settingsFile],
                services =>
                {
                    services.AddSingleton<TimeProvider>(time);
                    configureServices?.Invoke(services);
                    counted.Install(services);
                },
                SampleSettings.Values(overrides, sampleAudiences));
            try
            {
                await app.StartAsync();
                var hosted = new HostedApp(app, settingsFile, time, masterKey, counted, smtp);
                await hosted.WaitForHealthyAsync(TimeSpan.FromSeconds(60));
                if (mail is null)
                {
                    await counted.LeaveOffAsync(smtp);
                }

                Timing("app started", starting);
                return hosted;
            }
            catch (IOException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>Where <see cref="Timing"/> writes (<c>ONDUTY_E2E_TIMING</c>, a file); null: nowhere.</summary>
    private static readonly string? TimingLog = Environment.GetEnvironmentVariable("ONDUTY_E2E_TIMING") is { Length: > 0 } log ? log : null;

    private static readonly Lock TimingGate = new();

    /// <summary>With <c>ONDUTY_E2E_TIMING</c> set, a line there: when, what, how long it took since <paramref name="started"/> (to see where a test's time goes).</summary>
    private static void Timing(string what, long started)
    {
        if (TimingLog is not null)
        {
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,8:F0} ms {what}{Environment.NewLine}";
            lock (TimingGate)
            {
                File.AppendAllText(TimingLog, line);
            }
        }
    }

    /// <summary>Runs a non-HTTP function now and returns when it has finished.</summary>
    public async Task RunFunctionAsync(string name)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await Client.PostAsync($"admin/functions/{name}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{name}: {(int)response.StatusCode} {body}");
        Timing("run " + name, started);
    }

    /// <summary>
    /// Settles this app (see <see cref="Settle"/>): <paramref name="counts"/> of what reached the outside world stay the
    /// same for a quiet period while the outbox holds nothing due. A message waiting for a later attempt (its next attempt
    /// after the business clock's now) is not due: nothing sends it until a test moves the clock.
    /// Sooner when <see cref="MailSettle.SettledAsync"/> can tell (tried alongside, from the start): nothing left to send and
    /// every mail delivered since the last settle in smtp4dev — no later mail or loopback request can come of it then.
    /// </summary>
    public async Task SettleAsync(params Func<Task<int>>[] counts)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var quiet = Settle.UntilQuietAsync(counts, NothingDueInOutboxAsync, describeBusy: DescribeDueInOutboxAsync, cancellationToken: stop.Token);
        var exact = _mail.SettledAsync(this, _smtp, stop.Token);
        var first = await Task.WhenAny(quiet, exact);
        if (first == exact && exact.IsCompletedSuccessfully && exact.Result)
        {
            await stop.CancelAsync();
            await Ended(quiet);
            Timing("settle exact", started);
            return;
        }

        if (first == quiet)
        {
            await stop.CancelAsync();
            await Ended(exact);
        }

        await quiet;
        await _mail.LeaveOffAsync(_smtp);
        Timing($"settle quiet (the exact check waited on {_mail.Waiting})", started);

        static async Task Ended(Task task)
        {
            try
            {
                await task;
            }
            catch (Exception)
            {
                // Stopped, or failed: the other one decided.
            }
        }
    }

    /// <summary>
    /// Settles this app as <see cref="SettleAsync"/> does, but until the outbox holds nothing pending at all. A message whose send
    /// failed (the test SMTP server dropping a connection under load) waits for a retry at a later business time, which the frozen
    /// clock never reaches and <see cref="SettleAsync"/> does not wait for: it is retried once now, as the retry sweep would send it
    /// when its time came (the business clock stays where the test put it). One failing again fails the settle at its timeout,
    /// named with its attempts and error — never a later check reading its mail as never sent.
    /// </summary>
    public Task SettleWithNothingPendingAsync(params Func<Task<int>>[] counts)
    {
        var retried = new HashSet<string>(StringComparer.Ordinal);
        return Settle.UntilQuietAsync(counts, () => NothingPendingAsync(retried), describeBusy: () => DescribePendingInOutboxAsync(dueOnly: false));
    }

    private async Task<bool> NothingPendingAsync(HashSet<string> retried)
    {
        var pending = await PendingInOutboxAsync(dueOnly: false);
        var now = Time.GetUtcNow();
        var waiting = pending
            .Where(i => i.GetProperty("attempts").GetInt32() > 0 && i.GetProperty("nextAttemptAt").GetDateTimeOffset() > now)
            .Select(i => i.GetProperty("id").GetString()!)
            .Where(retried.Add)
            .ToList();
        if (waiting.Count > 0)
        {
            // Due as long ago as the sweep's wait, so its run now sends it (a message a sender holds is left alone).
            var store = App.Services.GetRequiredService<IOutboxStore>();
            var sweepAfter = App.Services.GetRequiredService<IOptions<OutboxOptions>>().Value.SweepAfter;
            foreach (var id in waiting)
            {
                await store.BringForwardAsync(id, now - sweepAfter, CancellationToken.None);
            }

            await RunFunctionAsync("RetryOutbox");
        }

        return pending.Count == 0;
    }

    /// <summary>True when no pending outbox message is due at the business clock's now.</summary>
    public async Task<bool> NothingDueInOutboxAsync() => (await DueInOutboxAsync()).Count == 0;

    /// <summary>The pending outbox messages due at the business clock's now, as the outbox API lists them.</summary>
    public Task<IReadOnlyList<System.Text.Json.JsonElement>> DueInOutboxAsync() => PendingInOutboxAsync(dueOnly: true);

    /// <summary>The pending outbox messages, as the outbox API lists them; with <paramref name="dueOnly"/> those due at the business clock's now.</summary>
    private async Task<IReadOnlyList<System.Text.Json.JsonElement>> PendingInOutboxAsync(bool dueOnly)
    {
        var pending = await Client.GetFromJsonAsync<System.Text.Json.JsonElement>("api/outbox?status=pending&max=1000");
        var now = Time.GetUtcNow();
        return pending.GetProperty("items").EnumerateArray().Where(i => !dueOnly || i.GetProperty("nextAttemptAt").GetDateTimeOffset() <= now).ToList();
    }

    /// <summary>One line per due outbox message (id, status, attempts, next attempt, last error) for a settle timeout.</summary>
    public Task<string> DescribeDueInOutboxAsync() => DescribePendingInOutboxAsync(dueOnly: true);

    private async Task<string> DescribePendingInOutboxAsync(bool dueOnly)
    {
        static string Field(System.Text.Json.JsonElement item, string name) =>
            item.TryGetProperty(name, out var value) ? value.ToString() : "-";

        var pending = await PendingInOutboxAsync(dueOnly);
        return $"{pending.Count} {(dueOnly ? "due" : "pending")} in the outbox at {Time.GetUtcNow():O}: " + string.Join("; ", pending.Select(i =>
            $"{Field(i, "id")} {Field(i, "status")} attempts={Field(i, "attempts")} next={Field(i, "nextAttemptAt")} error={Field(i, "lastError")}"));
    }

    /// <summary>
    /// Waits until the outbox holds nothing pending: the queue trigger has sent (or given up, or cancelled) every
    /// message recorded so far. Sending is off the request path, so a test waits for it before checking inboxes.
    /// With <paramref name="allowRetrying"/>, messages already tried once and waiting for a retry do not count.
    /// </summary>
    public async Task WaitForOutboxIdleAsync(bool allowRetrying = false, TimeSpan? timeout = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await Client.GetStringAsync("api/outbox?status=pending");
            using var document = System.Text.Json.JsonDocument.Parse(last);
            if (document.RootElement.GetProperty("items").EnumerateArray().All(i => allowRetrying && i.GetProperty("attempts").GetInt32() > 0))
            {
                Timing("outbox idle", started);
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The outbox still holds pending messages: " + last);
    }

    /// <summary>How long <see cref="SendsEndedAsync"/> waits (real time) for the app's sends to end.</summary>
    private static readonly TimeSpan SendsEndWithin = TimeSpan.FromSeconds(10);

    /// <summary>Moves the business clock on by <paramref name="by"/> once no outbox send is under way (<see cref="SendsEndedAsync"/>).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await SendsEndedAsync();
        Time.Advance(by);
    }

    /// <summary>Sets the business clock to <paramref name="at"/> once no outbox send is under way (<see cref="SendsEndedAsync"/>).</summary>
    public async Task SetUtcNowAsync(DateTimeOffset at)
    {
        await SendsEndedAsync();
        Time.SetUtcNow(at);
    }

    /// <summary>
    /// Waits, in real time and up to 10 s, until this app sends nothing (<see cref="OutboxMetrics.Sending"/>); fails naming what
    /// the outbox holds then. A send under way holds a lease dated by the business clock: the clock moved past its renewal time,
    /// the lease keeper stops the send as it must when an instance stalled that long, and a mail the server had already taken goes
    /// again (a reader's 第4報 twice in TwoPmsWalkTests, session 58). A deployed clock never jumps; a walk's must not jump through a
    /// send either. StalledProviderTests moves the clock through hanging sends on purpose and does not wait.
    /// </summary>
    public async Task SendsEndedAsync()
    {
        var metrics = App.Services.GetRequiredService<OutboxMetrics>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (metrics.Sending > 0)
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > SendsEndWithin)
            {
                throw new TimeoutException(
                    $"{metrics.Sending} outbox messages still being sent after {SendsEndWithin.TotalSeconds:0} s; the business clock is not moved through them. "
                    + await DescribePendingInOutboxAsync(dueOnly: false));
            }

            await Task.Delay(20);
        }

        Timing("sends ended", started);
    }

    /// <summary>
    /// Moves the clock to 5 minutes after the next handoff of the demo rotation (Monday 10:00 Tokyo, or the next
    /// working day when that Monday is a holiday, as the app computes it) once no outbox send is under way
    /// (<see cref="SetUtcNowAsync"/>), and returns that week's ISO label.
    /// </summary>
    public async Task<string> AdvanceToNextHandoffAsync()
    {
        var calendar = DemoCalendar();
        var now = Time.GetUtcNow();
        var index = calendar.ShiftIndexAt(now);
        if (calendar.ShiftStartsAt(index).AddMinutes(5) <= now)
        {
            index++;
        }

        await SetUtcNowAsync(calendar.ShiftStartsAt(index).AddMinutes(5));
        return calendar.WeekLabel(index);
    }

    /// <summary>The demo rotation's calendar with the app's working days.</summary>
    public DutyCalendar DemoCalendar() =>
        new(DemoRoster.Rotations(App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OnDuty.Core.Incidents.IncidentOptions>>().Value.TimeZone)[0], App.Services.GetRequiredService<IWorkingCalendar>());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        File.Delete(_settingsFile);
    }

    private async Task WaitForHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Anonymous.GetAsync("api/health");
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("OnDuty did not become healthy: " + last);
    }
}
