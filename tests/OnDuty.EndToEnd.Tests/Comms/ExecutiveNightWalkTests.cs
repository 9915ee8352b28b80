using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// Trial walk (session 54): 中村 部長, an executive in the sample's 経営層 audience (not on the roster, Japanese, mail on a phone),
/// follows a SEV1 「全サービスでログインできない」 that monitoring opens at 23:40 JST on Thursday 10 December 2026 through the night:
/// 第1報 23:55, updates every half hour or so, cause 01:30, workaround 02:10, fix deploying 04:00, recovered 05:20. An English
/// executive (Mr Brown) reads the same notices from an English audience of one beside 経営層 (a plain address reads its audience's
/// language: only roster members read their own).
/// Found on the walk and fixed: at 01:15 her 障害の状況 still said 「00:55頃（JST）までにお知らせします。」 as if ahead (now said late);
/// her 復旧 notice asked her to answer customers from drafts on the incident page she cannot open (now only audiences with Drafts).
/// </summary>
public sealed class ExecutiveNightWalkTests() : WalkTestBase(MasterKey, Opened, sampleAudiences: true)
{
    private const string MasterKey = "e2e-execnight-key";
    private const string Nakamura = "nakamura@onduty.example";
    private const string Brown = "brown@onduty.example";
    private const string Title = "全サービスでログインできない";

