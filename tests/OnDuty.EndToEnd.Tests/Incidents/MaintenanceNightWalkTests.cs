using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 55): 伊藤, who owns the payment service, plans 「決済DBの移行」 on Wednesday 2026-12-09 for Saturday
/// 2026-12-12 01:00–03:00 JST; 山田 and 鈴木 are on duty that night. At 01:05 the migration's expected alerts fire and are held; at
/// 02:40 another service's SEV1 pages at once and a covered SEV1 (the migration really broke payments) is held; at 02:55 伊藤 moves
/// the end to 04:00 and forgets to end it; at 04:00 the held, still-firing incidents page, saying why then and since when. On
/// Monday the outage's page and retro show the window. What each person receives is read in the real app on Azurite, smtp4dev
/// and a loopback Teams webhook.
/// </summary>
public sealed class MaintenanceNightWalkTests() : WalkTestBase(MasterKey, Wednesday, Path.Combine(Path.GetTempPath(), "maint-walk"), teams: true, countMail: true)
{
    private const string MasterKey = "e2e-maintenancenight-key";

    /// <summary>Wednesday 2026-12-09 10:00 JST.</summary>
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 9, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Saturday 2026-12-12 01:00 JST, the window's start.</summary>
    private static readonly DateTimeOffset Saturday = new(2026, 12, 11, 16, 0, 0, TimeSpan.Zero);

