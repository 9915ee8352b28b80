using OnDuty.Core.Notifications;
using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Maintenance;
using OnDuty.Core.Retros;
using OnDuty.Core.Rotations;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;
using Opts = Microsoft.Extensions.Options.Options;

namespace OnDuty.Core.Tests.Retros;

/// <summary>The handoff brief at the harness's Tue 2026-12-01 10:00 Tokyo, in the shift that started Mon 2026-11-30 (to Sun 6 Dec).</summary>
public sealed class HandoffBrieferTests
{
    private static readonly DateOnly ShiftStart = new(2026, 11, 30);

    [Fact]
    public async Task Brief_WeekAnnounced_EachMemberOnceInTheirLanguageWithWhatIsOwed()
    {
        var (h, retros, briefer) = await CreateAsync();
        var (open, _) = await h.Service.CreateAsync(new NewIncident { Title = "検索が遅い", Severity = AlertSeverity.Sev3 }, "sato", null, default);
        var missing = await ResolvedAsync(h, AlertSeverity.Sev2, "ログインできない");
        var written = await ResolvedAsync(h, AlertSeverity.Sev4, "表示崩れ");
        await retros.PutAsync(await h.IncidentAsync(written), new RetroContent
        {
            Summary = "s",
            ActionItems =
            [
                new ActionItem { Title = "今週期限の作業", Owner = "tanaka", Due = new DateOnly(2026, 12, 4) },
                new ActionItem { Title = "来月の作業", Owner = "tanaka", Due = new DateOnly(2027, 1, 10) },
                new ActionItem { Title = "終わった作業", Owner = "tanaka", Due = new DateOnly(2026, 11, 20), Status = ActionItemStatus.Done },
            ],
        }, h.Time.GetUtcNow());

        Assert.Equal(0, await briefer.BriefAsync(default));
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);

        Assert.Equal(2, await briefer.BriefAsync(default));
        Assert.Equal(0, await briefer.BriefAsync(default));
        Assert.Equal(
            ["brief:incident-duty:2026-W49:email:emma@example.com", "brief:incident-duty:2026-W49:email:sato@example.com"],
            h.Outbox.All.Where(m => m.Id.StartsWith("brief:", StringComparison.Ordinal)).Select(m => m.Id).Order(StringComparer.Ordinal));

