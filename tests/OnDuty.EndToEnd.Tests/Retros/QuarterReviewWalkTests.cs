using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Retros;

/// <summary>
/// Trial walk (session 55): 山本, the product lead, on Mon 4 Jan 2027 reviews Oct–Dec 2026 before a planning meeting. The
/// quarter is played through the real API on a business clock from Mon 28 Sep: eleven outages and a duplicate merged into one
/// of them — the payments alert three times, the login latency alert twice, customer reports declared by people, a SEV1 late
/// at night, a SEV2 in the 年末年始 closure —, retros written on time, late, never and not yet due, action items done and open,
/// a leave and a replacement in the rotation. She opens the incident report, steps to the quarter, reads it month by month
/// and exports it, then the open action items, the duty load of the same days and the lessons.
/// </summary>
public sealed class QuarterReviewWalkTests() : WalkTestBase(MasterKey, Start, smtp: false)
{
    private const string MasterKey = "e2e-quarter-review-walk-key";

    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>Mon 28 Sep 2026 09:00 in Tokyo, the Monday before the quarter.</summary>
    private static readonly DateTimeOffset Start = new(2026, 9, 28, 9, 0, 0, Jst);

    private readonly Dictionary<string, string> _ids = [];

    /// <summary>Where the walk leaves the pages it read, to look at in a browser (bin/…/walks/quarter).</summary>
    private static string Saved => Path.Combine(AppContext.BaseDirectory, "walks", "quarter");

