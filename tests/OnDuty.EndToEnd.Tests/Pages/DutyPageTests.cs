using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// The duty page (当番表) through the real host on Azurite and smtp4dev, as a browser uses it (cookies, hidden fields, 303s):
/// a sick PM replaced in the current, announced week (on call at once, the people concerned told, the next incident paging
/// the replacement) and the change taken back; two later weeks traded; leave entered and cancelled; refusals said in Japanese
/// next to their field with nothing stored. Its own app, because it changes the current week that other tests read.
/// </summary>
public sealed partial class DutyPageTests(OnDutyAppFixture app) : IClassFixture<OnDutyAppFixture>
{
    /// <summary>The demo rotation's team list: it heard of the week, so it hears of each change to it.</summary>
    private const string TeamList = "pm-team@onduty.example";

    private const string Page = "api/status/duty?lang=ja";

    [Fact]
    public async Task Replace_CurrentAnnouncedWeekFromThePage_OnCallAtOnce_ToldOnceEach_NextIncidentPagesTheReplacement_AndUndoPutsTheMemberBack()
    {
        var week = await app.AdvanceToNextHandoffAsync();
        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.SettleAsync();
        var announced = await OnCallAsync();
        var (sickId, sickEmail) = announced[0];
        var (replacementId, replacementEmail) = (await ActiveMembersAsync()).First(m => announced.All(a => a.Id != m.Id));
        await app.Smtp.DeleteAllAsync();
        var cardsBefore = app.Teams.Requests.Count;

        using var browser = new PageBrowser(app.BaseAddress);
        var (shown, html) = await browser.GetAsync(Page);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("<title>当番表（障害当番）</title>", html);
        Assert.Contains("<a href=\"/api/status?lang=ja\" id=\"status-link\">障害ステータス</a>", html);
        // The one script is the forms' 「送信中…」 (SendingScript), nothing a value brought in.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script"));
        Assert.Contains($"<script data-sending=\"送信中…\">{OnDuty.Messages.SendingScript.Text}</script>", html);
        // Named as the mails name it (「1月12日(火)からの週」), the ISO week kept as the id and the value sent.
        var named = await JaNameAsync(week);
        Assert.Contains($"<li id=\"s-{week}\" class=\"now\"><b>{named}</b><span class=\"mark now\">今週</span><span class=\"mark\">お知らせ済み</span>", html);
        Assert.Contains($"<option value=\"{week}\" selected>{named} 今週", FormOf(html, "form-replace"));

        var (replaced, _) = await browser.SubmitAsync(html, "/api/status/duty/replace", new Dictionary<string, string>
        {
            ["by"] = "佐藤 <i>花子</i>", ["week"] = week, ["memberId"] = sickId, ["replacementId"] = replacementId, ["reason"] = "体調不良のため",
        });

        Assert.Equal(HttpStatusCode.SeeOther, replaced.StatusCode);
        Assert.StartsWith("/api/status/duty?lang=ja&done=replacedNow", replaced.Headers.Location!.OriginalString);
        var pair = await OnCallAsync();
        Assert.Contains(pair, m => m.Id == replacementId);
        Assert.DoesNotContain(pair, m => m.Id == sickId);
        var change = (await OverridesAsync()).Single(i => i.GetProperty("announcedWeek").GetBoolean() && i.GetProperty("memberId").GetString() == sickId && i.GetProperty("undoes").ValueKind == JsonValueKind.Null);
        Assert.Equal((week, replacementId, "体調不良のため", "佐藤 <i>花子</i>"),
            (change.GetProperty("week").GetString(), change.GetProperty("replacementId").GetString(), change.GetProperty("reason").GetString(), change.GetProperty("by").GetString()));
        var changeId = change.GetProperty("id").GetString()!;

        // Told as a change through the API is: the member replaced, the replacement, the partner (personally) and the team list, the week in the subject, who did it in the text.
        await app.RunFunctionAsync("RetryOutbox");
        await app.SettleAsync();
        var told = (await app.Smtp.MessagesAsync()).Where(m => WeekText.Names(m.Subject, week) && !IsBrief(m)).ToList();
        Assert.Equal(
            new[] { sickEmail, replacementEmail, announced[1].Email, TeamList }.Order(StringComparer.OrdinalIgnoreCase),
            told.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        var sickMail = await app.Smtp.TextAsync(told.Single(m => m.To.Contains(sickEmail, StringComparer.OrdinalIgnoreCase)).Id);
        Assert.Contains("理由：体調不良のため", sickMail);
        Assert.Contains("変更者：佐藤 <i>花子</i>", sickMail);
        Assert.True(WeekText.Names(Assert.Single(app.Teams.Requests.Skip(cardsBefore)).Body, week));

        // The page after the redirect: what was done, and the change with who made it (encoded) and its undo form.
        var (_, page) = await browser.GetAsync(replaced.Headers.Location!.OriginalString);
        Assert.Contains("<p class=\"done\" role=\"status\" id=\"done\">交代しました（すぐに有効）。", page);
        var row = Row(page, $"c-{changeId}");
        Assert.Contains("<span class=\"state\">反映済み</span>", row);
        Assert.Contains("変更者：佐藤 &lt;i&gt;花子&lt;/i&gt;", row);
        Assert.Contains($"id=\"undo-{changeId}\"", row);

        // The next incident pages the replacement, not the member replaced.
        await app.Smtp.DeleteAllAsync();
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = "決済が失敗する", severity = "sev2", by = "test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incidentId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await app.RunFunctionAsync("RetryOutbox");
        await app.SettleAsync();
        var paged = (await app.Smtp.WaitForAboutAsync(incidentId, 2)).SelectMany(m => m.To).ToList();
        Assert.Contains(replacementEmail, paged, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(sickEmail, paged, StringComparer.OrdinalIgnoreCase);

        // Taking it back: the reason is optional, as in the API (DELETE …?reason=), and said to be; left out here, and the
        // member is back on duty at once all the same.
        var undoForm = FormOf(page, $"undo-{changeId}");
        Assert.Contains("任意です。お知らせ済みの週のため関係者に改めて連絡し、入力があればこの理由も添えます。", undoForm);
        Assert.DoesNotMatch($"<input [^>]*id=\"undo-{changeId}-reason\"[^>]* required", undoForm);
        var (undone, _) = await browser.SubmitAsync(undoForm, "/api/status/duty/undo", new Dictionary<string, string> { ["by"] = "山田 太郎", ["reason"] = "" });
        Assert.Equal(HttpStatusCode.SeeOther, undone.StatusCode);
        Assert.Equal("/api/status/duty?lang=ja&done=undoneNow", undone.Headers.Location!.OriginalString);
        Assert.Equal(announced.Select(m => m.Id).Order(), (await OnCallAsync()).Select(m => m.Id).Order());
        var after = await OverridesAsync();
        var undoId = after.Single(i => i.GetProperty("id").GetString() == changeId).GetProperty("undoneBy").GetString()!;
        var undo = after.Single(i => i.GetProperty("id").GetString() == undoId);
        Assert.Equal(("山田 太郎", null, changeId), (undo.GetProperty("by").GetString(), undo.GetProperty("reason").GetString(), undo.GetProperty("undoes").GetString()));
        (_, page) = await browser.GetAsync(undone.Headers.Location!.OriginalString);
        Assert.Contains("<span class=\"state\">取り消し済み</span>", Row(page, $"c-{changeId}"));
        Assert.DoesNotContain($"id=\"undo-{changeId}\"", page);
    }

    [Fact]
    public async Task Swap_TwoLaterWeeksFromThePage_StoredWithWhoMadeIt_TheScheduleTradesThem_AndTakingItBackRemovesBothHalves()
    {
        var shifts = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?weeks=8")).GetProperty("shifts").EnumerateArray()
            .Where(s => !s.GetProperty("frozen").GetBoolean()).ToList();
        var (first, second) = (shifts[1], shifts[3]);
        var firstIds = Ids(first);
        var secondIds = Ids(second);
        var memberId = firstIds.First(id => !secondIds.Contains(id));
        var otherMemberId = secondIds.First(id => !firstIds.Contains(id));
        var (week, otherWeek) = (first.GetProperty("week").GetString()!, second.GetProperty("week").GetString()!);
        var before = (await OverridesAsync()).Count;

        using var browser = new PageBrowser(app.BaseAddress);
        var (_, html) = await browser.GetAsync(Page);
        var (swapped, _) = await browser.SubmitAsync(html, "/api/status/duty/swap", new Dictionary<string, string>
        {
            ["by"] = "Liam Chen", ["memberId"] = memberId, ["week"] = week, ["otherMemberId"] = otherMemberId, ["otherWeek"] = otherWeek, ["reason"] = "家族の予定",
        });

        Assert.Equal(HttpStatusCode.SeeOther, swapped.StatusCode);
        Assert.StartsWith("/api/status/duty?lang=ja&done=swapped", swapped.Headers.Location!.OriginalString);
        var halves = (await OverridesAsync()).Where(i => string.Equals(i.GetProperty("kind").GetString(), "swap", StringComparison.OrdinalIgnoreCase) && i.GetProperty("undoneBy").ValueKind == JsonValueKind.Null && !i.GetProperty("announcedWeek").GetBoolean()).ToList();
        Assert.Equal(2, halves.Count);
        Assert.All(halves, h => Assert.Equal(("Liam Chen", "家族の予定"), (h.GetProperty("by").GetString(), h.GetProperty("reason").GetString())));
        Assert.Equal(new[] { (week, memberId, otherMemberId), (otherWeek, otherMemberId, memberId) },
            halves.Select(h => (h.GetProperty("week").GetString()!, h.GetProperty("memberId").GetString()!, h.GetProperty("replacementId").GetString()!)).Order());
        var schedule = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?weeks=8")).GetProperty("shifts").EnumerateArray().ToList();
        Assert.Contains(otherMemberId, Ids(schedule.Single(s => s.GetProperty("week").GetString() == week)));
        Assert.Contains(memberId, Ids(schedule.Single(s => s.GetProperty("week").GetString() == otherWeek)));

        var (_, page) = await browser.GetAsync(swapped.Headers.Location!.OriginalString);
        Assert.Contains("<p class=\"done\" role=\"status\" id=\"done\">週の交換を登録しました。", page);
        var swapRow = Row(page, $"c-{halves.Select(h => h.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).First()}");
        Assert.Contains($"<b>{await JaNameAsync(week)} ⇄ {await JaNameAsync(otherWeek)}</b>", swapRow);
        Assert.Contains("変更者：Liam Chen", swapRow);

        var halfId = halves[0].GetProperty("id").GetString()!;
        var formId = Regex.Match(swapRow, "<form [^>]*id=\"(undo-[^\"]+)\"").Groups[1].Value;
        var (undone, _) = await browser.SubmitAsync(FormOf(page, formId), "/api/status/duty/undo", new Dictionary<string, string> { ["by"] = "Liam Chen" });
        Assert.Equal(HttpStatusCode.SeeOther, undone.StatusCode);
        Assert.Equal("/api/status/duty?lang=ja&done=undone", undone.Headers.Location!.OriginalString);
        Assert.Equal(before, (await OverridesAsync()).Count);
        Assert.DoesNotContain(await OverridesAsync(), i => i.GetProperty("id").GetString() == halfId);
    }

    [Fact]
    public async Task Leave_EnteredFromThePage_VisibleInTheMembersLeave_ThenCancelledFromThePage()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);
        var (from, to) = (today.AddDays(200), today.AddDays(204));
        using var browser = new PageBrowser(app.BaseAddress);
        var (_, html) = await browser.GetAsync(Page);

        var (added, _) = await browser.SubmitAsync(html, "/api/status/duty/leave", new Dictionary<string, string>
        {
            ["by"] = "高橋 美咲", ["memberId"] = "takahashi", ["from"] = Day(from), ["to"] = Day(to), ["note"] = "夏季休暇 <b>旅行</b>",
        });

        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        Assert.Equal("/api/status/duty?lang=ja&done=leaveAdded", added.Headers.Location!.OriginalString);
        var leave = (await LeaveAsync("takahashi")).Single(l => l.GetProperty("from").GetString() == Day(from));
        Assert.Equal((Day(to), "夏季休暇 <b>旅行</b>", "高橋 美咲"), (leave.GetProperty("to").GetString(), leave.GetProperty("note").GetString(), leave.GetProperty("by").GetString()));
        var leaveId = leave.GetProperty("id").GetString()!;

        var (_, page) = await browser.GetAsync(added.Headers.Location!.OriginalString);
        Assert.Contains("<p class=\"done\" role=\"status\" id=\"done\">休暇を登録しました。", page);
        var row = Row(page, $"l-takahashi-{leaveId}");
        Assert.Contains("<b>高橋 美咲</b>", row);
        Assert.Contains("夏季休暇 &lt;b&gt;旅行&lt;/b&gt;", row);
        Assert.Contains("<span class=\"meta\">入力者：高橋 美咲</span>", row);

        // Overlapping leave is refused next to the first day, in Japanese with the days as the page says them, and nothing more is stored.
        var (overlap, overlapHtml) = await browser.SubmitAsync(page, "/api/status/duty/leave", new Dictionary<string, string>
        {
            ["by"] = "高橋 美咲", ["memberId"] = "takahashi", ["from"] = Day(to), ["to"] = Day(to.AddDays(2)), ["note"] = "",
        });
        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);
        Assert.Contains($"<p class=\"err\" id=\"leave-from-err\">{JaDay(from)}〜{JaDay(to)}はすでに休暇として登録されています。ほかの日は、重ならない日付で別に登録してください。", overlapHtml);
        Assert.Contains($"name=\"to\" value=\"{Day(to.AddDays(2))}\"", overlapHtml);
        Assert.Single(await LeaveAsync("takahashi"), l => l.GetProperty("from").GetString() == Day(from));