        await h.DrainQueueAsync();
        var ja = h.Email.Sent.Single(s => s.Id.EndsWith("sato@example.com", StringComparison.Ordinal) && s.Id.StartsWith("brief:", StringComparison.Ordinal)).Message;
        Assert.Equal("【引き継ぎ】障害当番 11月30日(月)からの週", ja.Subject); // as the announcement names the week
        Assert.Contains($"{open.Value.Id} SEV3 検索が遅い", ja.TextBody, StringComparison.Ordinal);
        // The list's times say their zone once, in its heading (session 44: they were bare).
        Assert.Contains("■対応中の障害（1件、時刻は JST）\n", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{missing} SEV2 ログインできない — 期限 ", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains("今週期限の作業 — 担当 田中 健", ja.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("来月の作業", ja.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("終わった作業", ja.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain($"{written} SEV4 表示崩れ — 期限", ja.TextBody, StringComparison.Ordinal);
        var en = h.Email.Sent.Single(s => s.Id.EndsWith("emma@example.com", StringComparison.Ordinal) && s.Id.StartsWith("brief:", StringComparison.Ordinal)).Message;
        // In English too the week by its first day, as the en mails' other lists write days — not the ISO week "2026-W49".
        Assert.Equal("[Handoff brief] Incident duty, the week of Mon 30 Nov", en.Subject);
        Assert.StartsWith("You are on Incident duty for the week of Mon 30 Nov. ", en.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-W49", en.TextBody, StringComparison.Ordinal);
        Assert.Contains("Open incidents (1; times in JST):\n", en.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 52: an incident still open at the handoff says when it was last updated and when the stakeholders expect the next
    /// update — the severity's interval after the last update by a person, as the incident page and the reminder have it.
    /// </summary>
    [Fact]
    public async Task Brief_OpenIncident_SaysItsLastUpdateAndTheNextUpdateTheStakeholdersExpect()
    {
        var (h, _, briefer) = await CreateAsync(comms: c => c.UpdateInterval.Sev2 = "01:00:00");
        var (open, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var (ja, en) = await BriefW49Async(h, briefer);

        Assert.Contains($"{open.Value.Id} SEV2 決済が遅い — ", ja, StringComparison.Ordinal);
        Assert.Contains("2026/12/01 10:00 検知。最終更新 2026/12/01 10:00、関係者への次回の更新予定 2026/12/01 11:00\n", ja, StringComparison.Ordinal);
        Assert.Contains("Detected 1 Dec 2026 10:00. Last update 1 Dec 2026 10:00; next update to stakeholders due 1 Dec 2026 11:00\n", en, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 49 (brief G): the rotation's start moved later (to Mon 14 Dec) past the running week, which is held over with its
    /// pair and announced: the pair gets the brief of that week as in any other; before the move nothing was sent (index &lt; 0).
    /// </summary>
    [Fact]
    public async Task Brief_WeekHeldOverPastAStartMovedLater_ThePairIsBriefedOnceAnnounced()
    {
        var (h, _, briefer) = await CreateAsync();
        var stored = (await h.RotationStore.GetAsync("incident-duty", default))!;
        await h.RotationStore.SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 14) }, stored.ETag, default);
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "emma"], Status = FrozenShiftStatus.Announcing,
        }, default);
        Assert.Equal(0, await briefer.BriefAsync(default));
        var frozen = (await h.RotationStore.GetFrozenShiftAsync("incident-duty", ShiftStart, default))!;
        await h.RotationStore.UpdateFrozenShiftAsync("incident-duty", frozen.Value with { Status = FrozenShiftStatus.Announced }, frozen.ETag, default);

        Assert.Equal(2, await briefer.BriefAsync(default));
        Assert.Equal(0, await briefer.BriefAsync(default));
        Assert.Equal(
            ["brief:incident-duty:2026-W49:email:emma@example.com", "brief:incident-duty:2026-W49:email:sato@example.com"],
            h.Outbox.All.Where(m => m.Id.StartsWith("brief:", StringComparison.Ordinal)).Select(m => m.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Brief_ListsTheMaintenanceOfTheWeek_RunningOrBeginningBeforeItEnds()
    {
        var (h, _, briefer) = await CreateAsync();
        var now = h.Time.GetUtcNow();
        async Task<string> PlanAsync(string title, DateTimeOffset from, TimeSpan length) => (await h.Maintenance.PlanAsync(new MaintenanceRequest
        {
            Title = title, From = from, To = from + length, Sources = ["alertmanager"], Labels = new Dictionary<string, string> { ["service"] = "payments" },
        }, "sato", default)).Value.Id;
        var running = await PlanAsync("決済DBの移行", now.AddMinutes(-30), TimeSpan.FromHours(2));
        var friday = await PlanAsync("証明書の更新", now.AddDays(3), TimeSpan.FromHours(1)); // Fri 4 Dec
        var nextWeek = await PlanAsync("来週の作業", now.AddDays(7), TimeSpan.FromHours(1)); // Tue 8 Dec: the next pair's
        var ended = await PlanAsync("終わった作業", now.AddMinutes(-10), TimeSpan.FromHours(1));
        await h.Maintenance.EndAsync(ended, "sato", default);
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);

        Assert.Equal(2, await briefer.BriefAsync(default));
        await h.DrainQueueAsync();

        var ja = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:sato@example.com").Message.TextBody;
        Assert.Contains("■今週のメンテナンス（2件、対象のアラートは終了まで当番に連絡しません）", ja, StringComparison.Ordinal);
        Assert.Contains($"- {running} 決済DBの移行 — ", ja, StringComparison.Ordinal);
        Assert.Contains("、対象：Alertmanager 連携、service=payments", ja, StringComparison.Ordinal);
        Assert.Contains($"- {friday} 証明書の更新 — ", ja, StringComparison.Ordinal);
        Assert.Contains("https://onduty.example/api/status/maintenance", ja, StringComparison.Ordinal);
        Assert.DoesNotContain(nextWeek, ja, StringComparison.Ordinal);
        Assert.DoesNotContain(ended, ja, StringComparison.Ordinal);
    }

    /// <summary>
    /// The incoming pair hears of incidents monitoring resolved whose stakeholders were told they started and not that they ended,
    /// as of owed retros; not of one whose recovery a person reported, nor of one nobody was told about.
    /// </summary>
    [Fact]
    public async Task Brief_ListsRecoveryNoticesOwed_NotThoseReportedOrNeverTold()
    {
        var (h, _, briefer) = await CreateAsync(c =>
        {
            c.Audiences["execs"] = new OnDuty.Core.Comms.AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
            c.BySeverity.Sev1 = ["execs"];
        });
        async Task<string> AutoResolvedAsync(string group, bool tell, bool report)
        {
            var id = (await h.Intake.IntakeAsync(IncidentHarness.Notification(group, IncidentHarness.Alert("err", severity: AlertSeverity.Sev1)), default)).IncidentId!;
            if (tell)
            {
                await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "調査中です。", null, "sato", null, null, default);
            }

            h.Time.Advance(TimeSpan.FromMinutes(1));
            await h.Intake.IntakeAsync(IncidentHarness.Notification(group, IncidentHarness.Alert("err", AlertStatus.Resolved, AlertSeverity.Sev1)), default);
            if (report)
            {
                await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました。", null, "sato", null, null, default);
            }

            return id;
        }

        var owed = await AutoResolvedAsync("g1", tell: true, report: false);
        var reported = await AutoResolvedAsync("g2", tell: true, report: true);
        var untold = await AutoResolvedAsync("g3", tell: false, report: false);
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);

        Assert.Equal(2, await briefer.BriefAsync(default));
        await h.DrainQueueAsync();

        var ja = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:sato@example.com").Message.TextBody;
        var section = ja[ja.IndexOf("■関係者への復旧の報告がまだの障害（1件、時刻は JST）\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n\n", StringComparison.Ordinal)];
        Assert.Contains($"- {owed} SEV1 Group g1 — 監視で ", section, StringComparison.Ordinal);
        Assert.Contains("に復旧、これまでの報告の送付先：execs", section, StringComparison.Ordinal);
        Assert.DoesNotContain(reported, section, StringComparison.Ordinal);
        Assert.DoesNotContain(untold, section, StringComparison.Ordinal);
    }