    /// <summary>23:40 JST on Thursday 10 December 2026.</summary>
    private static readonly DateTimeOffset Opened = new(2026, 12, 10, 14, 40, 0, TimeSpan.Zero);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // How a lead sets her up: one more line on the sample's 経営層 audience; an English reader in an audience of his own.
        ["Comms:Audiences:execs:Members:2"] = Nakamura,
        ["Comms:Audiences:execs-en:Members:0"] = Brown,
        ["Comms:Audiences:execs-en:Language"] = "en",
        ["Comms:Audiences:execs-en:DisplayName"] = "経営層（英語）",
        ["Comms:Audiences:execs-en:DisplayNameEn"] = "Executives",
        ["Comms:Audiences:execs-en:Contact"] = "Incident lead Yamada <yamada@onduty.example>",
        ["Comms:BySeverity:Sev1:2"] = "execs-en",
    };

    [Fact]
    public async Task Night_Sev1_ExecutiveReadsOneNoticePerUpdate_LatePromiseShownLate_RecoveryAsksNothingOfHer()
    {
        var id = await OpenByMonitoringAsync();
        await StepAsync(TimeSpan.FromMinutes(15)); // 23:55: the duty PM's first update is the 第1報
        await UpdateAsync(id, new { status = "investigating", message = "全サービスでログインできない状態です。エンジニアが調査しています。", userImpact = "すべてのお客様がログインできません。ログイン済みの方は引き続き利用できます。", by = "yamada" });
        await StepAsync(TimeSpan.FromMinutes(30)); // 00:25
        await UpdateAsync(id, new { status = "investigating", message = "認証基盤の調査を続けています。", by = "yamada" });
        await StepAsync(TimeSpan.FromMinutes(30)); // 00:55 promised; the PM is late
        await StepAsync(TimeSpan.FromMinutes(20)); // 01:15: she opens her link

        // The link opens without a sign-in or a key; the promise that has passed is said to be late, not as if still ahead.
        using (var browser = new PageBrowser(Host.BaseAddress))
        {
            var (response, view) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja&for=execs");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("2026年12月11日(金) 00:55頃（JST）までにお知らせする予定でしたが、遅れています。", view, StringComparison.Ordinal);
            Assert.DoesNotContain("00:55頃（JST）までにお知らせします。", view, StringComparison.Ordinal);
            var (_, english) = await browser.GetAsync($"api/incidents/{id}/overview?lang=en&for=execs-en");
            Assert.Contains("Due by Fri 11 Dec 2026 00:55 (JST); it is late.", english, StringComparison.Ordinal);
        }

        // The duty pair was reminded when the promise passed; she was not written to.
        Assert.NotEmpty(await Smtp.AboutAsync($"【更新のお願い】{id}"));
        await StepAsync(TimeSpan.FromMinutes(15)); // 01:30
        await UpdateAsync(id, new { status = "identified", message = "原因を特定しました。認証サーバーの証明書更新の不備です。", by = "yamada" });
        await StepAsync(TimeSpan.FromMinutes(40)); // 02:10: a workaround, and the next word promised for 04:00
        await UpdateAsync(id, new { status = "identified", message = "回避策を案内しています。", workaround = "ログイン済みの端末からは引き続き利用できます。", nextUpdateAt = "2026-12-11T04:00", by = "yamada" });
        for (var i = 0; i < 7; i++)
        {
            await StepAsync(TimeSpan.FromMinutes(15)); // until 03:55: nothing for her at 03:00
        }

        await StepAsync(TimeSpan.FromMinutes(5)); // 04:00
        await UpdateAsync(id, new { status = "identified", message = "修正を本番環境に適用しています。", by = "sato" });
        await StepAsync(TimeSpan.FromMinutes(40)); // 04:40
        await StepAsync(TimeSpan.FromMinutes(40)); // 05:20
        await UpdateAsync(id, new { status = "resolved", message = "修正の適用が完了し、ログインできることを確認しました。", cause = "認証サーバーの証明書更新の不備", nextSteps = "再発防止策を検討し、ふりかえりで共有します。", by = "sato" });
        await StepAsync(TimeSpan.FromHours(6));

        var all = await Smtp.MessagesAsync();
        var hers = all.Where(m => m.To.Contains(Nakamura)).Reverse().ToList();
        // Six mails through the night, one per update a person posted: none for the reminders, none at 03:00.
        Assert.Equal(
            [
                $"【障害・調査中】{id} {Title}",
                $"【障害・調査中】{id} {Title}（第2報）",
                $"【障害・原因特定】{id} {Title}（第3報）",
                $"【障害・原因特定】{id} {Title}（第4報）",
                $"【障害・原因特定】{id} {Title}（第5報）",
                $"【復旧済み】{id} {Title}（第6報）",
            ],
            hers.Select(m => m.Subject));
        var texts = new List<string>();
        foreach (var m in hers)
        {
            texts.Add((await Smtp.TextAsync(m.Id)).ReplaceLineEndings("\n"));
        }

        // The first lines say it all: which notice, severity and state, and what happened.
        Assert.StartsWith("第1報（SEV1・調査中）：すべてのお客様がログインできません。\n", texts[0], StringComparison.Ordinal);
        Assert.Contains("■発生日時\n2026年12月10日(木) 23:38（JST）\n", texts[0], StringComparison.Ordinal);
        Assert.Contains("■次回の更新予定\n2026年12月11日(金) 00:25頃（JST）までにお知らせします。", texts[0], StringComparison.Ordinal);
        Assert.Contains("■次回の更新予定\n2026年12月11日(金) 04:00頃（JST）までにお知らせします。", texts[3], StringComparison.Ordinal);
        Assert.StartsWith("第6報（SEV1・復旧済み）：2026年12月11日(金) 05:20（JST）に復旧しました。\n", texts[5], StringComparison.Ordinal);
        Assert.Contains("■影響時間\n12月10日(木) 23:38〜12月11日(金) 05:20（JST）、約5時間42分\n", texts[5], StringComparison.Ordinal);
        Assert.Contains("■今後の対応\n再発防止策を検討し、ふりかえりで共有します。\n", texts[5], StringComparison.Ordinal);
        // Her recovery notice asks nothing of her: answering customers is support's (their notice says so), not the executives'.
        Assert.DoesNotContain("■お客様からのお問い合わせ", texts[5], StringComparison.Ordinal);
        Assert.Contains("■今後の対応\n再発防止策を検討し、ふりかえりで共有します。\n\n■お問い合わせ先\n障害対応責任者 山田 <yamada@onduty.example>\n", texts[5], StringComparison.Ordinal);
        var support = all.Single(m => m.To.Contains("support-leads@onduty.example") && m.Subject.StartsWith("【復旧済み】", StringComparison.Ordinal));
        Assert.Contains("■お客様からのお問い合わせ\nお問い合わせいただいたお客様には、", (await Smtp.TextAsync(support.Id)).ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.All(texts, t => Assert.Contains($"/api/incidents/{id}/overview?lang=ja&for=execs", t, StringComparison.Ordinal));

        // The English executive: the same six, in English frames (what the PMs typed stays as typed, as the forms warn).
        var his = all.Where(m => m.To.Contains(Brown)).Reverse().ToList();
        Assert.Equal(6, his.Count);
        Assert.All(his, m => Assert.DoesNotContain("【", m.Subject, StringComparison.Ordinal));
        var recovered = (await Smtp.TextAsync(his[5].Id)).ReplaceLineEndings("\n");
        Assert.StartsWith("Update 6 (SEV1, Resolved): Recovered at Fri 11 Dec 2026 05:20 (JST).\n", recovered, StringComparison.Ordinal);
        Assert.DoesNotContain("Customers who contacted you", recovered, StringComparison.Ordinal);
        Assert.DoesNotContain("■", recovered, StringComparison.Ordinal);
    }

    /// <summary>Monitoring opens the SEV1 at 23:40 JST, its alert firing since 23:38.</summary>
    private async Task<string> OpenByMonitoringAsync()
    {
        var node = JsonNode.Parse(AlertIntakeTests.NewAlertmanagerGroup("execnight"))!.AsObject();
        node["commonAnnotations"]!["summary"] = Title;
        node["alerts"]![0]!["annotations"]!["summary"] = Title;
        node["alerts"]![0]!["startsAt"] = "2026-12-10T14:38:00Z";
        var opened = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "alertmanager", node.ToJsonString());
        Assert.Equal("opened", opened.GetProperty("outcome").GetString());
        return opened.GetProperty("incidentId").GetString()!;
    }

    private async Task StepAsync(TimeSpan by)
    {
        await Host.AdvanceAsync(by);
        await Host.RunFunctionAsync("EscalateIncidents");
        await Host.RunFunctionAsync("NudgeIncidentUpdates");
        await Host.SettleAsync(async () => (await Smtp.MessagesAsync()).Count);
    }

    private async Task UpdateAsync(string id, object body)
    {
        using var updated = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", body);
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        await Host.SettleAsync(async () => (await Smtp.MessagesAsync()).Count);
    }
}
