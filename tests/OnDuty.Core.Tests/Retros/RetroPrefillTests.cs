using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;

namespace OnDuty.Core.Tests.Retros;

/// <summary>The retro's timeline as the incident's timeline starts it (<see cref="RetroService.Prefill"/>): what a lead prints, without the noise.</summary>
public sealed class RetroPrefillTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 17, 50, 0, TimeSpan.Zero);

    private static Incident Declared() =>
        Incident.Open("INC-2026-0002", new NewIncident { Title = "請求書PDFがダウンロードできない", Severity = AlertSeverity.Sev3, UserImpact = "iOS" }, [], "sato", T0);

    [Fact]
    public void Prefill_LeavesOutDeliveries_AndKeepsFailedOnes()
    {
        var incident = Declared();
        var timeline = incident.PendingTimeline.Concat(
        [
            Incident.DeliveryEntry(0, "email", "yamada@onduty.example", null, T0.AddMinutes(1)),
            Incident.DeliveryEntry(0, "email", "ito@onduty.example", "550 mailbox full", T0.AddMinutes(1)),
        ]).ToList();

        var lines = RetroService.Prefill(timeline);

        Assert.DoesNotContain(lines, l => l.Kind == "delivered");
        Assert.Single(lines, l => l.Kind == "deliveryFailed");
    }

    /// <summary>Trial 39 L2: the recovery-notice ask was a line saying only that one was sent; it says whom it asked.</summary>
    [Fact]
    public void Prefill_RecoveryAsk_SaysWhomItAsked()
    {
        var timeline = Declared().PendingTimeline.Append(
            new TimelineEntry { At = T0.AddMinutes(9), Kind = TimelineKind.RecoveryReminded, By = "system", Step = 1, Recipients = ["ito", "yamada"] }).ToList();

        var line = Assert.Single(RetroService.Prefill(timeline), l => l.Kind == "recoveryReminded");

        Assert.Equal("asked ito, yamada for the recovery notice", line.Text);
    }

    [Fact]
    public void Prefill_StakeholderNotice_SaysItsNumberAndAudiences()
    {
        var incident = Declared();
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["support"], AlertSeverity.Sev3, T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(5)), ["execs", "support"], AlertSeverity.Sev2, T0.AddMinutes(5));

        var lines = RetroService.Prefill([.. incident.PendingTimeline]).Where(l => l.Kind == "stakeholdersNotified").Select(l => l.Text).ToList();

        Assert.Equal(["notice 1 sent to support", "notice 2 sent to execs, support"], lines);
    }

    /// <summary>
    /// Trial day 33, M3: given the incident's comms, a notice its audiences read under different numbers says each one's own (the
    /// execs added by the raise read 第1報, support 第2報); one they read alike says the one number.
    /// </summary>
    [Fact]
    public void Prefill_WithTheIncidentsComms_EachAudiencesOwnNumber()
    {
        var incident = Declared();
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["support"], AlertSeverity.Sev3, T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(5)), ["execs", "support"], AlertSeverity.Sev2, T0.AddMinutes(5));

        var lines = RetroService.Prefill([.. incident.PendingTimeline], comms: incident.Comms).Where(l => l.Kind == "stakeholdersNotified").Select(l => l.Text).ToList();

        Assert.Equal(["notice 1 sent to support", "notices sent to execs (notice 1), support (notice 2)"], lines);
    }

    /// <summary>
    /// A quiet correction is in the retro as its own kind of line, saying what it changed (the page says it was not told), then
    /// what it replaced, old → new, times in the team's zone (review day 28, L2): nobody was told, so the retro is where it shows.
    /// </summary>
    [Fact]
    public void Prefill_Correction_ALineOfItsKindSayingWhatChanged_ThenEachValueOldToNew()
    {
        var incident = Declared();
        incident.Correct(new IncidentEdit { Title = "決済の遅延", StartedAt = T0.AddMinutes(-5) }, "yamada", T0.AddMinutes(10));

        var lines = RetroService.Prefill([.. incident.PendingTimeline], TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).Where(l => l.Kind == "corrected").ToList();

        Assert.Equal(["yamada", "yamada", "yamada"], lines.Select(l => l.By));
        Assert.Equal(["changed title, startedAt", "corrected startedAt: 02:50 → 02:45", "corrected title: 請求書PDFがダウンロードできない → 決済の遅延"], lines.Select(l => l.Text));
        Assert.Equal(
            ["発生日時を 02:50 → 02:45 に訂正", "件名を「請求書PDFがダウンロードできない」→「決済の遅延」に訂正"],
            lines.Skip(1).Select(l => OnDuty.Messages.TimelineText.For(l.Kind, l.Text, OnDuty.Core.Team.Language.Ja, _ => null)));
        Assert.Equal(
            ["Start time corrected: 02:50 → 02:45", "Title corrected: “請求書PDFがダウンロードできない” → “決済の遅延”"],
            lines.Skip(1).Select(l => OnDuty.Messages.TimelineText.For(l.Kind, l.Text, OnDuty.Core.Team.Language.En, _ => null)));
    }

    /// <summary>
    /// A correction that lowers the severity and rewrites the areas and platforms: the severity said once, on the correction's
    /// lines (not again as a severity row beside them), and the areas and platforms old → new like the other values.
    /// </summary>
    [Fact]
    public void Prefill_CorrectionLoweringTheSeverity_SaysItOnce_AreasAndPlatformsOldToNew()
    {
        var incident = Declared();
        incident.PostUpdate(null, null, "sato", T0.AddMinutes(5), new IncidentEdit { AffectedAreas = ["ログイン", "決済"] });
        incident.Correct(new IncidentEdit { Severity = AlertSeverity.Sev4, AffectedAreas = ["決済"], Platforms = ["iOS", "Android"] }, "yamada", T0.AddMinutes(10));

        var lines = RetroService.Prefill([.. incident.PendingTimeline]).Where(l => l.By == "yamada").Select(l => (l.Kind, l.Text)).ToList();

        Assert.Equal(
            [
                ("corrected", "changed impact"),
                ("corrected", "corrected severity: SEV3 → SEV4"),
                ("corrected", "corrected affectedAreas: ログイン, 決済 → 決済"),
                ("corrected", "corrected platforms: - → iOS, Android"),
            ],
            lines);
        Assert.Equal(
            ["重大度を SEV3 → SEV4 に訂正", "影響範囲（機能）を ログイン、決済 → 決済 に訂正", "プラットフォームを （なし） → iOS、Android に訂正"],
            lines.Skip(1).Select(l => OnDuty.Messages.TimelineText.For(l.Kind, l.Text, OnDuty.Core.Team.Language.Ja, _ => null)));
        Assert.Equal(
            ["Severity corrected: SEV3 → SEV4", "Affected areas corrected: ログイン, 決済 → 決済", "Platforms corrected: none → iOS, Android"],
            lines.Skip(1).Select(l => OnDuty.Messages.TimelineText.For(l.Kind, l.Text, OnDuty.Core.Team.Language.En, _ => null)));
        // The severity row is still stored (the severity's history reads it); only the retro leaves it to the correction's line.
        Assert.Contains(incident.PendingTimeline, e => e is { Kind: TimelineKind.SeverityLowered, By: "yamada" });
    }

    /// <summary>A correction stored before it kept its values: the severity row is the only place the lowering is said, so it stays.</summary>
    [Fact]
    public void Prefill_CorrectionOfAnEarlierRelease_KeepsTheSeverityRow()
    {
        var incident = Declared();
        incident.Correct(new IncidentEdit { Severity = AlertSeverity.Sev4 }, "yamada", T0.AddMinutes(10));
        var timeline = incident.PendingTimeline.Select(e => e.Kind == TimelineKind.Corrected ? e with { Corrected = null } : e).ToList();

        var lines = RetroService.Prefill(timeline).Where(l => l.By == "yamada").Select(l => l.Kind).ToList();

        Assert.Equal(["severityLowered", "corrected"], lines);
    }

    [Fact]
    public void Prefill_StakeholderNoticeOfAnEarlierRelease_WithoutNumber_StaysALine()
    {
        var old = new TimelineEntry { At = T0, Kind = TimelineKind.StakeholdersNotified, By = "system" };

        var line = Assert.Single(RetroService.Prefill([old]));

        Assert.Equal("stakeholdersNotified", line.Kind);
        Assert.Null(line.Text);
    }

    [Fact]
    public void Prefill_UpdateThatMovedTheStatus_SaysFromAndTo_BeforeThePersonsWords()
    {
        var incident = Declared();
        incident.PostUpdate(IncidentStatus.Identified, "URL 設定の誤り", "yamada", T0.AddMinutes(10));
        incident.PostUpdate(IncidentStatus.Identified, "修正版を準備中", "yamada", T0.AddMinutes(20));

        var lines = RetroService.Prefill([.. incident.PendingTimeline]).Where(l => l.Kind == "update").Select(l => (l.Text, l.By)).ToList();

        Assert.Equal(
            [("status investigating to identified", "yamada"), ("URL 設定の誤り", "yamada"), ("修正版を準備中", "yamada")],
            lines);
    }

    [Fact]
    public void Prefill_DetailsEdit_SaysWhatChanged_AndABareOneBesideItsSeverityRowIsLeftToThatRow()
    {
        var incident = Declared();
        incident.PostUpdate(null, null, "yamada", T0.AddMinutes(10), new IncidentEdit { Workaround = "Web 版から" });
        incident.PostUpdate(null, null, "yamada", T0.AddMinutes(20), new IncidentEdit { Severity = AlertSeverity.Sev4 });

        var lines = RetroService.Prefill([.. incident.PendingTimeline]).Skip(1).Select(l => (l.Kind, l.Text)).ToList();

        Assert.Equal([("update", "changed workaroundAdded"), ("severityLowered", "severity lowered from SEV3 to SEV4")], lines);
    }

    [Fact]
    public void Prefill_BareUpdateOfAnEarlierRelease_ReadsAsADetailsEdit()
    {
        var old = new TimelineEntry { At = T0, Kind = TimelineKind.Update, By = "yamada" };

        var line = Assert.Single(RetroService.Prefill([old]));

        Assert.Equal("details edited", line.Text);
    }
}