    /// <summary>The incoming pair hears of heartbeats that need a look: one stopped, one never heard; one that is fine is not listed.</summary>
    [Fact]
    public async Task Brief_ListsHeartbeatsStoppedOrNeverHeard_NotThoseThatAreFine()
    {
        var (h, _, briefer) = await CreateAsync();
        var now = h.Time.GetUtcNow();
        OnDuty.Core.Heartbeats.Heartbeat Beat(string name, string title, DateTimeOffset? lastPing) => new()
        {
            Name = name, Title = title, Interval = TimeSpan.FromMinutes(5), Grace = TimeSpan.FromMinutes(1), CreatedBy = "sato", CreatedAt = now.AddDays(-2), LastPingAt = lastPing,
        };
        await _heartbeats.AddAsync(Beat("watchdog", "Alertmanager Watchdog", now.AddHours(-3)), default);
        await _heartbeats.AddAsync(Beat("grafana", "Grafana", null), default);
        await _heartbeats.AddAsync(Beat("fine", "正常なジョブ", now.AddMinutes(-2)), default);
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);

        Assert.Equal(2, await briefer.BriefAsync(default));
        await h.DrainQueueAsync();

        var ja = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:sato@example.com").Message.TextBody;
        // Its time in the house phrase the heartbeat's page and mails use, its zone with it (session 59).
        Assert.Contains("■監視の監視で確認が必要なもの（2件）\n", ja, StringComparison.Ordinal);
        Assert.Contains("- watchdog Alertmanager Watchdog — 途絶（最終受信 2026年12月1日(火) 07:00（JST））", ja, StringComparison.Ordinal);
        Assert.Contains("- grafana Grafana — 定義後に一度も届いていません。", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("正常なジョブ", ja, StringComparison.Ordinal);
        Assert.Contains("https://onduty.example/api/status", ja, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "You have no mobile number on the roster, so pages reach you by email and Teams only (no texts or calls). Before your week starts, add one at https://onduty.example/api/status/me")]
    [InlineData(false, "You have no mobile number on the roster, so pages reach you by email only (no texts or calls). Before your week starts, add one at https://onduty.example/api/status/me")]
    public async Task Brief_PagesGoBySms_AMemberWithoutANumberIsAskedToAddOne_OneWithANumberIsNot(bool teams, string asked)
    {
        var (h, _, briefer) = await CreateAsync(teams: teams);
        var sato = (await h.Roster.GetMemberAsync("sato", default))!;
        await h.Roster.SaveMemberAsync(sato.Value with { Phone = "+819012345678" }, sato.ETag, default);
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);

        Assert.Equal(2, await briefer.BriefAsync(default));
        await h.DrainQueueAsync();

        var en = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:emma@example.com").Message;
        // A team without a Teams channel is not promised one (session 44 reader pass).
        Assert.Contains(asked, en.TextBody, StringComparison.Ordinal);
        var ja = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:sato@example.com").Message;
        Assert.DoesNotContain("/api/status/me", ja.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// L3 (trial day 28): someone who replaced a member mid-week is on duty already: their brief asks them to add a number now,
    /// never 「当番が始まる前に」; the member announced with the week keeps the usual wording.
    /// </summary>
    [Fact]
    public async Task Brief_ReplacementWhoTookOverMidWeek_IsAskedNow_NotBeforeTheirWeekStarts()
    {
        var (h, _, briefer) = await CreateAsync();
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["yamada", "emma"], Status = FrozenShiftStatus.Announced,
            Changes = [new DutyChange { Id = "c1", MemberId = "tanaka", ReplacementId = "yamada", Reason = "体調不良", At = h.Time.GetUtcNow(), Announced = true }],
        }, default);

        Assert.Equal(2, await briefer.BriefAsync(default));
        await h.DrainQueueAsync();

        var ja = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:yamada@example.com").Message.TextBody;
        Assert.Contains("すでに当番中です。すぐに https://onduty.example/api/status/me で登録し", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("当番が始まる前に", ja, StringComparison.Ordinal);
        var en = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:emma@example.com").Message.TextBody;
        Assert.Contains("Before your week starts, add one at https://onduty.example/api/status/me", en, StringComparison.Ordinal);
    }

