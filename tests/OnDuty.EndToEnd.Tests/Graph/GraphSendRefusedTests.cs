using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.Core.Notifications;

namespace OnDuty.EndToEnd.Tests.Graph;

/// <summary>
/// Graph refusing OnDuty's own mailbox or permission (403 from an application access policy that leaves the mailbox out) refuses
/// every page alike: the pages are not given up one by one but kept and retried, health names the setting, and once the
/// permission is fixed each page goes out once, by itself — nobody has to re-send anything.
/// </summary>
public sealed class GraphSendRefusedTests(GraphAppFixture app) : IClassFixture<GraphAppFixture>
{
    private const string Denied = "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.";

    [Fact]
    public async Task SendMailForbidden_PagesKeptAndRetried_HealthNamesIt_ThenEachGoesOutOnceWhenFixed()
    {
        app.Graph.RefuseSendMail(403, "ErrorAccessDenied", Denied);
        string id;
        try
        {
            using var declared = await app.Client.PostAsJsonAsync("api/incidents", new { title = "決済が止まった", severity = "sev2", by = "sato" });
            id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await app.WaitForOutboxIdleAsync(allowRetrying: true);

            var failed = await OutboxAsync("failed", id);
            Assert.Empty(failed);
            var pending = (await OutboxAsync("pending", id)).Where(m => m.GetProperty("channel").GetString() == "email").ToList();
            Assert.NotEmpty(pending);
            Assert.All(pending, m => Assert.StartsWith(
                SenderRefusal.Prefix + $"Graph refused sendMail from {GraphAppFixture.Mailbox} (403 ErrorAccessDenied: {Denied}): check that the app has the Mail.Send application permission",
                m.GetProperty("lastError").GetString(),
                StringComparison.Ordinal));

            var health = await app.Client.GetFromJsonAsync<JsonElement>("api/health/details");
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            Assert.Contains("includes Email__Graph__Mailbox", health.GetProperty("degraded").GetProperty(OutboxDispatcher.SenderWarning).GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(app.Graph.Mail, m => m.Subject.Contains(id, StringComparison.Ordinal));
        }
        finally
        {
            app.Graph.AcceptSendMail();
        }

        var recipients = (await OutboxAsync("pending", id)).Where(m => m.GetProperty("channel").GetString() == "email")
            .Select(m => m.GetProperty("recipient").GetString()!).Where(r => r.Contains('@', StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(recipients);
        await app.AdvanceAsync(TimeSpan.FromMinutes(10));
        await app.RunFunctionAsync("RetryOutbox");
        await app.WaitForOutboxIdleAsync();
        await app.RunFunctionAsync("RetryOutbox");
        await app.SettleAsync();

        Assert.Empty(await OutboxAsync("pending", id));
        Assert.Empty(await OutboxAsync("failed", id));
        var about = app.Graph.Mail.Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.All(recipients, r => Assert.Single(about, m => m.To.Contains(r)));
    }

    private async Task<List<JsonElement>> OutboxAsync(string status, string incidentId) =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>($"api/outbox?status={status}&max=1000")).GetProperty("items").EnumerateArray()
            .Where(m => m.GetProperty("id").GetString()!.Contains(incidentId, StringComparison.Ordinal))];
}
