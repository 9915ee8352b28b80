using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Comms;

/// <summary>
/// What the stakeholders' view shows of the notices sent, through the real use cases: each notice as its readers got it (number
/// in the longest series among them, the status then, who wrote the update it carried and what, the audiences with their own
/// numbers), the next update as promised, and the cause only once a recovery notice said it.
/// </summary>
public sealed class IncidentOverviewServiceTests
{
    private static void SupportThenExecs(CommsOptions c)
    {
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
        c.Audiences["support"] = new AudienceOptions { Members = ["cs-lead@example.com"], Language = "ja" };
        c.BySeverity.Sev2 = ["execs", "support"];
        c.BySeverity.Sev3 = ["support"];
        c.BySeverity.Sev4 = [];
    }

    private static IncidentOverviewService CreateSut(IncidentHarness h) => new(h.Incidents, Options.Create(h.Comms), Options.Create(h.Options));

    [Fact]
    public async Task Get_DeclaredThenRaisedWithAPromise_BothNoticesNewestFirst_WithTheirAudiencesAndTheNextUpdateAsPromised()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "請求書PDFが開けない", Severity = AlertSeverity.Sev3, UserImpact = "iOS のみ" }, "佐藤 花子", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(20));
        var promised = h.Time.GetUtcNow().AddMinutes(45);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "URL 設定の誤りと判明しました。", new IncidentEdit { Severity = AlertSeverity.Sev2, NextUpdateAt = promised }, "sato", null, null, default);

        var overview = await CreateSut(h).GetAsync(id, null, default);

        Assert.Equal([2, 1], overview.Notices.Select(n => n.Number));
        var raised = overview.Notices[0];
        Assert.Equal((IncidentStatus.Identified, "sato", "URL 設定の誤りと判明しました。", T0.AddMinutes(20)), (raised.Status, raised.By, raised.Text, raised.At));
        // Added by the raise: the execs read it as their 第1報, support as its 第2報.
        Assert.Equal([new NoticeAudience("execs", 1), new NoticeAudience("support", 2)], raised.Audiences);
        var declared = overview.Notices[1];
        Assert.Equal((IncidentStatus.Investigating, "佐藤 花子", (string?)null, T0), (declared.Status, declared.By, declared.Text, declared.At));
        Assert.Equal([new NoticeAudience("support", 1)], declared.Audiences);
        Assert.Equal(promised, overview.NextUpdateBy);
        Assert.False(overview.RecoveryTold);
        Assert.Null(overview.Cause);
    }

    [Fact]
    public async Task Get_RaiseThenImpactEdit_EachNoticeSaysWhatChanged_AudiencesNamedInTheReadersLanguage()
    {
        var h = await CreateAsync(comms: c =>
        {
            SupportThenExecs(c);
            c.Audiences["execs"].DisplayName = "経営層";
            c.Audiences["execs"].DisplayNameEn = "Executives";
            c.Audiences["support"].DisplayName = "サポート";
        });
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "請求書PDFが開けない", Severity = AlertSeverity.Sev3, UserImpact = "iOS のみ" }, "佐藤 花子", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(20));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "URL 設定の誤りと判明しました。", new IncidentEdit { Severity = AlertSeverity.Sev2 }, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { UserImpact = "iOS と Android" }, "sato", null, null, default);

        var ja = await CreateSut(h).GetAsync(id, null, Language.Ja, default);
        var en = await CreateSut(h).GetAsync(id, null, Language.En, default);

        // Trial day 28, L7: the notice sent for the impact says so; the raise says from and to; the declaration nothing.
        Assert.Equal([3, 2, 1], ja.Notices.Select(n => n.Number));
        Assert.Equal<IncidentChange[]>([[IncidentChange.Impact], [], []], ja.Notices.Select(n => n.Changes.ToArray()));
        Assert.Equal<(AlertSeverity?, AlertSeverity?)>([(null, null), (AlertSeverity.Sev3, AlertSeverity.Sev2), (null, null)], ja.Notices.Select(n => (n.SeverityBefore, n.SeverityNow)));
        // The raise came with 調査中 → 原因特定, as its mail said; the impact edit kept the status, the declaration had none before it.
        Assert.Equal([null, IncidentStatus.Investigating, null], ja.Notices.Select(n => n.StatusBefore));
        Assert.Equal([new NoticeAudience("経営層", 2), new NoticeAudience("サポート", 3)], ja.Notices[0].Audiences);
        // Trial 29 M4: an audience with no English name reads as the team knows it (サポート), not by its key.
        Assert.Equal([new NoticeAudience("Executives", 2), new NoticeAudience("サポート", 3)], en.Notices[0].Audiences);
    }

    /// <summary>
    /// Session 57: an update that tells the executives too (<c>alsoTell</c>) sent support its 第2報 saying
    /// 「この報告から経営層にもお知らせしています。」; the 障害の状況 view says it with that notice too (kept on the notice's row), in the
    /// general view and support's — not in the executives' own, where it is their 第1報, as their mail did not say it.
    /// </summary>
    [Fact]
    public async Task Get_UpdateTellingAnotherAudienceToo_TheNoticeSaysSoToThoseToldBefore_NotToTheAudienceAdded()
    {
        var h = await CreateAsync(comms: c =>
        {
            SupportThenExecs(c);
            c.Audiences["execs"].DisplayName = "経営層";
        });
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "請求書PDFが開けない", Severity = AlertSeverity.Sev3, UserImpact = "iOS のみ" }, "佐藤 花子", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(20));
        await h.Service.PostUpdateAsync(id, null, "経営層にも共有します。", new IncidentEdit { AlsoTell = ["execs"] }, "sato", null, null, default);

        var notice = (await h.TimelineAsync(id)).Last(t => t.Kind == TimelineKind.StakeholdersNotified);
        Assert.Equal(["execs"], notice.AlsoTold);
        var general = await CreateSut(h).GetAsync(id, null, Language.Ja, default);
        var support = await CreateSut(h).GetAsync(id, "support", Language.Ja, default);
        var execs = await CreateSut(h).GetAsync(id, "execs", Language.Ja, default);

        Assert.Equal<string[]>([["経営層"], []], general.Notices.Select(n => n.AlsoTold.ToArray()));
        Assert.Equal<string[]>([["経営層"], []], support.Notices.Select(n => n.AlsoTold.ToArray()));
        Assert.Empty(Assert.Single(execs.Notices).AlsoTold);
    }

    [Fact]
    public async Task Get_NothingPromised_NextUpdateIsTheSeveritysIntervalFromTheLastUpdate()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev2 }, "sato", null, default);

        var overview = await CreateSut(h).GetAsync(created.Value.Id, null, default);

        Assert.Equal(T0.AddHours(1), overview.NextUpdateBy); // the SEV2 default interval
    }

    [Fact]
    public async Task Get_NothingPromised_UpdatedOffTheHour_NextUpdateIsRoundedUpAsTheNoticeSaidIt()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Service.PostUpdateAsync(created.Value.Id, IncidentStatus.Identified, "決済代行のタイムアウト", null, "sato", null, null, default);

        var overview = await CreateSut(h).GetAsync(created.Value.Id, null, default);

        // 1 h after the update at :03, rounded up to 10 minutes: the time the 第2報's ■次回の更新予定 gave.
        Assert.Equal(T0.AddMinutes(70), overview.NextUpdateBy);
        Assert.Equal(NextUpdatePromise.Told(T0.AddMinutes(3), null, TimeSpan.FromHours(1), h.Options.Zone), overview.NextUpdateBy);
    }

    [Fact]
    public async Task Get_AudienceWithADisplayName_IsShownByIt()
    {
        var h = await CreateAsync(comms: c =>
        {
            SupportThenExecs(c);
            c.Audiences["execs"].DisplayName = "経営層";
        });
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev2 }, "sato", null, default);

        var overview = await CreateSut(h).GetAsync(created.Value.Id, null, default);

        Assert.Equal([new NoticeAudience("経営層", 1), new NoticeAudience("support", 1)], overview.Notices.Single().Audiences);
    }

    [Fact]
    public async Task Get_ResolvedWithNextStepsAfterACauseWasIdentified_TheCauseIsWhatTheRecoveryNoticeSaid()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "決済代行のタイムアウト", null, "sato", null, null, default);
        var open = await CreateSut(h).GetAsync(id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました", new IncidentEdit { NextSteps = "監視を追加" }, "sato", null, null, default);

        var resolved = await CreateSut(h).GetAsync(id, null, default);

        Assert.Null(open.Cause); // not sent while open: the recovery notice says it
        Assert.True(resolved.RecoveryTold);
        Assert.Equal("決済代行のタイムアウト", resolved.Cause);
        Assert.Null(resolved.NextUpdateBy);
        Assert.Equal((3, IncidentStatus.Resolved, "復旧しました"), (resolved.Notices[0].Number, resolved.Notices[0].Status, resolved.Notices[0].Text));
    }

    [Fact]
    public async Task Get_OpenedAndResolvedByMonitoringAfterANotice_RecoveryNotTold()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("a", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        var silent = await CreateSut(h).GetAsync(id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "調査中です", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Intake.IntakeAsync(Notification("g1", Alert("a", AlertStatus.Resolved, AlertSeverity.Sev2)), default);

        var overview = await CreateSut(h).GetAsync(id, null, default);

        Assert.Empty(silent.Notices);
        Assert.Null(silent.NextUpdateBy);
        Assert.False(overview.Incident.IsOpen);
        Assert.False(overview.RecoveryTold);
        Assert.Equal((1, IncidentStatus.Investigating, "sato"), (overview.Notices.Single().Number, overview.Notices.Single().Status, overview.Notices.Single().By));
    }

    [Fact]
    public async Task Get_NoticeToNoAudience_LeftOut_TheFirstTheReadersGotIsTheir第1報()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "管理画面の表示崩れ", Severity = AlertSeverity.Sev4 }, "sato", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, null, "全ユーザーに影響", new IncidentEdit { Severity = AlertSeverity.Sev2 }, "sato", null, null, default);

        var overview = await CreateSut(h).GetAsync(id, null, default);

        var only = Assert.Single(overview.Notices);
        Assert.Equal(1, only.Number);
        Assert.Equal([new NoticeAudience("execs", 1), new NoticeAudience("support", 1)], only.Audiences);
    }

    [Fact]
    public async Task Get_Merged_TheMergeNoticeSaysSoAndCarriesNoText()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var (keep, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済できない", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var (duplicate, _) = await h.Service.CreateAsync(new NewIncident { Title = "カード決済ができない", Severity = AlertSeverity.Sev2 }, "ito", null, default);

        await h.Merger.MergeAsync(duplicate.Value.Id, keep.Value.Id, "sato", default);
        var overview = await CreateSut(h).GetAsync(duplicate.Value.Id, null, default);

        Assert.Equal(keep.Value.Id, overview.Incident.MergedInto);
        Assert.Equal([(2, true, (string?)null), (1, false, null)], overview.Notices.Select(n => (n.Number, n.Merged, n.Text)));
        Assert.False(overview.RecoveryTold);
        Assert.Null(overview.NextUpdateBy);
    }

    /// <summary>
    /// Trial day 29, H2 and L8: the execs told 第1報 (with a promised next update) and the 【統合】 第2報 about a declared duplicate
    /// read both in the view of the monitoring incident it was merged into, with that promise; the duplicate's view gives the time too.
    /// </summary>
    [Fact]
    public async Task Get_MergedInto_ListsTheDuplicatesNoticesInTheReadersSeries_AndBothViewsGiveTheNextUpdate()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var target = (await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        var promised = h.Time.GetUtcNow().AddMinutes(40);
        var (duplicate, _) = await h.Service.CreateAsync(new NewIncident { Title = "ログインできない", Severity = AlertSeverity.Sev2, UserImpact = "全員" }, "sato", null, default);
        await h.Service.PostUpdateAsync(duplicate.Value.Id, null, "調査中です", new IncidentEdit { NextUpdateAt = promised }, "sato", null, null, default);
        var dup = duplicate.Value.Id;

        await h.Merger.MergeAsync(dup, target, "yamada", default);
        var merged = await CreateSut(h).GetAsync(target, "execs", default);
        var gone = await CreateSut(h).GetAsync(dup, "execs", default);

        Assert.Equal("execs", merged.Audience);
        Assert.Equal([(3, dup, true), (2, dup, false), (1, dup, false)], merged.Notices.Select(n => (n.Number, n.Incident, n.Merged)));
        Assert.Equal(promised, merged.NextUpdateBy);
        Assert.Equal(promised, gone.ContinuedNextUpdateBy);

        await h.Service.PostUpdateAsync(target, IncidentStatus.Identified, "原因を特定しました", null, "emma", null, null, default);
        merged = await CreateSut(h).GetAsync(target, "execs", default);
        Assert.Equal([(4, null), (3, dup), (2, dup), (1, dup)], merged.Notices.Select(n => (n.Number, n.Incident)));
    }

    /// <summary>
    /// Trial day 33, M1 and L1: after the merge and the first update (the executives' Update 1, support's 第3報), the executives'
    /// view holds only that notice, saying no change (as their mail), and names no duplicate they never heard of; support's holds its
    /// three, the 第3報 saying the raise from SEV2 and what changed, as its mail did.
    /// </summary>
    [Fact]
    public async Task Get_ForAnAudienceADuplicateNeverTold_OnlyItsOwnNotices_EachSayingWhatItsMailSaid()
    {
        var h = await CreateAsync(comms: StakeholderNotifierTests.ExecsEnSupportJa);
        var (target, dup) = await StakeholderNotifierTests.TrialMergeAsync(h);

        var execs = await CreateSut(h).GetAsync(target, "execs", Language.En, default);
        var support = await CreateSut(h).GetAsync(target, "support", Language.Ja, default);
        var general = await CreateSut(h).GetAsync(target, null, Language.Ja, default);

        var only = Assert.Single(execs.Notices);
        Assert.Equal((1, (string?)null, IncidentStatus.Identified), (only.Number, only.Incident, only.Status));
        Assert.Empty(only.Changes);
        Assert.Equal(((AlertSeverity?)null, (AlertSeverity?)null), (only.SeverityBefore, only.SeverityNow));
        Assert.Equal(Array.Empty<string>(), execs.MergedShown);

        Assert.Equal([(3, null, false), (2, dup, true), (1, dup, false)], support.Notices.Select(n => (n.Number, n.Incident, n.Merged)));
        Assert.Equal([IncidentChange.Impact, IncidentChange.WorkaroundChanged], support.Notices[0].Changes);
        Assert.Equal((AlertSeverity.Sev2, AlertSeverity.Sev1), (support.Notices[0].SeverityBefore, support.Notices[0].SeverityNow));
        Assert.Equal([dup], support.MergedShown);

        // Nobody's own view: every notice, the duplicates named, each notice as its longest series read it.
        Assert.Equal(3, general.Notices.Count);
        Assert.Null(general.MergedShown);
        Assert.Equal((AlertSeverity.Sev2, AlertSeverity.Sev1), (general.Notices[0].SeverityBefore, general.Notices[0].SeverityNow));
    }

    /// <summary>
    /// Trial day 29, H2 (rest): once the incident a duplicate went on under recovered and its readers were told so, the duplicate's
    /// view reads it as over (no next update there); while that recovery is still owed (monitoring resolved it), not yet.
    /// </summary>
    [Fact]
    public async Task Get_MergedInto_TheTargetRecovered_TheDuplicatesViewSaysSo()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var target = (await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        var (duplicate, _) = await h.Service.CreateAsync(new NewIncident { Title = "ログインできない", Severity = AlertSeverity.Sev2, UserImpact = "全員" }, "sato", null, default);
        var dup = duplicate.Value.Id;
        await h.Merger.MergeAsync(dup, target, "yamada", default);
        // Merged before 12-05: monitoring still resolves the target (since, a declared duplicate makes it a person's to resolve).
        await h.StoreAsMergedBeforeDeclaredMergedInAsync(target);
        Assert.False((await CreateSut(h).GetAsync(dup, "execs", default)).ContinuedRecovered);
        h.Time.Advance(TimeSpan.FromMinutes(20));

        await h.Intake.IntakeAsync(Notification("g1", Alert("login", AlertStatus.Resolved, AlertSeverity.Sev2)), default);
        await h.Intake.DrainAsync(default);
        Assert.True((await h.IncidentAsync(target)).RecoveryNoticeOwed);
        var owed = await CreateSut(h).GetAsync(dup, "execs", default);
        Assert.False(owed.ContinuedRecovered);

        await h.Service.PostUpdateAsync(target, IncidentStatus.Resolved, "復旧しました", null, "emma", null, null, default);
        var over = await CreateSut(h).GetAsync(dup, "execs", default);

        Assert.True(over.ContinuedRecovered);
        Assert.Null(over.ContinuedNextUpdateBy);
    }

    /// <summary>
    /// Trial finding M3: support told since the SEV3 was declared (three notices), the execs added by the raise to SEV2 and told
    /// twice. An executive following their mail's link reads their own 第2報 and 第1報 — not support's 第5報 — and nothing sent
    /// before they were told; support's link reads all five in its series.
    /// </summary>
    [Fact]
    public async Task Get_ForAnAudienceAddedByARaise_OnlyItsNoticesNumberedInItsOwnSeries()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var id = await DeclaredThreeTimesThenRaisedAndUpdatedAsync(h);

        var execs = await CreateSut(h).GetAsync(id, "execs", default);
        var support = await CreateSut(h).GetAsync(id, "support", default);
        var general = await CreateSut(h).GetAsync(id, null, default);

        Assert.Equal("execs", execs.Audience);
        Assert.Equal([2, 1], execs.Notices.Select(n => n.Number));
        Assert.Equal(["決済代行の設定を戻しました。", "全ユーザーに広がりました。"], execs.Notices.Select(n => n.Text));
        Assert.Equal("support", support.Audience);
        Assert.Equal([5, 4, 3, 2, 1], support.Notices.Select(n => n.Number));
        Assert.Null(general.Audience);
        Assert.Equal([5, 4, 3, 2, 1], general.Notices.Select(n => n.Number));
        Assert.Equal([new NoticeAudience("execs", 2), new NoticeAudience("support", 5)], general.Notices[0].Audiences);
        // What the view says of where it stands is the same for every reader: the last notice went to all of them.
        Assert.Equal((general.NextUpdateBy, general.RecoveryTold), (execs.NextUpdateBy, execs.RecoveryTold));
    }

    [Fact]
    public async Task Get_ForAnAudienceInAnotherCase_ItsSeriesUnderTheNameTheIncidentRecorded()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var id = await DeclaredThreeTimesThenRaisedAndUpdatedAsync(h);

        var overview = await CreateSut(h).GetAsync(id, "EXECS", default);

        Assert.Equal("execs", overview.Audience);
        Assert.Equal([2, 1], overview.Notices.Select(n => n.Number));
    }

    /// <summary>
    /// A link outlives the settings: an audience no longer (or never) configured, or one this incident never told (the execs of a
    /// SEV3), reads the general view — not an error, not an empty list.
    /// </summary>
    [Theory]
    [InlineData("marketing")]
    [InlineData("execs")]
    public async Task Get_ForAnAudienceThisIncidentNeverTold_TheGeneralView(string audience)
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev3 }, "sato", null, default);
        await h.Service.PostUpdateAsync(created.Value.Id, IncidentStatus.Identified, "決済代行のタイムアウト", null, "sato", null, null, default);

        var overview = await CreateSut(h).GetAsync(created.Value.Id, audience, default);

        Assert.Null(overview.Audience);
        Assert.Equal([2, 1], overview.Notices.Select(n => n.Number));
        Assert.All(overview.Notices, n => Assert.Equal(["support"], n.Audiences.Select(a => a.Name)));
    }

    /// <summary>
    /// Support's 第1報〜第3報 on a SEV3, then a raise to SEV2 that tells the execs too (their 第1報, support's 第4報), then an
    /// update (the execs' 第2報, support's 第5報).
    /// </summary>
    private static async Task<string> DeclaredThreeTimesThenRaisedAndUpdatedAsync(IncidentHarness h)
    {
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev3 }, "sato", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "一部のカードで失敗しています。", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "決済代行の設定変更が原因です。", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Service.PostUpdateAsync(id, null, "全ユーザーに広がりました。", new IncidentEdit { Severity = AlertSeverity.Sev2 }, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Monitoring, "決済代行の設定を戻しました。", null, "sato", null, null, default);
        return id;
    }

    [Fact]
    public async Task Get_UnknownId_NotFound()
    {
        var h = await CreateAsync(comms: SupportThenExecs);

        var ex = await Assert.ThrowsAsync<NotFoundException>(() => CreateSut(h).GetAsync("INC-2026-9999", null, default));
        Assert.Equal("INC-2026-9999", ex.Id);
    }

    /// <summary>
    /// Review day 27, finding 1a: a SEV2 declared at 10:00 told stakeholders 11:00頃; monitoring raised it to SEV1 (30 minutes)
    /// with no notice. The view keeps saying 11:00 — what they were told — not 10:30 worked out from the severity now.
    /// </summary>
    [Fact]
    public async Task Get_SeverityRaisedByMonitoringAfterTheNotice_NextUpdateIsTheOneTheNoticeSaid()
    {
        var h = await CreateAsync(comms: c => { SupportThenExecs(c); c.BySeverity.Sev1 = ["execs", "support"]; c.UpdateInterval.Sev1 = "00:30:00"; });
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var id = created.Value.Id;
        Assert.Contains("2026年12月1日(火) 11:00頃（JST）までにお知らせします。", h.Outbox.All.Single(m => m.Id == $"incident:{id}:notice:1:email:ja:0").TextBody, StringComparison.Ordinal);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Incidents.MutateAsync(id, i => i.RaiseSeverity(AlertSeverity.Sev1, "alert:azure-monitor", h.Time.GetUtcNow(), new AckTimeouts()), default);

        var overview = await CreateSut(h).GetAsync(id, null, default);

        Assert.Equal(T0.AddHours(1), overview.NextUpdateBy);
    }

    /// <summary>
    /// Review day 27, finding 1b: the recovery notice promised no next update; monitoring reopened the incident. The view shows no
    /// next-update time (before: the interval after the resolving update, long past).
    /// </summary>
    [Fact]
    public async Task Get_ReopenedByMonitoringAfterTheRecoveryNotice_NoNextUpdate()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromHours(4));
        await h.Incidents.MutateAsync(id, i => i.Reopen("alert:azure-monitor", h.Time.GetUtcNow(), "fired again"), default);

        var overview = await CreateSut(h).GetAsync(id, null, default);

        Assert.True(overview.Incident.IsOpen);
        Assert.Null(overview.NextUpdateBy);
    }

    /// <summary>
    /// Review day 27, finding 1c: declared at 10:03:20 (SEV2, an hour): the view's next update is the very time the 第1報 said,
    /// read from its text (10:10 after the hour, rounded up), not the interval added unrounded.
    /// </summary>
    [Fact]
    public async Task Get_DeclaredOffTheMinute_NextUpdateIsTheTimeTheNoticeTextSaid()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        h.Time.Advance(TimeSpan.FromSeconds(200));
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev2 }, "sato", null, default);

        var overview = await CreateSut(h).GetAsync(created.Value.Id, null, default);

        var notice = h.Outbox.All.Single(m => m.Id == $"incident:{created.Value.Id}:notice:1:email:ja:0").TextBody;
        var said = TimeZoneInfo.ConvertTime(overview.NextUpdateBy!.Value, h.Options.Zone);
        Assert.Equal(new DateTime(2026, 12, 1, 11, 10, 0), said.DateTime);
        Assert.Contains($"2026年12月1日(火) {said:HH:mm}頃（JST）までにお知らせします。", notice, StringComparison.Ordinal);
    }

    /// <summary>
    /// A record stored before what the notice said was kept (no <see cref="IncidentComms.LastNoticeSaid"/>): the next update is
    /// worked out again as before, from the last update, its promise and the interval of the severity the notice said.
    /// </summary>
    [Fact]
    public async Task Get_RecordStoredBeforeTheToldTimeWasKept_NextUpdateWorkedOutAsBefore()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev2 }, [], "sato", T0.AddMinutes(3));
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(3)), ["execs", "support"], AlertSeverity.Sev2, T0.AddMinutes(3));
        await h.Incidents.TryCreateAsync(incident, default);

        var overview = await CreateSut(h).GetAsync("INC-2026-0001", null, default);

        Assert.Null((await h.IncidentAsync("INC-2026-0001")).Comms.LastNoticeSaid);
        Assert.Equal(T0.AddMinutes(70), overview.NextUpdateBy);
    }

    /// <summary>A quiet correction: the view shows the corrected facts (it reads the record), and no notice more than were sent.</summary>
    [Fact]
    public async Task Get_AfterAQuietCorrection_TheCorrectedFacts_TheSameNotices()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "請求書PDFがひらけない", Severity = AlertSeverity.Sev3, StartedAt = T0.AddMinutes(-30) }, "sato", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(20));

        await h.Service.CorrectAsync(id, new IncidentEdit { Title = "請求書PDFが開けない", StartedAt = T0.AddMinutes(-31) }, "ito", null, null, default);
        var overview = await CreateSut(h).GetAsync(id, null, default);

        Assert.Equal(("請求書PDFが開けない", T0.AddMinutes(-31)), (overview.Incident.Title, overview.Incident.StartedAt));
        Assert.Equal([1], overview.Notices.Select(n => n.Number));
    }

    /// <summary>
    /// Trial 39 M3 in the 障害の状況 view: 第1報 said 03:09; the alert merged in started 03:05. The 第2報 told execs and support
    /// 「発生日時を 03:09 から 03:05（JST）に訂正しました。」; the view's notice history says it on that notice, in the page's language, as the mail
    /// said it, and on no other (the 第1報 before it, the 第3報 after it). Before, the history showed only 「回避策を追記しました。」.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "発生日時を 03:09 から 03:05（JST）に訂正しました。回避策を追記しました。", "発生日時を")]
    [InlineData(Language.En, "Start time corrected from 03:09 to 03:05 (JST). A workaround was added.", "Start time corrected")]
    public async Task Get_AMergeMovedTheStart_TheNextNoticeInTheHistorySaysItAsItsMailDid(Language language, string said, string once)
    {
        var h = await CreateAsync(comms: c =>
        {
            SupportThenExecs(c);
            c.Audiences["support"].Language = "en";
        });
        var id = await MergeAnAlertThatStartedEarlierAsync(h);

        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { Workaround = "Web 版から決済できます" }, "tanaka", null, null, default);
        await h.Service.PostUpdateAsync(id, null, "決済サーバーを再起動しています。", null, "tanaka", null, null, default);
        var overview = await CreateSut(h).GetAsync(id, null, language, default);
        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", h.Time.GetUtcNow()));

        var moved = new Corrected<DateTimeOffset>(new DateTimeOffset(2026, 12, 4, 18, 9, 30, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 18, 5, 0, TimeSpan.Zero));
        Assert.Equal([(3, null), (2, moved), (1, null)], overview.Notices.Select(n => (n.Number, n.StartMoved)));
        // Headed as the mail opened (the general view numbers no notice: each audience has its own number).
        Assert.Contains((language == Language.Ja ? "<h3>SEV2・調査中：" : "<h3>SEV2, Investigating: ") + said + "</h3>", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split(once).Length); // said once, on the 第2報
        // As the mails of the 第2報 said it, in each reader's language.
        var mail = h.Outbox.All.Single(m => m.Topic == $"incident:{id}:notice:2" && m.Id.EndsWith(language == Language.Ja ? ":ja:0" : ":en:0", StringComparison.Ordinal));
        Assert.Contains((language == Language.Ja ? "（SEV2・調査中）：" : " (SEV2, Investigating): ") + said + "\n", mail.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Only to readers already told: an audience a raise adds in the 第2報 reads it as its 第1報, which gave the start only as it is
    /// now; its own view says nothing of a moved start, while the view of the audience told before does.
    /// </summary>
    [Fact]
    public async Task Get_AMergeMovedTheStart_AnAudienceFirstToldInThatNoticeReadsNoMovedStartInItsView()
    {
        var h = await CreateAsync(comms: c =>
        {
            SupportThenExecs(c);
            c.BySeverity.Sev2 = ["support"];
            c.BySeverity.Sev1 = ["execs", "support"];
        });
        var id = await MergeAnAlertThatStartedEarlierAsync(h);

        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { Severity = AlertSeverity.Sev1 }, "tanaka", null, null, default);
        var execs = await CreateSut(h).GetAsync(id, "execs", Language.Ja, default);
        var support = await CreateSut(h).GetAsync(id, "support", Language.Ja, default);

        Assert.Equal([(1, (Corrected<DateTimeOffset>?)null)], execs.Notices.Select(n => (n.Number, n.StartMoved)));
        Assert.DoesNotContain("発生日時を", TestRenderer.Instance.Page(new IncidentOverviewNotice(Language.Ja, execs, "Asia/Tokyo", h.Time.GetUtcNow())), StringComparison.Ordinal);
        Assert.Contains("<h3>第2報（SEV1・調査中）：重大度を SEV2 から SEV1 に引き上げました。発生日時を 03:09 から 03:05（JST）に訂正しました。</h3>",
            TestRenderer.Instance.Page(new IncidentOverviewNotice(Language.Ja, support, "Asia/Tokyo", h.Time.GetUtcNow())), StringComparison.Ordinal);
    }

    /// <summary>A merge that did not move the start: the next notice said nothing of it, and neither does its entry in the history.</summary>
    [Fact]
    public async Task Get_AMergeThatDidNotMoveTheStart_TheNextNoticeInTheHistorySaysNothingOfIt()
    {
        var h = await CreateAsync(comms: SupportThenExecs);
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 18, 9, 30, TimeSpan.Zero));
        var (keep, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済できない", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var id = keep.Value.Id;
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 18, 12, 0, TimeSpan.Zero));
        var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("pay", severity: AlertSeverity.Sev2) with { StartsAt = h.Time.GetUtcNow().AddMinutes(-1) }), default)).IncidentId!;
        await h.Merger.MergeAsync(duplicate, id, "tanaka", default);

        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { Workaround = "Web 版から決済できます" }, "tanaka", null, null, default);
        var overview = await CreateSut(h).GetAsync(id, null, Language.Ja, default);
        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(Language.Ja, overview, "Asia/Tokyo", h.Time.GetUtcNow()));

        Assert.Equal([(2, (Corrected<DateTimeOffset>?)null), (1, null)], overview.Notices.Select(n => (n.Number, n.StartMoved)));
        Assert.Contains("<h3>SEV2・調査中：回避策を追記しました。</h3>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("発生日時を", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// 第1報 of a declared incident at 03:09 JST (12-05), then an alert that started 03:05 merged into it by a person: the start moved,
    /// owed to the next notice. Returns the declared incident's id.
    /// </summary>
    private static async Task<string> MergeAnAlertThatStartedEarlierAsync(IncidentHarness h)
    {
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 18, 9, 30, TimeSpan.Zero));
        var (keep, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済できない", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var alertStart = new DateTimeOffset(2026, 12, 4, 18, 5, 0, TimeSpan.Zero);
        h.MoveTo(alertStart.AddMinutes(7));
        var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("pay", severity: AlertSeverity.Sev2) with { StartsAt = alertStart }), default)).IncidentId!;
        await h.Merger.MergeAsync(duplicate, keep.Value.Id, "tanaka", default);
        Assert.Equal(alertStart, (await h.IncidentAsync(keep.Value.Id)).StartedAt);
        return keep.Value.Id;
    }
}
