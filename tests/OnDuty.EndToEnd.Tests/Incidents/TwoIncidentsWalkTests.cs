using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 54): 伊藤 on duty with 佐藤 runs two unrelated SEV2 incidents at once on Tuesday 2026-12-08 — A 「決済APIの応答遅延」
/// from Azure Monitor at 14:05 JST, B 「ログイン失敗率の上昇」 from Alertmanager at 14:20 —, posts to each one's stakeholders, A recovers at
/// 15:10, she hands B to 佐藤 at 15:40, and 佐藤 resolves it by the form at 16:30. What each person reads is checked in the real app on
/// Azurite and smtp4dev: B's page names A as hers and open; every mail names its own incident; each incident's notices are numbered
/// on their own and never mention the other; the status page says which one owes its stakeholders word.
/// </summary>
public sealed class TwoIncidentsWalkTests() : WalkTestBase(MasterKey, Start)
{
    private const string MasterKey = "e2e-twoincidents-key";

    /// <summary>Tuesday 2026-12-08 14:05 JST.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 5, 5, 0, TimeSpan.Zero);

    private const string Ito = "ito@onduty.example";

    private const string Sato = "sato@onduty.example";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Comms:Audiences:execs:Members:0"] = "ceo@execs.example",
        ["Comms:Audiences:execs:Language"] = "ja",
        ["Comms:Audiences:execs:DisplayName"] = "経営層",
        ["Comms:Audiences:support:Members:0"] = "lead@support.example",
        ["Comms:Audiences:support:Language"] = "ja",
        ["Comms:Audiences:support:DisplayName"] = "サポート",
        ["Comms:Audiences:support:Drafts"] = "true",
        ["Comms:BySeverity:Sev2:0"] = "execs",
        ["Comms:BySeverity:Sev2:1"] = "support",
        ["Comms:RecoveryAskSettle"] = "00:00:00", // A's recovery ask at its resolve, read before 伊藤 posts the notice two minutes later
    };

    [Fact]
    public async Task TwoIncidentsAtOnce_EachMailNamesItsOwn_AndTheStatusPageSaysWhichOwesWord()
    {
        await Walk.DutyPairAsync("ito", "sato");

        // 14:05 A fires; 伊藤 takes it.
        var a = await FireAzureMonitorAsync("Fired");
        await SettleAsync();
        await AckAsync(a, "ito");
        await SettleAsync();

        // 14:20 B fires while A is open: her page for B says A is open and hers, and each subject leads with its own id.
        await Host.SetUtcNowAsync(Start.AddMinutes(15));
        var b = await FireAlertmanagerAsync();
        await SettleAsync();
        var pageB = Assert.Single(await MailsAsync(b, Ito), m => m.Subject.StartsWith("【SEV2 障害】", StringComparison.Ordinal));
        Assert.Equal($"【SEV2 障害】{b} ログイン失敗率の上昇", pageB.Subject);
        var pageBText = await Smtp.TextAsync(pageB.Id);
        Assert.Contains($"対応中の障害がほかにあります：{a} 決済APIの応答遅延 (test-storageAccount, ApiName=GetBlob)（SEV2・伊藤さんが対応中・15分前に検知）。", pageBText, StringComparison.Ordinal);
        var ackPath = Regex.Match(pageBText, "api/ack/[A-Za-z0-9._-]+").Value;
        using (var browser = new PageBrowser(Host.BaseAddress))
        {
            var (_, ackPage) = await browser.GetAsync(ackPath);
            Assert.Contains(b, ackPage, StringComparison.Ordinal);
            Assert.Contains("ログイン失敗率の上昇", ackPage, StringComparison.Ordinal);
        }

        // Not taken yet: 「未対応」 is what the row asks first; the 第1報 is owed by whoever takes it.
        var untaken = await StatusRowsAsync("ja");
        Assert.Contains("未対応", untaken[b], StringComparison.Ordinal);
        Assert.DoesNotContain("まだ何も報告していません", untaken[b], StringComparison.Ordinal);

        await Host.SetUtcNowAsync(Start.AddMinutes(17));
        await AckAsync(b, "ito");
        await SettleAsync();

        // 14:25 her 第1報 on A goes to A's audiences, numbered for A.
        await Host.SetUtcNowAsync(Start.AddMinutes(20));
        await UpdateAsync(a, new { status = "investigating", message = "決済 API の応答が遅くなっています。原因を調査中です。", by = "ito", userImpact = "一部のお客様で決済に時間がかかっています。" });
        await SettleAsync();

        // 14:40 B has told nobody 15 minutes after she took it: she and 佐藤 are reminded of B (not A), by B's id.
        await Walk.RunTimersUntilAsync(Start.AddMinutes(35));
        var nudges = (await Smtp.MessagesAsync()).Where(m => m.Subject.StartsWith("【更新のお願い】", StringComparison.Ordinal)).ToList();
        Assert.Equal([Ito, Sato], nudges.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(nudges, m => Assert.Equal($"【更新のお願い】{b} ログイン失敗率の上昇", m.Subject));
        // The duration belongs to the time it names: 20 minutes on the clock since 14:20 (trial 54 read 「17分以上」, counted to 14:37).
        Assert.All(await Task.WhenAll(nudges.Select(m => Smtp.TextAsync(m.Id))), t => Assert.Contains("14:20（JST）から20分以上、状況の更新がありません。", t, StringComparison.Ordinal));

        // The status page at 14:45 (trial 54): B owes its 第1報, A's next update is due at 15:30 — which one to update, at a glance.
        await Host.SetUtcNowAsync(Start.AddMinutes(40));
        var board = await StatusRowsAsync("ja");
        Assert.Contains("関係者にはまだ何も報告していません", board[b], StringComparison.Ordinal);
        Assert.DoesNotContain("関係者への次の報告", board[b], StringComparison.Ordinal);
        Assert.Contains("関係者への次の報告：15:30頃まで", board[a], StringComparison.Ordinal);
        Assert.DoesNotContain("まだ何も報告していません", board[a], StringComparison.Ordinal);
        var boardEn = await StatusRowsAsync("en");
        Assert.Contains("stakeholders not told anything yet", boardEn[b], StringComparison.Ordinal);
        Assert.Contains("Next update to stakeholders: by about 15:30", boardEn[a], StringComparison.Ordinal);

        await UpdateAsync(b, new { status = "identified", message = "認証基盤の証明書更新が原因と判明しました。", by = "ito", userImpact = "一部のお客様がログインできません。" });
        await SettleAsync();
        board = await StatusRowsAsync("ja");
        Assert.DoesNotContain("まだ何も報告していません", board[b], StringComparison.Ordinal);
        Assert.Contains("関係者への次の報告：15:50頃まで", board[b], StringComparison.Ordinal);

        // 15:10 A recovers: those on duty are asked to report A's recovery, by A's id; nothing of it names B.
        await Walk.RunTimersUntilAsync(Start.AddMinutes(60));
        await Host.SetUtcNowAsync(Start.AddMinutes(65));
        await FireAzureMonitorAsync("Resolved");
        await SettleAsync();
        var recoveryAsks = (await Smtp.MessagesAsync()).Where(m => m.Subject.StartsWith("【復旧の報告をお願いします】", StringComparison.Ordinal)).ToList();
        Assert.Equal([Ito, Sato], recoveryAsks.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        foreach (var ask in recoveryAsks)
        {
            Assert.Equal($"【復旧の報告をお願いします】{a} 決済APIの応答遅延 (test-storageAccount, ApiName=GetBlob)", ask.Subject);
            Assert.DoesNotContain(b, await Smtp.TextAsync(ask.Id), StringComparison.Ordinal);
        }

        await Host.SetUtcNowAsync(Start.AddMinutes(67));
        await UpdateAsync(a, new { status = "resolved", message = "決済 API の応答は通常に戻りました。", by = "ito" });
        await SettleAsync();

        // 15:40 she hands B to 佐藤 and goes to her meeting.
        await Walk.RunTimersUntilAsync(Start.AddMinutes(95));
        using (var taken = await Host.Client.PostAsJsonAsync($"api/incidents/{b}/takeover", new { by = "sato" }))
        {
            Assert.True(taken.StatusCode == HttpStatusCode.OK, await taken.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        var handed = Assert.Single(await MailsAsync(b, Ito), m => m.Subject.Contains("対応の引き継ぎ", StringComparison.Ordinal));
        Assert.Equal($"【SEV2 対応の引き継ぎ】{b} ログイン失敗率の上昇", handed.Subject);
        // She stays on duty, so the requests to update B still reach her with 佐藤's: the mail says so, not that they stop.
        Assert.Contains($"{b} の対応を佐藤さんが引き継ぎました。以後の更新は佐藤さんが行います。当番中のあなたにも、更新のお願いは引き続き届きます。",
            await Smtp.TextAsync(handed.Id), StringComparison.Ordinal);

        // 15:50 B's promised update is due (not late yet, trial 54): the row still says when, and the reminders say it is due now and
        // name 佐藤 as the one holding it.
        await Walk.RunTimersUntilAsync(Start.AddMinutes(105));
        board = await StatusRowsAsync("ja");
        Assert.Contains("関係者への次の報告：15:50頃まで", board[b], StringComparison.Ordinal);
        Assert.DoesNotContain("遅れています", board[b], StringComparison.Ordinal);
        var late = (await Smtp.MessagesAsync()).Where(m => m.Subject == $"【更新のお願い】{b} ログイン失敗率の上昇").ToList();
        Assert.Equal(2, late.Count(m => m.To.Contains(Sato)));
        Assert.Equal(2, late.Count(m => m.To.Contains(Ito)));
        var toSato = await Task.WhenAll(late.Where(m => m.To.Contains(Sato)).Select(m => Smtp.TextAsync(m.Id)));
        Assert.Single(toSato, t => t.Contains("対応者：佐藤さん", StringComparison.Ordinal));
        Assert.Single(toSato, t => t.Contains("15:50頃（JST）までに次の報告をするとお伝えしています（今が期限です）。", StringComparison.Ordinal));
        Assert.DoesNotContain(toSato, t => t.Contains("期限を過ぎています", StringComparison.Ordinal));

        // From 15:51 it is late: the row says so; A's (resolved) does not.
        await Host.SetUtcNowAsync(Start.AddMinutes(106));
        board = await StatusRowsAsync("ja");
        Assert.Contains("関係者への次の報告（15:50頃の予定）が遅れています", board[b], StringComparison.Ordinal);
        Assert.False(board.ContainsKey(a) && board[a].Contains("遅れています", StringComparison.Ordinal));
        // 16:30 佐藤 resolves B.
        await Host.SetUtcNowAsync(Start.AddMinutes(145));
        await UpdateAsync(b, new { status = "resolved", message = "ログインは通常に戻りました。", by = "sato" });
        await SettleAsync();

        // Each audience heard each incident as its own series: A 第1報・第2報 and B 第1報・第2報, and A's never names B nor B's A.
        foreach (var reader in new[] { "ceo@execs.example", "lead@support.example" })
        {
            var theirs = (await Smtp.MessagesAsync()).Where(m => m.To.Contains(reader, StringComparer.OrdinalIgnoreCase)).ToList();
            Assert.Equal(
                [$"【障害・調査中】{a} 決済APIの応答遅延 (test-storageAccount, ApiName=GetBlob)", $"【復旧済み】{a} 決済APIの応答遅延 (test-storageAccount, ApiName=GetBlob)（第2報）",
                 $"【障害・原因特定】{b} ログイン失敗率の上昇", $"【復旧済み】{b} ログイン失敗率の上昇（第2報）"],
                theirs.Select(m => m.Subject).OrderBy(s => s.Contains(b, StringComparison.Ordinal)).ThenBy(s => s.Contains("復旧", StringComparison.Ordinal)));
            foreach (var notice in theirs)
            {
                var text = await Smtp.TextAsync(notice.Id);
                var other = notice.Subject.Contains(a, StringComparison.Ordinal) ? b : a;
                Assert.DoesNotContain(other, text, StringComparison.Ordinal);
                Assert.DoesNotContain(other == b ? "ログイン" : "決済", text, StringComparison.Ordinal);
            }
        }

        board = await StatusRowsAsync("ja");
        Assert.DoesNotContain(board.Values, row => row.Contains("関係者への次の報告", StringComparison.Ordinal) || row.Contains("まだ何も報告していません", StringComparison.Ordinal));
    }

    /// <summary>The status page's rows by incident id, each as its text (tags stripped).</summary>
    private async Task<Dictionary<string, string>> StatusRowsAsync(string lang)
    {
        using var browser = new PageBrowser(Host.BaseAddress);
        var (response, html) = await browser.GetAsync($"api/status?lang={lang}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Regex.Matches(html, "<li>(.*?)</li>", RegexOptions.Singleline)
            .Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", " ")))
            .Select(text => (Id: Regex.Match(text, "INC-\\d{4}-\\d{4}").Value, Text: text))
            .Where(r => r.Id.Length > 0)
            .ToDictionary(r => r.Id, r => r.Text);
    }

    private async Task<string> FireAzureMonitorAsync(string condition)
    {
        var body = AlertIntakeTests.Read("azure-monitor-metric-fired.json", root =>
        {
            var essentials = root["data"]!["essentials"]!;
            essentials["alertId"] = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/payment-latency";
            essentials["alertRule"] = "決済APIの応答遅延";
            essentials["severity"] = "Sev1";
            essentials["monitorCondition"] = condition;
            essentials["firedDateTime"] = Start.AddMinutes(-1).ToString("O");
            essentials["resolvedDateTime"] = condition == "Resolved" ? Host.Time.GetUtcNow().ToString("O") : null;
        });
        return (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "azure-monitor", body)).GetProperty("incidentId").GetString()!;
    }

    private async Task<string> FireAlertmanagerAsync()
    {
        const string summary = "ログイン失敗率の上昇";
        const string description = "ログインの失敗率が 5% を超えています。";
        var body = AlertIntakeTests.Read("alertmanager-firing.json", root =>
        {
            root["groupKey"] = "{}:{alertname=\"LoginFailureRate\"}";
            root["commonLabels"]!["severity"] = "error";
            root["commonLabels"]!["alertname"] = "LoginFailureRate";
            root["commonAnnotations"]!["summary"] = summary;
            root["commonAnnotations"]!["description"] = description;
            var alert = root["alerts"]![0]!;
            alert["labels"]!["severity"] = "error";
            alert["labels"]!["alertname"] = "LoginFailureRate";
            alert["annotations"]!["summary"] = summary;
            alert["annotations"]!["description"] = description;
            alert["startsAt"] = Start.AddMinutes(14).ToString("O");
        });
        return (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "alertmanager", body)).GetProperty("incidentId").GetString()!;
    }

    private async Task AckAsync(string id, string member)
    {
        using var ack = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = member });
        Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
    }

    private async Task UpdateAsync(string id, object body)
    {
        using var response = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<ReceivedEmail>> MailsAsync(string id, string to) =>
        [.. (await Smtp.AboutAsync(id)).Where(m => m.To.Contains(to, StringComparer.OrdinalIgnoreCase))];
}