    /// <summary>
    /// L5 (trial 33): the first run on fresh storage announced the week on its fifth day, and the brief said 「当番が始まる前に…登録し」
    /// to a pair on duty since Monday. Sent more than a day after the handoff, it asks for it now, in both languages.
    /// </summary>
    [Fact]
    public async Task Brief_SentDaysAfterTheHandoff_AsksThePairNow_NotBeforeTheirWeekStarts()
    {
        var (h, _, briefer) = await CreateAsync();
        h.Time.Advance(TimeSpan.FromDays(3)); // Fri 4 Dec 10:00, the shift's fifth day
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["yamada", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);

        Assert.Equal(2, await briefer.BriefAsync(default));
        await h.DrainQueueAsync();

        var ja = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:yamada@example.com").Message.TextBody;
        Assert.Contains("すでに当番中です。すぐに https://onduty.example/api/status/me で登録し", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("当番が始まる前に", ja, StringComparison.Ordinal);
        var en = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:emma@example.com").Message.TextBody;
        Assert.Contains("You are on duty already: add one at https://onduty.example/api/status/me now", en, StringComparison.Ordinal);
        Assert.DoesNotContain("Before your week starts", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_PagesRingPhonesWithoutTexts_AMemberWithoutANumberIsStillAskedToAddOne_NotWhenNoPhoneIsUsed()
    {
        var (h, _, briefer) = await CreateAsync();
        h.Sms.Enabled = false;
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["emma"], Status = FrozenShiftStatus.Announced,
        }, default);
        h.VoiceOptions.DutyLine = true;

        await briefer.BriefAsync(default);
        await h.DrainQueueAsync();

        Assert.Contains("You have no mobile number on the roster", Assert.Single(h.Email.Sent).Message.TextBody, StringComparison.Ordinal);

        var (off, _, offBriefer) = await CreateAsync();
        off.Sms.Enabled = false;
        await off.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["emma"], Status = FrozenShiftStatus.Announced,
        }, default);
        await offBriefer.BriefAsync(default);
        await off.DrainQueueAsync();
        Assert.DoesNotContain("/api/status/me", Assert.Single(off.Email.Sent).Message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// A page to sato that was given up last week is in sato's brief (count, the latest, where to check); the other member's
    /// brief says nothing of it; one older than 30 days is forgotten.
    /// </summary>
    [Fact]
    public async Task Brief_SaysWhatRecentlyDidNotReachTheReader_OnlyTheirs()
    {
        var (h, _, briefer) = await CreateAsync();
        var sato = (await h.Roster.GetMemberAsync("sato", default))!.Value.Email;
        var now = h.Time.GetUtcNow();
        foreach (var (incident, subject, sentAt) in new[] { ("INC-2026-0001", "古い障害", now.AddDays(-45)), ("INC-2026-0099", "【障害・SEV2】INC-2026-0099 決済", now.AddDays(-6)) })
        {
            var page = OutboxMessage.ForEmail($"incident:{incident}:page", sato, "佐藤", new OnDuty.Core.Messages.RenderedEmail(subject, "t", "<p>t</p>"));
            await h.Outbox.TryEnqueueAsync(page, now, default);
            await h.Outbox.MarkAcceptedAsync(page.Id, sentAt, "op-" + incident, now, default);
            await h.Outbox.SettleConfirmationAsync(page.Id, $"not delivered to {sato} (Bounced: 550)", now, default);
        }

        Assert.Equal(2, (await h.Outbox.ListAsync(OutboxStatus.Failed, 10, default)).Count);
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);

        await briefer.BriefAsync(default);
        await h.DrainQueueAsync();

        var ja = h.Email.Sent.Single(s => s.Id == $"brief:incident-duty:2026-W49:email:{sato.ToLowerInvariant()}").Message.TextBody;
        // The time says its zone, and no bracket holds another (session 44: 「（最新：2026/11/25 10:00「…」：…）」 had no zone).
        Assert.Contains($"最近、あなた宛ての連絡が1件届きませんでした。2026/11/25 10:00（JST）の「【障害・SEV2】INC-2026-0099 決済」です（not delivered to {sato} (Bounced: 550)）。当番が始まる前に https://onduty.example/api/status/me で", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("古い障害", ja, StringComparison.Ordinal);
        var en = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:emma@example.com").Message.TextBody;
        Assert.DoesNotContain("did not arrive", en, StringComparison.Ordinal);
    }

    /// <summary>
    /// The brief reads the reader's own failures: sixty newer failures to another address (an outage, a bouncing list) do not
    /// push out of view the page that did not reach sato last week.
    /// </summary>
    [Fact]
    public async Task Brief_SixtyNewerFailuresToSomeoneElse_StillSaysWhatDidNotReachTheReader()
    {
        var (h, _, briefer) = await CreateAsync();
        var sato = (await h.Roster.GetMemberAsync("sato", default))!.Value.Email;
        var now = h.Time.GetUtcNow();
        var page = OutboxMessage.ForEmail("incident:INC-2026-0099:page", sato, "佐藤", new OnDuty.Core.Messages.RenderedEmail("【障害・SEV2】INC-2026-0099 決済", "t", "<p>t</p>"));
        await h.Outbox.TryEnqueueAsync(page with { CreatedAt = now.AddDays(-6) }, now, default);
        await h.Outbox.MarkFailedAsync(page.Id, $"not delivered to {sato} (Bounced: 550)", now.AddDays(-6), default);
        for (var i = 0; i < 60; i++)
        {
            var other = OutboxMessage.ForEmail($"weekly:{i}", "pr-desk@example.com", "PR", new OnDuty.Core.Messages.RenderedEmail("s", "t", "<p>t</p>"));
            await h.Outbox.TryEnqueueAsync(other with { CreatedAt = now.AddDays(-1) }, now, default);
            await h.Outbox.MarkFailedAsync(other.Id, "550", now.AddDays(-1).AddMinutes(i), default);
        }

        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);

        await briefer.BriefAsync(default);
        await h.DrainQueueAsync();

        var ja = h.Email.Sent.Single(s => s.Id == $"brief:incident-duty:2026-W49:email:{sato.ToLowerInvariant()}").Message.TextBody;
        Assert.Contains($"最近、あなた宛ての連絡が1件届きませんでした。2026/11/25 10:00（JST）の「【障害・SEV2】INC-2026-0099 決済」です（not delivered to {sato} (Bounced: 550)）。", ja, StringComparison.Ordinal);
    }

