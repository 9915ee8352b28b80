using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Notifications;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Notifications;

/// <summary>
/// Sending off the request path: an incident's page is recorded, its id put on the <c>outbox-pages</c> queue of
/// Azurite, and sent by the queue-triggered <c>SendOutboxPage</c> of whichever LocalHost listens; the retry timer
/// sweeps what failed. Own Azurite, SMTP server and Teams webhook (shared by this class's tests, which run one at a
/// time and each start their own hosts), so no other host consumes these queues.
/// </summary>
public sealed class OutboxQueueTests(OwnServers servers) : IClassFixture<OwnServers>
{
    private const string MasterKey = "e2e-outbox-master-key";

    private AzuriteProcess _azurite => servers.Azurite;
    private Smtp4devProcess _smtp => servers.Smtp;
    private LoopbackWebhook _teams => servers.Teams;

    private Task<HostedApp> StartHostAsync(FakeTimeProvider time, bool queues, IReadOnlyDictionary<string, string?>? more = null) => HostedApp.StartAsync(MasterKey, time, new Dictionary<string, string?>(more ?? new Dictionary<string, string?>())
    {
        ["Storage:ConnectionString"] = _azurite.ConnectionString,
        ["Incidents:AckTokenSecret"] = OnDutyAppFixture.AckTokenSecret,
        ["Incidents:Leads:0"] = "lead@onduty.example",
        ["Incidents:OrganisationList"] = "pm-org@onduty.example",
        ["Team:SeedDemo"] = "true",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = _smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Teams:WebhookUrl"] = _teams.Url,
        ["LocalHost:DisableQueues"] = queues ? "false" : "true",
    });