        var (cancelled, _) = await browser.SubmitAsync(FormOf(page, $"cancel-takahashi-{leaveId}"), "/api/status/duty/cancel-leave", new Dictionary<string, string> { ["by"] = "高橋 美咲" });
        Assert.Equal(HttpStatusCode.SeeOther, cancelled.StatusCode);
        Assert.Equal("/api/status/duty?lang=ja&done=leaveCancelled", cancelled.Headers.Location!.OriginalString);
        Assert.DoesNotContain(await LeaveAsync("takahashi"), l => l.GetProperty("id").GetString() == leaveId);
        (_, page) = await browser.GetAsync(cancelled.Headers.Location!.OriginalString);
        Assert.DoesNotContain($"l-takahashi-{leaveId}", page);
    }

    /// <summary>
    /// Leave for days already past (a sick day reported afterwards) entered from the page: recorded, and the page confirms it with
    /// its days and says the rota does not change — no advice to replace anyone. Leave that ended longer ago than leave is kept is
    /// refused at the last day.
    /// </summary>
    [Fact]
    public async Task Leave_ForDaysAlreadyPast_RecordedAndConfirmedWithoutAdvice_TooOldRefused()
    {
        var ja = CultureInfo.GetCultureInfo("ja-JP");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);
        var (from, to) = (today.AddDays(-3), today.AddDays(-2));
        using var browser = new PageBrowser(app.BaseAddress);
        var (_, html) = await browser.GetAsync(Page);

        var (added, _) = await browser.SubmitAsync(html, "/api/status/duty/leave", new Dictionary<string, string>
        {
            ["by"] = "高橋 美咲", ["memberId"] = "tanaka", ["from"] = Day(from), ["to"] = Day(to), ["note"] = "発熱",
        });

        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        Assert.Equal($"/api/status/duty?lang=ja&done=leavePast&days={Day(from)}..{Day(to)}", added.Headers.Location!.OriginalString);
        Assert.Single(await LeaveAsync("tanaka"), l => l.GetProperty("from").GetString() == Day(from) && l.GetProperty("to").GetString() == Day(to));
        var (_, page) = await browser.GetAsync(added.Headers.Location!.OriginalString);
        Assert.Contains(
            $"<p class=\"done\" role=\"status\" id=\"done\">{from.ToString("M月d日(ddd)", ja)}〜{to.ToString("M月d日(ddd)", ja)}の休暇を記録しました。過ぎた日のため、当番の割り当ては変わりません。</p>",
            page);
        Assert.DoesNotContain("id=\"warning\"", page);

        var (old, oldHtml) = await browser.SubmitAsync(page, "/api/status/duty/leave", new Dictionary<string, string>
        {
            ["by"] = "高橋 美咲", ["memberId"] = "tanaka", ["from"] = Day(today.AddDays(-400)), ["to"] = Day(today.AddDays(-399)), ["note"] = "",
        });
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Contains("<p class=\"err\" id=\"leave-to-err\">365日より前に終わった休暇は登録できません（休暇の記録は終了から365日で削除されます）。</p>", oldHtml);
        Assert.DoesNotContain(await LeaveAsync("tanaka"), l => l.GetProperty("from").GetString() == Day(today.AddDays(-400)));
    }

    /// <summary>
    /// Trial 34 M2: the leave form submitted twice from one showing of the page (a double click, or a reload after the submit) —
    /// one after the other and two at once — answers each post with the first one's 303 to 「休暇を登録しました。」, and the leave
    /// is stored once; not 「このフォームは期限切れか…何も保存していません」 nor an overlap refusal of the leave just saved.
    /// </summary>
    [Fact]
    public async Task Leave_SubmittedTwiceFromOnePage_BothAnsweredAsTheFirst_StoredOnce()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);
        using var browser = new PageBrowser(app.BaseAddress);
        var (_, html) = await browser.GetAsync(Page);
        Assert.Matches("<input type=\"hidden\" name=\"requestId\" value=\"[0-9a-f]{32}\">", PageBrowser.FormOf(html, "/api/status/duty/leave"));
        Dictionary<string, string> Leave(DateOnly from) => new() { ["by"] = "高橋 美咲", ["memberId"] = "takahashi", ["from"] = Day(from), ["to"] = Day(from.AddDays(2)), ["note"] = "" };

        var (first, _) = await browser.SubmitAsync(html, "/api/status/duty/leave", Leave(today.AddDays(230)));
        var (again, againHtml) = await browser.SubmitAsync(html, "/api/status/duty/leave", Leave(today.AddDays(230)));
        var both = await Task.WhenAll(
            browser.SubmitAsync(html, "/api/status/duty/leave", Leave(today.AddDays(240))),
            browser.SubmitAsync(html, "/api/status/duty/leave", Leave(today.AddDays(240))));

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        Assert.Equal("/api/status/duty?lang=ja&done=leaveAdded", first.Headers.Location!.OriginalString);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.DoesNotContain("期限切れ", againHtml);
        Assert.All(both, r => Assert.Equal((HttpStatusCode.SeeOther, "/api/status/duty?lang=ja&done=leaveAdded"), (r.Response.StatusCode, r.Response.Headers.Location!.OriginalString)));
        var stored = await LeaveAsync("takahashi");
        Assert.Single(stored, l => l.GetProperty("from").GetString() == Day(today.AddDays(230)));
        Assert.Single(stored, l => l.GetProperty("from").GetString() == Day(today.AddDays(240)));

        // A fresh showing of the page is a new post: leave over the same days is refused as before, nothing more stored.
        var (_, fresh) = await browser.GetAsync(Page);
        var (overlap, _) = await browser.SubmitAsync(fresh, "/api/status/duty/leave", Leave(today.AddDays(230)));
        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);
        Assert.Single(await LeaveAsync("takahashi"), l => l.GetProperty("from").GetString() == Day(today.AddDays(230)));
    }

    /// <summary>Trial 34 M2 in Chromium: the leave form's button double-clicked ends on 「休暇を登録しました。」 with the leave stored once.</summary>
    [Fact]
    public async Task Leave_DoubleClickedInChromium_SaysDone_StoredOnce()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);
        var from = today.AddDays(260);
        using var chromium = new HeadlessChromium();
        chromium.GoTo(new Uri(app.BaseAddress, Page));
        chromium.Choose("leave-memberId", "takahashi");
        // Date inputs are typed as the browser's locale shows them; set as the form sends them.
        ((OpenQA.Selenium.IJavaScriptExecutor)chromium.Browser).ExecuteScript(
            $"document.getElementById('leave-from').value='{Day(from)}';document.getElementById('leave-to').value='{Day(from.AddDays(1))}';");
        chromium.Type("leave-by", "高橋 美咲");

        new OpenQA.Selenium.Interactions.Actions(chromium.Browser).DoubleClick(chromium.Find("leave-submit")).Perform();

        chromium.Wait(d => d.Url.EndsWith("&done=leaveAdded", StringComparison.Ordinal));
        Assert.Contains("休暇を登録しました。", chromium.Find("done").Text);
        Assert.DoesNotContain("期限切れ", chromium.Browser.PageSource);
        Assert.Single(await LeaveAsync("takahashi"), l => l.GetProperty("from").GetString() == Day(from));
    }

    [Fact]
    public async Task Posts_WithoutTheAntiforgeryToken_400AndNothingStored_AndAnUnknownForm404()
    {
        var overrides = (await OverridesAsync()).Count;
        var leave = (await LeaveAsync("tanaka")).Count;
        var week = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("week").GetString()!;
        var pair = await OnCallAsync();
        var other = (await ActiveMembersAsync()).First(m => pair.All(p => p.Id != m.Id));
        using var browser = new PageBrowser(app.BaseAddress);
        await browser.GetAsync(Page); // the anti-forgery cookie, but no field

        using var replace = await browser.Client.PostAsync("api/status/duty/replace?lang=ja", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["by"] = "mallory", ["week"] = week, ["memberId"] = pair[0].Id, ["replacementId"] = other.Id, ["reason"] = "forged",
        }));
        using var addLeave = await browser.Client.PostAsync("api/status/duty/leave?lang=ja", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["by"] = "mallory", ["memberId"] = "tanaka", ["from"] = "2027-09-01", ["to"] = "2027-09-02",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, replace.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, addLeave.StatusCode);
        Assert.Contains("<h1>", await replace.Content.ReadAsStringAsync());
        Assert.Equal(overrides, (await OverridesAsync()).Count);
        Assert.Equal(leave, (await LeaveAsync("tanaka")).Count);
        Assert.Equal(pair.Select(m => m.Id).Order(), (await OnCallAsync()).Select(m => m.Id).Order());

        var (_, html) = await browser.GetAsync(Page);
        using var unknown = await browser.Client.PostAsync("api/status/duty/delete-everything?lang=ja", new FormUrlEncodedContent(PageBrowser.Hidden(FormOf(html, "form-replace"))));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("このページはありません。", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Replace_WithSomeoneAlreadyOnDuty_400NamingTheFieldInJapanese_WhatWasTypedKept_AndNothingStored()
    {
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var week = onCall.GetProperty("week").GetString()!;
        var pair = await OnCallAsync();
        var overrides = await OverridesAsync();
        using var browser = new PageBrowser(app.BaseAddress);
        var (_, html) = await browser.GetAsync(Page);

        var (refused, again) = await browser.SubmitAsync(html, "/api/status/duty/replace", new Dictionary<string, string>
        {
            ["by"] = "佐藤 <i>花子</i>", ["week"] = week, ["memberId"] = pair[0].Id, ["replacementId"] = pair[1].Id, ["reason"] = "体調不良 <b>発熱</b>",
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<p class=\"problem\" role=\"alert\" id=\"problem\">入力内容を確認してください。該当する項目に印を付けています。</p>", again);
        // Said from the refusal's code with the member's family name and the week's first day, as the other duty texts say them.
        var name = (await app.Client.GetFromJsonAsync<JsonElement>($"api/members/{pair[1].Id}")).GetProperty("displayName").GetString()!;
        var family = name.Any(c => c >= '\u3040') ? name.Split(' ')[0] : name;
        Assert.Matches($"<p class=\"err\" id=\"replace-replacementId-err\">{Regex.Escape(family)}さんはすでに[0-9]+月[0-9]+日\\(.\\)からの週の当番です。別の方を選んでください。</p>", again);
        var form = FormOf(again, "form-replace");
        Assert.Contains("aria-invalid=\"true\"", Regex.Match(form, "<select id=\"replace-replacementId\"[^>]*>").Value);
        Assert.Contains($"<option value=\"{pair[1].Id}\" selected>", form);
        Assert.Contains($"<option value=\"{pair[0].Id}\" selected>", form);
        Assert.Contains("value=\"体調不良 &lt;b&gt;発熱&lt;/b&gt;\"", form);
        Assert.Contains("value=\"佐藤 &lt;i&gt;花子&lt;/i&gt;\"", form);
        Assert.Equal(overrides.Count, (await OverridesAsync()).Count);
        Assert.Equal(pair.Select(m => m.Id).Order(), (await OnCallAsync()).Select(m => m.Id).Order());
    }

    private static bool IsBrief(OnDuty.Testing.ReceivedEmail m) =>
        m.Subject.StartsWith("【引き継ぎ】", StringComparison.Ordinal) || m.Subject.StartsWith("[Handoff brief]", StringComparison.Ordinal);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A day as the Japanese page says it (1月18日(月)).</summary>
    private static string JaDay(DateOnly day) => day.ToString("M月d日(ddd)", CultureInfo.GetCultureInfo("ja-JP"));

    /// <summary>A shift as the Japanese page and mails name it: 「12月1日(火)からの週」, from the day its handoff really happens.</summary>
    private async Task<string> JaNameAsync(string week)
    {
        var shift = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?weeks=8")).GetProperty("shifts").EnumerateArray().Single(s => s.GetProperty("week").GetString() == week);
        var firstDay = shift.TryGetProperty("handoffMoved", out var moved) && moved.ValueKind == JsonValueKind.Object ? moved.GetProperty("date").GetString() : shift.GetProperty("startDate").GetString();
        return DateOnly.Parse(firstDay!, CultureInfo.InvariantCulture).ToString("M月d日(ddd)", CultureInfo.GetCultureInfo("ja-JP")) + "からの週";
    }

    private static List<string> Ids(JsonElement shift) => [.. shift.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!)];

    /// <summary>The form with this <c>id</c> (several forms post to the same action: one per change or leave).</summary>
    private static string FormOf(string html, string id) =>
        Regex.Match(html, $"<form [^>]*id=\"{Regex.Escape(id)}\"[^>]*>.*?</form>", RegexOptions.Singleline) is { Success: true } m
            ? m.Value
            : throw new InvalidOperationException($"No form {id} in:\n{html}");

    private static string Row(string html, string id)
    {
        var start = html.IndexOf($"<li id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row {id} in:\n{html}");
        return html[start..html.IndexOf("</li>", start, StringComparison.Ordinal)];
    }

    private async Task<List<(string Id, string Email)>> OnCallAsync() =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray()
            .Select(m => (m.GetProperty("id").GetString()!, m.GetProperty("email").GetString()!))];

    private async Task<List<(string Id, string Email)>> ActiveMembersAsync() =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>("api/members")).GetProperty("items").EnumerateArray()
            .Where(m => m.GetProperty("active").GetBoolean())
            .Select(m => (m.GetProperty("id").GetString()!, m.GetProperty("email").GetString()!))];

    private async Task<List<JsonElement>> OverridesAsync() =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/overrides")).GetProperty("items").EnumerateArray()];

    private async Task<List<JsonElement>> LeaveAsync(string memberId) =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>($"api/members/{memberId}/leave")).GetProperty("items").EnumerateArray()];
}