    [Fact]
    public async Task QuarterReview_OctToDec_TheLeadStepsToTheQuarterAndReadsItMonthByMonth()
    {
        await PlayTheQuarterAsync();
        await AdvanceToAsync(At(2027, 1, 4, 9, 30));

        // She opens the report from the status page: January so far. A click back is December, a whole month.
        var december = await PageAsync("from=2026-12-01&to=2026-12-31", "december");
        Assert.Contains("<h1>障害レポート 2026年12月</h1>", december, StringComparison.Ordinal);

        // Before: only a month at a time (← 前月 / 翌月 →), a quarter typed into the address by hand. Now the month links its quarter.
        Assert.Contains(
            "<a id=\"quarter\" href=\"/api/reports/incidents/page?lang=ja&amp;from=2026-10-01&amp;to=2026-12-31\">四半期で見る（2026年10月〜12月）</a>",
            december, StringComparison.Ordinal);

        var quarter = await PageAsync("from=2026-10-01&to=2026-12-31", "quarter");
        Assert.Contains("<h1>障害レポート 2026年10月〜12月</h1>", quarter, StringComparison.Ordinal);
        // Compared with the quarter before (Jul–Sep: nothing), not 「直前の同期間」 of 92 days.
        Assert.Contains("障害11件（前四半期 0件）", quarter, StringComparison.Ordinal);
        Assert.DoesNotContain("直前の同期間", quarter, StringComparison.Ordinal);
        // Steps a quarter at a time (Jan–Mar has begun), and links its months.
        Assert.Contains("<a id=\"previous\" href=\"/api/reports/incidents/page?lang=ja&amp;from=2026-07-01&amp;to=2026-09-30\">← 前の四半期</a>", quarter, StringComparison.Ordinal);
        Assert.Contains("<a id=\"next\" href=\"/api/reports/incidents/page?lang=ja&amp;from=2027-01-01&amp;to=2027-03-31\">次の四半期 →</a>", quarter, StringComparison.Ordinal);
        Assert.Contains("<a class=\"month\" href=\"/api/reports/incidents/page?lang=ja&amp;from=2026-11-01&amp;to=2026-11-30\">2026年11月</a>", quarter, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"quarter\"", quarter, StringComparison.Ordinal);

        // Month by month, by the highest severity held: the SEV2 customer report merged into the payments alert counts in no month.
        Assert.Equal(
            [
                ["2026年10月", "4", "1", "1", "2", "0"],
                ["2026年11月", "3", "2", "0", "1", "0"],
                ["2026年12月", "4", "1", "1", "2", "0"],
            ],
            Rows(quarter, "months-table"));

        // The same in the JSON, with how each was opened, the repeat offenders and the areas.
        var json = await Host.Client.GetFromJsonAsync<JsonElement>("api/reports/incidents?from=2026-10-01&to=2026-12-31");
        Assert.Equal(("2026-07-01", "2026-09-30"), (json.GetProperty("previousFrom").GetString(), json.GetProperty("previousTo").GetString()));
        Assert.Equal(
            ["2026-10-01:4", "2026-11-01:3", "2026-12-01:4"],
            json.GetProperty("months").EnumerateArray().Select(m => $"{m.GetProperty("month").GetString()}:{m.GetProperty("incidents").GetInt32()}"));
        var totals = json.GetProperty("totals");
        Assert.Equal((11, 1, 5, 7, 1), (Int(totals, "incidents"), Int(totals, "merged"), Int(totals, "declared"), Int(totals, "fromMonitoring"), Int(totals, "declaredMerged")));
        // Repeat offenders: the payments alert three times (named by its newest incident, which took the merged report's title, as
        // a person's title wins a merge) and the login latency twice.
        var recurring = json.GetProperty("recurring").EnumerateArray()
            .Select(r => (r.GetProperty("title").GetString(), string.Join(",", r.GetProperty("incidentIds").EnumerateArray().Select(i => i.GetString())))).ToList();
        Assert.Equal([("決済が失敗するとの問い合わせ", $"{_ids["pay3"]},{_ids["pay2"]},{_ids["pay1"]}"), ("ログイン API の応答遅延", $"{_ids["login2"]},{_ids["login1"]}")], recurring);
        Assert.Equal(("決済", 3), json.GetProperty("areas").EnumerateArray().Select(a => (a.GetProperty("area").GetString(), a.GetProperty("incidents").GetInt32())).First());

        // Retros: six owed (the SEV1–SEV2 outages), four written (one late), the push notice's never (overdue), the closure's
        // SEV2 not due until Wed 6 Jan (three working days after the closure).
        var retros = json.GetProperty("retros");
        Assert.Equal((6, 4, 1), (Int(retros, "owed"), Int(retros, "written"), Int(retros, "overdue")));
        Assert.Equal([_ids["push"]], retros.GetProperty("overdueIncidents").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal([(_ids["replica"], "2027-01-06")], retros.GetProperty("pendingIncidents").EnumerateArray().Select(i => (i.GetProperty("id").GetString(), i.GetProperty("retroDue").GetString())));
        Assert.Equal((6, 2, 3), (Int(retros, "actionItems"), Int(retros, "actionItemsDone"), Int(retros, "actionItemsOverdue")));

        // Times: median and worst. The worst to resolve is the push notice's 90 minutes; to acknowledge, the closure night's 15 minutes.
        Assert.Equal((15.0, 90.0), (totals.GetProperty("ackMinutesMax").GetDouble(), totals.GetProperty("resolveMinutesMax").GetDouble()));
        Assert.Contains("<th scope=\"col\">最長</th>", quarter, StringComparison.Ordinal);
        Assert.Equal(["SEV2", "2", "2/2", "0", "約3分", "約15分", "約15分", "約1時間", "約1時間30分", "約1時間30分", "0"], Rows(quarter, "severities")[1]);

        // The CSV for the slide: a BOM, Japanese headers, a row per incident (the duplicate too), oldest first.
        using var csv = await Host.Client.GetAsync("api/reports/incidents/csv?lang=ja&from=2026-10-01&to=2026-12-31");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Save("quarter.csv", Encoding.UTF8.GetString(bytes));
        Assert.StartsWith("障害ID,タイトル,重大度,最大重大度,状態,発生源,検知日時,", lines[0], StringComparison.Ordinal);
        Assert.Equal(13, lines.Length);
        Assert.Contains(_ids["pay1"], lines[1], StringComparison.Ordinal);

        // Action items still open, past due first, with owners and due dates.
        var items = await Host.Client.GetFromJsonAsync<JsonElement>("api/action-items?status=open");
        Assert.Equal(
            [("2026-10-30", "田中 健", true), ("2026-12-15", "鈴木 一郎", true), ("2026-12-25", "伊藤 さくら", true), ("2027-01-29", "Liam Chen", false)],
            items.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("due").GetString(), i.GetProperty("owner").GetString(), i.GetProperty("overdue").GetBoolean())));
        await PageAsync(null, "action-items", "api/action-items/page?lang=ja");

