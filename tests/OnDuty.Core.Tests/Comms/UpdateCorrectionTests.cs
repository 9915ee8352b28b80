using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Tests.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Comms;

/// <summary>
/// Session 56: a stakeholder update sent as a correction of the one before (<c>"correction": true</c>, <see cref="IncidentEdit.Correction"/>).
/// 佐藤's 第2報 said every user could not pay; only iOS card payments fail. Her 第3報 says what they were told and what is right, tagged
/// 【訂正】, instead of 「影響範囲を更新しました。」, which reads as if the impact had changed.
/// </summary>
public sealed class UpdateCorrectionTests
{
    private const string Wrong = "全ユーザーが決済できません。";

    private const string Right = "iOSアプリのカード決済のみ失敗しています。";

    private static void TeamThenExecs(CommsOptions c)
    {
        c.Audiences["team"] = new AudienceOptions { Members = ["pm-lead@example.com"], Language = "ja" };
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
        c.Audiences["global"] = new AudienceOptions { Members = ["vp@example.com"], Language = "en" };
        c.BySeverity.Sev1 = ["team", "execs", "global"];
        c.BySeverity.Sev2 = ["team", "global"];
        c.BySeverity.Sev3 = ["team"];
    }

    private static OutboxMessage Row(IncidentHarness h, string id, int n, string batch) =>
        Assert.Single(h.Outbox.All, r => r.Id == $"incident:{id}:notice:{n}:email:{batch}");