    [Fact]
    public async Task NewIncident_RequestOnlyRecordsAndQueues_AConsumerStartedLaterPagesEachRecipientOnce()
    {
        var time = new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff.AddHours(2));
        string id;
        await using (var recorder = await StartHostAsync(time, queues: false))
        {
            using var response = await recorder.Client.PostAsJsonAsync("api/incidents", new { title = "Checkout down", severity = "sev1" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            // Answered without any provider: nothing sent, every page pending and on the page queue by id only.
            var pending = await OutboxAsync(recorder, "pending");
            var pages = pending.Where(m => m.GetProperty("topic").GetString() == $"incident:{id}:page").ToList();
            Assert.Equal(3, pages.Count); // two duty members and the Teams channel
            Assert.All(pages, m => Assert.Equal("page", m.GetProperty("priority").GetString()));
            Assert.DoesNotContain(_teams.Requests, r => r.Body.Contains(id, StringComparison.Ordinal));
            Assert.DoesNotContain(await _smtp.MessagesAsync(), m => m.Subject.Contains(id, StringComparison.Ordinal));

            var queue = new QueueClient(_azurite.ConnectionString, "outbox-pages", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            // One queue message for the step: its ids, one per line.
            var queued = (await queue.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).Where(m => m.StartsWith($"incident:{id}:", StringComparison.Ordinal)).ToList();
            Assert.Equal(pages.Select(m => m.GetProperty("id").GetString()).Order(StringComparer.Ordinal), OutboxSignal.Parse(Assert.Single(queued)).Order(StringComparer.Ordinal));
        }

        // A second instance on the same storage, listening: it sends what the queue holds, once per recipient.
        await using var sender = await StartHostAsync(time, queues: true);
        await sender.WaitForOutboxIdleAsync();
        var mails = (await _smtp.MessagesAsync()).Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mails.Count);
        Assert.Equal(2, mails.SelectMany(m => m.To).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Single(_teams.Requests, r => r.Body.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Page_TeamsFailsThenRecovers_EmailStillGoes_SweeperDeliversTheCardOnce_TimelineSaysWhoWasReached()
    {
        var time = new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff.AddHours(3));
        await using var app = await StartHostAsync(time, queues: true);
        await app.WaitForOutboxIdleAsync();
        var before = _teams.Requests.Count;
        _teams.Script(new ScriptedResponse(503));

        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title = "Search down", severity = "sev2" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitAsync(async () => (await _smtp.MessagesAsync()).Count(m => m.Subject.Contains(id, StringComparison.Ordinal)) >= 2);
        await app.WaitForOutboxIdleAsync(allowRetrying: true);
        Assert.Equal(1, _teams.Requests.Count - before);

        // The retry signal waits on the queue for its backoff; the sweeper takes it once the clock says it is due.
        await app.AdvanceAsync(TimeSpan.FromMinutes(3));
        await app.RunFunctionAsync("RetryOutbox");
        Assert.Equal(2, _teams.Requests.Count - before);
        Assert.Empty(await OutboxAsync(app, "pending"));

        var timeline = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray().ToList();
        var reached = timeline.Where(t => t.GetProperty("kind").GetString() == "delivered").SelectMany(t => t.GetProperty("recipients").EnumerateArray().Select(r => r.GetString())).ToList();
        Assert.Contains("teams", reached);
        Assert.Equal(3, reached.Count);
        Assert.Equal(2, (await _smtp.MessagesAsync()).Count(m => m.Subject.Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Page_TeamsRefusesTheCard_GivenUpVisiblyInTheOutboxAndOnHealth()
    {
        var time = new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff.AddHours(4));
        await using var app = await StartHostAsync(time, queues: true);
        await app.WaitForOutboxIdleAsync();
        var failedBefore = (await OutboxAsync(app, "failed")).Count;
        _teams.Script(new ScriptedResponse(400, Body: "card too large"));

        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title = "Login down", severity = "sev2" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitAsync(async () => (await OutboxAsync(app, "failed")).Count == failedBefore + 1);

        var failed = Assert.Single(await OutboxAsync(app, "failed"), m => m.GetProperty("id").GetString()!.StartsWith($"incident:{id}:", StringComparison.Ordinal));
        Assert.Equal($"incident:{id}:page:teams", failed.GetProperty("id").GetString());
        var health = await HealthAsync(app);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains("/api/outbox?status=failed", health.GetProperty("degraded").GetProperty("outbox").GetString());

        // The emails of this page finish before the host stops: a host stopped mid-send leaves its lease to run out on a
        // clock these tests never move, and the next test on this storage would find the message still pending.
        await app.WaitForOutboxIdleAsync(allowRetrying: true);
    }

    /// <summary>
    /// A page its provider refuses is retried, for hours if need be: health is degraded (<c>pages</c>) once it has waited five
    /// minutes, naming the last error, and clear again once it went out.
    /// </summary>
    [Fact]
    public async Task Page_CardRefusedAndNotRetriedForFiveMinutes_HealthNamesTheLatePageUntilItIsSent()
    {
        var time = new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff.AddHours(5));
        await using var app = await StartHostAsync(time, queues: true);
        await app.WaitForOutboxIdleAsync();
        var before = _teams.Requests.Count;
        _teams.Script(new ScriptedResponse(503));

        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title = "Payments down", severity = "sev2" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitAsync(() => _teams.Requests.Count - before == 1);
        await app.WaitForOutboxIdleAsync(allowRetrying: true);
        Assert.False((await HealthAsync(app)).TryGetProperty("degraded", out var early) && early.TryGetProperty("pages", out _));

        // Six minutes on the clock and the card's retry not run yet (its queue message waits 30 s of real time).
        await app.AdvanceAsync(TimeSpan.FromMinutes(6));
        var late = (await HealthAsync(app)).GetProperty("degraded").GetProperty("pages").GetString()!;
        Assert.Contains("not yet taken by a provider", late, StringComparison.Ordinal);
        Assert.Contains("503", late, StringComparison.Ordinal);
        Assert.Single(await OutboxAsync(app, "pending"), m => m.GetProperty("id").GetString() == $"incident:{id}:page:teams");

        await app.RunFunctionAsync("RetryOutbox");
        Assert.Equal(2, _teams.Requests.Count - before);
        Assert.False((await HealthAsync(app)).TryGetProperty("degraded", out var after) && after.TryGetProperty("pages", out _));
    }

    private static async Task<JsonElement> HealthAsync(HostedApp app)
    {
        using var response = await app.Client.GetAsync("api/health/details");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// The storm hold on (<c>Incidents__StormPages=3</c>): the first three incidents page at once, the next two are held (nothing
    /// queued for them), and the next escalation run tells both in one email per duty member and one card, which list only those two
    /// and name the three paged before them as still open (trial 51), without their links.
    /// </summary>
    [Fact]
    public async Task StormHold_FourthAndFifthFirstPagesHeld_TheNextEscalationRunTellsThemTogether()
    {
        var time = new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff.AddHours(7));
        await using var app = await StartHostAsync(time, queues: true, new Dictionary<string, string?> { ["Incidents:StormPages"] = "3" });
        await app.WaitForOutboxIdleAsync();
        var cardsBefore = _teams.Requests.Count;
        var ids = new List<string>();
        JsonElement first = default;
        for (var n = 0; n < 5; n++)
        {
            using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title = $"Held storm <{n}>", severity = "sev1" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            first = n == 0 ? created : first;
            ids.Add(created.GetProperty("id").GetString()!);
        }

        var duty = first.GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("email").GetString()!).Order(StringComparer.Ordinal).ToList();
        await app.WaitForOutboxIdleAsync();
        var mail = await _smtp.MessagesAsync();
        foreach (var id in ids[..3])
        {
            Assert.Equal(duty, mail.Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).SelectMany(m => m.To).Order(StringComparer.Ordinal));
        }

        Assert.DoesNotContain(mail, m => m.Subject.Contains(ids[3], StringComparison.Ordinal) || m.Subject.Contains(ids[4], StringComparison.Ordinal));
        Assert.Equal(3, _teams.Requests.Count - cardsBefore);

        await app.AdvanceAsync(TimeSpan.FromSeconds(30));
        await app.RunFunctionAsync("EscalateIncidents");
        await app.WaitForOutboxIdleAsync();
        var together = new List<string>();
        foreach (var m in (await _smtp.MessagesAsync()).Where(m => m.Subject.Contains("障害2件", StringComparison.Ordinal) || m.Subject.Contains(" 2 ", StringComparison.Ordinal)))
        {
            var html = await _smtp.HtmlAsync(m.Id);
            if (html.Contains(ids[3], StringComparison.Ordinal) && html.Contains(ids[4], StringComparison.Ordinal))
            {
                Assert.DoesNotContain($"/api/incidents/{ids[0]}/page", html);
                Assert.Contains($"{ids[2]} Held storm &lt;2&gt;", html); // named among the other open incidents, newest first
                Assert.Contains("Held storm &lt;4&gt;", html);
                together.AddRange(m.To);
            }
        }

        Assert.Equal(duty, together.Order(StringComparer.Ordinal));
        // (Other tests' incidents in this Azurite, hours older on this clock, escalate in the same run: their own card.)
        var card = Assert.Single(_teams.Requests.Skip(cardsBefore + 3).Select(r => r.Body), c => c.Contains(ids[3], StringComparison.Ordinal));
        Assert.Contains(ids[4], card);
        Assert.DoesNotContain($"/api/incidents/{ids[2]}/page", card);
        Assert.Contains($"{ids[2]} Held storm", card);
        foreach (var id in ids[3..])
        {
            var incident = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
            Assert.Equal(0, incident.GetProperty("escalationStep").GetInt32());
        }
    }

    private static async Task<List<JsonElement>> OutboxAsync(HostedApp app, string status) =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>($"api/outbox?status={status}")).GetProperty("items").EnumerateArray()];

    private static Task WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300 && !await condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await condition(), "condition not met within 30 s");
    }
}