        // The duty load of the same days, linked from the quarter's page.
        var load = Regex.Match(quarter, "<a id=\"load\" href=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.Equal("/api/reports/load/page?lang=ja&from=2026-10-01&to=2026-12-31", load);
        var loadPage = await PageAsync(null, "load", load.TrimStart('/'));
        // Read on 4 Jan, the quarter is over: no look-ahead (the weeks to come are not this quarter's), and the page steps by
        // quarter and to its months as the incident report does (trial 55).
        Assert.DoesNotContain("今後の予定", loadPage, StringComparison.Ordinal);
        Assert.DoesNotContain("今後の当番週（予定）", loadPage, StringComparison.Ordinal);
        Assert.Equal(
            [("/api/reports/load/page?lang=ja&from=2026-07-01&to=2026-09-30", "← 前の四半期"), ("/api/reports/load/page?lang=ja&from=2027-01-01&to=2027-03-31", "次の四半期 →"),
             ("/api/reports/load/page?lang=ja&from=2026-10-01&to=2026-10-31", "2026年10月"), ("/api/reports/load/page?lang=ja&from=2026-11-01&to=2026-11-30", "2026年11月"),
             ("/api/reports/load/page?lang=ja&from=2026-12-01&to=2026-12-31", "2026年12月")],
            Regex.Matches(Regex.Match(loadPage, "<nav id=\"periods\">(.*?)</nav>").Groups[1].Value, "<a href=\"([^\"]+)\">([^<]+)</a>")
                .Select(m => (m.Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal), m.Groups[2].Value)));
        var loadJson = await Host.Client.GetFromJsonAsync<JsonElement>("api/reports/load?from=2026-10-01&to=2026-12-31&ahead=0");
        var members = loadJson.GetProperty("members").EnumerateArray().ToList();
        // Thirteen weeks of two people, and the holidays and closure days they covered.
        Assert.InRange(members.Sum(m => m.GetProperty("dutyWeeksServed").GetDouble()), 25.5, 26.5);
        Assert.True(members.Sum(m => m.GetProperty("holidayDays").GetInt32()) >= 2 * 6, loadJson.GetRawText());

