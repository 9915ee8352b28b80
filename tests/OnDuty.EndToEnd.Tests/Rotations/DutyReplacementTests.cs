using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Rotations;

/// <summary>
/// A sick PM replaced in the current, announced week, through the whole app (LocalHost + Azurite + smtp4dev + a loopback
/// Teams webhook): the change applies at once, each person concerned and the channel are told once, and the next
/// incident pages the new pair. Its own app, because it changes the current week that other tests read.
/// </summary>
public sealed class DutyReplacementTests(OnDutyAppFixture app) : IClassFixture<OnDutyAppFixture>
{
    /// <summary>The demo rotation's team list: it heard of the week, so it hears of each change to it.</summary>
    private const string TeamList = "pm-team@onduty.example";

    private readonly OnDutyAppFixture _app = app;

    [Fact]
    public async Task Override_CurrentAnnouncedWeek_AppliesAtOnceToldOnceEachAndTheNextIncidentPagesTheNewPair()
    {
        var week = await _app.AdvanceToNextHandoffAsync();
        await _app.RunFunctionAsync("AnnounceDutyWeek");

        // Sending runs off queues: the announcement's mails and card must all be out before the inbox is emptied. (The demo's
        // leave from a handoff Monday may ask this week's pair to cover its morning at the announcement, session 62: not counted.)
        await _app.SettleAsync();
        await _app.Smtp.DeleteAllAsync();
        var pair = await PairAsync();
        var members = await _app.Client.GetFromJsonAsync<JsonElement>("api/members");
        var replacement = members.GetProperty("items").EnumerateArray()
            .First(m => m.GetProperty("active").GetBoolean() && !pair.Contains(m.GetProperty("email").GetString()!));
        var replacementEmail = replacement.GetProperty("email").GetString()!;
        var sickId = (await _app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members")[0].GetProperty("id").GetString()!;
        var sickEmail = (await _app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members")[0].GetProperty("email").GetString()!;

        // Falling sick, entered as leave first: it cannot change the announced week, and the answer says so (201, a warning).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);
        using var leave = await _app.Client.PostAsJsonAsync($"api/members/{sickId}/leave", new { from = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), to = today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), note = "発熱" });
        var leaveBody = await leave.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(leave.StatusCode == HttpStatusCode.Created, leaveBody.ToString());
        Assert.Equal(sickId, leaveBody.GetProperty("memberId").GetString());
        Assert.Contains(leaveBody.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith($"'{sickId}' is on duty in {week} of incident-duty, which was announced", StringComparison.Ordinal));
        Assert.Contains(sickId, (await _app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        // Her partner and the lead hear of it by mail, she does not (session 51: nobody was told); once each.
        var partner = pair.Single(e => !string.Equals(e, sickEmail, StringComparison.OrdinalIgnoreCase));
        await _app.SettleAsync();
        static bool CoverNeeded(OnDuty.Testing.ReceivedEmail m) => m.Subject.StartsWith("【障害当番 代わりが必要】", StringComparison.Ordinal) || m.Subject.StartsWith("[Incident duty cover needed]", StringComparison.Ordinal);
        var told = (await _app.Smtp.WaitForAtLeastAsync(2, TimeSpan.FromSeconds(10))).Where(CoverNeeded).ToList();
        Assert.Equal(new[] { partner, "lead@onduty.example" }.Order(StringComparer.OrdinalIgnoreCase), told.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(told, m => Assert.True(WeekText.Names(m.Subject, week), m.Subject));

        await _app.Smtp.DeleteAllAsync();
        var cardsBefore = _app.Teams.Requests.Count;

        using var response = await _app.Client.PostAsJsonAsync("api/rotations/incident-duty/overrides", new { week, memberId = sickId, replacementId = replacement.GetProperty("id").GetString(), reason = "体調不良" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.True(body.GetProperty("appliesNow").GetBoolean());

        var newPair = await PairAsync();
        Assert.Contains(replacementEmail, newPair);
        Assert.DoesNotContain(sickEmail, newPair);

        // The replacement, now in the announced pair, also gets the week's handoff brief (once, in their language) at once,
        // with the change: which incidents are open is what someone taking over mid-week needs first.
        await _app.SettleAsync();
        var briefs = await _app.Smtp.WaitForAtLeastAsync(4, TimeSpan.FromSeconds(10));
        Assert.Contains(briefs, m => m.To.Contains(replacementEmail, StringComparer.OrdinalIgnoreCase)
            && (m.Subject.StartsWith("【引き継ぎ】", StringComparison.Ordinal) || m.Subject.StartsWith("[Handoff brief]", StringComparison.Ordinal)));

        // Announcing again (the timer's next runs) adds nothing.
        await _app.RunFunctionAsync("AnnounceDutyWeek");
        await _app.RunFunctionAsync("RetryOutbox");
        await _app.SettleAsync();
        var all = await _app.Smtp.WaitForAtLeastAsync(3, TimeSpan.FromSeconds(10));
        static bool Brief(OnDuty.Testing.ReceivedEmail m) => m.Subject.StartsWith("【引き継ぎ】", StringComparison.Ordinal) || m.Subject.StartsWith("[Handoff brief]", StringComparison.Ordinal);
        Assert.Equal([replacementEmail], all.Where(Brief).SelectMany(m => m.To));
        var mails = all.Where(m => !Brief(m)).ToList();
        // The sick member's partner too, personally (trial day 28, L15), not only through the team list.
        Assert.Equal(new[] { sickEmail, replacementEmail, partner, TeamList }.Order(StringComparer.OrdinalIgnoreCase), mails.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(mails, m => Assert.True(WeekText.Names(m.Subject, week), m.Subject));
        var cards = _app.Teams.Requests.Skip(cardsBefore).Select(r => r.Body).ToList();
        Assert.Single(cards);
        Assert.True(WeekText.Names(cards[0], week), cards[0]);

        // The next incident pages the new pair, not the member who was replaced.
        await _app.Smtp.DeleteAllAsync();
        using var created = await _app.Client.PostAsJsonAsync("api/incidents", new { title = "Checkout down", severity = "sev2", by = "test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await _app.RunFunctionAsync("RetryOutbox");
        await _app.SettleAsync();
        var pages = await _app.Smtp.WaitForAtLeastAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(newPair.Order(StringComparer.OrdinalIgnoreCase), pages.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DeleteOverride_ChangeToAnnouncedWeek_ListedThenUndoneToldOnceEachAndTheNextIncidentPagesTheAnnouncedPair()
    {
        var week = await _app.AdvanceToNextHandoffAsync();
        await _app.RunFunctionAsync("AnnounceDutyWeek");
        await _app.SettleAsync();
        var announced = await PairAsync();
        var onCall = await _app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var sickId = onCall.GetProperty("members")[0].GetProperty("id").GetString()!;
        var sickEmail = onCall.GetProperty("members")[0].GetProperty("email").GetString()!;
        var members = await _app.Client.GetFromJsonAsync<JsonElement>("api/members");
        var replacement = members.GetProperty("items").EnumerateArray()
            .First(m => m.GetProperty("active").GetBoolean() && !announced.Contains(m.GetProperty("email").GetString()!));
        var replacementEmail = replacement.GetProperty("email").GetString()!;
        using var added = await _app.Client.PostAsJsonAsync("api/rotations/incident-duty/overrides", new { week, memberId = sickId, replacementId = replacement.GetProperty("id").GetString(), reason = "体調不良" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var changeId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Listed with the rest, saying it changed an announced week, who, why and when.
        var listed = (await _app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/overrides")).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == changeId);
        Assert.True(listed.GetProperty("announcedWeek").GetBoolean());
        Assert.Equal(week, listed.GetProperty("week").GetString());
        Assert.Equal((sickId, "体調不良"), (listed.GetProperty("memberId").GetString(), listed.GetProperty("reason").GetString()));
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("createdAt").ValueKind);
        await _app.SettleAsync();
        await _app.Smtp.DeleteAllAsync();
        var cardsBefore = _app.Teams.Requests.Count;

        using var deleted = await _app.Client.DeleteAsync($"api/rotations/incident-duty/overrides/{changeId}?reason={Uri.EscapeDataString("回復した")}");
        var body = await deleted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(deleted.StatusCode == HttpStatusCode.OK, body.ToString());
        var undoId = body.GetProperty("undone")[0].GetProperty("id").GetString()!;
        Assert.NotEqual(changeId, undoId);
        Assert.Equal(announced.Order(StringComparer.OrdinalIgnoreCase), (await PairAsync()).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        var after = (await _app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/overrides")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(undoId, after.Single(i => i.GetProperty("id").GetString() == changeId).GetProperty("undoneBy").GetString());
        var undoneAt = TimeZoneInfo.ConvertTime(_app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        using var again = await _app.Client.DeleteAsync($"api/rotations/incident-duty/overrides/{changeId}");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("overrideId", await again.Content.ReadAsStringAsync());

        // Session 58: the 400 says when it was taken back in the team's zone with its name, in English (no language asked) as in
        // Japanese — it said 「2026-12-07 01:30:00Z」 in UTC before.
        foreach (var (lang, said) in new[]
        {
            ("", $"This change was already taken back on {undoneAt.ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture)} (JST). Make a new change instead."),
            ("?lang=ja", $"この変更は{undoneAt.Month}月{undoneAt.Day}日({"日月火水木金土"[(int)undoneAt.DayOfWeek]}) {undoneAt:HH:mm}（JST）にすでに取り消されています。新しく変更してください。"),
        })
        {
            using var refused = await _app.Client.DeleteAsync($"api/rotations/incident-duty/overrides/{changeId}{lang}");
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, problem.ToString());
            Assert.Equal("dutyTakenBack", problem.GetProperty("code").GetString());
            Assert.Equal(said, problem.GetProperty("errors").GetProperty("overrideId")[0].GetString());
            Assert.Equal($"overrideId: {said}", problem.GetProperty("detail").GetString());
        }

        // Announced like the change was: the returning and the leaving member, the team list and the channel, once each, the week in the subject.
        await _app.RunFunctionAsync("AnnounceDutyWeek");
        await _app.RunFunctionAsync("RetryOutbox");
        await _app.SettleAsync();
        var all = await _app.Smtp.WaitForAtLeastAsync(2, TimeSpan.FromSeconds(10));
        var mails = all.Where(m => !m.Subject.StartsWith("【引き継ぎ】", StringComparison.Ordinal) && !m.Subject.StartsWith("[Handoff brief]", StringComparison.Ordinal)).ToList();
        var partner = announced.Single(e => !string.Equals(e, sickEmail, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(new[] { sickEmail, replacementEmail, partner, TeamList }.Order(StringComparer.OrdinalIgnoreCase), mails.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(mails, m => Assert.True(WeekText.Names(m.Subject, week), m.Subject));
        var cards = _app.Teams.Requests.Skip(cardsBefore).Select(r => r.Body).ToList();
        Assert.True(WeekText.Names(Assert.Single(cards), week));

        // The next incident pages the announced pair again.
        await _app.Smtp.DeleteAllAsync();
        using var created = await _app.Client.PostAsJsonAsync("api/incidents", new { title = "Login slow", severity = "sev2", by = "test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await _app.RunFunctionAsync("RetryOutbox");
        await _app.SettleAsync();
        var pages = await _app.Smtp.WaitForAtLeastAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(announced.Order(StringComparer.OrdinalIgnoreCase), pages.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Taking back the whole-week change that made a cover unneeded brings the cover back: the answer's warnings name it, and
    /// its replacement (told 「不要」 with the change) is told once that they are on duty then after all.
    /// </summary>
    [Fact]
    public async Task DeleteOverride_ChangeThatCancelledACover_AnswerWarnsAndTheCoversReplacementToldItAppliesAgain()
    {
        var week = await _app.AdvanceToNextHandoffAsync();
        await _app.RunFunctionAsync("AnnounceDutyWeek");
        await _app.SettleAsync();
        var pair = (await _app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var others = (await _app.Client.GetFromJsonAsync<JsonElement>("api/members")).GetProperty("items").EnumerateArray()
            .Where(m => m.GetProperty("active").GetBoolean() && !pair.Contains(m.GetProperty("id").GetString()!))
            .Select(m => (Id: m.GetProperty("id").GetString()!, Email: m.GetProperty("email").GetString()!)).ToList();
        var (covered, coverer, weekly) = (pair[0], others[0], others[1]);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var from = new DateTimeOffset(TimeZoneInfo.ConvertTime(_app.Time.GetUtcNow(), tokyo).Date.AddDays(2).AddHours(19), TimeSpan.FromHours(9));
        using var covering = await _app.Client.PostAsJsonAsync("api/rotations/incident-duty/overrides", new
        {
            memberId = covered, replacementId = coverer.Id, reason = "通院", from = from.ToString("o", System.Globalization.CultureInfo.InvariantCulture), to = from.AddHours(4).ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        });
        var coverBody = await covering.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(covering.StatusCode == HttpStatusCode.Created, coverBody.ToString());
        var coverId = coverBody.GetProperty("id").GetString()!;
        using var added = await _app.Client.PostAsJsonAsync("api/rotations/incident-duty/overrides", new { week, memberId = covered, replacementId = weekly.Id, reason = "入院" });
        var addedBody = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(added.StatusCode == HttpStatusCode.Created, addedBody.ToString());
        Assert.Contains(addedBody.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith($"cover {coverId} ", StringComparison.Ordinal) && w.GetString()!.Contains("no longer applies", StringComparison.Ordinal));
        await _app.RunFunctionAsync("RetryOutbox");
        await _app.SettleAsync();
        await _app.Smtp.DeleteAllAsync();

        using var deleted = await _app.Client.DeleteAsync($"api/rotations/incident-duty/overrides/{addedBody.GetProperty("id").GetString()}?reason={Uri.EscapeDataString("退院した")}");
        var body = await deleted.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(deleted.StatusCode == HttpStatusCode.OK, body.ToString());
        var warning = Assert.Single(body.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith($"cover {coverId} ", StringComparison.Ordinal)).GetString()!;
        Assert.Contains($"applies again: '{coverer.Id}' is on duty then in '{covered}'s place in {week}; '{coverer.Id}' is told", warning, StringComparison.Ordinal);
        await _app.RunFunctionAsync("AnnounceDutyWeek");
        await _app.RunFunctionAsync("RetryOutbox");
        await _app.SettleAsync();
        await _app.Smtp.WaitForAtLeastAsync(3, TimeSpan.FromSeconds(10));
        var toCoverer = (await _app.Smtp.MessagesAsync()).Where(m => m.To.Contains(coverer.Email, StringComparer.OrdinalIgnoreCase)).ToList();
        var told = Assert.Single(toCoverer);
        Assert.True(told.Subject.StartsWith("【障害当番 一時交代の再開】", StringComparison.Ordinal) || told.Subject.Contains("cover back on]", StringComparison.Ordinal), told.Subject);
        Assert.True(WeekText.Names(told.Subject, week), told.Subject);
        var shift = (await _app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?weeks=1")).GetProperty("shifts")[0];
        var cover = shift.GetProperty("covers").EnumerateArray().Single(c => c.GetProperty("id").GetString() == coverId);
        Assert.True(cover.GetProperty("applies").GetBoolean());
    }

    [Fact]
    public async Task Health_NobodyOnDuty_DegradedButStill200WithTheReason()
    {
        // A start moved ahead would take the running pair off duty, which the API refuses (409): the stored rotation is rewritten
        // directly, as one that has not started yet (a Monday within the year a start may be ahead).
        var repository = _app.App.Services.GetRequiredService<OnDuty.Core.Rotations.IRotationRepository>();
        var original = (await repository.GetAsync("incident-duty", default))!.Value;
        await repository.SaveAsync(original with { StartDate = new DateOnly(2027, 6, 7) }, "*", default);
        try
        {
            using var response = await _app.Client.GetAsync("api/health/details");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("degraded", body.GetProperty("status").GetString());
            Assert.Contains("nobody is on duty", body.GetProperty("checks").GetProperty("duty").GetString());
        }
        finally
        {
            await repository.SaveAsync(original, "*", default);
        }

        using var healthy = await _app.Anonymous.GetAsync("api/health");
        Assert.Equal("healthy", (await healthy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    /// <summary>
    /// Trial 30 H1: the handoff moved mid-week through the API is refused with 409 problem details naming the field and who is on
    /// duty now; the rotation stays as it was, and so does the pair paged.
    /// </summary>
    [Fact]
    public async Task PutRotation_HandoffMovedMidWeek_Is409NamingThePairOnDuty_AndNothingChanges()
    {
        var pair = await PairAsync();
        using var read = await _app.Client.GetAsync("api/rotations/incident-duty");
        var original = await read.Content.ReadAsStringAsync();
        var moved = System.Text.Json.Nodes.JsonNode.Parse(original)!;
        moved["handoffTime"] = "19:04";
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/rotations/incident-duty") { Content = new StringContent(moved.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var reason = problem.GetProperty("errors").GetProperty("handoffTime")[0].GetString()!;
        Assert.Contains("On duty now: ", reason, StringComparison.Ordinal);
        Assert.Equal(original, await _app.Client.GetStringAsync("api/rotations/incident-duty"));
        Assert.Equal(pair, await PairAsync());
    }

    private async Task<List<string>> PairAsync()
    {
        var onCall = await _app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        return [.. onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!)];
    }
}
