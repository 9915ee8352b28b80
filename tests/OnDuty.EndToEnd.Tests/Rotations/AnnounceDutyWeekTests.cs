using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.Core.Notifications;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Rotations;

/// <summary>
/// Each test announces a rotation of its own (own id, name and team list), and counts only what names it: the inbox,
/// the webhook and the outbox are shared by the collection, so no check here depends on what other tests sent.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AnnounceDutyWeekTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task AnnounceDutyWeek_RunRepeatedly_EachRecipientGetsOneEmailAndTheChannelOneCard()
    {
        var rotation = await NewRotationAsync();
        var week = await app.AdvanceToNextHandoffAsync();
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{rotation.Id}/oncall");
        Assert.Equal(week, onCall.GetProperty("week").GetString());
        var pair = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!).ToList();
        Assert.Equal(2, pair.Count);

        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.RunFunctionAsync("AnnounceDutyWeek");
        await Task.WhenAll(app.RunFunctionAsync("AnnounceDutyWeek"), app.RunFunctionAsync("AnnounceDutyWeek"));
        await app.SettleAsync();

        var all = (await app.Smtp.MessagesAsync()).Where(m => m.Subject.Contains(rotation.Tag, StringComparison.Ordinal)).ToList();
        // The demo's leave from a handoff Monday can keep one of the pair on the week for its morning (session 62): the others on it
        // and the leads are then asked to cover it, once each however often the announcement runs.
        var coverNeeded = all.Where(m => m.Subject.Contains("代わりが必要", StringComparison.Ordinal) || m.Subject.Contains("cover needed", StringComparison.Ordinal)).ToList();
        Assert.Equal(coverNeeded.SelectMany(m => m.To).Distinct().Count(), coverNeeded.SelectMany(m => m.To).Count());
        var mails = all.Except(coverNeeded).ToList();
        Assert.Equal(pair.Append(rotation.TeamList).Order(), mails.SelectMany(m => m.To).Order());
        // Japanese readers name the week by its first day, English ones by its ISO label.
        Assert.All(mails, m => Assert.True(m.Subject.Contains(WeekText.Japanese(week), StringComparison.Ordinal) || m.Subject.Contains($"] {WeekText.English(week)}: ", StringComparison.Ordinal), m.Subject));
        Assert.StartsWith($"【告知 {rotation.Tag}】{WeekText.Japanese(week)} ", mails.Single(m => m.To.Contains(rotation.TeamList)).Subject);
        Assert.Single(Cards(rotation), c => c.StartsWith($"【告知 {rotation.Tag}】{WeekText.Japanese(week)}", StringComparison.Ordinal));
        Assert.Empty(await OutboxAsync("failed", rotation));
        Assert.Empty(await OutboxAsync("pending", rotation));
    }

    [Fact]
    public async Task AnnounceDutyWeek_WebhookFailsOnce_CardIsRetriedFromTheOutbox()
    {
        var rotation = await NewRotationAsync();
        var week = await app.AdvanceToNextHandoffAsync();
        app.Teams.ScriptWhen(body => body.Contains(rotation.Tag, StringComparison.Ordinal), new ScriptedResponse(503, RetryAfterSeconds: 45, Body: "busy"));

        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.SettleAsync();

        Assert.Single(Cards(rotation));
        var waiting = Assert.Single(await OutboxAsync("pending", rotation));
        Assert.Equal("teams", waiting.GetProperty("channel").GetString());
        Assert.Equal(1, waiting.GetProperty("attempts").GetInt32());
        Assert.Contains("503", waiting.GetProperty("lastError").GetString());

        // Not before Retry-After (45 s) has passed.
        await app.AdvanceAsync(TimeSpan.FromSeconds(40));
        await app.RunFunctionAsync("RetryOutbox");
        await app.SettleAsync();
        Assert.Single(Cards(rotation));

        await app.AdvanceAsync(TimeSpan.FromSeconds(10));
        await app.RunFunctionAsync("RetryOutbox");
        await app.RunFunctionAsync("RetryOutbox");
        await app.SettleAsync();

        var cards = Cards(rotation);
        Assert.Equal(2, cards.Count); // the refused post and its one retry
        Assert.All(cards, c => Assert.StartsWith($"【告知 {rotation.Tag}】{WeekText.Japanese(week)}", c));
        Assert.Empty(await OutboxAsync("pending", rotation));
    }

    /// <summary>
    /// The workflow behind the webhook is gone (404): the card is not given up but kept, saying so, and goes out once by itself when
    /// the webhook takes cards again (the URL replaced).
    /// </summary>
    [Fact]
    public async Task AnnounceDutyWeek_WorkflowGone_CardKeptSayingSo_ThenSentOnceWhenTheWebhookTakesItAgain()
    {
        var rotation = await NewRotationAsync();
        await app.AdvanceToNextHandoffAsync();
        app.Teams.ScriptWhen(body => body.Contains(rotation.Tag, StringComparison.Ordinal), new ScriptedResponse(404, Body: "WorkflowNotFound"));

        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.SettleAsync();

        Assert.Empty(await OutboxAsync("failed", rotation));
        var waiting = Assert.Single(await OutboxAsync("pending", rotation));
        Assert.Equal("teams", waiting.GetProperty("channel").GetString());
        Assert.Equal(TeamsWorkflowGone.Prefix + "Teams webhook answered 404 Not Found: WorkflowNotFound", waiting.GetProperty("lastError").GetString());

        await app.AdvanceAsync(TimeSpan.FromMinutes(15));
        await app.RunFunctionAsync("RetryOutbox");
        await app.RunFunctionAsync("RetryOutbox");
        await app.SettleAsync();

        Assert.Equal(2, Cards(rotation).Count); // the refused post and its one retry
        Assert.Empty(await OutboxAsync("pending", rotation));
        Assert.Empty(await OutboxAsync("failed", rotation));
    }

    [Fact]
    public async Task AnnounceDutyWeek_WebhookRefusesTheCard_MessageIsGivenUpVisibly()
    {
        var rotation = await NewRotationAsync();
        await app.AdvanceToNextHandoffAsync();
        app.Teams.ScriptWhen(body => body.Contains(rotation.Tag, StringComparison.Ordinal), new ScriptedResponse(400, Body: "bad card"));

        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.SettleAsync();

        var item = Assert.Single(await OutboxAsync("failed", rotation));
        Assert.Equal("teams", item.GetProperty("channel").GetString());
        Assert.EndsWith(":teams", item.GetProperty("id").GetString());
        Assert.Equal("failed", item.GetProperty("status").GetString());
        Assert.Contains("400", item.GetProperty("lastError").GetString());
        Assert.Contains("bad card", item.GetProperty("lastError").GetString());
        Assert.Single(Cards(rotation));
    }

    /// <summary>A rotation like the demo one (same members and handoff), under an id, name and team list no other test uses.</summary>
    private async Task<(string Id, string Tag, string TeamList)> NewRotationAsync()
    {
        var tag = Guid.NewGuid().ToString("n")[..10];
        var id = "announce-" + tag;
        var teamList = $"team-{tag}@onduty.example";
        using var put = await app.Client.PutAsync($"api/rotations/{id}", new StringContent(
            $$"""{"name":"Announce {{tag}}","nameJa":"告知 {{tag}}","startDate":"2026-01-05","members":["yamada","suzuki","sato","emma","takahashi","tanaka","liam","ito"],"handoffTime":"10:00","timeZone":"Asia/Tokyo","notifyEmails":["{{teamList}}"]}""",
            Encoding.UTF8,
            "application/json"));
        Assert.True(put.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        return (id, tag, teamList);
    }

    private async Task<List<JsonElement>> OutboxAsync(string status, (string Id, string Tag, string TeamList) rotation)
    {
        var listed = await app.Client.GetFromJsonAsync<JsonElement>($"api/outbox?status={status}&max=1000");
        return listed.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("topic").GetString()!.StartsWith($"duty:{rotation.Id}:", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Fallback texts of the cards posted about this rotation, every post counted (a retried card twice).</summary>
    private List<string> Cards((string Id, string Tag, string TeamList) rotation) =>
        app.Teams.Requests
            .Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(p => p.GetProperty("type").GetString() == "message")
            .Select(p => p.GetProperty("attachments")[0])
            .Where(a => a.GetProperty("contentType").GetString() == "application/vnd.microsoft.card.adaptive")
            .Select(a => a.GetProperty("content").GetProperty("fallbackText").GetString()!)
            .Where(t => t.Contains(rotation.Tag, StringComparison.Ordinal))
            .ToList();
}