        // The lessons of the quarter: the payments outages found by a word, within its dates.
        var lessons = await Host.Client.GetFromJsonAsync<JsonElement>("api/retros?q=決済&from=2026-10-01&to=2026-12-31&limit=20");
        Assert.Superset(
            new HashSet<string?> { _ids["pay1"], _ids["pay2"], _ids["pay3"] },
            lessons.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("incidentId").GetString()).ToHashSet());
        await PageAsync(null, "lessons", "api/retros/page?lang=ja&q=決済");

        // The English reader's quarter: "Oct–Dec 2026".
        var english = await PageAsync("from=2026-10-01&to=2026-12-31", "quarter-en", lang: "en");
        Assert.Contains("<h1>Incident report: Oct–Dec 2026</h1>", english, StringComparison.Ordinal);
        Assert.Contains("the quarter before", english, StringComparison.Ordinal);
    }

    /// <summary>October to December as it happened, each step through the API at its time.</summary>
    private async Task PlayTheQuarterAsync()
    {
        // The rotation before the quarter: 鈴木 on leave over Christmas; someone replaced by 伊藤 in the week of 26 Oct.
        using (var leave = await Host.Client.PostAsJsonAsync("api/members/suzuki/leave", new { from = "2026-12-21", to = "2026-12-25", note = "冬休み", by = "鈴木 一郎" }))
        {
            Assert.Equal(HttpStatusCode.Created, leave.StatusCode);
        }

        var w44 = await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?from=2026-10-26&weeks=1");
        var away = w44.GetProperty("shifts")[0].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).First(id => id != "ito");
        using (var replaced = await Host.Client.PostAsJsonAsync("api/rotations/incident-duty/overrides", new { week = "2026-W44", memberId = away, replacementId = "ito", reason = "出張のため" }))
        {
            Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        }

        // Tue 6 Oct 14:00: the payments alert (SEV1), taken by 佐藤, recovered by itself at 14:40; retro on Thu 8 Oct.
        await AdvanceToAsync(At(2026, 10, 6, 14, 0));
        _ids["pay1"] = await AlertAsync("pay-5xx", "決済 API の 5xx が増加", "critical");
        await AdvanceToAsync(At(2026, 10, 6, 14, 6));
        await AckAsync(_ids["pay1"], "sato");
        await UpdateAsync(_ids["pay1"], "identified", "sato", ["決済"]);
        await AdvanceToAsync(At(2026, 10, 6, 14, 40));
        await AlertAsync("pay-5xx", "決済 API の 5xx が増加", "critical", "resolve");
        await AdvanceToAsync(At(2026, 10, 8, 11, 0));
        await RetroAsync(_ids["pay1"], "sato", "決済 API の 5xx。リトライが集中した。",
            new { title = "決済 API のリトライ上限を見直す", owner = "tanaka", due = "2026-10-30", status = "open" },
            new { title = "5xx のアラート閾値を下げる", owner = "sato", due = "2026-10-20", status = "done" });

        // Thu 15 Oct 03:00: login latency (SEV3), nobody took it, recovered at 03:20.
        await AdvanceToAsync(At(2026, 10, 15, 3, 0));
        _ids["login1"] = await AlertAsync("login-latency", "ログイン API の応答遅延", "warning");
        await AdvanceToAsync(At(2026, 10, 15, 3, 20));
        await AlertAsync("login-latency", "ログイン API の応答遅延", "warning", "resolve");

        // Tue 20 Oct 16:00: 山田 declares a SEV2 from customer reports; resolved 17:30. Its retro is never written.
        await AdvanceToAsync(At(2026, 10, 20, 16, 0));
        _ids["push"] = await DeclareAsync("iOS でプッシュ通知が届かない", "sev2", ["通知"]);
        await AdvanceToAsync(At(2026, 10, 20, 16, 3));
        await AckAsync(_ids["push"], "yamada");
        await AdvanceToAsync(At(2026, 10, 20, 17, 30));
        await ResolveAsync(_ids["push"], "yamada");

        // Thu 29 Oct 13:00: login latency again, taken by Liam.
        await AdvanceToAsync(At(2026, 10, 29, 13, 0));
        _ids["login2"] = await AlertAsync("login-latency", "ログイン API の応答遅延", "warning");
        await AdvanceToAsync(At(2026, 10, 29, 13, 9));
        await AckAsync(_ids["login2"], "liam");
        await AdvanceToAsync(At(2026, 10, 29, 13, 50));
        await AlertAsync("login-latency", "ログイン API の応答遅延", "warning", "resolve");

        // Tue 3 Nov (文化の日) 22:00: payments again; its retro written late, on Mon 16 Nov.
        await AdvanceToAsync(At(2026, 11, 3, 22, 0));
        _ids["pay2"] = await AlertAsync("pay-5xx", "決済 API の 5xx が増加", "critical");
        await AdvanceToAsync(At(2026, 11, 3, 22, 12));
        await AckAsync(_ids["pay2"], "suzuki");
        await UpdateAsync(_ids["pay2"], "identified", "suzuki", ["決済"]);
        await AdvanceToAsync(At(2026, 11, 3, 23, 0));
        await AlertAsync("pay-5xx", "決済 API の 5xx が増加", "critical", "resolve");

        // Tue 10 Nov 11:00: a SEV3 on the admin screens.
        await AdvanceToAsync(At(2026, 11, 10, 11, 0));
        _ids["admin"] = await DeclareAsync("管理画面のグラフが表示されない", "sev3", ["管理画面"]);
        await AdvanceToAsync(At(2026, 11, 10, 12, 0));
        await ResolveAsync(_ids["admin"], "takahashi");

        await AdvanceToAsync(At(2026, 11, 16, 10, 0));
        await RetroAsync(_ids["pay2"], "suzuki", "祝日の夜の決済 API の 5xx。DB のコネクションが枯渇。",
            new { title = "決済 DB のコネクション数を監視する", owner = "suzuki", due = "2026-12-15", status = "open" });

        // Wed 18 Nov 09:00: payments a third time; a customer report declared two minutes later is merged into it.
        await AdvanceToAsync(At(2026, 11, 18, 9, 0));
        _ids["pay3"] = await AlertAsync("pay-5xx", "決済 API の 5xx が増加", "critical");
        await AdvanceToAsync(At(2026, 11, 18, 9, 2));
        _ids["payReport"] = await DeclareAsync("決済が失敗するとの問い合わせ", "sev2", ["決済"]);
        await AdvanceToAsync(At(2026, 11, 18, 9, 4));
        await AckAsync(_ids["pay3"], "emma");
        using (var merged = await Host.Client.PostAsJsonAsync($"api/incidents/{_ids["payReport"]}/merge", new { into = _ids["pay3"], by = "emma" }))
        {
            Assert.True(merged.IsSuccessStatusCode, await merged.Content.ReadAsStringAsync());
        }

        await UpdateAsync(_ids["pay3"], "identified", "emma", ["決済"]);
        await AdvanceToAsync(At(2026, 11, 18, 10, 0));
        await ResolveAsync(_ids["pay3"], "emma");
        await AdvanceToAsync(At(2026, 11, 19, 15, 0));
        await RetroAsync(_ids["pay3"], "emma", "三度目の決済 API の 5xx。冗長化が必要。",
            new { title = "決済の冗長構成を設計する", owner = "liam", due = "2027-01-29", status = "open" });

        // Wed 2 Dec 21:40: a SEV1 login outage at night; retro on Fri 4 Dec.
        await AdvanceToAsync(At(2026, 12, 2, 21, 40));
        _ids["login"] = await DeclareAsync("全ユーザーがログインできない", "sev1", ["ログイン"]);
        await AdvanceToAsync(At(2026, 12, 2, 21, 45));
        await AckAsync(_ids["login"], "ito");
        await AdvanceToAsync(At(2026, 12, 2, 22, 50));
        await ResolveAsync(_ids["login"], "ito");
        await AdvanceToAsync(At(2026, 12, 4, 14, 0));
        await RetroAsync(_ids["login"], "ito", "認証サーバーの証明書の期限切れ。",
            new { title = "認証証明書の期限を監視する", owner = "ito", due = "2026-12-25", status = "open" },
            new { title = "手順書に証明書の再発行手順を追記", owner = "yamada", due = "2026-12-10", status = "done" });

        // Mon 14 Dec 10:00: image delivery latency (SEV3).
        await AdvanceToAsync(At(2026, 12, 14, 10, 0));
        _ids["cdn"] = await AlertAsync("cdn-latency", "画像配信の遅延", "warning");
        await AdvanceToAsync(At(2026, 12, 14, 10, 10));
        await AckAsync(_ids["cdn"], "takahashi");
        await AdvanceToAsync(At(2026, 12, 14, 10, 30));
        await AlertAsync("cdn-latency", "画像配信の遅延", "warning", "resolve");

        // Wed 30 Dec 02:00, in the 年末年始 closure: a SEV2 replica lag, taken by 田中.
        await AdvanceToAsync(At(2026, 12, 30, 2, 0));
        _ids["replica"] = await AlertAsync("db-replica", "DB レプリカの遅延", "error");
        await AdvanceToAsync(At(2026, 12, 30, 2, 15));
        await AckAsync(_ids["replica"], "tanaka");
        await AdvanceToAsync(At(2026, 12, 30, 3, 0));
        await ResolveAsync(_ids["replica"], "tanaka");

        // Thu 31 Dec 15:00: a wrong notice text (SEV3).
        await AdvanceToAsync(At(2026, 12, 31, 15, 0));
        _ids["notice"] = await DeclareAsync("お知らせ画面の文言誤り", "sev3", ["お知らせ"]);
        await AdvanceToAsync(At(2026, 12, 31, 15, 30));
        await ResolveAsync(_ids["notice"], "sato");
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, Jst);

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    /// <summary>The cells of a table's body rows, tags stripped.</summary>
    private static List<string[]> Rows(string html, string id)
    {
        var table = Regex.Match(html, $"<table id=\"{id}\">.*?</table>", RegexOptions.Singleline).Value;
        var body = Regex.Match(table, "<tbody>(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        return [.. Regex.Matches(body, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(r => Regex.Matches(r.Groups[1].Value, "<td[^>]*>(.*?)</td>").Select(c => WebUtility.HtmlDecode(Regex.Replace(c.Groups[1].Value, "<[^>]+>", ""))).ToArray())];
    }

    private async Task<string> PageAsync(string? query, string name, string? path = null, string lang = "ja")
    {
        using var page = await Host.Client.GetAsync(path ?? $"api/reports/incidents/page?lang={lang}&{query}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Save(name + ".html", html);
        return html;
    }

    private static void Save(string name, string text)
    {
        Directory.CreateDirectory(Saved);
        File.WriteAllText(Path.Combine(Saved, name), text);
    }

    private async Task<string> AlertAsync(string key, string summary, string severity, string action = "trigger")
    {
        var alert = JsonSerializer.Serialize(new { summary, severity, source = "synthetic", dedup_key = key, event_action = action });
        using var response = await Host.Client.PostAsync("api/alerts/generic", new StringContent(alert, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.TryGetProperty("incidentId", out var id) ? id.GetString() ?? "" : "";
    }

    private async Task<string> DeclareAsync(string title, string severity, string[] areas)
    {
        using var created = await Host.Client.PostAsJsonAsync("api/incidents", new { title, severity, affectedAreas = areas });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task AckAsync(string id, string member)
    {
        using var ack = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = member });
        Assert.True(ack.IsSuccessStatusCode, await ack.Content.ReadAsStringAsync());
    }

    private async Task UpdateAsync(string id, string status, string by, string[] areas)
    {
        using var updated = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status, message = "原因を特定しました", by, affectedAreas = areas });
        Assert.True(updated.IsSuccessStatusCode, await updated.Content.ReadAsStringAsync());
    }

    private async Task ResolveAsync(string id, string by)
    {
        using var resolved = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧しました", by });
        Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
    }

    private async Task RetroAsync(string id, string by, string summary, params object[] actionItems)
    {
        using var saved = await Host.Client.PutAsJsonAsync($"api/incidents/{id}/retro", new { summary, actionItems, by });
        Assert.True(saved.StatusCode == HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
    }

    private Task AdvanceToAsync(DateTimeOffset at) => Host.AdvanceAsync(at - Host.Time.GetUtcNow());
}