    /// <summary>Monday 30 Nov a closure day: the handoff moved to Tuesday 1 Dec, and the brief names the week by that day, in Japanese and English.</summary>
    [Fact]
    public async Task Brief_HandoffMovedOffAHolidayMonday_BothLanguagesNameTheWeekByTheDayItStarts()
    {
        var closed = new WorkingCalendar("JP", [new ClosureOptions { From = ShiftStart, To = ShiftStart, Name = "臨時休業", NameEn = "Closure" }]);
        var (h, _, briefer) = await CreateAsync(working: closed);
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);

        Assert.Equal(2, await briefer.BriefAsync(default));

        await h.DrainQueueAsync();
        var briefs = h.Email.Sent.Where(s => s.Id.StartsWith("brief:", StringComparison.Ordinal)).ToList();
        Assert.Equal("【引き継ぎ】障害当番 12月1日(火)からの週", briefs.Single(s => s.Id.EndsWith("sato@example.com", StringComparison.Ordinal)).Message.Subject);
        // English names it by the day it starts too, as the en mails' other lists write days (no ISO week).
        Assert.Equal("[Handoff brief] Incident duty, the week of Tue 1 Dec", briefs.Single(s => s.Id.EndsWith("emma@example.com", StringComparison.Ordinal)).Message.Subject);
    }

    /// <summary>
    /// Each open incident says who holds it, as the status page does: nobody (and how far its escalation went) first, then by
    /// severity; one a member off duty this week acknowledged names them, so the incoming pair knows whom to ask (trial 36, M5).
    /// </summary>
    [Fact]
    public async Task Brief_OpenIncidents_SayWhoHoldsEach_NobodysFirstWithHowFarTheyEscalated()
    {
        var (h, _, briefer) = await CreateAsync();
        async Task<string> OpenAsync(string title, AlertSeverity severity) =>
            (await h.Service.CreateAsync(new NewIncident { Title = title, Severity = severity }, "sato", null, default)).Incident.Value.Id;
        var unanswered = await OpenAsync("決済できない", AlertSeverity.Sev1);
        for (var i = 0; i < 6 && (await h.IncidentAsync(unanswered)).NotifiedStep < 3; i++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(31));
            await h.Pager.EscalateOpenIncidentsAsync(default);
        }

        Assert.Equal(3, (await h.IncidentAsync(unanswered)).NotifiedStep);
        var byYamada = await OpenAsync("検索が遅い", AlertSeverity.Sev3);
        await h.Service.AcknowledgeAsync(byYamada, "yamada", null, default);
        var bySato = await OpenAsync("通知が遅れる", AlertSeverity.Sev2);
        await h.Service.AcknowledgeAsync(bySato, "sato", null, default);
        var justOpened = await OpenAsync("画像が出ない", AlertSeverity.Sev4);

        var (ja, en) = await BriefW49Async(h, briefer);

        var lines = ja.Split('\n').Where(l => l.StartsWith("- INC-", StringComparison.Ordinal)).ToList();
        Assert.Equal([unanswered, justOpened, bySato, byYamada], lines.Select(l => l[2..l.IndexOf(' ', 2)]));
        Assert.Contains($"{unanswered} SEV1 決済できない — 未対応（エスカレーション3まで済み）。調査中。", ja, StringComparison.Ordinal);
        Assert.Contains($"{justOpened} SEV4 画像が出ない — 未対応。調査中。", ja, StringComparison.Ordinal);
        Assert.Contains($"{bySato} SEV2 通知が遅れる — 対応者：佐藤さん。調査中。", ja, StringComparison.Ordinal);
        Assert.Contains($"{byYamada} SEV3 検索が遅い — 対応者：山田さん（当番外）。調査中。", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("— 調査中。", ja, StringComparison.Ordinal);
        Assert.Contains($"{unanswered} SEV1 決済できない — Not acknowledged (escalated up to step 3). Investigating. Detected ", en, StringComparison.Ordinal);
        Assert.Contains($"{byYamada} SEV3 検索が遅い — Acknowledged by 山田 太郎 (off duty now). Investigating. Detected ", en, StringComparison.Ordinal);
        Assert.Contains($"{bySato} SEV2 通知が遅れる — Acknowledged by 佐藤 花子. Investigating. Detected ", en, StringComparison.Ordinal);
    }

    /// <summary>
    /// A page of the week before that reached the reader only after the mail server refused it for 12 minutes is in the brief,
    /// not only those given up: the record of an outage the pair may have been blamed for (trial 36, M3). A page sent at its first
    /// attempt, and a late message that is not a page, are not.
    /// </summary>
    [Fact]
    public async Task Brief_APageThatReachedTheReaderLateAfterFailedAttempts_IsNoted()
    {
        var (h, _, briefer) = await CreateAsync();
        var now = h.Time.GetUtcNow();
        async Task SentAsync(string id, OutboxPriority priority, DateTimeOffset queued, int failures, TimeSpan after)
        {
            var m = OutboxMessage.ForEmail(id, "sato@example.com", "佐藤", new OnDuty.Core.Messages.RenderedEmail($"【障害・SEV1】{id}", "t", "<p>t</p>"))
                with { Priority = priority, CreatedAt = queued, NextAttemptAt = queued };
            await h.Outbox.TryEnqueueAsync(m, queued, default);
            for (var i = 0; i < failures; i++)
            {
                await h.Outbox.MarkRetryAsync(m.Id, "421 try again later", queued.AddMinutes(i + 1), default);
            }

            await h.Outbox.MarkSentAsync(m.Id, queued + after, default);
        }

        await SentAsync("incident:INC-2026-0014:page", OutboxPriority.Page, now.AddDays(-2), failures: 2, TimeSpan.FromMinutes(12));
        await SentAsync("incident:INC-2026-0015:page", OutboxPriority.Page, now.AddDays(-2), failures: 0, TimeSpan.FromSeconds(5));
        await SentAsync("incident:INC-2026-0016:page", OutboxPriority.Page, now.AddDays(-2), failures: 1, TimeSpan.FromMinutes(2));
        await SentAsync("weekly:notice", OutboxPriority.Normal, now.AddDays(-2), failures: 2, TimeSpan.FromMinutes(30));
        await SentAsync("incident:INC-2026-0001:page", OutboxPriority.Page, now.AddDays(-9), failures: 2, TimeSpan.FromMinutes(30));

        var (ja, en) = await BriefW49Async(h, briefer);

        Assert.Contains("この1週間に、あなた宛ての呼び出しが1件、送信に失敗して遅れて届きました。2026/11/29 10:00（JST）の「【障害・SEV1】incident:INC-2026-0014:page」で、12分遅れ、3回目の送信で配信されました。応答が遅れたのはこのためかもしれません。", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("届きませんでした", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("arrived late", en, StringComparison.Ordinal);
    }

    /// <summary>
    /// A late page that was a text (the SMS provider refused it for 12 minutes) is named by its first line, as a mail by its
    /// subject: before, the note quoted the text's head whole — the line break and the signed acknowledge link inside 「」 — and
    /// the Japanese note said the mail had failed.
    /// </summary>
    [Fact]
    public async Task Brief_ALateTextPage_IsNamedByItsFirstLine_WithoutItsLink_AndNotCalledAMail()
    {
        var (h, _, briefer) = await CreateAsync();
        var now = h.Time.GetUtcNow();
        var sato = (await h.Roster.GetMemberAsync("sato", default))!;
        await h.Roster.SaveMemberAsync(sato.Value with { Phone = "+819012345600" }, sato.ETag, default);
        var queued = now.AddDays(-2);
        var text = OutboxMessage.ForSms("incident:INC-2026-0014:page", "sato", "+819012345600", "佐藤",
            "【SEV1 障害】INC-2026-0014 決済できない\n対応します：https://onduty.example/api/ack/eyJ0.sig")
            with { Priority = OutboxPriority.Page, CreatedAt = queued, NextAttemptAt = queued };
        await h.Outbox.TryEnqueueAsync(text, queued, default);
        await h.Outbox.MarkRetryAsync(text.Id, "ACS SMS 503", queued.AddMinutes(1), default);
        await h.Outbox.MarkSentAsync(text.Id, queued.AddMinutes(12), default);

        var (ja, _) = await BriefW49Async(h, briefer);

        Assert.Contains("この1週間に、あなた宛ての呼び出しが1件、送信に失敗して遅れて届きました。2026/11/29 10:00（JST）の「【SEV1 障害】INC-2026-0014 決済できない」で、12分遅れ、2回目の送信で配信されました。応答が遅れたのはこのためかもしれません。", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ0.sig", ja, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 39: the brief's action items come from the action-item index, so an item due this week from a retro whose incident
    /// resolved five months ago is listed (before, only the retros of the last <see cref="RetroOptions.LookBackDays"/> were read);
    /// one whose owner was taken off the roster since, by the name they had.
    /// </summary>
    [Fact]
    public async Task Brief_ItemDueThisWeekFromARetroOlderThanTheLookBack_Listed()
    {
        var (h, retros, briefer) = await CreateAsync();
        var old = await ResolvedAsync(h, AlertSeverity.Sev3, "古い障害");
        // An owner taken off the roster since is named by the name they had, not their id.
        await h.Roster.SaveFormerMemberAsync(new OnDuty.Core.Team.FormerMember("kimura", "木村 拓也", OnDuty.Core.Team.Language.Ja, h.Time.GetUtcNow()), default);
        await retros.PutAsync(await h.IncidentAsync(old), new RetroContent
        {
            Summary = "s",
            ActionItems =
            [
                new ActionItem { Title = "半年越しの作業", Owner = "tanaka", Due = new DateOnly(2027, 5, 14) },
                new ActionItem { Title = "ログの保存期間を延ばす", Owner = "kimura", Due = new DateOnly(2027, 5, 14) },
            ],
        }, h.Time.GetUtcNow());

        // Tue 2027-05-11, 161 days after it resolved: the week of Mon 10 May is announced.
        h.MoveTo(new DateTimeOffset(2027, 5, 11, 10, 0, 0, TimeSpan.FromHours(9)));
        var duty = new OnDuty.Core.Rotations.DutyCalendar((await h.RotationStore.GetAsync("incident-duty", default))!.Value, new WorkingCalendar("JP", []));
        var index = duty.ShiftIndexAt(h.Time.GetUtcNow());
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = duty.ShiftStartDate(index), Week = duty.WeekLabel(index), Members = ["sato", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);
        Assert.Equal(2, await briefer.BriefAsync(default));
        await h.DrainQueueAsync();

        var ja = h.Email.Sent.Single(s => s.Id.StartsWith("brief:", StringComparison.Ordinal) && s.Id.EndsWith("sato@example.com", StringComparison.Ordinal)).Message.TextBody;
        Assert.Contains("半年越しの作業 — 担当 田中 健", ja, StringComparison.Ordinal);
        Assert.Contains("ログの保存期間を延ばす — 担当 木村 拓也", ja, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: at the handoff, a member off duty from it who still holds open incidents is told, once, in their language: which
    /// (linked to the page where the new pair take it over), and who is on duty now. One who stays on duty, and an incident
    /// resolved meanwhile, are not.
    /// </summary>
    [Fact]
    public async Task Brief_MemberOffDutyStillHoldingAnOpenIncident_IsToldOnceInTheirLanguage()
    {
        var (h, _, briefer) = await CreateAsync();
        async Task<string> HeldAsync(string title, string by)
        {
            var id = (await h.Service.CreateAsync(new NewIncident { Title = title, Severity = AlertSeverity.Sev3 }, "sato", null, default)).Incident.Value.Id;
            await h.Service.AcknowledgeAsync(id, by, null, default);
            return id;
        }

        var byTanaka = await HeldAsync("検索が遅い", "tanaka");
        var resolvedByTanaka = await HeldAsync("表示崩れ", "tanaka");
        await h.Service.PostUpdateAsync(resolvedByTanaka, IncidentStatus.Resolved, "直りました", null, "tanaka", null, null, default);
        var byEmma = await HeldAsync("通知が遅れる", "emma");
        var bySato = await HeldAsync("画像が出ない", "sato");
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "yamada"], Status = FrozenShiftStatus.Announced,
        }, default);

        Assert.Equal(2, await briefer.BriefAsync(default));
        Assert.Equal(0, await briefer.BriefAsync(default));
        Assert.Equal(
            ["brief:incident-duty:2026-W49:held:email:emma@example.com", "brief:incident-duty:2026-W49:held:email:tanaka@example.com"],
            h.Outbox.All.Where(m => m.Id.Contains(":held:", StringComparison.Ordinal)).Select(m => m.Id).Order(StringComparer.Ordinal));

        await h.DrainQueueAsync();
        var ja = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:held:email:tanaka@example.com").Message;
        Assert.Equal($"【引き継ぎ・対応中のまま】{byTanaka} 検索が遅い", ja.Subject);
        Assert.StartsWith("当番が交代しましたが、次の障害はまだあなたの対応中で、更新のお願いもあなたに届きます。新しい当番（佐藤さん・山田さん）に引き継ぐ場合は、"
            + "当番の方に障害のページで「対応を引き継ぐ」を押してもらってください。引き続き対応する場合は、このままで構いません。\n", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains($"■対応中の障害（1件、時刻は JST）\n- {byTanaka} SEV3 検索が遅い — 調査中。", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://onduty.example/api/incidents/{byTanaka}/page", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"https://onduty.example/api/incidents/{byTanaka}/page\">{byTanaka}</a>", ja.HtmlBody, StringComparison.Ordinal);
        foreach (var other in new[] { resolvedByTanaka, byEmma, bySato })
        {
            Assert.DoesNotContain(other, ja.TextBody, StringComparison.Ordinal);
        }

        var en = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:held:email:emma@example.com").Message;
        Assert.Equal($"[Handoff: still yours] {byEmma}: 通知が遅れる", en.Subject);
        Assert.StartsWith("The duty has changed hands, but you still hold the incident below, and its update reminders still come to you. "
            + "To hand it over to those now on duty (佐藤 花子 and 山田 太郎), ask them to press \"Take over\" on its incident page. To keep it, there is nothing to do.\n", en.TextBody, StringComparison.Ordinal);
        Assert.Contains($"- {byEmma} SEV3 通知が遅れる — Investigating. Detected ", en.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(byTanaka, en.TextBody, StringComparison.Ordinal);

        // The brief to the incoming pair is unchanged: the incidents held off duty say so there.
        var brief = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:sato@example.com").Message.TextBody;
        Assert.Contains($"{byTanaka} SEV3 検索が遅い — 対応者：田中さん（当番外）。", brief, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 56: 鈴木 took a SEV3 and went on leave; at the handoff she read 「更新のお願いもあなたに届きます」 — false while she is
    /// away (the reminders pass over a holder on leave). One on leave on the handoff day reads that they go to the new pair only, until when;
    /// the incoming pair's brief says she is on leave and until when.
    /// </summary>
    [Fact]
    public async Task Brief_MemberOffDutyStillHoldingAnOpenIncident_OnLeave_IsToldTheRemindersGoToTheNewPairWhileAway_AndThePairReadSheIsAway()
    {
        var (h, _, briefer) = await CreateAsync();
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "検索が遅い", Severity = AlertSeverity.Sev3 }, "sato", null, default)).Incident.Value.Id;
        await h.Service.AcknowledgeAsync(id, "tanaka", null, default);
        var today = TimeZones.DateAt(h.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        await h.Roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "away", MemberId = "tanaka", From = today.AddDays(-1), To = new DateOnly(2026, 12, 18) }, default);
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "yamada"], Status = FrozenShiftStatus.Announced,
        }, default);

        Assert.Equal(2, await briefer.BriefAsync(default));

        await h.DrainQueueAsync();
        var ja = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:held:email:tanaka@example.com").Message;
        Assert.Equal($"【引き継ぎ・対応中のまま】{id} 検索が遅い", ja.Subject);
        Assert.StartsWith("当番が交代しました。次の障害はまだあなたの対応中ですが、休暇中（2026年12月18日(金)まで）は、更新のお願いは新しい当番（佐藤さん・山田さん）にだけ届きます。"
            + "休暇明けに、引き継ぐか続けるかを当番と決めてください。\n", ja.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("更新のお願いもあなたに届きます", ja.TextBody, StringComparison.Ordinal);

        // The incoming pair read that she is away, and until when, not 「（当番外）」 as if she could be asked (session 56).
        var brief = h.Email.Sent.Single(s => s.Id == "brief:incident-duty:2026-W49:email:sato@example.com").Message.TextBody;
        Assert.Contains($"{id} SEV3 検索が遅い — 対応者：田中さん（2026年12月18日(金)まで休暇中）。", brief, StringComparison.Ordinal);
    }

    /// <summary>Session 53: whoever holds only incidents resolved since, or stays on duty across the handoff, hears nothing of it.</summary>
    [Fact]
    public async Task Brief_HolderStayingOnDutyOrOfAResolvedIncident_IsNotTold()
    {
        var (h, _, briefer) = await CreateAsync();
        var resolved = (await h.Service.CreateAsync(new NewIncident { Title = "表示崩れ", Severity = AlertSeverity.Sev3 }, "sato", null, default)).Incident.Value.Id;
        await h.Service.AcknowledgeAsync(resolved, "tanaka", null, default);
        await h.Service.PostUpdateAsync(resolved, IncidentStatus.Resolved, "直りました", null, "tanaka", null, null, default);
        var staying = (await h.Service.CreateAsync(new NewIncident { Title = "検索が遅い", Severity = AlertSeverity.Sev3 }, "sato", null, default)).Incident.Value.Id;
        await h.Service.AcknowledgeAsync(staying, "sato", null, default);

        var (ja, _) = await BriefW49Async(h, briefer);

        Assert.Contains($"{staying} SEV3 検索が遅い — 対応者：佐藤さん。", ja, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Outbox.All, m => m.Id.Contains(":held:", StringComparison.Ordinal));
    }

    /// <summary>The week of 30 Nov announced to sato (ja) and emma (en), the briefs sent: their text bodies.</summary>
    private static async Task<(string Ja, string En)> BriefW49Async(IncidentHarness h, HandoffBriefer briefer)
    {
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = ShiftStart, Week = "2026-W49", Members = ["sato", "emma"], Status = FrozenShiftStatus.Announced,
        }, default);
        Assert.Equal(2, await briefer.BriefAsync(default));
        await h.DrainQueueAsync();
        string Body(string member) => h.Email.Sent.Single(s => s.Id == $"brief:incident-duty:2026-W49:email:{member}@example.com").Message.TextBody;
        return (Body("sato"), Body("emma"));
    }

    private static async Task<string> ResolvedAsync(IncidentHarness h, AlertSeverity severity, string title)
    {
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = title, Severity = severity }, "sato", null, default);
        await h.Service.PostUpdateAsync(created.Value.Id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        return created.Value.Id;
    }

    private readonly InMemoryHeartbeatStore _heartbeats = new();

    private async Task<(IncidentHarness, InMemoryRetroRepository, HandoffBriefer)> CreateAsync(Action<OnDuty.Core.Comms.CommsOptions>? comms = null, IWorkingCalendar? working = null, bool teams = true)
    {
        var h = await IncidentHarness.CreateAsync(comms: comms, teams: teams);
        var retros = new InMemoryRetroRepository();
        var options = Opts.Create(new RetroOptions());
        var incidentOptions = Opts.Create(h.Options);
        var backlog = new RetroBacklog(h.Incidents, retros, options, incidentOptions, Opts.Create(new ReportOptions()));
        var briefer = new HandoffBriefer(
            h.RotationStore, h.Roster, working ?? new WorkingCalendar("JP", []), backlog, retros, h.MaintenanceStore, _heartbeats, h.Outbox, h.Dispatcher, TestRenderer.Instance, h.Time, options, incidentOptions,
            Opts.Create(new TeamOptions { Language = "ja", PublicBaseUrl = "https://onduty.example" }), NullLogger<HandoffBriefer>.Instance, h.Sms, h.Voice, Opts.Create(h.VoiceOptions), comms: Opts.Create(h.Comms), teams: h.Teams);
        return (h, retros, briefer);
    }
}
