using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Rotations;

[Collection(OnDutyAppCollection.Name)]
public sealed class AnnounceDutyWeekTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task AnnounceDutyWeek_RunRepeatedly_EachRecipientGetsOneEmailAndTheChannelOneCard()
    {
        var week = app.AdvanceToNextHandoff();
        var before = app.Teams.Requests.Count;
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        Assert.Equal(week, onCall.GetProperty("week").GetString());
        var pair = onCall.GetProperty("members").EnumerateArray().Select(m => (Email: m.GetProperty("email").GetString()!, Name: m.GetProperty("displayName").GetString()!)).ToList();
        Assert.Equal(2, pair.Count);

        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.RunFunctionAsync("AnnounceDutyWeek");
        await Task.WhenAll(app.RunFunctionAsync("AnnounceDutyWeek"), app.RunFunctionAsync("AnnounceDutyWeek"));
        await app.WaitForOutboxIdleAsync();

        var mails = (await app.Smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10))).Where(m => m.Subject.Contains(week)).ToList();
        var incident = mails.Where(m => m.Subject.Contains("障害当番") || m.Subject.Contains("Incident duty")).ToList();
        Assert.Equal(
            pair.Select(p => p.Email).Append("pm-team@onduty.example").Order(),
            incident.SelectMany(m => m.To).Order());
        Assert.All(mails.GroupBy(m => string.Join(",", m.To) + "|" + m.Subject), g => Assert.Single(g));
        var japanese = incident.Single(m => m.To.Contains("pm-team@onduty.example"));
        Assert.StartsWith($"【障害当番】{week} ", japanese.Subject);

        var cards = CardsSince(before);
        Assert.Single(cards, c => c.StartsWith($"【障害当番】{week}", StringComparison.Ordinal));
        Assert.Equal(cards.Count, cards.Distinct().Count()); // every rotation due posts once

        var outbox = await app.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=failed");
        Assert.Empty(outbox.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AnnounceDutyWeek_WebhookFailsOnce_CardIsRetriedFromTheOutbox()
    {
        var week = app.AdvanceToNextHandoff();
        var before = app.Teams.Requests.Count;
        app.Teams.Script(new ScriptedResponse(503, RetryAfterSeconds: 45, Body: "busy"));

        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.WaitForOutboxIdleAsync(allowRetrying: true);

        var posted = app.Teams.Requests.Count - before;
        Assert.True(posted >= 1);
        var pending = await app.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=pending");
        var waiting = Assert.Single(pending.GetProperty("items").EnumerateArray(), i => i.GetProperty("channel").GetString() == "teams");
        var waitingId = waiting.GetProperty("id").GetString();
        Assert.Equal(1, waiting.GetProperty("attempts").GetInt32());
        Assert.Contains("503", waiting.GetProperty("lastError").GetString());

        // Not before Retry-After (45 s) has passed.
        app.Time.Advance(TimeSpan.FromSeconds(40));
        await app.RunFunctionAsync("RetryOutbox");
        Assert.Equal(posted, app.Teams.Requests.Count - before);

        app.Time.Advance(TimeSpan.FromSeconds(10));
        await app.RunFunctionAsync("RetryOutbox");
        await app.RunFunctionAsync("RetryOutbox");
        await app.WaitForOutboxIdleAsync(allowRetrying: true);

        var cards = CardsSince(before);
        Assert.Equal(posted + 1, cards.Count);
        Assert.Equal(cards.Count - 1, cards.Distinct().Count()); // exactly one card was posted twice: the refused one
        Assert.Contains(cards, c => c.StartsWith($"【障害当番】{week}", StringComparison.Ordinal));
        pending = await app.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=pending");
        Assert.DoesNotContain(pending.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == waitingId);
    }

    [Fact]
    public async Task AnnounceDutyWeek_WebhookRefusesTheCard_MessageIsGivenUpVisibly()
    {
        app.AdvanceToNextHandoff();
        app.Teams.Script(new ScriptedResponse(400, Body: "bad card"));

        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.WaitForOutboxIdleAsync(allowRetrying: true);

        var failed = await app.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=failed");
        var item = Assert.Single(failed.GetProperty("items").EnumerateArray(), i => i.GetProperty("lastError").GetString()!.Contains("bad card", StringComparison.Ordinal));
        Assert.Equal("teams", item.GetProperty("channel").GetString());
        Assert.EndsWith(":teams", item.GetProperty("id").GetString());
        Assert.Equal("failed", item.GetProperty("status").GetString());
        Assert.Contains("400", item.GetProperty("lastError").GetString());
    }

    private List<string> CardsSince(int before) =>
        app.Teams.Requests.Skip(before)
            .Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(p => p.GetProperty("type").GetString() == "message")
            .Select(p => p.GetProperty("attachments")[0])
            .Where(a => a.GetProperty("contentType").GetString() == "application/vnd.microsoft.card.adaptive")
            .Select(a => a.GetProperty("content").GetProperty("fallbackText").GetString()!)
            .ToList();
}
