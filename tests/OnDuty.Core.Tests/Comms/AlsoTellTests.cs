using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Comms;

/// <summary>
/// An update's <c>alsoTell</c> (session 56): a SEV2 tells the executives only; support (who answer customers, Drafts on) is told by
/// name without raising the severity, reads that notice as its 第1報 with the current state, and every later notice.
/// </summary>
public sealed class AlsoTellTests
{
    private static void ExecsThenSupport(CommsOptions c)
    {
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com"], Language = "ja", DisplayName = "経営層" };
        c.Audiences["support"] = new AudienceOptions { Members = ["group:support@example.com", "cs-lead@example.com"], Language = "ja", DisplayName = "サポート", Drafts = true };
        c.BySeverity.Sev1 = ["execs", "support"];
        c.BySeverity.Sev2 = ["execs"];
    }

    private static NewIncident Payments() => new()
    {
        Title = "決済エラー", Severity = AlertSeverity.Sev2, UserImpact = "決済でエラーが発生しています。",
    };

    private static List<OutboxMessage> Notice(IncidentHarness h, string id, int n) =>
        [.. h.Outbox.All.Where(m => m.Topic == $"incident:{id}:notice:{n}" && m.Channel == Channel.Email).OrderBy(m => m.Id, StringComparer.Ordinal)];

    private static OutboxMessage Row(IncidentHarness h, string id, int n, string batch) =>
        Assert.Single(Notice(h, id, n), r => r.Id == $"incident:{id}:notice:{n}:email:{batch}");

    private static async Task<(IncidentHarness H, string Id)> SecondNoticeToExecsAsync()
    {
        var h = await CreateAsync(comms: ExecsThenSupport);
        h.Directory.Groups["support@example.com"] = [new DirectoryPerson("agent@example.com", null)];
        var (created, _) = await h.Service.CreateAsync(Payments(), "sato", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "決済代行の接続設定を確認しています。", new IncidentEdit
        {
            UserImpact = "iOS アプリのカード決済ができません。", Workaround = "Android・Web から決済してください。",
        }, "sato", null, null, default);
        return (h, id);
    }

    [Fact]
    public void CheckAlsoTell_KnownInAnyCase_AsConfiguredOnce_UnknownRefusedNamingTheFieldAndListingTheKnown()
    {
        var comms = new CommsOptions();
        ExecsThenSupport(comms);

        Assert.Equal(["support"], comms.CheckAlsoTell(["SUPPORT", " support "]));
        Assert.Empty(comms.CheckAlsoTell(null));
        var refused = Assert.Throws<ValidationException>(() => comms.CheckAlsoTell(["support", "legal"]));
        var message = Assert.Single(refused.Errors["alsoTell"]);
        Assert.Contains("'legal'", message, StringComparison.Ordinal);
        Assert.Contains("known: execs, support", message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => comms.CheckAlsoTell([" "]));
    }

    [Fact]
    public async Task Update_OnlyAlsoTellSupport_SupportsFirstNoticeHasTheCurrentState_ExecsReadTheNextInTheirSeries_LaterNoticesReachBoth()
    {
        var (h, id) = await SecondNoticeToExecsAsync();
        Assert.Equal(["ceo@example.com"], Row(h, id, 2, "ja:0").Bcc);
        Assert.Equal(["execs"], (await h.IncidentAsync(id)).Comms.ToldAudiences);
        Assert.Equal(["support"], h.Comms.AlsoTellChoices(await h.IncidentAsync(id)));

        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { AlsoTell = ["Support"] }, "sato", null, null, default);

        // Support: 第1報, the state as it stands (impact, workaround, status, the last words), no change lines about what it never read.
        var support = Row(h, id, 3, "ja.from3:0");
        Assert.Equal(["agent@example.com", "cs-lead@example.com"], support.Bcc);
        var text = support.TextBody!;
        Assert.StartsWith("第1報（SEV2・原因特定）：", text, StringComparison.Ordinal);
        Assert.Contains("■影響範囲\niOS アプリのカード決済ができません。", text, StringComparison.Ordinal);
        Assert.Contains("■回避策\nAndroid・Web から決済してください。", text, StringComparison.Ordinal);
        Assert.Contains("決済代行の接続設定を確認しています。", text, StringComparison.Ordinal);
        Assert.DoesNotContain("を更新しました", text, StringComparison.Ordinal);
        Assert.DoesNotContain("追記しました", text, StringComparison.Ordinal);
        Assert.DoesNotContain("変わりました", text, StringComparison.Ordinal);
        Assert.DoesNotContain("第3報", text, StringComparison.Ordinal);
        // Drafts on: support's mail links the customer drafts as a severity-chosen audience's does; the executives' does not.
        Assert.Contains("#h-drafts", text, StringComparison.Ordinal);

