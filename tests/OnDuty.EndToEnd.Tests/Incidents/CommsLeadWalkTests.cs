using System.Net;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 64): 佐藤, a PM on the duty pair with 山田, on a Tuesday evening SEV2 「決済APIのエラー率上昇」 (18:30 JST). 山田 takes
/// it and works the problem; 佐藤 becomes the communications lead (連絡担当) from the incident page, posts the 第1報, is reminded
/// (【更新のお願い】) alone when the interval passes, posts again, and lets two reminders pass in the late evening: the third reaches
/// 山田 too, saying why. At the end of her day she hands the lead to 鈴木; a duplicate is merged in and the merge undone; 鈴木
/// resolves it with the recovery notice. The mails (smtp4dev), the status board, the incident page and the retro are what the persona
/// relies on; with <c>ONDUTY_WALK_PAGES</c> set they are saved there (commslead/) to be looked at.
/// </summary>
public sealed class CommsLeadWalkTests() : WalkTestBase(MasterKey, Start, WalkPages is null ? null : Path.Combine(WalkPages, "commslead"))
{
    private const string MasterKey = "e2e-commslead-walk-key";

    /// <summary>Tuesday 2026-12-08 18:30 JST.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 9, 30, 0, TimeSpan.Zero);

    private const string Sato = "sato@onduty.example";

    private const string Yamada = "yamada@onduty.example";

