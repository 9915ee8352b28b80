using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Notifications;

/// <summary>
/// Sending off the request path: an incident's page is recorded, its id put on the <c>outbox-pages</c> queue of
/// Azurite, and sent by the queue-triggered <c>SendOutboxPage</c> of whichever LocalHost listens; the retry timer
/// sweeps what failed. Own Azurite, SMTP server and Teams webhook, so no other host consumes these queues.
/// </summary>
public sealed class OutboxQueueTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-outbox-master-key";

    private AzuriteProcess _azurite = null!;
    private Smtp4devProcess _smtp = null!;
    private LoopbackWebhook _teams = null!;

    public async Task InitializeAsync()
    {
        var azurite = AzuriteProcess.StartAsync();
        var smtp = Smtp4devProcess.StartAsync();
        _teams = await LoopbackWebhook.StartAsync();
        _azurite = await azurite;
        _smtp = await smtp;
    }

    public async Task DisposeAsync() =>
        await Task.WhenAll(_teams.DisposeAsync().AsTask(), _smtp.DisposeAsync().AsTask(), _azurite.DisposeAsync().AsTask());

    private Task<HostedApp> StartHostAsync(FakeTimeProvider time, bool queues) => HostedApp.StartAsync(MasterKey, time, new Dictionary<string, string?>
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
            Assert.All(pages, m => Assert.Equal("Page", m.GetProperty("priority").GetString()));
            Assert.Empty(_teams.Requests);
            Assert.DoesNotContain(await _smtp.MessagesAsync(), m => m.Subject.Contains(id, StringComparison.Ordinal));

            var queue = new QueueClient(_azurite.ConnectionString, "outbox-pages", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            var queued = (await queue.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToList();
            Assert.Equal(pages.Select(m => m.GetProperty("id").GetString()).Order(StringComparer.Ordinal), queued.Order(StringComparer.Ordinal));
        }

        // A second instance on the same storage, listening: it sends what the queue holds, once per recipient.
        await using var sender = await StartHostAsync(time, queues: true);
        var mails = await _smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(30));
        await WaitAsync(() => _teams.Requests.Count >= 1);
        await Task.Delay(1000);
        mails = (await _smtp.MessagesAsync()).Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mails.Count);
        Assert.Equal(2, mails.SelectMany(m => m.To).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Single(_teams.Requests);
        Assert.Empty(await OutboxAsync(sender, "pending"));
    }

    [Fact]
    public async Task Page_TeamsFailsThenRecovers_EmailStillGoes_SweeperDeliversTheCardOnce_TimelineSaysWhoWasReached()
    {
        var time = new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff.AddHours(3));
        await using var app = await StartHostAsync(time, queues: true);
        _teams.Script(new ScriptedResponse(503));

        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title = "Search down", severity = "sev2" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitAsync(async () => (await _smtp.MessagesAsync()).Count(m => m.Subject.Contains(id, StringComparison.Ordinal)) >= 2);
        await WaitAsync(async () => (await OutboxAsync(app, "pending")).Any(m => m.GetProperty("attempts").GetInt32() == 1));
        Assert.Single(_teams.Requests);

        // The retry signal waits on the queue for its backoff; the sweeper takes it once the clock says it is due.
        time.Advance(TimeSpan.FromMinutes(3));
        await app.RunFunctionAsync("RetryOutbox");
        Assert.Equal(2, _teams.Requests.Count);
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
        Assert.Equal("healthy", (await HealthAsync(app)).GetProperty("status").GetString());
        _teams.Script(new ScriptedResponse(400, Body: "card too large"));

        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title = "Login down", severity = "sev2" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitAsync(async () => (await OutboxAsync(app, "failed")).Count == 1);

        var failed = Assert.Single(await OutboxAsync(app, "failed"));
        Assert.Equal($"incident:{id}:page:teams", failed.GetProperty("id").GetString());
        var health = await HealthAsync(app);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains("/api/outbox?status=failed", health.GetProperty("degraded").GetProperty("outbox").GetString());
    }

    private static async Task<JsonElement> HealthAsync(HostedApp app)
    {
        using var response = await app.Anonymous.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
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