        // The executives (the notice system numbers a notice for every audience told: see the README) read their 第3報.
        var execs = Row(h, id, 3, "ja:0");
        Assert.Equal(["ceo@example.com"], execs.Bcc);
        // It brings them nothing else: its opening says why it came.
        Assert.StartsWith("第3報（SEV2・原因特定）：この報告からサポートにもお知らせしています。\n", execs.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("#h-drafts", execs.TextBody, StringComparison.Ordinal);

        var stored = (await h.IncidentAsync(id)).Comms;
        Assert.Equal(["execs", "support"], stored.ToldAudiences);
        Assert.Empty(stored.AlsoTell);
        Assert.Equal((1, 3), (stored.FirstNoticeOf("execs", 9), stored.FirstNoticeOf("support", 9)));
        var row = (await h.Incidents.GetTimelineAsync(id, default)).Last(t => t.Kind == TimelineKind.Update);
        Assert.Equal(["support"], row.AlsoTold);
        Assert.Empty(h.Comms.AlsoTellChoices(await h.IncidentAsync(id)));

        // Every later notice reaches them, in their own series; the recovery notice too.
        h.Time.Advance(TimeSpan.FromMinutes(20));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "接続設定を戻し、復旧しました。", null, "sato", null, null, default);
        Assert.StartsWith("第2報", Row(h, id, 4, "ja.from3:0").TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("お知らせしています", Row(h, id, 4, "ja:0").TextBody, StringComparison.Ordinal);
        Assert.StartsWith("第4報", Row(h, id, 4, "ja:0").TextBody, StringComparison.Ordinal);
        Assert.True(OnDuty.Core.Retros.FinalReportDue.IsExpected(await h.IncidentAsync(id)));
    }

    /// <summary>
    /// The notice is composed later from the stored record: support's group cannot be expanded when the update is saved, so the
    /// notice stays owed with support kept on the record; the cadence run queues it once reachable, support included, as its 第1報.
    /// </summary>
    [Fact]
    public async Task Update_AlsoTell_QueuingFailsAfterTheSave_SupportKeptOnTheRecord_TheOwedNoticeReachesItLater()
    {
        var (h, id) = await SecondNoticeToExecsAsync();
        h.Directory.Unreachable.Add("support@example.com");

        await Assert.ThrowsAsync<DependencyUnavailableException>(() =>
            h.Service.PostUpdateAsync(id, null, "サポートにも共有します。", new IncidentEdit { AlsoTell = ["support"] }, "sato", null, null, default));
        var owed = (await h.IncidentAsync(id)).Comms;
        Assert.Equal((3, 2), (owed.Issued, owed.Queued));
        Assert.Equal(["support"], owed.AlsoTell);
        Assert.Equal(["execs"], owed.ToldAudiences);
        Assert.Empty(Notice(h, id, 3));

        h.Directory.Unreachable.Clear();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Nudger.NudgeOpenIncidentsAsync(default);

        Assert.StartsWith("第1報（SEV2・原因特定）：", Row(h, id, 3, "ja.from3:0").TextBody, StringComparison.Ordinal);
        Assert.Equal(["ceo@example.com"], Row(h, id, 3, "ja:0").Bcc);
        var told = (await h.IncidentAsync(id)).Comms;
        Assert.Equal((3, 3), (told.Issued, told.Queued));
        Assert.Empty(told.AlsoTell);
        Assert.Equal(["execs", "support"], told.ToldAudiences);
    }

    [Fact]
    public async Task Update_AlsoTellUnknownOrOnlyAudiencesReached_400NamingAlsoTell_NothingSavedNorSent()
    {
        var (h, id) = await SecondNoticeToExecsAsync();
        var before = (await h.IncidentAsync(id)).Comms;

        var unknown = await Assert.ThrowsAsync<ValidationException>(() =>
            h.Service.PostUpdateAsync(id, null, "共有します。", new IncidentEdit { AlsoTell = ["legal"] }, "sato", null, null, default));
        Assert.Contains("alsoTell", unknown.Errors.Keys);
        var reached = await Assert.ThrowsAsync<ValidationException>(() =>
            h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { AlsoTell = ["execs"] }, "sato", null, null, default));
        Assert.Contains("alsoTell", reached.Errors.Keys);
        var quiet = await Assert.ThrowsAsync<ValidationException>(() =>
            h.Service.CorrectAsync(id, new IncidentEdit { Title = "決済エラー（iOS）", AlsoTell = ["support"] }, "sato", null, null, default));
        Assert.Contains("alsoTell", quiet.Errors.Keys);

        var after = (await h.IncidentAsync(id)).Comms;
        Assert.Equal((before.Issued, before.Queued), (after.Issued, after.Queued));
        Assert.Empty(after.AlsoTell);
        Assert.Empty(Notice(h, id, 3));

        // Named with the audiences reached already and a message: only the message's notice, nobody added.
        await h.Service.PostUpdateAsync(id, null, "調査を続けています。", new IncidentEdit { AlsoTell = ["execs"] }, "sato", null, null, default);
        Assert.Equal(["execs"], (await h.IncidentAsync(id)).Comms.ToldAudiences);
        Assert.Null((await h.Incidents.GetTimelineAsync(id, default)).Last(t => t.Kind == TimelineKind.Update).AlsoTold);
    }
}