    private const string Suzuki = "suzuki@onduty.example";

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
    };

    [Fact]
    public async Task SatoLeadsTheCommunications_RemindedAlone_ThenThePairToo_HandsItOn_MergeAndUnmerge_Recovered()
    {
        await Walk.DutyPairAsync("yamada", "sato");

        // 18:30 the alert; 18:35 山田 takes it.
        var id = await Walk.FireAsync("payments", "PaymentApiErrors", "error", "決済APIのエラー率上昇");
        await SettleAsync();
        await Host.SetUtcNowAsync(Start.AddMinutes(5));
        await Walk.AckAsync(id, "yamada");
        await SettleAsync();

        // 18:37 佐藤 takes the lead from the incident page (not signed in: her id typed).
        await Host.SetUtcNowAsync(Start.AddMinutes(7));
        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("連絡担当になる", page, StringComparison.Ordinal);
        var taken = await PostFormAsync(browser, page, "/page/commslead-take", new Dictionary<string, string> { ["by"] = "sato" });
        Assert.Contains("連絡担当になりました。以後の更新のお願いはあなたに届きます。", taken, StringComparison.Ordinal);
        Assert.Contains("<dt>連絡担当</dt>", taken, StringComparison.Ordinal);
        // The box that offers to change the lead says first who it is (on a phone the facts are a screen further down).
        Assert.Contains("<p id=\"commslead-now\"><strong>現在の連絡担当：佐藤 花子</strong></p>", taken, StringComparison.Ordinal);
        await Walk.SaveAsync("01-incident-page-lead", $"api/incidents/{id}/page?lang=ja");
        var board = await Walk.SaveAsync("02-status-board", "api/status?lang=ja");
        Assert.Contains("連絡担当：佐藤 花子", board, StringComparison.Ordinal);
        await SettleAsync();
        Assert.DoesNotContain(await Smtp.AboutAsync(id), m => m.Subject.Contains("連絡担当の割り当て", StringComparison.Ordinal)); // she took it herself

        // 18:40 her 第1報: ■お問い合わせ先 names her first, then 山田 who holds it.
        await Host.SetUtcNowAsync(Start.AddMinutes(10));
        await Walk.UpdateAsync(id, new { status = "investigating", message = "決済APIでエラーが増えています。原因を調査中です。", userImpact = "一部のお客様がカード決済できません。", by = "sato" });
        await SettleAsync();
        var first = Assert.Single(await Walk.MailsAsync(id, "ceo@execs.example"));
        var firstText = await Smtp.TextAsync(first.Id);
        Assert.Contains("■お問い合わせ先\n佐藤 花子（sato@onduty.example）\n山田 太郎（yamada@onduty.example）", firstText.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        await Walk.DumpMailsAsync("03-first-notice", await Smtp.AboutAsync(id));

        // The interval passes: the reminder is hers alone; 山田 keeps working the problem.
        await Walk.RunTimersUntilAsync(Start.AddMinutes(75), TimeSpan.FromMinutes(15));
        var reminders = await RemindersAsync(id);
        Assert.NotEmpty(reminders);
        Assert.Equal([Sato], reminders.SelectMany(m => m.To).Select(a => a.ToLowerInvariant()).Distinct());

        // 19:50 her 第2報.
        await Host.SetUtcNowAsync(Start.AddMinutes(80));
        await Walk.UpdateAsync(id, new { status = "identified", message = "カード会社との接続設定の誤りが原因と判明しました。修正を準備しています。", by = "sato" });
        await SettleAsync();

        // The evening goes on with no update: two more reminders to her alone, then the third reaches 山田 too, saying why.
        var before = (await RemindersAsync(id)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        await Walk.RunTimersUntilAsync(Start.AddMinutes(80 + 190), TimeSpan.FromMinutes(15));
        var later = (await RemindersAsync(id)).Where(m => !before.Contains(m.Id)).ToList();
        await Walk.DumpMailsAsync("04-reminders", later);
        Assert.Equal(3, later.Count(m => m.To.Contains(Sato, StringComparer.OrdinalIgnoreCase)));
        var toYamada = Assert.Single(later, m => m.To.Contains(Yamada, StringComparer.OrdinalIgnoreCase));
        Assert.Contains("連絡担当の佐藤さんから、前回のお願いのあとも更新がありません。", await Smtp.TextAsync(toYamada.Id), StringComparison.Ordinal);

        // 23:00 the end of her day: she hands the lead to 鈴木 from the page; he is told by mail.
        await Host.SetUtcNowAsync(Start.AddMinutes(270));
        (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var handed = await PostFormAsync(browser, page, "/page/commslead-assign", new Dictionary<string, string> { ["member"] = "suzuki", ["by"] = "sato" });
        Assert.Contains("鈴木 一郎さんを連絡担当にしました。鈴木さんにメールで知らせています。", handed, StringComparison.Ordinal);
        await SettleAsync();
        var told = Assert.Single(await Walk.MailsAsync(id, Suzuki), m => m.Subject.Contains("連絡担当の割り当て", StringComparison.Ordinal));
        Assert.Contains("あなたをこの障害の連絡担当にしました。", await Smtp.TextAsync(told.Id), StringComparison.Ordinal);

        // 23:05 a duplicate: merged into it by 鈴木, then undone (it was not the same outage after all).
        await Host.SetUtcNowAsync(Start.AddMinutes(275));
        var duplicate = await Walk.FireAsync("checkout", "CheckoutTimeouts", "error", "決済画面のタイムアウト");
        await SettleAsync();
        await Walk.PostAsync($"api/incidents/{duplicate}/merge", new { into = id, by = "suzuki" }, HttpStatusCode.OK);
        await SettleAsync();
        Assert.Equal("suzuki", (await Walk.IncidentAsync(id)).GetProperty("commsLead").GetProperty("id").GetString());
        await Host.SetUtcNowAsync(Start.AddMinutes(280));
        await Walk.PostAsync($"api/incidents/{duplicate}/unmerge", new { by = "suzuki" }, HttpStatusCode.OK);
        await SettleAsync();
        Assert.Equal("suzuki", (await Walk.IncidentAsync(id)).GetProperty("commsLead").GetProperty("id").GetString());

        // 23:20 鈴木 resolves it with the recovery notice: ■お問い合わせ先 names him first.
        await Host.SetUtcNowAsync(Start.AddMinutes(290));
        await Walk.UpdateAsync(id, new { status = "resolved", message = "接続設定を修正し、決済は正常に戻りました。", cause = "カード会社との接続設定の誤り", nextSteps = "設定変更の確認手順を見直します。", by = "suzuki" });
        await SettleAsync();
        var execs = await Walk.MailsAsync(id, "ceo@execs.example");
        var recovery = Assert.Single(execs, m => m.Subject.Contains("復旧", StringComparison.Ordinal));
        Assert.Contains("■お問い合わせ先\n鈴木 一郎（suzuki@onduty.example）", (await Smtp.TextAsync(recovery.Id)).Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        await Walk.DumpMailsAsync("05-all-mails", await Smtp.AboutAsync(id));
        await Walk.SaveAsync("06-incident-page-resolved", $"api/incidents/{id}/page?lang=ja");
        await Walk.SaveAsync("07-retro", $"api/incidents/{id}/retro/page?lang=ja");
        await Walk.SaveAsync("08-status-board-after", "api/status?lang=ja");
    }

    /// <summary>Posts the page's form, expects its <c>303</c> back to the page, and reads that page.</summary>
    private static async Task<string> PostFormAsync(PageBrowser browser, string html, string action, IDictionary<string, string> fields)
    {
        var (posted, body) = await browser.SubmitAsync(html, action, fields);
        Assert.True(posted.StatusCode == HttpStatusCode.SeeOther, body);
        var (_, page) = await browser.GetAsync(posted.Headers.Location!.ToString());
        return page;
    }

    private async Task<List<ReceivedEmail>> RemindersAsync(string id) =>
        [.. (await Smtp.AboutAsync(id)).Where(m => m.Subject.StartsWith("【更新のお願い】", StringComparison.Ordinal))];
}