    private const string Yamada = "yamada@onduty.example";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Teams:WebhookUrl"] = Teams.Url,
        ["Comms:Audiences:execs:Members:0"] = "ceo@execs.example",
        ["Comms:Audiences:execs:Language"] = "ja",
        ["Comms:Audiences:execs:DisplayName"] = "経営層",
        ["Comms:Audiences:support:Members:0"] = "lead@support.example",
        ["Comms:Audiences:support:Language"] = "ja",
        ["Comms:Audiences:support:DisplayName"] = "サポート",
        ["Comms:Audiences:support:Drafts"] = "true",
        ["Comms:BySeverity:Sev1:0"] = "execs",
        ["Comms:BySeverity:Sev1:1"] = "support",
    };

    [Fact]
    public async Task MigrationNight_ExpectedAlertsHeld_OtherServicePagesAtOnce_ForgottenWindowPagesAtItsEndSayingWhy()
    {
        await Walk.DutyPairAsync("yamada", "suzuki");
        var cardsBefore = Teams.Requests.Count;

        // Wednesday 10:00: 伊藤 plans the window by the API.
        using var planned = await Host.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "決済DBの移行",
            from = "2026-12-12T01:00:00+09:00",
            to = "2026-12-12T03:00:00+09:00",
            sources = new[] { "alertmanager" },
            labels = new Dictionary<string, string> { ["service"] = "payments" },
            by = "ito",
        });
        var window = await planned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(planned.StatusCode == HttpStatusCode.Created, window.ToString());
        var windowId = window.GetProperty("id").GetString()!;
        Assert.Equal("planned", window.GetProperty("state").GetString());
        await SettleAsync();
        await Walk.SaveAsync("01-maintenance-page-planned", "api/status/maintenance?lang=ja");

        // The channel's card: 【メンテナンス・予定】. The audiences get no mail of it.
        var planCard = WalkSteps.CardText(Assert.Single(Teams.Requests.Skip(cardsBefore)).Body);
        await File.WriteAllTextAsync(Path.Combine(Dump!, "card-planned.json"), planCard);
        Assert.Contains("【メンテナンス・予定】決済DBの移行", planCard, StringComparison.Ordinal);
        Assert.Contains("2026年12月12日(土) 01:00〜03:00（JST）", planCard, StringComparison.Ordinal); // a same-day window: its date once
        Assert.Contains("対象：Alertmanager 連携、service=payments", planCard, StringComparison.Ordinal);
        Assert.Contains("登録：伊藤 さくら", planCard, StringComparison.Ordinal);
        Assert.Empty(await Smtp.MessagesAsync());

        // Saturday 01:00 the window starts; 01:05 the migration's expected alerts fire and are held.
        await Host.SetUtcNowAsync(Saturday.AddMinutes(-2));
        await Walk.RunTimersUntilAsync(Saturday);
        // The 01:00 escalation run tells the channel it began (before, the channel heard only of the plan).
        var startCard = Assert.Single(Teams.Requests.Skip(cardsBefore).Select(r => WalkSteps.CardText(r.Body)), t => t.Contains("【メンテナンス・実施中】", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(Dump!, "card-began.json"), startCard);
        Assert.Contains("【メンテナンス・実施中】決済DBの移行", startCard, StringComparison.Ordinal);
        Assert.Contains("2026年12月12日(土) 01:00〜03:00（JST）", startCard, StringComparison.Ordinal);
        var cardsAtStart = Teams.Requests.Count;
        await Host.SetUtcNowAsync(Saturday.AddMinutes(5));
        var expected = await Walk.FireAsync("payments", "PaymentDbReplicationLag", "warning", "決済DBのレプリケーション遅延");
        await SettleAsync();
        var expectedIncident = await Walk.IncidentAsync(expected);
        Assert.Equal(windowId, expectedIncident.GetProperty("pagesHeld").GetProperty("maintenance").GetString());

        // 01:30 the duty pair's view: nothing woke them; the status page says what is held.
        await Walk.RunTimersUntilAsync(Saturday.AddMinutes(30));
        Assert.Empty(await Smtp.MessagesAsync());
        var board = await Walk.SaveAsync("02-status-0130", "api/status?lang=ja");
        Assert.Contains("呼び出し保留中", board, StringComparison.Ordinal);

        // 02:40 another service's SEV1 pages at once; a covered SEV1 (payments really down) is held.
        await Walk.RunTimersUntilAsync(Saturday.AddMinutes(100));
        await Host.SetUtcNowAsync(Saturday.AddMinutes(100));
        var other = await Walk.FireAsync("search", "SearchApiDown", "critical", "検索APIが応答しない");
        var outage = await Walk.FireAsync("payments", "PaymentApiDown", "critical", "決済APIが応答しない");
        await SettleAsync();
        var otherPages = await Walk.MailsAsync(other, Yamada);
        Assert.NotEmpty(otherPages);
        await Walk.DumpMailsAsync("03-other-page", otherPages);
        // Her page names the migration's held alert as held planned work, not as one waiting on her (before: 「SEV3・未対応」).
        var otherPage = await Smtp.TextAsync(Assert.Single(otherPages, m => m.Subject.StartsWith("【SEV1 障害】", StringComparison.Ordinal)).Id);
        Assert.Contains($"対応中の障害がほかにあります：{expected} 決済DBのレプリケーション遅延（SEV3・メンテナンスで呼び出し保留中・1時間前に検知）。", otherPage, StringComparison.Ordinal);
        Assert.Empty(await Smtp.AboutAsync(outage));
        var outageIncident = await Walk.IncidentAsync(outage);
        Assert.Equal(windowId, outageIncident.GetProperty("pagesHeld").GetProperty("maintenance").GetString());
        await Walk.SaveAsync("04-status-0240", "api/status?lang=ja");
        var outagePage = await Walk.SaveAsync("05-outage-page-0240", $"api/incidents/{outage}/page?lang=ja");
        Assert.Contains($"{expected} 決済DBのレプリケーション遅延（SEV3・メンテナンスで呼び出し保留中・1時間前に検知）", WebUtility.HtmlDecode(outagePage), StringComparison.Ordinal);
        Assert.Contains("<dt>呼び出し保留</dt>", outagePage, StringComparison.Ordinal);
        await Walk.SaveAsync("06-maintenance-page-0240", "api/status/maintenance?lang=ja");
        await Walk.AckAsync(other, "yamada");

        // 02:55 伊藤 moves the end to 04:00.
        await Host.SetUtcNowAsync(Saturday.AddMinutes(115));
        var cardsBeforeMove = Teams.Requests.Count;
        using (var moved = await Host.Client.PatchAsJsonAsync($"api/maintenance/{windowId}", new { to = "2026-12-12T04:00:00+09:00", by = "ito" }))
        {
            Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        var moveCard = Assert.Single(Teams.Requests.Skip(cardsBeforeMove).Select(r => WalkSteps.CardText(r.Body)), t => t.Contains("【メンテナンス", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(Dump!, "card-moved.json"), moveCard);
        Assert.Contains("【メンテナンス・予定変更】決済DBの移行", moveCard, StringComparison.Ordinal);
        Assert.Contains("終了予定を 2026年12月12日(土) 04:00（JST）に変更しました。", moveCard, StringComparison.Ordinal);
        Assert.Equal("2026-12-12T04:00:00+09:00", (await Walk.IncidentAsync(outage)).GetProperty("pagesHeld").GetProperty("until").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));

        // 04:00 she forgot to end it: the held, still-firing incidents page now, in one mail (both at once). Before the fix it
        // said 「障害が2件検知されました。」 at 04:00 about what was detected at 01:05 and 02:40, and nothing of the window.
        // Until then nothing about what the window holds reached anyone: before the fix, 【更新のお願い】 with its 「対応します」 link
        // reached the pair at 03:10 and 03:40 about the held SEV1, nobody having taken it (a page the window was to hold).
        await Walk.RunTimersUntilAsync(Saturday.AddMinutes(175));
        Assert.DoesNotContain(await Smtp.MessagesAsync(), m => m.Subject.Contains(outage, StringComparison.Ordinal) || m.Subject.Contains(expected, StringComparison.Ordinal));
        await Walk.RunTimersUntilAsync(Saturday.AddMinutes(180));
        var released = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains(Yamada, StringComparer.OrdinalIgnoreCase) && m.Subject.StartsWith("【SEV1 障害2件】", StringComparison.Ordinal));
        Assert.Equal($"【SEV1 障害2件】{outage} 決済APIが応答しない ほか", released.Subject);
        var releasedText = await Smtp.TextAsync(released.Id);
        Assert.Contains("メンテナンス中に検知し、呼び出しを保留していた障害が2件あり、まだ誰も対応していません。", releasedText, StringComparison.Ordinal);
        Assert.DoesNotContain("検知されました", releasedText, StringComparison.Ordinal);
        var heldLine = $"呼び出し保留：2026年12月12日(土) 04:00（JST）まで保留していました（メンテナンス {windowId}：決済DBの移行）";
        Assert.Equal(2, Regex.Matches(releasedText, Regex.Escape(heldLine)).Count);
        Assert.Contains("検知 2026年12月12日(土) 02:40（JST）", releasedText, StringComparison.Ordinal);
        Assert.Contains("検知 2026年12月12日(土) 01:05（JST）", releasedText, StringComparison.Ordinal);
        var releasedCard = Assert.Single(Teams.Requests.Select(r => WalkSteps.CardText(r.Body)), t => t.StartsWith("【SEV1 障害2件】", StringComparison.Ordinal));
        Assert.Contains("メンテナンス中に検知し、呼び出しを保留していた障害が2件あり", releasedCard, StringComparison.Ordinal);
        Assert.Contains(heldLine, releasedCard, StringComparison.Ordinal);
        // The 04:00 run tells the channel it ended by itself, and what it held (before, only a person's early end was told).
        var endCard = Assert.Single(Teams.Requests.Select(r => WalkSteps.CardText(r.Body)), t => t.Contains("【メンテナンス・完了】", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(Dump!, "card-finished.json"), endCard);
        Assert.Contains("【メンテナンス・完了】決済DBの移行", endCard, StringComparison.Ordinal);
        Assert.Contains("2026年12月12日(土) 01:00〜04:00（JST）", endCard, StringComparison.Ordinal);
        Assert.Contains("終了予定の時刻になり、終了しました。", endCard, StringComparison.Ordinal);
        Assert.Contains("保留していた障害2件は未対応のため、当番に連絡します。", endCard, StringComparison.Ordinal);
        await Walk.RunTimersUntilAsync(Saturday.AddMinutes(185));
        // The page is the news: 【更新のお願い】 about the released incidents waits its interval from 04:00 (before: the same minute).
        Assert.DoesNotContain(await Smtp.MessagesAsync(), m => m.Subject.StartsWith("【更新のお願い】", StringComparison.Ordinal)
            && (m.Subject.Contains(outage, StringComparison.Ordinal) || m.Subject.Contains(expected, StringComparison.Ordinal)));
        var outagePages = await Walk.MailsAsync(outage, Yamada);
        await Walk.DumpMailsAsync("07-outage-page-0400", outagePages);
        await Walk.DumpMailsAsync("08-expected-page-0400", await Walk.MailsAsync(expected, Yamada));
        await Walk.DumpMailsAsync("09-all", await Smtp.MessagesAsync());
        await File.WriteAllTextAsync(Path.Combine(Dump!, "cards-all.json"), string.Join("\n\n", Teams.Requests.Skip(cardsAtStart).Select(r => WalkSteps.CardText(r.Body))));
        await Walk.SaveAsync("10-outage-page-0405", $"api/incidents/{outage}/page?lang=ja");

        // Monday: the outage resolved, its page and retro.
        await Walk.AckAsync(outage, "yamada");
        await Walk.UpdateAsync(outage, new { status = "resolved", message = "決済APIは通常に戻りました。", by = "yamada" });
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 14, 1, 0, 0, TimeSpan.Zero));
        // Monday: 伊藤 finds the window on the outage's page, timeline and retro, and the report counts what it held.
        var monday = WebUtility.HtmlDecode(await Walk.SaveAsync("11-outage-page-monday", $"api/incidents/{outage}/page?lang=ja"));
        Assert.Contains($"2026/12/12 04:00（JST）まで保留していました（メンテナンス {windowId}：決済DBの移行）", monday, StringComparison.Ordinal);
        Assert.Contains($"メンテナンス {windowId}（決済DBの移行）の対象のため、終了まで当番への連絡を保留しました", monday, StringComparison.Ordinal);
        // Why nobody was paged at 03:00: the end moved, said on the incident it held.
        Assert.Contains($"メンテナンス {windowId} の終了が 12月12日(土) 04:00 に延びたため、呼び出しの保留を 12月12日(土) 04:00 まで延長しました", monday, StringComparison.Ordinal);
        var retro = WebUtility.HtmlDecode(await Walk.SaveAsync("12-outage-retro-monday", $"api/incidents/{outage}/retro/page?lang=ja"));
        Assert.Contains($"メンテナンス {windowId}（決済DBの移行）の対象のため、終了まで当番への連絡を保留しました", retro, StringComparison.Ordinal);
        var report = WebUtility.HtmlDecode(await Walk.SaveAsync("13-report-monday", "api/reports/incidents/page?lang=ja"));
        Assert.Contains("メンテナンス中の発生（呼び出しを保留）2件", report, StringComparison.Ordinal);
        await Walk.SaveAsync("14-maintenance-page-monday", "api/status/maintenance?lang=ja");
    }
}
