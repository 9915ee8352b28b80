using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;
using Opts = Microsoft.Extensions.Options.Options;

namespace OnDuty.Core.Tests.Retros;

/// <summary>
/// Retro reminders under a fake clock, from the harness's Tue 2026-12-01 10:00 Tokyo: an overdue retro reminds the duty pair
/// on its due working day, an overdue action item its owner — each once, however often the timer runs.
/// </summary>
public sealed class RetroNudgerTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    [Fact]
    public async Task Nudge_Sev2WithoutRetro_DutyPairRemindedOnceOnTheThirdWorkingDay()
    {
        var (h, retros, nudger) = await CreateAsync();
        var id = await ResolvedAsync(h, AlertSeverity.Sev2);
        var quiet = await ResolvedAsync(h, AlertSeverity.Sev3);
        var written = await ResolvedAsync(h, AlertSeverity.Sev1);
        await retros.PutAsync(await h.IncidentAsync(written), new RetroContent { Summary = "done" }, h.Time.GetUtcNow());
        var duty = (await h.IncidentAsync(id)).Assignees.Select(a => a.Email).Order(StringComparer.Ordinal).ToList();

        // Resolved Tue 1 Dec: working days Wed 2, Thu 3, Fri 4 → due Fri 4, from 10:00.
        h.MoveTo(new DateTimeOffset(2026, 12, 3, 18, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 9, 59, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.Equal(duty.Count, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 7, 10, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));

        Assert.Equal([.. duty.Select(e => $"retro:{id}:due:email:{e}")], RetroIds(h));
        Assert.DoesNotContain(RetroIds(h), i => i.Contains(quiet, StringComparison.Ordinal) || i.Contains(written, StringComparison.Ordinal));
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.First(s => s.Id.StartsWith($"retro:{id}:due:", StringComparison.Ordinal));
        Assert.StartsWith($"【振り返りのお願い】{id}", sent.Message.Subject, StringComparison.Ordinal);
        Assert.Contains($"https://onduty.example/api/incidents/{id}/retro/page", sent.Message.TextBody, StringComparison.Ordinal);
        // Trial 37 L7: the time with its zone. Session 53: sent on its due day, it is due today — not 「期限の … を過ぎても」 that morning.
        Assert.Contains("（JST）に復旧した障害の振り返りは、今日 2026年12月4日(金) が期限ですが、まだ書かれていません。", sent.Message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("営業日", sent.Message.TextBody, StringComparison.Ordinal); // only weekends between: the date says it all
    }

    /// <summary>
    /// Session 53: a SEV2 resolved on Mon 2026-12-28, the last working day before the year-end closure (12/29–1/3). Its retro is due
    /// three working days on — Mon 4, Tue 5, Wed 6 Jan — and the pair hears nothing during the closure (not on 1/1), nor on the
    /// working days before it is due; on Wed 6 at 10:00 they are told it is due today. A first reminder written later says it is past due.
    /// </summary>
    [Fact]
    public async Task Nudge_ResolvedBeforeTheYearEndClosure_DueOnTheThirdWorkingDayAfterItAndSaysDueToday()
    {
        var closure = new ClosureOptions { From = new DateOnly(2026, 12, 29), To = new DateOnly(2027, 1, 3), Name = "年末年始", NameEn = "Year-end closure" };
        var (h, _, nudger) = await CreateAsync(closure);
        h.MoveTo(new DateTimeOffset(2026, 12, 28, 16, 0, 0, Jst));
        var id = await ResolvedAsync(h, AlertSeverity.Sev2);
        var duty = (await h.IncidentAsync(id)).Assignees.Select(a => a.Email).Order(StringComparer.Ordinal).ToList();

        foreach (var day in new[] { new DateTime(2026, 12, 29), new DateTime(2026, 12, 30), new DateTime(2027, 1, 1), new DateTime(2027, 1, 4), new DateTime(2027, 1, 5) })
        {
            h.MoveTo(new DateTimeOffset(day.AddHours(12), Jst));
            Assert.Equal(0, await nudger.NudgeAsync(default));
        }

        h.MoveTo(new DateTimeOffset(2027, 1, 6, 10, 0, 0, Jst));
        Assert.Equal(duty.Count, await nudger.NudgeAsync(default));
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.First(s => s.Id.StartsWith($"retro:{id}:due:", StringComparison.Ordinal)).Message;
        Assert.Contains("2026年12月28日(月) 16:00（JST）に復旧した障害の振り返りは、今日 2027年1月6日(水) が期限ですが、まだ書かれていません。", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("まだ書かれていません。対応した内容、判断に迷ったこと、見直すことを書いてください。 期限は復旧から3営業日後です（土日と年末年始休業は数えません）。", sent.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("過ぎて", sent.TextBody, StringComparison.Ordinal);

        // Written any later (the timer did not run that day), it says past due — as the handoff brief and the report then do.
        var incident = await h.IncidentAsync(id);
        var later = TestRenderer.Instance.Email(new OnDuty.Core.Messages.RetroDueNotice(OnDuty.Core.Team.Language.Ja, incident, new DateOnly(2027, 1, 6), "Asia/Tokyo") { Today = new DateOnly(2027, 1, 7) });
        Assert.Contains("に復旧した障害の振り返りが、期限の 2027年1月6日(水) を過ぎてもまだ書かれていません。", later.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// A SEV1 lowered to SEV3 before it resolved owes a retro as the SEV1 it was (the monthly report counts it a SEV1): the duty
    /// pair is reminded, and the mail says why — 最大重大度 SEV1. The record keeps the highest severity it held.
    /// </summary>
    [Fact]
    public async Task Nudge_Sev1LoweredToSev3_OwesARetroAndTheMailSaysItsHighestSeverity()
    {
        var (h, _, nudger) = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev1 }, "sato", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "影響は一部", new IncidentEdit { Severity = AlertSeverity.Sev3 }, "sato", null, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        var stored = await h.IncidentAsync(id);
        Assert.Equal((AlertSeverity.Sev3, AlertSeverity.Sev1), (stored.Severity, stored.MaxSeverity));
        var duty = stored.Assignees.Select(a => a.Email).Order(StringComparer.Ordinal).ToList();

        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.Equal(duty.Count, await nudger.NudgeAsync(default));

        Assert.Equal([.. duty.Select(e => $"retro:{id}:due:email:{e}")], RetroIds(h));
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.First(s => s.Id.StartsWith($"retro:{id}:due:", StringComparison.Ordinal));
        Assert.Contains("最大重大度 SEV1 の障害のため、振り返りが必要です（現在の重大度は SEV3）。", sent.Message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// A record stored before the highest severity was kept (no <c>maxSeverity</c>), lowered from SEV1 to SEV3: its timeline says
    /// it was a SEV1, so it is still reminded. A SEV3 never changed owes none, as before.
    /// </summary>
    [Fact]
    public async Task Nudge_RecordStoredBeforeMaxSeverityWasKept_TimelineSaysItWasSev1()
    {
        var (h, _, nudger) = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev1 }, "sato", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "影響は一部", new IncidentEdit { Severity = AlertSeverity.Sev3 }, "sato", null, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        var quiet = await ResolvedAsync(h, AlertSeverity.Sev3);
        var record = (await h.Incidents.GetAsync(id, default))!;
        // Neither kept nor told: the 第1報 that told SEV1 is forgotten too, so only the timeline knows.
        var snapshot = record.Value.ToSnapshot();
        await h.Incidents.SaveAsync(Incident.Restore(snapshot with { MaxSeverity = null, Comms = snapshot.Comms! with { HighestToldSeverity = null } }), record.ETag, null, default);
        var old = await h.IncidentAsync(id);
        Assert.Equal((null, true, AlertSeverity.Sev3), (old.MaxSeverity, old.MaxSeverityUnknown, old.HighestSeverity));

        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.True(await nudger.NudgeAsync(default) > 0);

        Assert.Contains(RetroIds(h), i => i.StartsWith($"retro:{id}:due:", StringComparison.Ordinal));
        Assert.DoesNotContain(RetroIds(h), i => i.Contains(quiet, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nudge_ADuplicateMergedIntoAnother_OwesNoRetroOfItsOwn()
    {
        var (h, _, nudger) = await CreateAsync();
        var (duplicate, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout fails", Severity = AlertSeverity.Sev1 }, "ito", null, default);
        var kept = await ResolvedAsync(h, AlertSeverity.Sev2);
        await h.Service.PostUpdateAsync(kept, IncidentStatus.Investigating, "not fixed after all", null, "sato", null, null, default);
        await h.Merger.MergeAsync(duplicate.Value.Id, kept, "sato", default);
        await h.Service.PostUpdateAsync(kept, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);

        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.True(await nudger.NudgeAsync(default) > 0);

        Assert.Contains(RetroIds(h), i => i.StartsWith($"retro:{kept}:due:", StringComparison.Ordinal));
        Assert.DoesNotContain(RetroIds(h), i => i.Contains(duplicate.Value.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nudge_ClosureInTheWay_DueDayShiftsToTheNextWorkingDay()
    {
        var closure = new ClosureOptions { From = new DateOnly(2026, 12, 3), To = new DateOnly(2026, 12, 3), Name = "創立記念日", NameEn = "Founding day" };
        var (h, _, nudger) = await CreateAsync(closure);
        await ResolvedAsync(h, AlertSeverity.Sev1);

        // Wed 2, (Thu 3 closed), Fri 4, (weekend), Mon 7 → due Mon 7.
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 5, 12, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 7, 10, 0, 0, Jst));
        Assert.NotEqual(0, await nudger.NudgeAsync(default));
    }

    [Fact]
    public void Day_PublicHoliday_NotCounted()
    {
        var calendar = new WorkingCalendar("JP", []);

        // Resolved Fri 2026-11-20; Mon 23 is 勤労感謝の日: Tue 24, Wed 25, Thu 26.
        Assert.Equal(new DateOnly(2026, 11, 26), RetroDue.Day(new DateOnly(2026, 11, 20), 3, calendar));
        Assert.Equal(new DateOnly(2026, 11, 25), RetroDue.Day(new DateOnly(2026, 11, 20), 3, new WorkingCalendar("none", [])));
    }

    [Fact]
    public async Task Nudge_ActionItemPastDue_OwnerRemindedOnceAndAgainOnlyForANewDueDate()
    {
        var (h, retros, nudger) = await CreateAsync();
        var id = await ResolvedAsync(h, AlertSeverity.Sev3);
        var incident = await h.IncidentAsync(id);
        var late = new ActionItem { Title = "タイムアウト値を見直す", Owner = "sato", Due = new DateOnly(2026, 12, 2) };
        await retros.PutAsync(incident, new RetroContent
        {
            Summary = "s",
            ActionItems =
            [
                late,
                new ActionItem { Title = "done already", Owner = "emma", Due = new DateOnly(2026, 12, 2), Status = ActionItemStatus.Done },
                new ActionItem { Title = "later", Owner = "tanaka", Due = new DateOnly(2026, 12, 10) },
                new ActionItem { Title = "no date", Owner = "yamada" },
            ],
        }, h.Time.GetUtcNow());

        h.MoveTo(new DateTimeOffset(2026, 12, 2, 18, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 3, 10, 0, 0, Jst));
        Assert.Equal(1, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        Assert.Equal([$"{OnDuty.Core.Notifications.OutboxIds.ActionItemDueTopic(id, late)}:email:sato@example.com"], RetroIds(h));

        // Postponed to Fri 4: a new due date is a new reminder once it has passed too.
        await retros.PutAsync(incident, new RetroContent { Summary = "s", ActionItems = [late with { Due = new DateOnly(2026, 12, 4) }] }, h.Time.GetUtcNow());
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 11, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 7, 10, 0, 0, Jst));
        Assert.Equal(1, await nudger.NudgeAsync(default));
        Assert.Equal(2, RetroIds(h).Count);

        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Where(s => s.Id.StartsWith($"retro:{id}:action:", StringComparison.Ordinal)).ToList();
        Assert.All(sent, s => Assert.Equal("【期限切れ】タイムアウト値を見直す", s.Message.Subject));
    }

    /// <summary>
    /// Session 48: an open item without a due date is never past due, so it was never reminded. Its owner now is, once, 14 days
    /// (<see cref="RetroOptions.UndatedReminderDays"/>) after the retro listing it was saved — asked for a due date — and never again,
    /// however often the timer runs; a done item and one given a date are not.
    /// </summary>
    [Fact]
    public async Task Nudge_ItemWithoutADueDate_OwnerRemindedOnce14DaysAfterTheRetroWasSaved()
    {
        var (h, retros, nudger) = await CreateAsync();
        var id = await ResolvedAsync(h, AlertSeverity.Sev3);
        var undated = new ActionItem { Title = "閾値を見直す", Owner = "sato" };
        h.MoveTo(new DateTimeOffset(2026, 12, 1, 15, 0, 0, Jst));
        await retros.PutAsync(await h.IncidentAsync(id), new RetroContent
        {
            Summary = "s",
            ActionItems =
            [
                undated,
                new ActionItem { Title = "done", Owner = "emma", Status = ActionItemStatus.Done },
                new ActionItem { Title = "dated", Owner = "tanaka", Due = new DateOnly(2026, 12, 31) },
            ],
        }, h.Time.GetUtcNow());

        h.MoveTo(new DateTimeOffset(2026, 12, 14, 10, 0, 0, Jst)); // Mon, 13 days after
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 15, 10, 0, 0, Jst)); // Tue, 14 days after
        Assert.Equal(1, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 22, 10, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        Assert.Equal([$"{OnDuty.Core.Notifications.OutboxIds.ActionItemUndatedTopic(id, undated)}:email:sato@example.com"], RetroIds(h));

        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Single(s => s.Id.StartsWith($"retro:{id}:action:", StringComparison.Ordinal)).Message;
        Assert.Equal("【期限未設定】閾値を見直す", sent.Subject);
        Assert.Contains("の振り返りで決めたアクションアイテム（担当：あなた）に期限がなく、振り返りの保存から14日たっても未完了です。", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("振り返りページで期限を設定してください。", sent.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 37 M3: an overdue item whose owner has left (past their last day) is not reminded to them — nobody who can act would
    /// hear of it — but to the leads, each in their language (a lead on the roster in theirs, anyone else in the team's), saying
    /// the owner has left and the item needs a new owner, with the retro page's link: one mail per person who left. Once, however
    /// often the timer runs.
    /// </summary>
    [Fact]
    public async Task Nudge_OverdueItemOfAnOwnerWhoLeft_LeadsToldItNeedsANewOwnerNotTheOwner()
    {
        var (h, retros, nudger) = await CreateAsync(o => o.Leads = ["lead@example.com", "emma@example.com"]);
        await LeavesAsync(h, "sato", new DateOnly(2026, 11, 30));
        var id = await ResolvedAsync(h, AlertSeverity.Sev3);
        var late = new ActionItem { Title = "タイムアウト値を見直す", Owner = "sato", Due = new DateOnly(2026, 12, 2) };
        var orphan = new ActionItem { Title = "ログの保存期間を延ばす", Owner = "kimura", Due = new DateOnly(2026, 12, 1) }; // deleted from the roster
        await retros.PutAsync(await h.IncidentAsync(id), new RetroContent { Summary = "s", ActionItems = [late, orphan] }, h.Time.GetUtcNow());

        h.MoveTo(new DateTimeOffset(2026, 12, 3, 10, 0, 0, Jst));
        Assert.Equal(4, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));

        var topic = OnDuty.Core.Notifications.OutboxIds.ActionItemsOfLeaverTopic("sato", null, [(id, late, true)]);
        var other = OnDuty.Core.Notifications.OutboxIds.ActionItemsOfLeaverTopic("kimura", null, [(id, orphan, true)]);
        Assert.Equal([.. new[] { $"{topic}:email:emma@example.com", $"{topic}:email:lead@example.com", $"{other}:email:emma@example.com", $"{other}:email:lead@example.com" }.Order(StringComparer.Ordinal)], RetroIds(h));
        await h.DrainQueueAsync();
        var ja = h.Email.Sent.Single(s => s.Id == $"{topic}:email:lead@example.com").Message;
        Assert.Equal("【担当者の変更が必要】佐藤さんのアクションアイテム（未完了1件）", ja.Subject);
        Assert.Equal(
            "佐藤さんはすでにチームを離れていますが、担当するアクションアイテムが1件未完了のまま残っています。\n\n"
            + "- タイムアウト値を見直す（期限 2026年12月2日(水) を過ぎています）\n"
            + $"  {id}「Sev3 down」の振り返り：https://onduty.example/api/incidents/{id}/retro/page\n\n"
            + "新しい担当者が必要です。振り返りページで、残るメンバーに担当を変更してください（必要なら期限も更新してください）。",
            ja.TextBody.Trim().ReplaceLineEndings("\n"));
        Assert.StartsWith("kimuraさんはすでにチームを離れていますが、", h.Email.Sent.Single(s => s.Id == $"{other}:email:lead@example.com").Message.TextBody, StringComparison.Ordinal);
        var en = h.Email.Sent.Single(s => s.Id == $"{topic}:email:emma@example.com").Message;
        Assert.Equal("[Action item needs a new owner] 佐藤 花子 (1 open)", en.Subject);
        Assert.Equal(
            "佐藤 花子 has left the team and still owns an open action item from a retro:\n\n"
            + "- タイムアウト値を見直す (was due Wed 2 Dec 2026)\n"
            + $"  Retro of {id} Sev3 down: https://onduty.example/api/incidents/{id}/retro/page\n\n"
            + "It needs a new owner: open the retro page and give it to someone who stays (with a new due date if needed).",
            en.TextBody.Trim().ReplaceLineEndings("\n"));
        Assert.Contains($"<li><b>タイムアウト値を見直す（期限 2026年12月2日(水) を過ぎています）</b><br><a href=\"https://onduty.example/api/incidents/{id}/retro/page\">{id}「Sev3 down」の振り返り</a></li>", ja.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// An overdue item whose owner was taken off the roster since: the leads' mail names them by the name they had when they left
    /// (「木村さん」), not by their member id as it did before such a record was kept (kimura, above).
    /// </summary>
    [Fact]
    public async Task Nudge_OverdueItemOfAnOwnerTakenOffTheRoster_LeadsToldByTheNameTheyHad()
    {
        var (h, retros, nudger) = await CreateAsync(o => o.Leads = ["lead@example.com"]);
        await h.Roster.SaveFormerMemberAsync(new OnDuty.Core.Team.FormerMember("kimura", "木村 拓也", OnDuty.Core.Team.Language.Ja, h.Time.GetUtcNow()), default);
        var id = await ResolvedAsync(h, AlertSeverity.Sev3);
        var orphan = new ActionItem { Title = "ログの保存期間を延ばす", Owner = "kimura", Due = new DateOnly(2026, 12, 1) };
        await retros.PutAsync(await h.IncidentAsync(id), new RetroContent { Summary = "s", ActionItems = [orphan] }, h.Time.GetUtcNow());

        h.MoveTo(new DateTimeOffset(2026, 12, 3, 10, 0, 0, Jst));
        await nudger.NudgeAsync(default);
        await h.DrainQueueAsync();

        var topic = OnDuty.Core.Notifications.OutboxIds.ActionItemsOfLeaverTopic("kimura", null, [(id, orphan, true)]);
        var mail = h.Email.Sent.Single(s => s.Id == $"{topic}:email:lead@example.com").Message;
        Assert.Equal("【担当者の変更が必要】木村さんのアクションアイテム（未完了1件）", mail.Subject);
        Assert.StartsWith("木村さんはすでにチームを離れていますが、", mail.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 39: when a member gets a leaving date each lead gets, in the next run, ONE mail listing every open item they own, from
    /// every retro (due or not, soonest first; done ones are no news), each with its retro's link — once per leaving date. The owner
    /// is still reminded of an overdue item while they are here; once they have left, the leads get one more mail listing the
    /// items still open, the overdue ones marked.
    /// </summary>
    [Fact]
    public async Task Nudge_OwnerGivenALeavingDate_EachLeadGetsOneMailListingAllTheirOpenItems_ThenOneMoreOnceTheyLeft()
    {
        var (h, retros, nudger) = await CreateAsync(o => o.Leads = ["lead@example.com", "emma@example.com"]);
        var id = await ResolvedAsync(h, AlertSeverity.Sev3);
        var id2 = await ResolvedAsync(h, AlertSeverity.Sev3);
        var dated = new ActionItem { Title = "Runbook に手順を追加", Owner = "tanaka", Due = new DateOnly(2026, 12, 10) };
        var undated = new ActionItem { Title = "監視の閾値を見直す", Owner = "tanaka" };
        var sooner = new ActionItem { Title = "ポストモーテムを共有", Owner = "tanaka", Due = new DateOnly(2026, 12, 8) };
        await retros.PutAsync(await h.IncidentAsync(id), new RetroContent
        {
            Summary = "s",
            ActionItems = [dated, undated, new ActionItem { Title = "done", Owner = "tanaka", Status = ActionItemStatus.Done }, new ActionItem { Title = "stays", Owner = "yamada" }],
        }, h.Time.GetUtcNow());
        await retros.PutAsync(await h.IncidentAsync(id2), new RetroContent { Summary = "s", ActionItems = [sooner] }, h.Time.GetUtcNow());

        h.MoveTo(new DateTimeOffset(2026, 12, 3, 10, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        await LeavesAsync(h, "tanaka", new DateOnly(2026, 12, 25));
        Assert.Equal(2, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        var leaves = OnDuty.Core.Notifications.OutboxIds.ActionItemsOfLeaverTopic("tanaka", new DateOnly(2026, 12, 25), [(id, dated, false), (id, undated, false), (id2, sooner, false)]);
        Assert.Equal([$"{leaves}:email:emma@example.com", $"{leaves}:email:lead@example.com"], RetroIds(h));
        await h.DrainQueueAsync();
        string Retro(string incident) => $"{incident}「Sev3 down」の振り返り：https://onduty.example/api/incidents/{incident}/retro/page";
        var ja = h.Email.Sent.Single(s => s.Id == $"{leaves}:email:lead@example.com").Message;
        Assert.Equal("【担当者の変更が必要】田中さんのアクションアイテム（未完了3件）", ja.Subject);
        Assert.Equal(
            "田中さんは 2026年12月25日(金) を最終日にチームを離れますが、担当するアクションアイテムが3件未完了のまま残っています。\n\n"
            + $"- ポストモーテムを共有（期限 2026年12月8日(火)）\n  {Retro(id2)}\n"
            + $"- Runbook に手順を追加（期限 2026年12月10日(木)）\n  {Retro(id)}\n"
            + $"- 監視の閾値を見直す\n  {Retro(id)}\n\n"
            + "どれも新しい担当者が必要です。それぞれの振り返りページで、残るメンバーに担当を変更してください（必要なら期限も更新してください）。",
            ja.TextBody.Trim().ReplaceLineEndings("\n"));
        var en = h.Email.Sent.Single(s => s.Id == $"{leaves}:email:emma@example.com").Message;
        Assert.Equal("[Action items need a new owner] 田中 健 (3 open)", en.Subject);
        Assert.Equal(
            "田中 健 leaves the team after Fri 25 Dec 2026 and still owns 3 open action items from retros:\n\n"
            + $"- ポストモーテムを共有 (due Tue 8 Dec 2026)\n  Retro of {id2} Sev3 down: https://onduty.example/api/incidents/{id2}/retro/page\n"
            + $"- Runbook に手順を追加 (due Thu 10 Dec 2026)\n  Retro of {id} Sev3 down: https://onduty.example/api/incidents/{id}/retro/page\n"
            + $"- 監視の閾値を見直す\n  Retro of {id} Sev3 down: https://onduty.example/api/incidents/{id}/retro/page\n\n"
            + "Each needs a new owner: on its retro page, give it to someone who stays (with a new due date if needed).",
            en.TextBody.Trim().ReplaceLineEndings("\n"));

        // Overdue while still here: the owner is reminded, as anyone; the leads were told already.
        h.MoveTo(new DateTimeOffset(2026, 12, 11, 10, 0, 0, Jst));
        Assert.Equal(2, await nudger.NudgeAsync(default));
        Assert.Contains($"{OnDuty.Core.Notifications.OutboxIds.ActionItemDueTopic(id, dated)}:email:tanaka@example.com", RetroIds(h));
        Assert.Contains($"{OnDuty.Core.Notifications.OutboxIds.ActionItemDueTopic(id2, sooner)}:email:tanaka@example.com", RetroIds(h));

        // Left on Fri 25: one more mail to each lead, the items still open, the overdue ones marked; and yamada, who stays, is
        // reminded once of the item without a due date, 14 days past (session 48).
        h.MoveTo(new DateTimeOffset(2026, 12, 28, 10, 0, 0, Jst));
        Assert.Equal(3, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        var left = OnDuty.Core.Notifications.OutboxIds.ActionItemsOfLeaverTopic("tanaka", null, [(id, dated, true), (id, undated, false), (id2, sooner, true)]);
        Assert.Contains($"{left}:email:lead@example.com", RetroIds(h));
        Assert.Contains($"{OnDuty.Core.Notifications.OutboxIds.ActionItemUndatedTopic(id, new ActionItem { Title = "stays", Owner = "yamada" })}:email:yamada@example.com", RetroIds(h));
        Assert.Equal(7, RetroIds(h).Count);
        await h.DrainQueueAsync();
        Assert.Equal(
            "田中さんはすでにチームを離れていますが、担当するアクションアイテムが3件未完了のまま残っています。\n\n"
            + $"- ポストモーテムを共有（期限 2026年12月8日(火) を過ぎています）\n  {Retro(id2)}\n"
            + $"- Runbook に手順を追加（期限 2026年12月10日(木) を過ぎています）\n  {Retro(id)}\n"
            + $"- 監視の閾値を見直す\n  {Retro(id)}\n\n"
            + "どれも新しい担当者が必要です。それぞれの振り返りページで、残るメンバーに担当を変更してください（必要なら期限も更新してください）。",
            h.Email.Sent.Single(s => s.Id == $"{left}:email:lead@example.com").Message.TextBody.Trim().ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// An inactive owner who was the only lead: nobody else leads, so the retro's author and the incident's duty
    /// members hear of it (the people who know the item), never the address of the one who left.
    /// </summary>
    [Fact]
    public async Task Nudge_InactiveOwnerWasTheOnlyLead_RetroAuthorAndDutyMembersToldNotTheOwner()
    {
        var (h, retros, nudger) = await CreateAsync(o => o.Leads = ["kato@example.com"]);
        await h.Roster.SaveMemberAsync(TeamData.Member("kato", "加藤 誠"), null, default);
        var id = await ResolvedAsync(h, AlertSeverity.Sev3);
        var incident = await h.IncidentAsync(id);
        var item = new ActionItem { Title = "アラートの重複を整理", Owner = "kato", Due = new DateOnly(2026, 12, 2) };
        var content = new RetroContent { Summary = "s", ActionItems = [item] };
        await retros.SaveAsync(new StoredRetro(id, content, new RetroVersion(1, "Emma@example.com", h.Time.GetUtcNow()), LessonDocument.For(incident, content)), null, default);
        var stored = (await h.Roster.GetMemberAsync("kato", default))!;
        await h.Roster.SaveMemberAsync(stored.Value with { Active = false }, stored.ETag, default);

        h.MoveTo(new DateTimeOffset(2026, 12, 3, 10, 0, 0, Jst));
        await nudger.NudgeAsync(default);

        var topic = OnDuty.Core.Notifications.OutboxIds.ActionItemsOfLeaverTopic("kato", null, [(id, item, true)]);
        var expected = incident.Assignees.Select(a => a.Email).Append("emma@example.com").Distinct().Select(e => $"{topic}:email:{e}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, RetroIds(h));
        await h.DrainQueueAsync();
        Assert.Contains("加藤さんはすでにチームを離れていますが、担当するアクションアイテムが1件未完了のまま残っています。",
            h.Email.Sent.First(s => s.Id.StartsWith(topic, StringComparison.Ordinal) && !s.Id.EndsWith("emma@example.com", StringComparison.Ordinal)).Message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 39: action items come from the action-item index, not the last <see cref="RetroOptions.LookBackDays"/> of retros: an
    /// item of a retro whose incident resolved five months ago is still reminded to its owner once overdue, and listed to the leads
    /// when its owner is given a leaving date (before, both were missed once the retro fell out of the window).
    /// </summary>
    [Fact]
    public async Task Nudge_RetroOlderThanTheLookBack_ItsOverdueItemRemindedAndALeaversItemListedToTheLeads()
    {
        var (h, retros, nudger) = await CreateAsync(o => o.Leads = ["lead@example.com"]);
        var id = await ResolvedAsync(h, AlertSeverity.Sev3);
        var late = new ActionItem { Title = "タイムアウト値を見直す", Owner = "sato", Due = new DateOnly(2027, 5, 7) };
        var handed = new ActionItem { Title = "Runbook に手順を追加", Owner = "tanaka", Due = new DateOnly(2027, 6, 30) };
        await retros.PutAsync(await h.IncidentAsync(id), new RetroContent { Summary = "s", ActionItems = [late, handed] }, h.Time.GetUtcNow());

        // Mon 2027-05-10: 160 days after the incident resolved (Tue 2026-12-01), well past the 120-day window.
        h.MoveTo(new DateTimeOffset(2027, 5, 10, 10, 0, 0, Jst));
        await LeavesAsync(h, "tanaka", new DateOnly(2027, 5, 31));
        Assert.Equal(2, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));

        var leaver = OnDuty.Core.Notifications.OutboxIds.ActionItemsOfLeaverTopic("tanaka", new DateOnly(2027, 5, 31), [(id, handed, false)]);
        Assert.Equal(
            [.. new[] { $"{OnDuty.Core.Notifications.OutboxIds.ActionItemDueTopic(id, late)}:email:sato@example.com", $"{leaver}:email:lead@example.com" }.Order(StringComparer.Ordinal)],
            RetroIds(h));
        await h.DrainQueueAsync();
        var reminder = h.Email.Sent.Single(s => s.Id.EndsWith(":email:sato@example.com", StringComparison.Ordinal) && s.Id.StartsWith("retro:", StringComparison.Ordinal)).Message;
        Assert.Equal("【期限切れ】タイムアウト値を見直す", reminder.Subject);
        Assert.Contains($"{id} Sev3 down", reminder.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://onduty.example/api/incidents/{id}/retro/page", reminder.TextBody, StringComparison.Ordinal);
        Assert.Equal(
            "田中さんは 2027年5月31日(月) を最終日にチームを離れますが、担当するアクションアイテムが1件未完了のまま残っています。\n\n"
            + "- Runbook に手順を追加（期限 2027年6月30日(水)）\n"
            + $"  {id}「Sev3 down」の振り返り：https://onduty.example/api/incidents/{id}/retro/page\n\n"
            + "新しい担当者が必要です。振り返りページで、残るメンバーに担当を変更してください（必要なら期限も更新してください）。",
            h.Email.Sent.Single(s => s.Id == $"{leaver}:email:lead@example.com").Message.TextBody.Trim().ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// Trial 56: 鈴木 went on leave 7–18 Dec owning an action item due on the 10th; on the 11th its reminder went to her alone and
    /// nobody present heard of it. Now the leads hear on the 11th, with whose it is and until when; she hears nothing while away —
    /// nor over the weekend after — and is reminded on Monday 21 Dec, her first working day back. Each once.
    /// </summary>
    [Fact]
    public async Task Nudge_ItemFallsDueWhileItsOwnerIsOnLeave_LeadsToldAtOnce_OwnerRemindedOnTheirFirstWorkingDayBack()
    {
        var (h, retros, nudger) = await CreateAsync(o => o.Leads = ["lead@example.com", "emma@example.com"]);
        var id = await ResolvedAsync(h, AlertSeverity.Sev3);
        var item = new ActionItem { Title = "Runbook に手順を追加", Owner = "tanaka", Due = new DateOnly(2026, 12, 10) };
        await retros.PutAsync(await h.IncidentAsync(id), new RetroContent { Summary = "s", ActionItems = [item] }, h.Time.GetUtcNow());
        await h.Roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "away", MemberId = "tanaka", From = new DateOnly(2026, 12, 7), To = new DateOnly(2026, 12, 18) }, default);

        h.MoveTo(new DateTimeOffset(2026, 12, 11, 10, 0, 0, Jst));
        Assert.Equal(2, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        var away = OnDuty.Core.Notifications.OutboxIds.ActionItemDueOwnerAwayTopic(id, item);
        Assert.Equal([$"{away}:email:emma@example.com", $"{away}:email:lead@example.com"], RetroIds(h));
        await h.DrainQueueAsync();
        var ja = h.Email.Sent.Single(s => s.Id == $"{away}:email:lead@example.com").Message;
        Assert.Equal("【期限切れ・担当者が休暇中】Runbook に手順を追加", ja.Subject);
        Assert.Contains($"{id}「Sev3 down」の振り返りで決めたアクションアイテムが、期限の 2026年12月10日(木) を過ぎても未完了です。担当の田中さんは2026年12月18日(金)まで休暇中です。",
            ja.TextBody, StringComparison.Ordinal);
        Assert.Contains("担当者には休暇明けの最初の営業日にお知らせします。", ja.TextBody, StringComparison.Ordinal);
        var en = h.Email.Sent.Single(s => s.Id == $"{away}:email:emma@example.com").Message;
        Assert.Equal("[Action item overdue, owner on leave] Runbook に手順を追加", en.Subject);
        Assert.Contains("is on leave until Fri 18 Dec 2026.", en.TextBody, StringComparison.Ordinal);

        // Still away on Mon 14; back on Mon 21 (Sat 19 and Sun 20 are not working days): reminded then, once.
        h.MoveTo(new DateTimeOffset(2026, 12, 14, 10, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 21, 10, 0, 0, Jst));
        Assert.Equal(1, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        Assert.Contains($"{OnDuty.Core.Notifications.OutboxIds.ActionItemDueTopic(id, item)}:email:tanaka@example.com", RetroIds(h));
        Assert.Equal(3, RetroIds(h).Count);
    }

    /// <summary>
    /// Trial 57: one of the pair owing a SEV2's retro is on leave (Thu 3 – Wed 9 Dec) when it falls due on Fri 4. Her partner is
    /// reminded and reads that she is away and until when; hers waits for her first working day back, Thu 10, and goes then, once.
    /// Before, she was reminded on her leave with him.
    /// </summary>
    [Fact]
    public async Task Nudge_RetroDueWhileOneOfThePairIsOnLeave_PartnerToldSheIsAway_HersOnHerFirstWorkingDayBack()
    {
        var (h, _, nudger) = await CreateAsync();
        var id = await ResolvedAsync(h, AlertSeverity.Sev2);
        var duty = (await h.IncidentAsync(id)).Assignees.ToList();
        Assert.Equal(2, duty.Count);
        var (away, partner) = (duty[0], duty[1]);
        await h.Roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "away", MemberId = away.Id, From = new DateOnly(2026, 12, 3), To = new DateOnly(2026, 12, 9) }, default);

        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.Equal(1, await nudger.NudgeAsync(default));
        Assert.Equal([$"retro:{id}:due:email:{partner.Email}"], RetroIds(h));
        await h.DrainQueueAsync();
        var mail = h.Email.Sent.Single(s => s.Id == $"retro:{id}:due:email:{partner.Email}").Message;
        Assert.Contains(partner.Language == OnDuty.Core.Team.Language.Ja ? "2026年12月9日(水)まで休暇中のため、このお願いは休暇明けに届きます。" : "is on leave until Wed 9 Dec 2026; this reminder reaches them when they are back.",
            mail.TextBody, StringComparison.Ordinal);

        h.MoveTo(new DateTimeOffset(2026, 12, 9, 10, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 10, 10, 0, 0, Jst));
        Assert.Equal(1, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        Assert.Equal([.. new[] { partner.Email, away.Email }.Select(e => $"retro:{id}:due:email:{e}").Order(StringComparer.Ordinal)], RetroIds(h));
        await h.DrainQueueAsync();
        Assert.DoesNotContain("休暇", h.Email.Sent.Single(s => s.Id == $"retro:{id}:due:email:{away.Email}").Message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>Both of the pair on leave when the retro falls due: the leads hear of it, with who is away; the pair on return.</summary>
    [Fact]
    public async Task Nudge_RetroDueWhileThePairIsOnLeave_LeadsTold()
    {
        var (h, _, nudger) = await CreateAsync(o => o.Leads = ["lead@example.com"]);
        var id = await ResolvedAsync(h, AlertSeverity.Sev2);
        var duty = (await h.IncidentAsync(id)).Assignees.ToList();
        foreach (var a in duty)
        {
            await h.Roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = $"away-{a.Id}", MemberId = a.Id, From = new DateOnly(2026, 12, 3), To = new DateOnly(2026, 12, 4) }, default);
        }

        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.Equal(1, await nudger.NudgeAsync(default));
        Assert.Equal([$"retro:{id}:due:email:lead@example.com"], RetroIds(h));
        await h.DrainQueueAsync();
        var mail = h.Email.Sent.Single(s => s.Id == $"retro:{id}:due:email:lead@example.com").Message;
        Assert.Equal(duty.Count, System.Text.RegularExpressions.Regex.Count(mail.TextBody, "2026年12月4日\\(金\\)まで休暇中のため"));

        h.MoveTo(new DateTimeOffset(2026, 12, 7, 10, 0, 0, Jst));
        Assert.Equal(duty.Count, await nudger.NudgeAsync(default));
    }

    private static async Task LeavesAsync(IncidentHarness h, string id, DateOnly last)
    {
        var stored = (await h.Roster.GetMemberAsync(id, default))!;
        await h.Roster.SaveMemberAsync(stored.Value with { LeavesOn = last }, stored.ETag, default);
    }

    private static List<string> RetroIds(IncidentHarness h) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith("retro:", StringComparison.Ordinal)).Select(m => m.Id).Order(StringComparer.Ordinal)];

    private static async Task<string> ResolvedAsync(IncidentHarness h, AlertSeverity severity)
    {
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = $"{severity} down", Severity = severity }, "sato", null, default);
        await h.Service.PostUpdateAsync(created.Value.Id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        return created.Value.Id;
    }


    private static Task<(IncidentHarness, InMemoryRetroRepository, RetroNudger)> CreateAsync(params ClosureOptions[] closures) => CreateAsync(null, closures);

    private static async Task<(IncidentHarness, InMemoryRetroRepository, RetroNudger)> CreateAsync(Action<IncidentOptions>? configure, params ClosureOptions[] closures)
    {
        var h = await IncidentHarness.CreateAsync(configure);
        var retros = new InMemoryRetroRepository();
        var options = Opts.Create(new RetroOptions());
        var incidentOptions = Opts.Create(h.Options);
        var backlog = new RetroBacklog(h.Incidents, retros, options, incidentOptions, Opts.Create(new ReportOptions()));
        var nudger = new RetroNudger(
            backlog, retros, h.Incidents, h.Roster, new WorkingCalendar("JP", closures), TestRenderer.Instance, h.Dispatcher, h.Time, options, incidentOptions,
            Opts.Create(new TeamOptions { Language = "ja", PublicBaseUrl = "https://onduty.example" }), NullLogger<RetroNudger>.Instance);
        return (h, retros, nudger);
    }
}
