using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Team;

/// <summary>
/// Trial walk (session 56): 鈴木, a PM, records two weeks' leave (Mon 7 – Fri 18 Dec 2026) on Wednesday 2 Dec with things open: a SEV3
/// she took that morning and told the stakeholders of (第1報), the retro of a SEV2 resolved that day (due while she is away), two
/// action items of an earlier retro (due 10 and 20 Dec), and a place in the duty pair of the week of 7 Dec. The two weeks are played
/// on the steerable clock — the timers as deployed every two hours, an alert during her leave, the pair's update of her SEV3 — and
/// then she is back on Monday 21 Dec. What each person receives is read in the real app on Azurite and smtp4dev.
/// </summary>
public sealed class LeaveWalkTests() : WalkTestBase(MasterKey, Wednesday, Path.Combine(Path.GetTempPath(), "leave-walk"), countMail: true)
{
    private const string MasterKey = "e2e-leavewalk-key";

    /// <summary>Wednesday 2026-12-02 09:00 JST.</summary>
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Monday 2026-12-21 10:30 JST, her first morning back.</summary>
    private static readonly DateTimeOffset Back = new(2026, 12, 21, 1, 30, 0, TimeSpan.Zero);

    private const string Suzuki = "suzuki@onduty.example";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Comms:Audiences:support:Members:0"] = "lead@support.example",
        ["Comms:Audiences:support:Language"] = "ja",
        ["Comms:Audiences:support:DisplayName"] = "サポート",
        ["Comms:BySeverity:Sev2:0"] = "support",
        ["Comms:BySeverity:Sev3:0"] = "support",
    };

    [Fact]
    public async Task TwoWeeksLeaveWithThingsOpen_WhatEachPersonReceives_AndWhatSheFindsOnReturn()
    {
        // The demo roster's own leave for 鈴木 (its fourth week) is not hers here.
        using (await Host.Client.DeleteAsync("api/members/suzuki/leave/demo-leave"))
        {
        }

        await Walk.DutyPairAsync("suzuki", "sato");

        // An earlier retro gave her two action items, due 10 Dec and 20 Dec.
        var earlier = await DeclareAsync("検索結果の表示が遅い", "sev3");
        await Walk.UpdateAsync(earlier, new { status = "resolved", message = "検索は通常に戻りました。", by = "suzuki" });
        using (var saved = await Host.Client.PutAsJsonAsync($"api/incidents/{earlier}/retro", new
        {
            summary = "検索インデックスの再構築が業務時間に走った。",
            by = "suzuki",
            actionItems = new object[]
            {
                new { title = "再構築を夜間に移す", owner = "suzuki", due = "2026-12-10" },
                new { title = "監視の閾値を見直す", owner = "suzuki", due = "2026-12-20" },
            },
        }))
        {
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }

        // 09:30 a SEV2 she ran and resolved: its retro is due 3 working days on, while she is away.
        await Host.SetUtcNowAsync(Wednesday.AddMinutes(30));
        var sev2 = await Walk.FireAsync("payments", "PaymentApiErrors", "error", "決済APIのエラー率上昇");
        await SettleAsync();
        await Walk.AckAsync(sev2, "suzuki");
        await Walk.UpdateAsync(sev2, new { status = "investigating", message = "決済 API のエラーを調査中です。", by = "suzuki", userImpact = "一部のお客様で決済が失敗しています。" });
        await Host.SetUtcNowAsync(Wednesday.AddMinutes(90));
        await Walk.UpdateAsync(sev2, new { status = "resolved", message = "決済 API は通常に戻りました。", by = "suzuki" });
        await SettleAsync();

        // 11:00 a SEV3 she takes and tells the stakeholders of (第1報); it stays under investigation.
        await Host.SetUtcNowAsync(Wednesday.AddHours(2));
        var sev3 = await Walk.FireAsync("notifications", "PushDeliveryDelay", "warning", "プッシュ通知の配信遅延");
        await SettleAsync();
        await Walk.AckAsync(sev3, "suzuki");
        await Walk.UpdateAsync(sev3, new { status = "investigating", message = "プッシュ通知の配信が遅れています。原因を調査中です。", by = "suzuki", userImpact = "一部のお客様で通知が届くまで数分かかります。" });
        await SettleAsync();
        var firstNotice = Assert.Single(await Walk.MailsAsync(sev3, "lead@support.example"));
        await Walk.DumpMailsAsync("01-sev3-first-notice", [firstNotice]);

        // 15:00 she records her leave, Mon 7 – Fri 18 Dec.
        await Host.SetUtcNowAsync(Wednesday.AddHours(6));
        var schedule = await Host.Client.GetStringAsync("api/rotations/incident-duty/schedule?weeks=4");
        await File.WriteAllTextAsync(Path.Combine(Dump!, "02-schedule-before.json"), schedule);
        using (var entered = await Host.Client.PostAsJsonAsync("api/members/suzuki/leave", new { from = "2026-12-07", to = "2026-12-18", note = "年末休暇", by = "suzuki" }))
        {
            var body = await entered.Content.ReadAsStringAsync();
            await File.WriteAllTextAsync(Path.Combine(Dump!, "03-leave-response.json"), body);
            Assert.True(entered.StatusCode == HttpStatusCode.Created, body);
        }

        await SettleAsync();
        await File.WriteAllTextAsync(Path.Combine(Dump!, "04-schedule-after.json"), await Host.Client.GetStringAsync("api/rotations/incident-duty/schedule?weeks=4"));
        await Walk.DumpMailsAsync("05-mails-by-leave-day", await Smtp.MessagesAsync());
        var seenBeforeLeave = (await Smtp.MessagesAsync()).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);

        // The two weeks, on the timers as deployed every two hours; Tue 8 Dec 15:00 an alert; Wed 9 Dec 11:00 the pair updates her SEV3.
        var alertAt = new DateTimeOffset(2026, 12, 8, 6, 0, 0, TimeSpan.Zero);
        var updateAt = new DateTimeOffset(2026, 12, 9, 2, 0, 0, TimeSpan.Zero);
        var handedOver = new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero); // Mon 7 Dec 11:00, after the handoff
        var leaveOver = new DateTimeOffset(2026, 12, 18, 14, 0, 0, TimeSpan.Zero); // Fri 18 Dec 23:00, her leave's last hours
        var weekendOver = new DateTimeOffset(2026, 12, 20, 14, 0, 0, TimeSpan.Zero); // Sun 20 Dec 23:00
        HashSet<string> byHandoff = [], byLeaveOver = [], byWeekendOver = [];
        string? during = null;
        for (var t = Wednesday.AddHours(8); t <= Back; t = t.AddHours(2))
        {
            await Host.SetUtcNowAsync(t);
            var mark = await Mail.MarkAsync(Smtp);
            foreach (var timer in new[] { "EscalateIncidents", "NudgeIncidentUpdates", "NudgeRetros", "RemindIncomingDuty", "AnnounceDutyWeek" })
            {
                await Host.RunFunctionAsync(timer);
            }

            await Mail.SinceAsync(mark, Host, Smtp, SettleAsync);
            if (t == handedOver)
            {
                byHandoff = (await Smtp.MessagesAsync()).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            }

            if (t == leaveOver)
            {
                byLeaveOver = (await Smtp.MessagesAsync()).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            }

            if (t == weekendOver)
            {
                byWeekendOver = (await Smtp.MessagesAsync()).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            }

            if (t == alertAt)
            {
                during = await Walk.FireAsync("search", "SearchApiErrors", "error", "検索APIのエラー率上昇");
                await SettleAsync();
            }

            if (t == updateAt)
            {
                var onCall = await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
                var present = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).First(m => m != "suzuki");
                await Walk.UpdateAsync(sev3, new { status = "identified", message = "通知基盤のキューの設定が原因と判明しました。", by = present });
                await SettleAsync();
            }
        }

        // Her first morning back, 10:30: the retro reminders' run of the day (the two-hour steps end at 09:00).
        await Host.SetUtcNowAsync(Back);
        var lastMark = await Mail.MarkAsync(Smtp);
        await Host.RunFunctionAsync("NudgeRetros");
        await Mail.SinceAsync(lastMark, Host, Smtp, SettleAsync);

        var all = await Smtp.MessagesAsync();
        var sinceLeave = all.Where(m => !seenBeforeLeave.Contains(m.Id)).ToList();
        await Walk.DumpMailsAsync("06-mails-during-leave", sinceLeave);
        var toHer = sinceLeave.Where(m => m.To.Contains(Suzuki, StringComparer.OrdinalIgnoreCase)).ToList();

        // Pages of an alert during her leave reach the pair on duty, not her.
        Assert.NotNull(during);
        var pages = (await Smtp.AboutAsync(during!)).Where(m => m.Subject.StartsWith("【SEV2 障害】", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);
        Assert.DoesNotContain(pages, m => m.To.Contains(Suzuki, StringComparer.OrdinalIgnoreCase));

        // Her SEV3's update reminders, every 4 hours day and night: while she is away they go to the pair on duty only and say she is
        // away until 18 Dec (before the fix: 43 came to her over the two weeks besides, and the pair read 「対応者：鈴木さん（当番外）」).
        var nudges = sinceLeave.Where(m => m.Subject == $"【更新のお願い】{sev3} プッシュ通知の配信遅延").ToList();
        var awayTexts = new List<string>();
        foreach (var nudge in nudges)
        {
            var text = await Smtp.TextAsync(nudge.Id);
            if (text.Contains("休暇中", StringComparison.Ordinal) || text.Contains("休暇明け", StringComparison.Ordinal))
            {
                awayTexts.Add(text);
                Assert.DoesNotContain(Suzuki, nudge.To, StringComparer.OrdinalIgnoreCase);
            }
        }

        Assert.True(awayTexts.Count >= 60, $"{awayTexts.Count} reminders during her leave and the weekend after");
        // Within her leave: until when. On the weekend after it (trial 57): the day she is back, not 「18日(金)まで休暇中」 read on a Saturday.
        const string within = "対応者：鈴木さん（2026年12月18日(金)まで休暇中のため、このお願いは届いていません）";
        const string weekendAfter = "対応者：鈴木さん（休暇明けの2026年12月21日(月)まで、このお願いは届きません）";
        Assert.All(awayTexts, t => Assert.True(t.Contains(within, StringComparison.Ordinal) ^ t.Contains(weekendAfter, StringComparison.Ordinal), t));
        Assert.Contains(awayTexts, t => t.Contains(weekendAfter, StringComparison.Ordinal));
        Assert.True(awayTexts.Count(t => t.Contains(within, StringComparison.Ordinal)) >= 60);
        // None reached her from the handoff to her leave's end. She got them on duty until Mon 7 Dec 10:00 (on leave from 00:00 but
        // still in the week's pair), and again from Mon 21 Dec, her first working day back — not over the weekend after her leave
        // (before the fix: every 4 hours all weekend, 14 waiting on Monday).
        var hers = nudges.Where(m => m.To.Contains(Suzuki, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.DoesNotContain(hers, m => byHandoff.Count > 0 && !byHandoff.Contains(m.Id) && byLeaveOver.Contains(m.Id));
        Assert.NotEmpty(byLeaveOver);
        var weekend = hers.Count(m => !byLeaveOver.Contains(m.Id));
        await File.WriteAllTextAsync(Path.Combine(Dump!, "06-counts.txt"), $"reminders to the pair while she was away: {awayTexts.Count}\nto her before the handoff: {hers.Count(m => !byHandoff.Contains(m.Id))}\nto her after her leave, before Monday: {weekend}\ntimer steps settled the ordinary way: {Mail.Ordinary}\n");
        Assert.NotEmpty(byWeekendOver);
        Assert.DoesNotContain(hers, m => !byLeaveOver.Contains(m.Id) && byWeekendOver.Contains(m.Id));
        Assert.InRange(weekend, 1, 3);

        // The handoff of Mon 7 Dec tells her the incident is still hers and, while she is away, the new pair gets the reminders.
        var stillHeld = toHer.Where(m => m.Subject == $"【引き継ぎ・対応中のまま】{sev3} プッシュ通知の配信遅延").ToList();
        Assert.Equal(2, stillHeld.Count);
        foreach (var held in stillHeld)
        {
            var text = await Smtp.TextAsync(held.Id);
            Assert.DoesNotContain("更新のお願いもあなたに届きます", text, StringComparison.Ordinal);
            Assert.Contains("休暇中（2026年12月18日(金)まで）は、更新のお願いは新しい当番（", text, StringComparison.Ordinal);
        }

        // The 第2報 the pair posted on Wed 9 Dec names who to ask: not her, away until the 18th (before the fix she came first).
        var second = Assert.Single(sinceLeave, m => m.Subject == $"【障害・原因特定】{sev3} プッシュ通知の配信遅延（第2報）");
        var secondText = await Smtp.TextAsync(second.Id);
        Assert.Contains("■お問い合わせ先\n佐藤 花子（sato@onduty.example）\n\n", secondText.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain(Suzuki, secondText, StringComparison.Ordinal);

        // The action item due Thu 10 Dec, overdue while she is away: those who would give it a new owner hear on Fri 11 Dec that she
        // is away until the 18th (before the fix: it went to her alone); she is reminded on Mon 21 Dec, back.
        var awayOverdue = sinceLeave.Where(m => m.Subject == "【期限切れ・担当者が休暇中】再構築を夜間に移す").ToList();
        Assert.NotEmpty(awayOverdue);
        Assert.DoesNotContain(awayOverdue, m => m.To.Contains(Suzuki, StringComparer.OrdinalIgnoreCase));
        Assert.Contains("担当の鈴木さんは2026年12月18日(金)まで休暇中です。", await Smtp.TextAsync(awayOverdue[0].Id), StringComparison.Ordinal);
        var overdue = Assert.Single(sinceLeave, m => m.Subject == "【期限切れ】再構築を夜間に移す");
        Assert.Equal([Suzuki], overdue.To);
        Assert.DoesNotContain(overdue.Id, byWeekendOver);
        // The SEV2's retro due Mon 7 Dec: to 佐藤 then, saying she is away until the 18th; to her on Mon 21 Dec, back (trial 57: before,
        // hers came on her leave's first day).
        var retroMails = sinceLeave.Where(m => m.Subject == $"【振り返りのお願い】{sev2} 決済APIのエラー率上昇").ToList();
        Assert.Equal(["sato@onduty.example", Suzuki], retroMails.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        Assert.Contains("鈴木さんは2026年12月18日(金)まで休暇中のため、このお願いは休暇明けに届きます。",
            await Smtp.TextAsync(retroMails.Single(m => m.To.Contains("sato@onduty.example", StringComparer.OrdinalIgnoreCase)).Id), StringComparison.Ordinal);
        Assert.DoesNotContain(retroMails.Single(m => m.To.Contains(Suzuki, StringComparer.OrdinalIgnoreCase)).Id, byWeekendOver);

        // Her first morning back: what she sees.
        await Walk.DumpMailsAsync("07-mails-to-her", toHer);
        await Walk.SaveAsync("08-status", "api/status?lang=ja");
        await Walk.SaveAsync("09-sev3-page", $"api/incidents/{sev3}/page?lang=ja");
        await Walk.SaveAsync("10-action-items", "api/action-items/page?lang=ja");
        await Walk.SaveAsync("11-retros", "api/retros/page?lang=ja");
        await Walk.SaveAsync("12-duty", "api/status/duty?lang=ja");
    }

    private async Task<string> DeclareAsync(string title, string severity)
    {
        using var created = await Host.Client.PostAsJsonAsync("api/incidents", new { title, severity, by = "suzuki" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
