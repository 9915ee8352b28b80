using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Retros;
using OnDuty.Core.Tests.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Comms;

public sealed class FinalReportServiceTests
{
    private static void TwoAudiences(CommsOptions c)
    {
        // cto reads both: one mail, the executives' (the first audience by name of theirs).
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com", "cto@example.com"], Language = "ja" };
        c.Audiences["support"] = new AudienceOptions { Members = ["cs-lead@example.com", "cto@example.com"], Language = "en" };
        c.BySeverity.Sev1 = ["execs", "support"];
        c.BySeverity.Sev2 = ["execs", "support"];
        c.BySeverity.Sev3 = [];
    }

    private static readonly RetroContent Retro = new()
    {
        Summary = "10:05 のリリースで決済画面が開かなくなり、切り戻しで復旧しました。",
        Impact = "アプリの一部の利用者が決済画面を開けませんでした。",
        HardToJudge = "原因が分かる前に切り戻すかどうか迷った。",
        ManualChanges = "手順書の切り戻し手順を更新する。",
        ActionItems =
        [
            new ActionItem { Title = "リリース前に決済のスモークテストを追加する", Owner = "sato", Due = new DateOnly(2026, 12, 25) },
            new ActionItem { Title = "当番手順書の切り戻しの節を直す", Owner = "yamada" },
        ],
    };