    private static async Task<(IncidentHarness H, string Id)> SecondNoticeWrongAsync(AlertSeverity severity = AlertSeverity.Sev2, AlertSeverity? raisedTo = null)
    {
        var h = await CreateAsync(comms: TeamThenExecs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済エラー", Severity = severity, UserImpact = "決済でエラーが発生しています。" }, "sato", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, null, "決済代行への接続を調査しています。", new IncidentEdit { UserImpact = Wrong, Severity = raisedTo }, "sato", null, null, default);
        return (h, id);
    }

    [Fact]
    public async Task PostUpdate_AsCorrection_SubjectTaggedAndTheImpactQuotedAsToldAndAsRight_NotSaidUpdated()
    {
        var (h, id) = await SecondNoticeWrongAsync();

        await h.Service.PostUpdateAsync(id, null, "第2報の影響範囲に誤りがありました。", new IncidentEdit { UserImpact = Right, Correction = true }, "sato", null, null, default);

        var ja = Row(h, id, 3, "ja:0");
        Assert.Equal($"【訂正】【障害・調査中】{id} 決済エラー（第3報）", ja.Subject);
        var text = ja.TextBody.ReplaceLineEndings("\n");
        Assert.StartsWith(
            "第3報（SEV2・調査中）：第2報の内容を訂正します。\n"
            + "第2報で影響範囲を『全ユーザーが決済できません』とお伝えしましたが、正しくは『iOSアプリのカード決済のみ失敗しています』です。お詫びして訂正いたします。\n",
            text, StringComparison.Ordinal);
        Assert.DoesNotContain("影響範囲を更新しました。", text, StringComparison.Ordinal);
        Assert.Contains("■影響範囲\n" + Right, text, StringComparison.Ordinal);
        var en = Row(h, id, 3, "en:0");
        Assert.StartsWith($"[Correction] [Incident · Investigating] {id}: 決済エラー (update 3)", en.Subject, StringComparison.Ordinal);
        Assert.Contains("In update 2 we said the impact was “全ユーザーが決済できません”; it is “iOSアプリのカード決済のみ失敗しています”. We apologise for the error.", en.TextBody, StringComparison.Ordinal);

        // Kept: the row says it corrected notice 2 and what; the record keeps what notice 3 told, for a correction of it.
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.StakeholdersNotified && e.Step == 3);
        Assert.Equal(2, row.Correction!.Corrects);
        Assert.Equal([new DetailCorrection(ToldDetail.Impact, "全ユーザーが決済できません", "iOSアプリのカード決済のみ失敗しています")], row.Correction.Details);
        var stored = await h.IncidentAsync(id);
        Assert.Equal("iOSアプリのカード決済のみ失敗しています", stored.Comms.Told!.Texts.Single(t => t.Detail == ToldDetail.Impact).Quote);
        Assert.Equal(3, stored.Comms.CorrectionIssued);

        // The next ordinary update is no correction.
        await h.Service.PostUpdateAsync(id, null, "復旧作業中です。", null, "sato", null, null, default);
        Assert.DoesNotContain("訂正", Row(h, id, 4, "ja:0").Subject, StringComparison.Ordinal);
        Assert.Null(Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.StakeholdersNotified && e.Step == 4).Correction);
    }

    [Fact]
    public async Task PostUpdate_WithoutCorrection_TheImpactIsSaidUpdated_AsBefore()
    {
        var (h, id) = await SecondNoticeWrongAsync();

        await h.Service.PostUpdateAsync(id, null, "影響範囲を見直しました。", new IncidentEdit { UserImpact = Right }, "sato", null, null, default);

        var ja = Row(h, id, 3, "ja:0");
        Assert.Equal($"【障害・調査中】{id} 決済エラー（第3報）", ja.Subject);
        Assert.Contains("影響範囲を更新しました。", ja.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("お伝えしましたが", ja.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostUpdate_AsCorrection_EachAudienceNamesTheNoticeInItsOwnSeries()
    {
        // SEV3 told the team (第1報); the raise to SEV1 in the wrong 第2報 told the executives their 第1報.
        var (h, id) = await SecondNoticeWrongAsync(AlertSeverity.Sev3, AlertSeverity.Sev1);

        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { UserImpact = Right, Correction = true }, "sato", null, null, default);

        var team = Row(h, id, 3, "ja:0");
        Assert.EndsWith("（第3報）", team.Subject, StringComparison.Ordinal);
        Assert.Contains("第2報で影響範囲を『全ユーザーが決済できません』とお伝えしましたが", team.TextBody, StringComparison.Ordinal);
        var execs = Row(h, id, 3, "ja.from2:0");
        Assert.StartsWith("【訂正】", execs.Subject, StringComparison.Ordinal);
        Assert.EndsWith("（第2報）", execs.Subject, StringComparison.Ordinal);
        Assert.Contains("第1報で影響範囲を『全ユーザーが決済できません』とお伝えしましたが", execs.TextBody, StringComparison.Ordinal);
        Assert.Contains("In update 1 we said the impact was", Row(h, id, 3, "en.from2:0").TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostUpdate_AsCorrectionThatAddsAnAudience_ItReadsAPlainFirstNotice_TheOthersTheCorrection()
    {
        var (h, id) = await SecondNoticeWrongAsync();

        // The correction also raises it to SEV1: the executives' first notice is this one, and they never read the mistake.
        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { UserImpact = Right, Severity = AlertSeverity.Sev1, Correction = true }, "sato", null, null, default);

        var execs = Row(h, id, 3, "ja.from3:0");
        Assert.Equal($"【障害・調査中】{id} 決済エラー", execs.Subject);
        Assert.DoesNotContain("訂正", execs.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, execs.TextBody, StringComparison.Ordinal);
        Assert.Contains("■影響範囲\n" + Right, execs.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var team = Row(h, id, 3, "ja:0");
        Assert.StartsWith("【訂正】", team.Subject, StringComparison.Ordinal);
        Assert.Contains("第2報で影響範囲を", team.TextBody, StringComparison.Ordinal);
    }

    /// <summary>A correction that also tells a missed audience (<c>alsoTell</c>): the added audience reads a plain first notice.</summary>
    [Fact]
    public async Task PostUpdate_AsCorrectionAlsoTellingAnAudience_ItReadsAPlainFirstNotice_TheOthersTheCorrection()
    {
        var (h, id) = await SecondNoticeWrongAsync();

        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { UserImpact = Right, Correction = true, AlsoTell = ["execs"] }, "sato", null, null, default);

        var execs = Row(h, id, 3, "ja.from3:0");
        Assert.Equal($"【障害・調査中】{id} 決済エラー", execs.Subject);
        Assert.DoesNotContain("訂正", execs.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, execs.TextBody, StringComparison.Ordinal);
        var team = Row(h, id, 3, "ja:0");
        Assert.StartsWith("【訂正】", team.Subject, StringComparison.Ordinal);
        Assert.Contains("第2報で影響範囲を『全ユーザーが決済できません』とお伝えしましたが", team.TextBody, StringComparison.Ordinal);
        Assert.Equal(["execs", "global", "team"], (await h.IncidentAsync(id)).Comms.ToldAudiences);
    }

    [Fact]
    public async Task PostUpdate_AsCorrectionOfTheStart_QuotesTheTimesOnce()
    {
        var (h, id) = await SecondNoticeWrongAsync();
        var created = await h.IncidentAsync(id);
        await h.Service.PostUpdateAsync(id, null, "発生日時を確認中です。", new IncidentEdit { StartedAt = created.StartedAt.AddMinutes(-45) }, "sato", null, null, default);

        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { StartedAt = created.StartedAt.AddMinutes(-50), Correction = true }, "sato", null, null, default);

        var text = Row(h, id, 4, "ja:0").TextBody;
        Assert.Contains("第3報で発生日時を 09:15 とお伝えしましたが、正しくは 09:10（JST）です。お詫びして訂正いたします。", text, StringComparison.Ordinal);
        Assert.DoesNotContain("発生日時を 09:15 から", text, StringComparison.Ordinal);
        Assert.Contains("In update 3 we said it started at 09:15; it started at 09:10 (JST).", Row(h, id, 4, "en:0").TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostUpdate_AsCorrectionWithNothingToldChanged_RefusedNamingCorrection_NothingIssuedOrQueued()
    {
        var (h, id) = await SecondNoticeWrongAsync();
        var before = await h.IncidentAsync(id);

        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            h.Service.PostUpdateAsync(id, null, "念のため", new IncidentEdit { UserImpact = Wrong, Correction = true }, "sato", null, null, default));

        Assert.Equal(["correction"], refused.Errors.Keys);
        Assert.Equal(Incident.NothingToCorrect, refused.Refusals["correction"].Code);
        var after = await h.IncidentAsync(id);
        Assert.Equal((2, 2, 0), (after.Comms.Issued, after.Comms.Queued, after.Comms.CorrectionIssued));
        Assert.DoesNotContain(h.Outbox.All, r => r.Topic == $"incident:{id}:notice:3");
        Assert.Equal(before.Comms.LastPersonUpdateAt, after.Comms.LastPersonUpdateAt);
    }

    /// <summary>
    /// An incident whose last notice went before the told details were kept (a record of before 12-06): its correction cannot quote
    /// what was said, and 「変わっていません」 would be untrue — refused with its own reason, nothing issued.
    /// </summary>
    [Fact]
    public async Task PostUpdate_AsCorrection_ToldDetailsNotKept_RefusedSayingSo_NotNothingChanged()
    {
        var (h, id) = await SecondNoticeWrongAsync();
        var snapshot = (await h.IncidentAsync(id)).ToSnapshot();
        var old = Incident.Restore(snapshot with { Comms = snapshot.Comms with { Told = null } });

        var refused = Assert.Throws<ValidationException>(() =>
            old.PostUpdate(null, "第2報の影響範囲に誤りがありました。", "sato", h.Time.GetUtcNow(), new IncidentEdit { UserImpact = Right, Correction = true }));

        Assert.Equal(Incident.ToldNotKept, refused.Refusals["correction"].Code);
        Assert.Equal((2, 0), (old.Comms.Issued, old.Comms.CorrectionIssued));
    }

    [Fact]
    public async Task PostUpdate_AsCorrectionOfWhatAQuietEditChanged_NoFieldsGiven_Corrects()
    {
        var (h, id) = await SecondNoticeWrongAsync();
        await h.Service.CorrectAsync(id, new IncidentEdit { UserImpact = Right }, "sato", null, null, default);

        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { Correction = true }, "sato", null, null, default);

        Assert.Contains("正しくは『iOSアプリのカード決済のみ失敗しています』です。", Row(h, id, 3, "ja:0").TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PurgeText_DropsTheToldDetails_AndTheRowsCorrectionWithTheText()
    {
        var (h, id) = await SecondNoticeWrongAsync();
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました。", new IncidentEdit { UserImpact = Right, Correction = true }, "sato", null, null, default);
        var incident = await h.IncidentAsync(id);
        Assert.NotNull(incident.Comms.Told);

        Assert.True(incident.PurgeText(incident.ResolvedAt!.Value.AddDays(400)));

        Assert.Null(incident.Comms.Told);
        Assert.Empty(incident.CorrectionsSinceTold());
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.StakeholdersNotified && e.Step == 3);
        Assert.NotNull(row.Correction);
        Assert.Null(row.WithoutText().Correction);
    }

    [Theory]
    [InlineData("全ユーザーが決済できません。", "全ユーザーが決済できません")]
    [InlineData("iOS アプリのカード決済ができません。Android・Web とカード以外の決済は利用できます。利用者の約 3 割に影響しています。", "iOS アプリのカード決済ができません…")]
    [InlineData("Card payments in the iOS app fail for every user who tries to pay with a saved card today", "Card payments in the iOS app fail for every user who tries…")]
    [InlineData("一行目\n二行目", "一行目 二行目")]
    public void Quoted_ShortWhole_LongItsFirstSentenceOrItsStart(string text, string quote)
    {
        Assert.Equal(quote, ToldText.Quoted(text));
        Assert.True(ToldText.Quoted(new string('あ', 5000)).Length <= ToldDetails.QuoteLength + 1);
    }
}
