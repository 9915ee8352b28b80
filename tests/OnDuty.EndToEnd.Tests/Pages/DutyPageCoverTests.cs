using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// "Cover me tonight 19:00–23:00" made on the duty page, through the real host on Azurite and smtp4dev with the fake clock:
/// a bad range is refused next to its field with what was typed kept; the cover is told once each with its range; an
/// incident during the range pages the replacement and not the covered member; one after it pages the member again. Its
/// own app, because it changes the current week that other tests read.
/// </summary>
public sealed class DutyPageCoverTests(OnDutyAppFixture app) : IClassFixture<OnDutyAppFixture>
{
    private const string Page = "api/status/duty?lang=ja";
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public async Task Replace_WithFromAndUntilTonight_CoverToldWithItsRange_PagesTheReplacementInsideIt_AndTheMemberAfterIt()
    {
        var week = await app.AdvanceToNextHandoffAsync();
        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.SettleAsync();
        var announced = await OnCallAsync();
        var (memberId, memberEmail) = announced[0];
        var (replacementId, replacementEmail) = (await ActiveMembersAsync()).First(m => announced.All(a => a.Id != m.Id));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), Tokyo).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await app.Smtp.DeleteAllAsync();
        bool ThisWeek(JsonElement o) => o.GetProperty("week").GetString() == week;

        using var browser = new PageBrowser(app.BaseAddress);
        var (_, html) = await browser.GetAsync(Page);
        Assert.Contains("id=\"replace-from\"", FormOf(html, "form-replace"));

        // Until before from: said next to 終了 in Japanese, what was typed kept, nothing stored.
        var (refused, again) = await browser.SubmitAsync(html, "/api/status/duty/replace", new Dictionary<string, string>
        {
            ["by"] = "佐藤 花子", ["week"] = week, ["memberId"] = memberId, ["replacementId"] = replacementId, ["reason"] = "通院のため",
            ["from"] = $"{today}T23:00", ["to"] = $"{today}T19:00",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Matches("<p class=\"err\" id=\"replace-to-err\">終了は開始の[0-9]+月[0-9]+日\\(.\\) 23:00（JST）より後にしてください。</p>", again);
        var form = FormOf(again, "form-replace");
        Assert.Contains($"value=\"{today}T23:00\"", form);
        Assert.Contains($"value=\"{today}T19:00\"", form);
        Assert.DoesNotContain(await OverridesAsync(), ThisWeek);

        var (covered, _) = await browser.SubmitAsync(again, "/api/status/duty/replace", new Dictionary<string, string>
        {
            ["by"] = "佐藤 花子", ["week"] = week, ["memberId"] = memberId, ["replacementId"] = replacementId, ["reason"] = "通院のため",
            ["from"] = $"{today}T19:00", ["to"] = $"{today}T23:00",
        });
        Assert.Equal(HttpStatusCode.SeeOther, covered.StatusCode);

        // Stored with its range (local times read in the rotation's zone); the pair is unchanged, and so is on-call before 19:00.
        var cover = Assert.Single(await OverridesAsync(), ThisWeek);
        var from = new DateTimeOffset(DateTime.ParseExact($"{today}T19:00", "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), TimeSpan.FromHours(9));
        Assert.Equal(from, cover.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(from.AddHours(4), cover.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(announced.Select(m => m.Id), (await OnCallAsync()).Select(m => m.Id));

        // Told once each (the member, the replacement, the member's partner, the team list) with the range; the page lists the cover.
        await app.RunFunctionAsync("RetryOutbox");
        await app.SettleAsync();
        var told = (await app.Smtp.MessagesAsync()).Where(m => m.Subject.Contains("一時交代", StringComparison.Ordinal) || m.Subject.Contains(" cover]", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            new[] { memberEmail, replacementEmail, announced[1].Email, "pm-team@onduty.example" }.Order(StringComparer.OrdinalIgnoreCase),
            told.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(told, m => Assert.Matches("19:00(〜| – )23:00", m.Subject));
        var (_, page) = await browser.GetAsync(covered.Headers.Location!.OriginalString);
        Assert.Matches("<li class=\"cover\">[^<]*19:00〜23:00 は[^<]*さんが[^<]*さんの代わり · 理由：通院のため · 変更者：佐藤 花子</li>", page);

        // 19:30: on call and the next incident's page go to the replacement, not the covered member.
        await app.AdvanceAsync(from.AddMinutes(30) - app.Time.GetUtcNow());
        Assert.Contains(await OnCallAsync(), m => m.Id == replacementId);
        await app.Smtp.DeleteAllAsync();
        var during = await OpenIncidentAsync("決済が失敗する");
        var pagedDuring = (await app.Smtp.WaitForAboutAsync(during, 2)).SelectMany(m => m.To).ToList();
        Assert.Contains(replacementEmail, pagedDuring, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(memberEmail, pagedDuring, StringComparer.OrdinalIgnoreCase);

        // 23:30: the cover is over; the next incident pages the member again.
        await app.AdvanceAsync(from.AddHours(4.5) - app.Time.GetUtcNow());
        Assert.Equal(announced.Select(m => m.Id), (await OnCallAsync()).Select(m => m.Id));
        await app.Smtp.DeleteAllAsync();
        var after = await OpenIncidentAsync("ログインできない");
        var pagedAfter = (await app.Smtp.WaitForAboutAsync(after, 2)).SelectMany(m => m.To).ToList();
        Assert.Contains(memberEmail, pagedAfter, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(replacementEmail, pagedAfter, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Session 51 reader pass: a sick PM replaced from the next hour to the end of the shift (the lead's 代わりを立てる with 開始 and
    /// 終了). The mails said 「終了後は…さんに戻ります」 — nothing goes back to her that week. They say pages stay with the
    /// replacement until the shift's end; a page the next evening at 23:00 reaches the replacement and the partner, not her.
    /// </summary>
    [Fact]
    public async Task Replace_FromNextHourToTheShiftsEnd_MailsSayPagesStayWithTheReplacement_NextEveningsPageSkipsTheMember()
    {
        var week = await app.AdvanceToNextHandoffAsync();
        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.SettleAsync();
        var announced = await OnCallAsync();
        var (memberId, memberEmail) = announced[0];
        var (replacementId, replacementEmail) = (await ActiveMembersAsync()).First(m => announced.All(a => a.Id != m.Id));
        var oncall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var end = TimeZoneInfo.ConvertTime(oncall.GetProperty("next").GetProperty("startsAt").GetDateTimeOffset(), Tokyo);
        var now = TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), Tokyo);
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, now.Offset).AddHours(1);
        await app.Smtp.DeleteAllAsync();

        using var browser = new PageBrowser(app.BaseAddress);
        var (_, html) = await browser.GetAsync(Page);
        var (covered, _) = await browser.SubmitAsync(html, "/api/status/duty/replace", new Dictionary<string, string>
        {
            ["by"] = "山田 太郎", ["week"] = week, ["memberId"] = memberId, ["replacementId"] = replacementId, ["reason"] = "体調不良のため",
            ["from"] = start.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), ["to"] = end.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.SeeOther, covered.StatusCode);
        var cover = Assert.Single(await OverridesAsync(), o => o.GetProperty("week").GetString() == week);
        Assert.Equal((start, end), (cover.GetProperty("from").GetDateTimeOffset(), cover.GetProperty("to").GetDateTimeOffset()));

        await app.RunFunctionAsync("RetryOutbox");
        await app.SettleAsync();
        var told = (await app.Smtp.MessagesAsync()).Where(m => m.Subject.Contains("一時交代", StringComparison.Ordinal) || m.Subject.Contains(" cover]", StringComparison.Ordinal)).ToList();
        Assert.Contains(told, m => m.To.Contains(replacementEmail, StringComparer.OrdinalIgnoreCase));
        foreach (var mail in told)
        {
            var text = await app.Smtp.TextAsync(mail.Id);
            Assert.Matches("当番の終わりまで、障害の呼び出しは[^\\n]+さんではなく[^\\n]+さんに届きます。|Pages until the end of the shift go to [^\\n]+, not [^\\n]+\\.", text);
            Assert.DoesNotContain("終了後は", text, StringComparison.Ordinal);
            Assert.DoesNotContain("again.", text, StringComparison.Ordinal);
        }

        // The next evening at 23:00 (JST): the replacement and the partner are paged, the sick member is not.
        await app.AdvanceAsync(new DateTimeOffset(start.Year, start.Month, start.Day, 23, 0, 0, start.Offset).AddDays(1) - app.Time.GetUtcNow());
        await app.Smtp.DeleteAllAsync();
        var late = await OpenIncidentAsync("決済が失敗する");
        var paged = (await app.Smtp.WaitForAboutAsync(late, 2)).SelectMany(m => m.To).ToList();
        Assert.Contains(replacementEmail, paged, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(announced[1].Email, paged, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(memberEmail, paged, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The API: a cover of a later week with an offset, listed and in the schedule; refusals name their field and store nothing.</summary>
    [Fact]
    public async Task PostOverride_CoverOfALaterWeek_201WithFromAndTo_ListedAndInTheSchedule_BadOnes400NamingTheField()
    {
        var later = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?weeks=8")).GetProperty("shifts")[5];
        var week = later.GetProperty("week").GetString()!;
        var member = later.GetProperty("members")[0].GetProperty("id").GetString()!;
        var pair = later.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var replacement = (await ActiveMembersAsync()).First(m => !pair.Contains(m.Id)).Id;
        var from = later.GetProperty("startsAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(9)).AddDays(2).Date.AddHours(9);
        var start = new DateTimeOffset(from, TimeSpan.FromHours(9));
        var before = (await OverridesAsync()).Count;

        async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(object body)
        {
            using var response = await app.Client.PostAsJsonAsync("api/rotations/incident-duty/overrides", body);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        var onlyFrom = await PostAsync(new { week, memberId = member, replacementId = replacement, from = start.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture) });
        var reversed = await PostAsync(new { memberId = member, replacementId = replacement, from = start.AddHours(8).ToString("o", CultureInfo.InvariantCulture), to = start.ToString("o", CultureInfo.InvariantCulture) });
        var onShift = await PostAsync(new { memberId = member, replacementId = pair[1], from = start.ToString("o", CultureInfo.InvariantCulture), to = start.AddHours(8).ToString("o", CultureInfo.InvariantCulture) });
        Assert.Equal((HttpStatusCode.BadRequest, true), (onlyFrom.Status, onlyFrom.Body.GetProperty("errors").TryGetProperty("to", out _)));
        Assert.Equal((HttpStatusCode.BadRequest, true), (reversed.Status, reversed.Body.GetProperty("errors").TryGetProperty("to", out _)));
        Assert.Equal((HttpStatusCode.BadRequest, true), (onShift.Status, onShift.Body.GetProperty("errors").TryGetProperty("replacementId", out _)));
        Assert.Equal(before, (await OverridesAsync()).Count);

        var (status, created) = await PostAsync(new { memberId = member, replacementId = replacement, reason = "出張", by = "Liam", from = start.ToString("o", CultureInfo.InvariantCulture), to = start.AddHours(8).ToString("o", CultureInfo.InvariantCulture) });

        Assert.True(status == HttpStatusCode.Created, created.ToString());
        Assert.Equal((start, start.AddHours(8), false), (created.GetProperty("from").GetDateTimeOffset(), created.GetProperty("to").GetDateTimeOffset(), created.GetProperty("appliesNow").GetBoolean()));
        var listed = (await OverridesAsync()).Single(o => o.GetProperty("id").GetString() == created.GetProperty("id").GetString());
        Assert.Equal((week, start), (listed.GetProperty("week").GetString(), listed.GetProperty("from").GetDateTimeOffset()));
        var shift = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?weeks=8&lang=ja")).GetProperty("shifts").EnumerateArray().Single(s => s.GetProperty("week").GetString() == week);
        Assert.Equal(pair, shift.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        var cover = Assert.Single(shift.GetProperty("covers").EnumerateArray());
        Assert.Equal((member, replacement, "出張"), (cover.GetProperty("memberId").GetString(), cover.GetProperty("replacementId").GetString(), cover.GetProperty("reason").GetString()));
        Assert.Contains("09:00〜17:00 は", cover.GetProperty("text").GetString());

        // Calendar feeds: the replacement's own feed and the rotation's feed have an event for just that time.
        var coverId = created.GetProperty("id").GetString()!;
        foreach (var feeds in new[] { $"api/members/{replacement}/feeds", "api/rotations/incident-duty/feeds" })
        {
            using var feed = await app.Client.PostAsJsonAsync(feeds, new { note = "e2e" });
            var url = (await feed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
            var calendar = Ical.Net.Calendar.Load(await app.Anonymous.GetStringAsync(url))!;
            var e = Assert.Single(calendar.Events, e => e.Uid == $"incident-duty-cover-{coverId}@onduty");
            Assert.Equal(start.UtcDateTime, e.DtStart!.AsUtc);
            Assert.Equal(start.AddHours(8).UtcDateTime, e.DtEnd!.AsUtc);
            Assert.Contains("出張", e.Description);
        }
    }

    /// <summary>
    /// A whole-week replacement on the page of the member a cover is for: done, and the page says the cover is not needed
    /// any more (the API's answer names it); the cover stays stored but no longer applies.
    /// </summary>
    [Fact]
    public async Task Replace_WholeWeekOfACoveredMember_ThePageSaysTheCoverIsNotNeeded_AndAfterTheUndoThatItAppliesAgain()
    {
        var later = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?weeks=8")).GetProperty("shifts")[7]; // beyond the other tests' weeks
        var week = later.GetProperty("week").GetString()!;
        var pair = later.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var others = (await ActiveMembersAsync()).Where(m => !pair.Contains(m.Id)).Select(m => m.Id).ToList();
        var start = new DateTimeOffset(later.GetProperty("startsAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(9)).AddDays(2).Date.AddHours(19), TimeSpan.FromHours(9));
        using var made = await app.Client.PostAsJsonAsync("api/rotations/incident-duty/overrides", new
        {
            memberId = pair[0], replacementId = others[0], reason = "通院", from = start.ToString("o", CultureInfo.InvariantCulture), to = start.AddHours(4).ToString("o", CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var coverId = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var browser = new PageBrowser(app.BaseAddress);
        var (_, html) = await browser.GetAsync(Page);
        var (replaced, _) = await browser.SubmitAsync(html, "/api/status/duty/replace", new Dictionary<string, string>
        {
            ["by"] = "佐藤 花子", ["week"] = week, ["memberId"] = pair[0], ["replacementId"] = others[1], ["reason"] = "長期出張",
        });

        Assert.Equal(HttpStatusCode.SeeOther, replaced.StatusCode);
        Assert.Contains($"covers={coverId}", replaced.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var (_, page) = await browser.GetAsync(replaced.Headers.Location!.OriginalString);
        // The week is not announced: the page says plainly that nobody was told (the announcement will list the covers as they are).
        Assert.Matches("ご注意：この変更で一時交代（[^）]*19:00〜23:00 は[^）]*さんの代わり）は不要になりました。まだお知らせ前の当番のため、代わりの方への連絡はしていません。", page);
        Assert.DoesNotContain("お知らせ済みの週であれば", page);
        var shift = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?weeks=8")).GetProperty("shifts").EnumerateArray().Single(s => s.GetProperty("week").GetString() == week);
        var cover = Assert.Single(shift.GetProperty("covers").EnumerateArray());
        Assert.Equal((coverId, false), (cover.GetProperty("id").GetString(), cover.GetProperty("applies").GetBoolean()));

        // Taking the replacement back brings the cover back, and the page says that too.
        var changeId = (await OverridesAsync())
            .Single(i => i.GetProperty("memberId").GetString() == pair[0] && i.GetProperty("replacementId").GetString() == others[1] && i.GetProperty("from").ValueKind == JsonValueKind.Null)
            .GetProperty("id").GetString()!;
        var (undone, _) = await browser.SubmitAsync(FormOf(page, $"undo-{changeId}"), "/api/status/duty/undo", new Dictionary<string, string> { ["by"] = "佐藤 花子" });
        Assert.Equal(HttpStatusCode.SeeOther, undone.StatusCode);
        Assert.Contains($"restored={coverId}", undone.Headers.Location!.OriginalString, StringComparison.Ordinal);
        (_, page) = await browser.GetAsync(undone.Headers.Location!.OriginalString);
        Assert.Matches("ご注意：この変更で一時交代（[^）]*19:00〜23:00 は[^）]*さんの代わり）が再び有効になりました。まだお知らせ前の当番のため、代わりの方への連絡はしていません。", page);
        shift = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?weeks=8")).GetProperty("shifts").EnumerateArray().Single(s => s.GetProperty("week").GetString() == week);
        cover = Assert.Single(shift.GetProperty("covers").EnumerateArray());
        Assert.Equal((coverId, true), (cover.GetProperty("id").GetString(), cover.GetProperty("applies").GetBoolean()));
    }

    private async Task<string> OpenIncidentAsync(string title)
    {
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev2", by = "test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await app.RunFunctionAsync("RetryOutbox");
        await app.SettleAsync();
        return id;
    }

    private static string FormOf(string html, string id) =>
        Regex.Match(html, $"<form [^>]*id=\"{Regex.Escape(id)}\"[^>]*>.*?</form>", RegexOptions.Singleline) is { Success: true } m
            ? m.Value
            : throw new InvalidOperationException($"No form {id} in:\n{html}");

    private async Task<List<(string Id, string Email)>> OnCallAsync() =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray()
            .Select(m => (m.GetProperty("id").GetString()!, m.GetProperty("email").GetString()!))];

    private async Task<List<(string Id, string Email)>> ActiveMembersAsync() =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>("api/members")).GetProperty("items").EnumerateArray()
            .Where(m => m.GetProperty("active").GetBoolean())
            .Select(m => (m.GetProperty("id").GetString()!, m.GetProperty("email").GetString()!))];

    private async Task<List<JsonElement>> OverridesAsync() =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/overrides")).GetProperty("items").EnumerateArray()];
}