    /// <summary>A SEV1 declared, resolved by a person (the recovery notice told the cause), its retro written.</summary>
    private static async Task<(IncidentHarness H, string Id)> ResolvedWithRetroAsync(bool retro = true, AlertSeverity severity = AlertSeverity.Sev1, Action<CommsOptions>? comms = null)
    {
        var h = await CreateAsync(comms: comms ?? TwoAudiences);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = severity, UserImpact = "決済できない" }, "sato", null, default);
        var id = created.Value.Id;
        h.MoveTo(T0.AddMinutes(40));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "切り戻して復旧しました。", new IncidentEdit { Cause = "10:05 のリリースの設定誤り" }, "sato", null, null, default);
        if (retro)
        {
            await h.Retros.PutAsync(await h.IncidentAsync(id), Retro, T0.AddDays(1), "sato");
        }

        h.MoveTo(T0.AddDays(2));
        return (h, id);
    }

    private static List<OutboxMessage> Rows(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Topic.StartsWith($"incident:{id}:final:", StringComparison.Ordinal)).OrderBy(m => m.Id, StringComparer.Ordinal)];

    [Fact]
    public async Task Get_ResolvedWithRetro_PrefillsFromRecordAndRetro_NotTheInternalParts()
    {
        var (h, id) = await ResolvedWithRetroAsync();

        var draft = await h.FinalReports.GetAsync(id, default);

        Assert.Null(draft.Refused);
        Assert.Null(draft.Sent);
        Assert.Equal(["execs", "support"], draft.Audiences);
        Assert.Equal(3, draft.Addresses);
        Assert.Equal(Retro.Summary, draft.Text.Summary);
        Assert.Equal(Retro.Impact, draft.Text.Impact);
        Assert.Equal("10:05 のリリースの設定誤り", draft.Text.Cause);
        Assert.Equal([new FinalReportMeasure("リリース前に決済のスモークテストを追加する", new DateOnly(2026, 12, 25)), new FinalReportMeasure("当番手順書の切り戻しの節を直す", null)], draft.Text.Measures);
    }

    [Fact]
    public async Task Send_EachReaderOnceInTheirAudiencesMail_LanguageAndEditedText_TimelineSaysSo()
    {
        var (h, id) = await ResolvedWithRetroAsync();
        var draft = await h.FinalReports.GetAsync(id, default);
        var edited = draft.Text with { Cause = "設定ファイルの誤り（編集済み）", Measures = [draft.Text.Measures[0]] };

        var (after, sentNow) = await h.FinalReports.SendAsync(id, edited, "sato", default);

        Assert.True(sentNow);
        var rows = Rows(h, id);
        Assert.Equal([$"incident:{id}:final:execs:email:ja:0", $"incident:{id}:final:support:email:en:0"], rows.Select(r => r.Id));
        Assert.Equal(["ceo@example.com", "cto@example.com"], rows[0].Bcc);
        Assert.Equal(["cs-lead@example.com"], rows[1].Bcc);
        Assert.Equal($"【障害報告】{id} 決済画面が開かない（最終報）", rows[0].Subject);
        Assert.Equal($"[Incident report] {id} 決済画面が開かない (final)", rows[1].Subject);
        var ja = rows[0].TextBody.ReplaceLineEndings("\n");
        Assert.Contains("■原因\n設定ファイルの誤り（編集済み）\n", ja, StringComparison.Ordinal);
        Assert.Contains("■再発防止策\n・リリース前に決済のスモークテストを追加する（2026年12月25日(金)まで）\n", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("当番手順書", ja, StringComparison.Ordinal);
        Assert.DoesNotContain(Retro.HardToJudge!, ja, StringComparison.Ordinal);
        Assert.Contains("■復旧日時\n2026年12月1日(火) 10:40（JST）\n", ja, StringComparison.Ordinal);
        Assert.Contains("Cause\n設定ファイルの誤り（編集済み）\n", rows[1].TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var sent = (await h.IncidentAsync(id)).Comms.FinalReport;
        Assert.Equal(new SentFinalReport(T0.AddDays(2), "sato", ["execs", "support"], 3) with { Audiences = sent!.Audiences }, sent);
        Assert.Equal(["execs", "support"], sent.Audiences);
        Assert.Equal(sent, after.Sent);
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.FinalReportSent);
        Assert.Equal("final report sent to execs, support", row.Message);
        Assert.Equal("sato", row.By);
    }

    [Fact]
    public async Task Send_Repeated_SendsNothingTwice()
    {
        var (h, id) = await ResolvedWithRetroAsync();
        var text = (await h.FinalReports.GetAsync(id, default)).Text;
        await h.FinalReports.SendAsync(id, text, "sato", default);
        var rows = h.Outbox.All.Count;

        var (again, sentNow) = await h.FinalReports.SendAsync(id, text with { Summary = "二度目" }, "yamada", default);

        Assert.False(sentNow);
        Assert.Equal(rows, h.Outbox.All.Count);
        Assert.Equal("sato", again.Sent!.By);
        Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.FinalReportSent);
        Assert.DoesNotContain(Rows(h, id), r => r.TextBody.Contains("二度目", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Correct_WrongDueDate_ToTheSameReadersOnce_SaysWhatWasSaidAndWhatIsRight_Recorded()
    {
        var (h, id) = await ResolvedWithRetroAsync();
        var text = (await h.FinalReports.GetAsync(id, default)).Text;
        await h.FinalReports.SendAsync(id, text, "sato", default);
        h.MoveTo(T0.AddDays(3));
        var right = text with { Measures = [text.Measures[0] with { Due = new DateOnly(2027, 1, 15) }, text.Measures[1]] };

        var (after, sentNow) = await h.FinalReports.CorrectAsync(id, right, "sato", default);

        Assert.True(sentNow);
        var rows = Rows(h, id).Where(r => r.Topic.Contains(":correction:", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"incident:{id}:final:execs:correction:1:email:ja:0", $"incident:{id}:final:support:correction:1:email:en:0"], rows.Select(r => r.Id));
        Assert.Equal(["ceo@example.com", "cto@example.com"], rows[0].Bcc);
        Assert.Equal(["cs-lead@example.com"], rows[1].Bcc);
        Assert.Equal($"【訂正】【障害報告】{id} 決済画面が開かない（最終報）", rows[0].Subject);
        Assert.Equal($"[Correction] [Incident report] {id} 決済画面が開かない (final)", rows[1].Subject);
        var ja = rows[0].TextBody.ReplaceLineEndings("\n");
        Assert.StartsWith(
            "2026年12月3日(木) 10:00（JST）にお送りした最終報に誤りがありました。\n"
            + "再発防止策「リリース前に決済のスモークテストを追加する」の期限を『2026年12月25日(金)まで』とお伝えしましたが、正しくは『2027年1月15日(金)まで』です。"
            + "お詫びして訂正いたします。訂正後の最終報は以下のとおりです。\n",
            ja, StringComparison.Ordinal);
        Assert.Contains("■再発防止策\n・リリース前に決済のスモークテストを追加する（2027年1月15日(金)まで）\n・当番手順書の切り戻しの節を直す\n", ja, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(ja, "とお伝えしましたが"));
        Assert.Contains("Preventive measure “リリース前に決済のスモークテストを追加する”: we said “by Fri 25 Dec 2026”; correct is “by Fri 15 Jan 2027”.", rows[1].TextBody, StringComparison.Ordinal);
        Assert.Equal((1, T0.AddDays(3)), (after.Sent!.Corrections, after.Sent.CorrectedAt));
        Assert.Equal(1, (await h.IncidentAsync(id)).Comms.FinalReport!.Corrections);
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.FinalReportCorrected);
        Assert.Equal("final report correction 1 sent to execs, support", row.Message);
        Assert.Equal(new DateOnly(2027, 1, 15), row.FinalReport!.Measures[0].Due);
    }

    [Fact]
    public async Task Correct_SameTextAgain_SendsNothing_AnotherCorrectionIsTheNext()
    {
        var (h, id) = await ResolvedWithRetroAsync();
        var text = (await h.FinalReports.GetAsync(id, default)).Text;
        await h.FinalReports.SendAsync(id, text, "sato", default);
        var right = text with { Impact = "iOS アプリのカード決済のみ失敗しました。" };
        await h.FinalReports.CorrectAsync(id, right, "sato", default);
        var queued = h.Outbox.All.Count;

        var (again, sentAgain) = await h.FinalReports.CorrectAsync(id, right, "yamada", default);
        var (_, unchanged) = await h.FinalReports.CorrectAsync(id, right with { Impact = " " + right.Impact + " " }, "sato", default);

        Assert.False(sentAgain);
        Assert.False(unchanged);
        Assert.Equal(queued, h.Outbox.All.Count);
        Assert.Equal(1, again.Sent!.Corrections);

        var (_, second) = await h.FinalReports.CorrectAsync(id, right with { Cause = "決済代行の設定誤り" }, "sato", default);
        Assert.True(second);
        var ja = Assert.Single(Rows(h, id), r => r.Topic == $"incident:{id}:final:execs:correction:2").TextBody;
        Assert.Contains("原因について『10:05 のリリースの設定誤り』とお伝えしましたが、正しくは『決済代行の設定誤り』です。", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("影響範囲について", ja, StringComparison.Ordinal);
        Assert.Equal(2, (await h.TimelineAsync(id)).Count(e => e.Kind == TimelineKind.FinalReportCorrected));
    }

    [Fact]
    public async Task Correct_TwoDifferentAtTheSameMoment_OneSent_TheOtherRefusedSaying_NeverSilentlyDropped()
    {
        var (h, id) = await ResolvedWithRetroAsync();
        var text = (await h.FinalReports.GetAsync(id, default)).Text;
        await h.FinalReports.SendAsync(id, text, "sato", default);
        h.MoveTo(T0.AddDays(3));
        // Both read the record before either saves (the table's ETag decides): two PMs pressing 「訂正を送る」 at once.
        using var bothRead = new Barrier(2);
        var saves = 0;
        h.Incidents.FailSave = _ =>
        {
            if (Interlocked.Increment(ref saves) <= 2)
            {
                bothRead.SignalAndWait(TimeSpan.FromSeconds(10));
            }

            return null;
        };
        var impact = text with { Impact = "iOS アプリのカード決済のみ失敗しました。" };
        var cause = text with { Cause = "決済代行の設定誤り" };

        var results = await Task.WhenAll(
            Task.Run(() => Outcome(h.FinalReports.CorrectAsync(id, impact, "sato", default))),
            Task.Run(() => Outcome(h.FinalReports.CorrectAsync(id, cause, "yamada", default))));

        var sent = Assert.Single(results, r => r.Error is null);
        var refused = Assert.Single(results, r => r.Error is not null).Error!;
        Assert.True(sent.SentNow);
        Assert.Equal("finalReportCorrectedMeanwhile", refused.Refusal?.Code);
        Assert.Equal("1", refused.Refusal!.Args["number"]);
        // When the other went, in the team's zone (T0 + 3 days = 12月4日 10:00 in Tokyo), as retroSavedMeanwhile says its save.
        Assert.Equal("2026-12-04T10:00+09:00", refused.Refusal.Args["at"]);
        Assert.Equal("Asia/Tokyo", refused.Refusal.Args["timeZone"]);
        Assert.Contains("was sent at 2026-12-04 10:00 (Asia/Tokyo), while this one was being sent: this one was not sent", refused.Message, StringComparison.Ordinal);
        // What went is the text the record says went: one correction 1, the winner's, and nothing of the other's.
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.FinalReportCorrected);
        var winner = row.FinalReport!.Impact == impact.Impact ? impact : cause;
        Assert.Equal(winner.Cause, row.FinalReport.Cause);
        var ja = Assert.Single(Rows(h, id), r => r.Topic == $"incident:{id}:final:execs:correction:1").TextBody;
        Assert.Contains(winner == impact ? "正しくは『iOS アプリのカード決済のみ失敗しました。』" : "正しくは『決済代行の設定誤り』", ja, StringComparison.Ordinal);
        Assert.DoesNotContain(winner == impact ? "決済代行の設定誤り" : "iOS アプリ", ja, StringComparison.Ordinal);
        Assert.Equal(1, (await h.IncidentAsync(id)).Comms.FinalReport!.Corrections);
        Assert.DoesNotContain(h.Outbox.All, m => m.Topic.Contains(":correction:2", StringComparison.Ordinal));
        Assert.Equal(
            "この訂正を送る間に、最終報の別の訂正（訂正1）が12月4日(金) 10:00（JST）に送られました。この訂正は送っていません。ページを読み込み直して送られた内容を確かめ、まだ訂正が必要ならもう一度送ってください。",
            OnDuty.Messages.RefusalText.Say(refused.Refusal, OnDuty.Core.Team.Language.Ja, OnDuty.Messages.RefusalReader.Page));
        Assert.Equal(
            "Another correction of the final report (correction 1) was sent on Fri 4 Dec 10:00 (JST), while this one was being sent: this one was not sent. Read what went (GET the final report) and send a correction again if one is still needed.",
            OnDuty.Messages.RefusalText.Say(refused.Refusal, OnDuty.Core.Team.Language.En, OnDuty.Messages.RefusalReader.Api));

        static async Task<(bool SentNow, ConflictException? Error)> Outcome(Task<(FinalReportDraft, bool)> call)
        {
            try
            {
                return ((await call).Item2, null);
            }
            catch (ConflictException ex)
            {
                return (false, ex);
            }
        }
    }

    [Fact]
    public async Task Correct_QueueFailedAfterTheRecordTookItsNumber_SentAgain_Queued()
    {
        var (h, id) = await ResolvedWithRetroAsync();
        var text = (await h.FinalReports.GetAsync(id, default)).Text;
        await h.FinalReports.SendAsync(id, text, "sato", default);
        var right = text with { Impact = "iOS アプリのカード決済のみ失敗しました。" };
        h.Outbox.FailEnqueue = new InvalidOperationException("storage down");
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.FinalReports.CorrectAsync(id, right, "sato", default));
        h.Outbox.FailEnqueue = null;
        Assert.DoesNotContain(Rows(h, id), r => r.Topic.Contains(":correction:", StringComparison.Ordinal));

        var (_, sentNow) = await h.FinalReports.CorrectAsync(id, right, "sato", default);

        Assert.False(sentNow);
        var ja = Assert.Single(Rows(h, id), r => r.Topic == $"incident:{id}:final:execs:correction:1").TextBody;
        Assert.Contains("影響範囲について『アプリの一部の利用者が決済画面を開けませんでした。』とお伝えしましたが、正しくは『iOS アプリのカード決済のみ失敗しました。』です。", ja, StringComparison.Ordinal);
        Assert.Equal(1, (await h.IncidentAsync(id)).Comms.FinalReport!.Corrections);
    }

    [Fact]
    public async Task Correct_NoFinalReportSent_Conflict_NothingQueued()
    {
        var (h, id) = await ResolvedWithRetroAsync();
        var text = (await h.FinalReports.GetAsync(id, default)).Text;

        var refused = await Assert.ThrowsAsync<ConflictException>(() => h.FinalReports.CorrectAsync(id, text, "sato", default));

        Assert.Contains("nothing to correct", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Rows(h, id));
    }

    [Fact]
    public async Task Send_OpenIncident_Conflict_NothingQueued()
    {
        var h = await CreateAsync(comms: TwoAudiences);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "sato", null, default);
        var id = created.Value.Id;
        var text = new FinalReportText { Summary = "s", Impact = "i", Cause = "c" };

        var ex = await Assert.ThrowsAsync<ConflictException>(() => h.FinalReports.SendAsync(id, text, "sato", default));

        Assert.Contains("still open", ex.Reason, StringComparison.Ordinal);
        Assert.Empty(Rows(h, id));
        Assert.Equal(FinalReportRefusal.Open, (await h.FinalReports.GetAsync(id, default)).Refused);
    }

    [Fact]
    public async Task Send_NoRetroYet_Conflict()
    {
        var (h, id) = await ResolvedWithRetroAsync(retro: false);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => h.FinalReports.SendAsync(id, new FinalReportText { Summary = "s", Impact = "i", Cause = "c" }, "sato", default));

        Assert.Contains("retro", ex.Reason, StringComparison.Ordinal);
        Assert.Empty(Rows(h, id));
    }

    [Fact]
    public async Task Send_NobodyTold_Conflict()
    {
        var (h, id) = await ResolvedWithRetroAsync(severity: AlertSeverity.Sev3);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => h.FinalReports.SendAsync(id, new FinalReportText { Summary = "s", Impact = "i", Cause = "c" }, "sato", default));

        Assert.Contains("no audience", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_MissingFieldsOrSenderNotOnRoster_Refused_NothingQueued()
    {
        var (h, id) = await ResolvedWithRetroAsync();

        var missing = await Assert.ThrowsAsync<ValidationException>(() => h.FinalReports.SendAsync(id, new FinalReportText { Summary = " ", Impact = "i", Cause = new string('x', Incident.MaxTextLength + 1) }, "sato", default));
        var stranger = await Assert.ThrowsAsync<ValidationException>(() => h.FinalReports.SendAsync(id, new FinalReportText { Summary = "s", Impact = "i", Cause = "c" }, "nobody", default));

        Assert.Equal(["cause", "summary"], missing.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["by"], stranger.Errors.Keys);
        Assert.Empty(Rows(h, id));
        Assert.Null((await h.IncidentAsync(id)).Comms.FinalReport);
    }

    /// <summary>Trial 55: the retro page's お名前 typed as people know each other — 「佐藤」, 「佐藤花子」 — is the member who has that name.</summary>
    [Theory]
    [InlineData("佐藤")]
    [InlineData("佐藤花子")]
    [InlineData(" 佐藤 花子 ")]
    [InlineData("sato@example.com")]
    public async Task Send_ByDisplayNameOrItsFamilyName_SentAsThatMember(string typed)
    {
        var (h, id) = await ResolvedWithRetroAsync();
        var text = (await h.FinalReports.GetAsync(id, default)).Text;

        var (after, sentNow) = await h.FinalReports.SendAsync(id, text, typed, default);

        Assert.True(sentNow);
        Assert.Equal("sato", after.Sent!.By);
        Assert.Equal("sato", Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.FinalReportSent).By);
    }

    [Fact]
    public async Task Send_FamilyNameOfTwoMembers_RefusedNamingBoth_NothingQueued()
    {
        var (h, id) = await ResolvedWithRetroAsync();
        await h.Roster.SaveMemberAsync(OnDuty.Core.Tests.Fakes.TeamData.Member("sato2", "佐藤 健"), null, default);
        var text = (await h.FinalReports.GetAsync(id, default)).Text;

        var ex = await Assert.ThrowsAsync<ValidationException>(() => h.FinalReports.SendAsync(id, text, "佐藤", default));

        var said = Assert.Single(ex.Errors["by"]);
        Assert.Contains("佐藤 花子: sato", said, StringComparison.Ordinal);
        Assert.Contains("佐藤 健: sato2", said, StringComparison.Ordinal);
        Assert.Empty(Rows(h, id));
        Assert.Null((await h.IncidentAsync(id)).Comms.FinalReport);
    }

    /// <summary>Trial 55: what went is kept with the record of its sending, for the 障害の状況 view a reader comes back to.</summary>
    [Fact]
    public async Task Send_KeepsTheTextSentOnTheTimelineRow_RetentionRemovesIt()
    {
        var (h, id) = await ResolvedWithRetroAsync();
        var text = (await h.FinalReports.GetAsync(id, default)).Text with { Cause = "  設定ファイルの誤り  " };

        await h.FinalReports.SendAsync(id, text, "sato", default);

        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.FinalReportSent);
        Assert.Equal(text.Trimmed() with { Measures = row.FinalReport!.Measures }, row.FinalReport);
        Assert.Equal(text.Measures, row.FinalReport.Measures);
        Assert.Equal("設定ファイルの誤り", row.FinalReport.Cause);
        Assert.Null(row.WithoutText().FinalReport);
    }

    [Fact]
    public async Task Send_TextsTooLongTogetherToKeep_RefusedNamingTheLongest_NothingQueued()
    {
        var (h, id) = await ResolvedWithRetroAsync();
        // Each within its own limit; '&' is stored as six characters: 100 measures of 50 take 30,000.
        var text = new FinalReportText
        {
            Summary = "s", Impact = "i", Cause = "c",
            Measures = [.. Enumerable.Range(0, FinalReportText.MaxMeasures).Select(_ => new FinalReportMeasure(new string('&', 50), null))],
        };

        var ex = await Assert.ThrowsAsync<ValidationException>(() => h.FinalReports.SendAsync(id, text, "sato", default));

        Assert.Equal(["measures"], ex.Errors.Keys);
        Assert.Empty(Rows(h, id));
    }

    /// <summary>The retro page reads the draft on every view: a directory that cannot be reached leaves the count unknown, never the page broken.</summary>
    [Fact]
    public async Task Get_DirectoryUnreachable_DraftWithoutAddressCount()
    {
        var (h, id) = await ResolvedWithRetroAsync(comms: c =>
        {
            TwoAudiences(c);
            c.Audiences["support"] = new AudienceOptions { Members = ["group:cs@example.com"], Language = "en" };
        });
        h.Directory.Unreachable.Add("cs@example.com");

        var draft = await h.FinalReports.GetAsync(id, default);

        Assert.Null(draft.Refused);
        Assert.Null(draft.Addresses);
        Assert.Equal(["execs", "support"], draft.Audiences);
    }
}
