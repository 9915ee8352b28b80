using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 58): 中村, a data platform engineer not on the duty roster, owns three jobs that report to OnDuty by
/// heartbeat — a nightly billing export on working days that must ping by 04:00 JST, a Grafana instance pinging every 5 minutes
/// (its own dead man's switch), and a weekly Monday report. She sets them up through the API, then her month runs on the app's
/// clock: a Tuesday miss paged at night and a late ping at 04:40, a failure said by the job, the Friday before 成人の日 and
/// 年末年始 (no page), Grafana silent for 20 minutes beside a real Alertmanager alert, and the weekly report held by a
/// maintenance window during a migration. The team's calendar is Japan's with the sample's 年末年始 closure.
/// Found on the walk and fixed: the night's page named the job and when it was last heard but not what to do or whom to call
/// beyond her description; a heartbeat now takes <c>runbookUrl</c>, linked in the page as an Alertmanager alert's runbook_url is.
/// Her own view, the status page, said when each was last heard but not when it was due: whether the export was understood to skip
/// 成人の日 was in the API alone, behind a function key she does not have; a heartbeat that is up now says 「次の期限 …」.
/// </summary>
public sealed class HeartbeatOwnerWalkTests() : WalkTestBase(MasterKey, Start, WalkPages)
{
    private const string MasterKey = "e2e-hbwalk-key";
    private const string From = "onduty@onduty.example";
    private const string Owner = "nakamura@onduty.example";
    private const string Runbook = "https://wiki.example.com/data-platform/runbooks/billing-export";
    private const string ExportTitle = "請求データ夜間エクスポート";
    private const string ExportAbout = "毎営業日 02:00 に前日分の請求データを会計システムへ出力します。止まると朝の請求処理が始められません。担当：データ基盤 中村（nakamura@onduty.example）。";

    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>Friday 2026-12-11 09:00 JST: she sets the three up.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 11, 0, 0, 0, TimeSpan.Zero);

    private readonly StringBuilder _log = new();

    protected override async Task StoppingAsync()
    {
        if (Dump is not null)
        {
            await File.AppendAllTextAsync(Path.Combine(Dump, "hbwalk-log.txt"), _log.ToString());
        }
    }

    /// <summary>What she types wrong first, and what she reads back: each a 400 problem naming the field, nothing stored.</summary>
    [Fact]
    public async Task SetUp_EachMistakeAProblemNamingTheField_NothingStored()
    {
        var (status, body) = await PutAsync("請求エクスポート", new { title = ExportTitle, intervalMinutes = 1440 });
        Log($"japanese name: {(int)status} {body}");
        Assert.Equal(HttpStatusCode.BadRequest, status);

        (status, body) = await PutAsync("billing-export", new { title = new string('請', 201), intervalMinutes = 1440 });
        Log($"201-char title: {(int)status} {body}");
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("\"title\"", StringComparison.Ordinal)));

        (status, body) = await PutAsync("billing-export", new { title = ExportTitle, intervalMinutes = 1440, timeZone = "Asia/Tokyo" });
        Log($"timeZone field: {(int)status} {body}");
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("timeZone", StringComparison.Ordinal)));

        (status, body) = await PutAsync("billing-export", new { title = ExportTitle, intervalMinutes = "1日" });
        Log($"interval as text: {(int)status} {body}");
        Assert.Equal(HttpStatusCode.BadRequest, status);

        (status, body) = await PutAsync("billing-export", new { title = ExportTitle, intervalMinutes = 0, graceMinutes = 20_000 });
        Log($"interval 0, grace 20000: {(int)status} {body}");
        Assert.Equal((HttpStatusCode.BadRequest, true, true), (status, body.Contains("intervalMinutes", StringComparison.Ordinal), body.Contains("graceMinutes", StringComparison.Ordinal)));

        (status, body) = await PutAsync("billing-export", new { title = ExportTitle, intervalMinutes = 1440, runbookUrl = "wiki/billing-export" });
        Log($"relative runbook: {(int)status} {body}");
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("runbookUrl", StringComparison.Ordinal)));

        // Her address without its domain (session 59: the owner is told by mail).
        (status, body) = await PutAsync("billing-export", new { title = ExportTitle, intervalMinutes = 1440, owner = new { email = "nakamura", name = "中村" } });
        Log($"owner without a domain: {(int)status} {body}");
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("\"owner.email\"", StringComparison.Ordinal)));

        // Asked in Japanese, the problems are said in Japanese (session 59), each still under its field, with its code.
        using (var ja = new HttpRequestMessage(HttpMethod.Put, "api/heartbeats/billing-export") { Content = JsonContent.Create(new { title = ExportTitle, intervalMinutes = 0, graceMinutes = 20_000 }) })
        {
            ja.Headers.AcceptLanguage.ParseAdd("ja");
            using var answer = await Host.Client.SendAsync(ja);
            var text = await answer.Content.ReadAsStringAsync();
            Log($"interval 0 in Japanese: {(int)answer.StatusCode} {text}");
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.Equal("1〜44640分（31日）の範囲で指定してください。", errors.GetProperty("intervalMinutes")[0].GetString());
            Assert.Equal("0〜10080分（7日）の範囲で指定してください。", errors.GetProperty("graceMinutes")[0].GetString());
        }

        using (var list = await Host.Client.GetAsync("api/heartbeats"))
        {
            var items = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
            Assert.Equal(0, items.GetArrayLength());
        }

        // A grace longer than the interval: Grafana every 5 minutes, an hour's grace. Accepted as asked.
        (status, body) = await PutAsync("grafana-prod", new { title = "Grafana（本番）", intervalMinutes = 5, graceMinutes = 60, by = "nakamura" });
        Log($"grace > interval: {(int)status} {body}");
        Assert.Equal(HttpStatusCode.Created, status);
        // Said back, in the API's English unless Japanese is asked for (trial 58: it was taken without a word).
        Assert.Contains("\"warnings\":[\"The grace (1 h) is longer than the interval (5 min): nobody is paged until nothing has arrived for 1 h 5 min after the last ping.", body, StringComparison.Ordinal);

        // A duplicate: the same name again changes the one she has (200), a title of another's name is not asked about.
        (status, body) = await PutAsync("grafana-prod", new { title = "Grafana（本番）", intervalMinutes = 5, graceMinutes = 2, by = "nakamura" });
        Log($"same name again: {(int)status} {body}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"warnings\":[]", body, StringComparison.Ordinal);

        (status, body) = await PutAsync("billing-export", new { title = new string('請', 200), intervalMinutes = 1440, by = "nakamura" });
        Log($"200-char title: {(int)status} {body}");
        Assert.Equal(HttpStatusCode.Created, status);
    }

    /// <summary>
    /// The billing export's month: first heard Monday 03:00, missed on Tuesday (paged at 04:00 with what, when, what to do and
    /// whom), pings at 04:40 (resolved), fails on Wednesday (paged with what it said), then no page over 年末年始 or the long
    /// weekend of 成人の日 (Friday 2027-01-08 to Tuesday 2027-01-12).
    /// </summary>
    [Fact]
    public async Task BillingExport_TuesdayMiss_PagesWithRunbookAndOwner_LatePingResolves_NoPageOnHolidays()
    {
        var (status, body) = await PutAsync("billing-export", new
        {
            title = ExportTitle,
            description = ExportAbout,
            runbookUrl = Runbook,
            owner = new { email = Owner, name = "中村" },
            intervalMinutes = 1440,
            graceMinutes = 60,
            workingDaysOnly = true,
            severity = "sev2",
            labels = new Dictionary<string, string> { ["team"] = "data-platform", ["owner"] = "nakamura" },
            by = "nakamura",
        });
        Log($"export defined: {(int)status} {body}");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(Runbook, JsonDocument.Parse(body).RootElement.GetProperty("runbookUrl").GetString());
        Assert.Equal($"{{\"email\":\"{Owner}\",\"name\":\"中村\"}}", JsonDocument.Parse(body).RootElement.GetProperty("owner").GetRawText());

        // Monday 2026-12-14 03:00: first heard. Due Tuesday 04:00.
        await PingAtAsync("billing-export", Jst(2026, 12, 14, 3, 0));
        Assert.Equal(Jst(2026, 12, 15, 4, 0), At(await GetAsync("billing-export"), "dueAt"));
        await CheckAtAsync(Jst(2026, 12, 15, 4, 0));
        Assert.Null(await OpenIncidentOfAsync("billing-export"));

        // Tuesday 04:01: not heard. The pair on duty tonight are paged.
        await Walk.DutyPairAsync("yamada", "ito");
        await CheckAtAsync(Jst(2026, 12, 15, 4, 1));
        var id = (await OpenIncidentOfAsync("billing-export")) ?? throw new Xunit.Sdk.XunitException("no incident for the missed export");
        var pages = await Smtp.WaitForAboutAsync(id, 2);
        await Walk.DumpMailsAsync("hbwalk-missed-page", pages);
        Assert.Equal(["ito@onduty.example", "yamada@onduty.example"], WalkSteps.Readers(pages, From));
        var page = await Smtp.TextAsync(pages.First(m => m.Subject.Contains("障害】", StringComparison.Ordinal)).Id);
        Log("missed page subject: " + pages[0].Subject + "\n" + page);
        Assert.Contains("ハートビート途絶：" + ExportTitle, pages[0].Subject, StringComparison.Ordinal);
        Assert.Contains("2026年12月15日(火) 04:00（JST）を過ぎても届いていません。最終受信は 2026年12月14日(月) 03:00（JST）です。", page, StringComparison.Ordinal);
        Assert.Contains("このハートビートについて：" + ExportAbout, page, StringComparison.Ordinal);
        Assert.Contains(Runbook, page, StringComparison.Ordinal);
        Assert.Contains("ハートビートの担当者：中村さん（" + Owner + "）", page, StringComparison.Ordinal);
        var html = await Walk.SaveAsync("hbwalk-missed-incident", $"api/incidents/{id}/page");
        Assert.Contains(Runbook, html, StringComparison.Ordinal);
        Assert.Contains("ハートビートの担当者：中村さん（" + Owner + "）", html, StringComparison.Ordinal);

        // She is told too, for her information: one mail, not a page (session 59).
        var told = (await Smtp.MessagesAsync()).Where(m => m.To.Contains(Owner, StringComparer.OrdinalIgnoreCase)).ToList();
        var fyi = Assert.Single(told);
        Assert.Equal("【OnDuty】ハートビート途絶：" + ExportTitle, fyi.Subject);
        var fyiText = await Smtp.TextAsync(fyi.Id);
        Log("owner told: " + fyi.Subject + "\n" + fyiText);
        Assert.Contains("ご担当のハートビート「" + ExportTitle + "」が止まったため、当番を呼び出しました。", fyiText, StringComparison.Ordinal);
        Assert.Contains("インシデント：" + id, fyiText, StringComparison.Ordinal);
        // Where she sees her heartbeat (the status page lists them) and the incident's page, as the pair's mails link them.
        var origin = Host.BaseAddress.GetLeftPart(UriPartial.Authority);
        // At its heartbeats section (the status page's <h2 id="h-heartbeats">), not the top of the incident board.
        Assert.Contains("ハートビートの状況：" + origin + "/api/status#h-heartbeats", fyiText, StringComparison.Ordinal);
        Assert.Contains("障害ページを開く：" + origin + "/api/incidents/" + id + "/page", fyiText, StringComparison.Ordinal);

        // 04:40: the job ran late and pings. Resolved; what the pair are told, and the page's timeline.
        await Smtp.DeleteAllAsync();
        await PingAtAsync("billing-export", Jst(2026, 12, 15, 4, 40));
        var resolved = await Walk.IncidentAsync(id);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        var after = await Smtp.MessagesAsync();
        await Walk.DumpMailsAsync("hbwalk-late-ping-resolved", after);
        Log("after the late ping: " + string.Join(" | ", after.Select(m => string.Join(",", m.To) + " " + m.Subject)));
        // What was heard, when and how late (trial 58: 「監視で自動復旧しました」 said none of it), in the mail and the timeline.
        const string heard = "ハートビート「" + ExportTitle + "」を 2026年12月15日(火) 04:40（JST）に受信しました（期限 04:00 から40分遅れ）。";
        Assert.NotEmpty(after);
        Assert.Single(after, m => m.To.Contains(Owner, StringComparer.OrdinalIgnoreCase) && m.Subject == "【OnDuty】ハートビート復旧：" + ExportTitle);
        foreach (var mail in after)
        {
            Assert.Contains(heard, await Smtp.TextAsync(mail.Id), StringComparison.Ordinal);
        }

        var resolvedPage = await Walk.SaveAsync("hbwalk-resolved-incident", $"api/incidents/{id}/page");
        Assert.Contains(heard, resolvedPage, StringComparison.Ordinal);

        // Wednesday 03:00: the job says it failed.
        await Smtp.DeleteAllAsync();
        await Host.SetUtcNowAsync(Jst(2026, 12, 16, 3, 0));
        using (var fail = await Host.Client.PostAsync("api/heartbeats/billing-export/fail", new StringContent("exit code 3: 会計システムへの接続がタイムアウトしました", Encoding.UTF8, "text/plain")))
        {
            Log($"fail: {(int)fail.StatusCode} {await fail.Content.ReadAsStringAsync()}");
            Assert.Equal(HttpStatusCode.OK, fail.StatusCode);
        }

        await SettleAsync();
        var failedId = (await OpenIncidentOfAsync("billing-export")) ?? throw new Xunit.Sdk.XunitException("no incident for the failure");
        var failPages = await Smtp.WaitForAboutAsync(failedId, 2);
        await Walk.DumpMailsAsync("hbwalk-failed-page", failPages);
        var failPage = await Smtp.TextAsync(failPages[0].Id);
        Log("failed page subject: " + failPages[0].Subject + "\n" + failPage);
        Assert.Contains("ハートビートが失敗を報告：" + ExportTitle, failPages[0].Subject, StringComparison.Ordinal);
        Assert.Contains("exit code 3: 会計システムへの接続がタイムアウトしました", failPage, StringComparison.Ordinal);
        Assert.Contains(Runbook, failPage, StringComparison.Ordinal);
        await PingAtAsync("billing-export", Jst(2026, 12, 16, 3, 30)); // rerun by hand
        Assert.Null(await OpenIncidentOfAsync("billing-export"));

        // Every working day until the closure the job pings at 03:00; the check runs through every night, weekends too.
        await Smtp.DeleteAllAsync();
        var holidays = new HashSet<DateOnly> { new(2027, 1, 11) };
        for (var day = new DateOnly(2026, 12, 17); day <= new DateOnly(2027, 1, 13); day = day.AddDays(1))
        {
            var closed = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || holidays.Contains(day)
                || (day >= new DateOnly(2026, 12, 29) && day <= new DateOnly(2027, 1, 3));
            if (!closed)
            {
                await PingAtAsync("billing-export", Jst(day.Year, day.Month, day.Day, 3, 0));
            }

            await CheckAtAsync(Jst(day.Year, day.Month, day.Day, 4, 30));
            var state = await GetAsync("billing-export");
            Log($"{day:yyyy-MM-dd ddd} closed={closed} state={state.GetProperty("state").GetString()} due={state.GetProperty("dueAt")}");
            Assert.True(await OpenIncidentOfAsync("billing-export") is null, $"{day}: paged ({state})");
            if (day == new DateOnly(2027, 1, 11))
            {
                // 成人の日: she opens the status page (signed in, no function key) to check the holiday is understood.
                var board = await Walk.SaveAsync("hbwalk-status-holiday", "api/status");
                Assert.Contains("billing-export · 最終受信 2027年1月8日(金) 03:00（JST）・24時間ごと（営業日のみ）・次の期限 2027年1月12日(火) 04:00（JST）・担当者：中村さん", board, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(await Smtp.MessagesAsync(), m => m.Subject.Contains("障害】", StringComparison.Ordinal));
        // Heard on Friday 2027-01-08, due after the long weekend: Tuesday 2027-01-12 04:00, not Monday (成人の日).
        Assert.Equal(Jst(2027, 1, 14, 4, 0), At(await GetAsync("billing-export"), "dueAt"));
    }

    /// <summary>
    /// Grafana pings every 5 minutes and goes silent at 15:00 for 20 minutes; at 15:10 a real Alertmanager alert fires. The pair
    /// get both pages; the heartbeat's says what the silence means (her description) so they know what they cannot see.
    /// </summary>
    [Fact]
    public async Task Grafana_SilentTwentyMinutes_BesideARealAlert_PairCanTellTheBlindSpot()
    {
        await Walk.DutyPairAsync("yamada", "ito");
        var (status, body) = await PutAsync("grafana-prod", new
        {
            title = "Grafana（本番）",
            description = "本番 Grafana の死活監視です。途絶している間、Grafana からのアラートは届きません（ダッシュボードのアラートが見えない状態）。担当：データ基盤 中村。",
            runbookUrl = "https://wiki.example.com/data-platform/runbooks/grafana",
            intervalMinutes = 5,
            graceMinutes = 2,
            severity = "sev2",
            by = "nakamura",
        });
        Assert.Equal(HttpStatusCode.Created, status);
        for (var at = Start.AddHours(5); at <= Jst(2026, 12, 11, 15, 0); at = at.AddMinutes(5))
        {
            await PingAtAsync("grafana-prod", at);
            await CheckAtAsync(at.AddSeconds(15));
        }

        await CheckAtAsync(Jst(2026, 12, 11, 15, 8));
        var silent = (await OpenIncidentOfAsync("grafana-prod")) ?? throw new Xunit.Sdk.XunitException("no incident for the silent Grafana");
        await Host.SetUtcNowAsync(Jst(2026, 12, 11, 15, 10));
        var real = await Walk.FireAsync("checkout", "CheckoutErrorRate", "critical", "決済APIのエラー率が5%を超えています");
        await SettleAsync();
        var mails = await Smtp.MessagesAsync();
        await Walk.DumpMailsAsync("hbwalk-grafana-and-real", mails);
        Log("grafana + real: " + string.Join(" | ", mails.Select(m => string.Join(",", m.To) + " " + m.Subject)));
        Assert.NotEqual(silent, real);
        var silentPage = (await Smtp.AboutAsync(silent)).First(m => m.To.Contains("yamada@onduty.example", StringComparer.OrdinalIgnoreCase));
        Assert.Contains("ハートビート途絶：Grafana（本番）", silentPage.Subject, StringComparison.Ordinal);
        Assert.Contains("途絶している間、Grafana からのアラートは届きません", await Smtp.TextAsync(silentPage.Id), StringComparison.Ordinal);
        await Walk.SaveAsync("hbwalk-grafana-incident", $"api/incidents/{silent}/page");
        var status1280 = await Walk.SaveAsync("hbwalk-status", "api/status");
        Log("status page heartbeats: " + Between(status1280, "監視の監視", 1500));
        Assert.Contains("<h2 id=\"h-heartbeats\">監視の監視", status1280, StringComparison.Ordinal);
        // The 途絶 row links its incident, as the incidents' rows do (trial 58).
        Assert.Contains($"Grafana（本番） · <a class=\"heartbeat-incident\" href=\"/api/incidents/{silent}/page", Between(status1280, "id=\"heartbeats\"", 3000), StringComparison.Ordinal);

        await PingAtAsync("grafana-prod", Jst(2026, 12, 11, 15, 20));
        Assert.Equal("resolved", (await Walk.IncidentAsync(silent)).GetProperty("status").GetString());
    }

    /// <summary>
    /// The weekly Monday report is skipped for a planned migration: a maintenance window on its heartbeat holds the page; she
    /// pings it by hand when the migration is done, and nothing pages.
    /// </summary>
    [Fact]
    public async Task WeeklyReport_HeldByAMaintenanceWindow_DuringTheMigration_NothingPages()
    {
        var (status, body) = await PutAsync("weekly-report", new { title = "週次レポート", intervalMinutes = 10080, graceMinutes = 120, by = "nakamura" });
        Assert.Equal(HttpStatusCode.Created, status);
        await PingAtAsync("weekly-report", Jst(2026, 12, 14, 6, 30));
        using (var planned = await Host.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "データ基盤の移行（週次レポート停止）",
            from = "2026-12-20T20:00:00+09:00",
            to = "2026-12-21T20:00:00+09:00",
            sources = new[] { "heartbeat" },
            labels = new Dictionary<string, string> { ["heartbeat"] = "weekly-report" },
            by = "nakamura",
        }))
        {
            Log($"window: {(int)planned.StatusCode} {await planned.Content.ReadAsStringAsync()}");
            Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        }

        await Smtp.DeleteAllAsync();
        await CheckAtAsync(Jst(2026, 12, 21, 8, 31));
        var held = await OpenIncidentOfAsync("weekly-report");
        Log($"held incident: {held}");
        await Walk.RunTimersUntilAsync(Jst(2026, 12, 21, 9, 0));
        Assert.DoesNotContain(await Smtp.MessagesAsync(), m => m.Subject.Contains("障害】", StringComparison.Ordinal));

        // The migration is done at 18:00: she pings it by hand; the held incident resolves and the window's end pages nobody.
        await PingAtAsync("weekly-report", Jst(2026, 12, 21, 18, 0));
        await Walk.RunTimersUntilAsync(Jst(2026, 12, 21, 20, 30));
        await CheckAtAsync(Jst(2026, 12, 21, 20, 31));
        var all = await Smtp.MessagesAsync();
        Log("migration mails: " + string.Join(" | ", all.Select(m => string.Join(",", m.To) + " " + m.Subject)));
        Assert.DoesNotContain(all, m => m.Subject.Contains("障害】", StringComparison.Ordinal));
        Assert.Equal(Jst(2026, 12, 28, 20, 0), At(await GetAsync("weekly-report"), "dueAt"));
    }

    private static DateTimeOffset Jst(int y, int m, int d, int h, int min) => new DateTimeOffset(y, m, d, h, min, 0, TimeSpan.FromHours(9)).ToUniversalTime();

    private async Task PingAtAsync(string name, DateTimeOffset at)
    {
        await Host.SetUtcNowAsync(at);
        using var ping = await Host.Client.PostAsync($"api/heartbeats/{name}/ping", null);
        Assert.True(ping.StatusCode == HttpStatusCode.OK, await ping.Content.ReadAsStringAsync());
        await SettleAsync();
    }

    private async Task CheckAtAsync(DateTimeOffset at)
    {
        await Host.SetUtcNowAsync(at);
        await Host.RunFunctionAsync("CheckHeartbeats");
        await SettleAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> PutAsync(string name, object body)
    {
        using var response = await Host.Client.PutAsJsonAsync($"api/heartbeats/{Uri.EscapeDataString(name)}", body);
        var text = await response.Content.ReadAsStringAsync();
        Log($"  content-type {response.Content.Headers.ContentType}");
        return (response.StatusCode, text);
    }

    private async Task<JsonElement> GetAsync(string name) => await Host.Client.GetFromJsonAsync<JsonElement>($"api/heartbeats/{name}");

    private async Task<string?> OpenIncidentOfAsync(string name)
    {
        var open = (await Host.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("source").GetString() == "heartbeat" && i.GetProperty("groupKey").GetString() == name).ToList();
        Assert.True(open.Count <= 1, $"{open.Count} open incidents for heartbeat {name}");
        return open.Count == 0 ? null : open[0].GetProperty("id").GetString();
    }

    private static DateTimeOffset? At(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.String } value ? value.GetDateTimeOffset() : null;

    private static string Between(string html, string marker, int length)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? "(not found)" : html.Substring(at, Math.Min(length, html.Length - at));
    }

    private void Log(string line) => _log.AppendLine(line);
}
