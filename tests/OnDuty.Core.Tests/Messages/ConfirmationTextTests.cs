using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 45 (a PM on her phone): each page's confirmation after a post says what it did, to whom — and only what happened. Mail is
/// queued, not sent, when the page says it: so "will go", never "sent".
/// </summary>
public sealed class ConfirmationTextTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 4, 30, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> Audiences = new() { ["execs"] = "経営層", ["support"] = "サポート" };

    private static string Done(string html) =>
        html[html.IndexOf("<p class=\"done\" role=\"status\">", StringComparison.Ordinal)..] is var rest ? rest[..(rest.IndexOf("</p>", StringComparison.Ordinal) + 4)] : "";

    private static string WorkPage(Language language, Incident incident, string done, int? notice, IReadOnlyList<string>? noticeAudiences = null, IncidentDraft? draft = null) =>
        TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"),
            PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            Done = done,
            DoneNotice = notice,
            AudienceNames = Audiences,
            NoticeAudiences = noticeAudiences ?? [],
            Draft = draft,
        });

    /// <summary>Notice 1 to the executives; notice 2, the update just posted, queued for <paramref name="second"/>.</summary>
    private static Incident Told(params string[] second)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, [], "ito", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0);
        incident.PostUpdate(null, "原因を調査中です", "ito", T0.AddMinutes(10));
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(10)), second, AlertSeverity.Sev2, T0.AddMinutes(10));
        return incident;
    }

    [Theory]
    [InlineData(Language.Ja, "更新を投稿しました。第2報を経営層に送ります（送信状況はタイムラインに出ます）。")]
    [InlineData(Language.En, "Update posted. Notice 2 will go to 経営層; the timeline shows when it is sent.")]
    public void UpdatePosted_NoticeQueued_SaysWhichNoticeToWhom(Language language, string said)
    {
        var html = WorkPage(language, Told("execs"), "updated", 2);

        Assert.Equal($"<p class=\"done\" role=\"status\">{said}</p>", Done(html));
    }

    /// <summary>An audience the update told for the first time reads 第1報: each is said with its own number, as the details form says it.</summary>
    [Theory]
    [InlineData(Language.Ja, "更新を投稿しました。経営層（第2報）・サポート（第1報）に送ります（送信状況はタイムラインに出ます）。")]
    [InlineData(Language.En, "Update posted. It will go to 経営層 (their notice 2) &amp; サポート (their notice 1); the timeline shows when each is sent.")]
    public void UpdatePosted_AudiencesNumberedApart_SaysEachOnesNumber(Language language, string said)
    {
        var html = WorkPage(language, Told("execs", "support"), "updated", 2);

        Assert.Equal($"<p class=\"done\" role=\"status\">{said}</p>", Done(html));
    }

    [Theory]
    [InlineData(Language.Ja, "更新を投稿しました。この重大度には関係者の宛先が設定されていないため、誰にも送っていません。")]
    [InlineData(Language.En, "Update posted. No stakeholder audience is set for this severity, so no notice went out.")]
    public void UpdatePosted_NoAudience_SaysNothingWentOut(Language language, string said)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev4 }, [], "ito", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), [], AlertSeverity.Sev4, T0);

        var html = WorkPage(language, incident, "updated", 1);

        Assert.Equal($"<p class=\"done\" role=\"status\">{said}</p>", Done(html));
    }

    /// <summary>A link from before (no notice number), or a notice whose row is not read: the update alone, claiming nothing sent.</summary>
    [Theory]
    [InlineData(Language.Ja, "更新を投稿しました。")]
    [InlineData(Language.En, "Update posted.")]
    public void UpdatePosted_NoticeUnknown_SaysTheUpdateOnly(Language language, string said)
    {
        Assert.Equal($"<p class=\"done\" role=\"status\">{said}</p>", Done(WorkPage(language, Told("execs"), "updated", null)));
        Assert.Equal($"<p class=\"done\" role=\"status\">{said}</p>", Done(WorkPage(language, Told("execs"), "updated", 3)));
    }

    /// <summary>
    /// The details form saved telling the stakeholders issues a notice as an update does: its confirmation names it as the update's
    /// does (it read 「詳細を保存しました。」 alone); with nobody to tell, that nothing went out; a link from before, the save alone.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "詳細を保存しました。第2報を経営層に送ります（送信状況はタイムラインに出ます）。", "詳細を保存しました。経営層（第2報）・サポート（第1報）に送ります（送信状況はタイムラインに出ます）。", "詳細を保存しました。この重大度には関係者の宛先が設定されていないため、誰にも送っていません。", "詳細を保存しました。")]
    [InlineData(Language.En, "Details saved. Notice 2 will go to 経営層; the timeline shows when it is sent.", "Details saved. It will go to 経営層 (their notice 2) &amp; サポート (their notice 1); the timeline shows when each is sent.", "Details saved. No stakeholder audience is set for this severity, so no notice went out.", "Details saved.")]
    public void DetailsEdited_NamesTheNoticeItLeadsTo(Language language, string one, string apart, string nobody, string unknown)
    {
        Assert.Equal($"<p class=\"done\" role=\"status\">{one}</p>", Done(WorkPage(language, Told("execs"), "edited", 2)));
        Assert.Equal($"<p class=\"done\" role=\"status\">{apart}</p>", Done(WorkPage(language, Told("execs", "support"), "edited", 2)));

        var sev4 = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev4 }, [], "ito", T0);
        sev4.MarkStakeholderNoticeQueued(sev4.IssueStakeholderNotice(T0), [], AlertSeverity.Sev4, T0);
        Assert.Equal($"<p class=\"done\" role=\"status\">{nobody}</p>", Done(WorkPage(language, sev4, "edited", 1)));

        Assert.Equal($"<p class=\"done\" role=\"status\">{unknown}</p>", Done(WorkPage(language, Told("execs"), "edited", null)));
    }

    /// <summary>The update form says whom posting tells, each audience's next number, above its button (as the details form does).</summary>
    [Theory]
    [InlineData(Language.Ja, "投稿すると経営層（第3報）・サポート（第2報）に送られます。")]
    [InlineData(Language.En, "Posting sends it to 経営層 (their notice 3) &amp; サポート (their notice 2).")]
    public void UpdateForm_SaysWhoWillReceive(Language language, string said)
    {
        var html = WorkPage(language, Told("execs", "support"), "acknowledged", null, ["execs", "support"]);

        Assert.Contains($"<p class=\"readers\" id=\"update-readers\">{said}</p>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "この重大度には関係者の宛先が設定されていないため、投稿しても誰にも送られません。")]
    [InlineData(Language.En, "No stakeholder audience is set for this severity: posting sends no notice.")]
    public void UpdateForm_NoAudience_SaysNothingWillGo(Language language, string said)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev4 }, [], "ito", T0);

        var html = WorkPage(language, incident, "acknowledged", null);

        Assert.Contains($"<p class=\"readers\" id=\"update-readers\">{said}</p>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "draftsApproved", true, "文案を承認しました（伊藤 さくらさん）。")]
    [InlineData(Language.En, "draftsApproved", true, "Drafts approved (伊藤 さくら).")]
    [InlineData(Language.Ja, "draftsSaved", false, "文案を保存しました（未承認）。")]
    [InlineData(Language.En, "draftsSaved", false, "Drafts saved (not approved).")]
    public void DraftsSaved_SaysWhetherApprovedAndByWhom(Language language, string done, bool approved, string said)
    {
        var draft = new IncidentDraft
        {
            Language = language, CustomerNotice = "お知らせ", Workaround = "", Faq = [], Status = approved ? DraftStatus.Approved : DraftStatus.Draft,
            ApprovedBy = approved ? "伊藤 さくら" : null, ApprovedAt = approved ? T0 : null, SavedBy = "ito", SavedAt = T0,
        };

        var html = WorkPage(language, Told("execs"), done, null, draft: draft);

        Assert.Equal($"<p class=\"done\" role=\"status\">{said}</p>", Done(html));
    }

    /// <summary>The others on duty are said to be told only when they are: not with nobody else on duty (a one-person pair, the partner on leave).</summary>
    [Theory]
    [InlineData(Language.Ja, true, "障害2件に対応しました。当番のほかの人には1通でお知らせします。")]
    [InlineData(Language.En, true, "2 incidents acknowledged. The others on duty will be told in one message.")]
    [InlineData(Language.Ja, false, "障害2件に対応しました。")]
    [InlineData(Language.En, false, "2 incidents acknowledged.")]
    public void AckTogetherDone_SaysTheMessageIsQueued_OnlyWhenSomeoneElseIsTold(Language language, bool othersTold, string said)
    {
        var html = TestRenderer.Instance.Page(new AckTogetherPageNotice(language, [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0) { Acknowledged = 2, OthersTold = othersTold });

        Assert.Contains($"<p class=\"done\" role=\"status\" id=\"done\">{said}</p>", html, StringComparison.Ordinal);
    }

    /// <summary>One incident ticked on the acknowledge-together page: "1 incident", not "1 incidents".</summary>
    [Theory]
    [InlineData(Language.En, true, "1 incident acknowledged. The others on duty will be told in one message.")]
    [InlineData(Language.En, false, "1 incident acknowledged.")]
    [InlineData(Language.Ja, true, "障害1件に対応しました。当番のほかの人には1通でお知らせします。")]
    [InlineData(Language.Ja, false, "障害1件に対応しました。")]
    public void AckTogetherDone_OneIncident_SaidInTheSingular(Language language, bool othersTold, string said)
    {
        var html = TestRenderer.Instance.Page(new AckTogetherPageNotice(language, [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0) { Acknowledged = 1, OthersTold = othersTold });

        Assert.Contains($"<p class=\"done\" role=\"status\" id=\"done\">{said}</p>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, new[] { "山田 太郎" }, "振り返りを保存しました。山田さんにアクションアイテムをメールでお知らせします。")]
    [InlineData(Language.Ja, new[] { "山田 太郎", "Emma Wilson" }, "振り返りを保存しました。山田さん・Emma Wilsonさんにアクションアイテムをメールでお知らせします。")]
    [InlineData(Language.En, new[] { "山田 太郎", "Emma Wilson" }, "Retro saved. 山田 太郎 &amp; Emma Wilson will be emailed their action items.")]
    [InlineData(Language.Ja, new string[0], "振り返りを保存しました。")]
    [InlineData(Language.En, new string[0], "Retro saved.")]
    public void RetroSaved_NamesTheOwnersMailed(Language language, string[] told, string said)
    {
        var incident = Incident.Open("INC-2026-0002", new NewIncident { Title = "請求書PDFがダウンロードできない", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        var html = TestRenderer.Instance.Page(new RetroPageNotice(language, new RetroState(incident, null, []), [], [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Values = RetroFormFields.From(new RetroContent { Summary = "" }, null, TimeZoneInfo.Utc),
            Done = "saved",
            DoneOwnersTold = told,
        });

        Assert.Equal($"<p class=\"done\" role=\"status\">{said}</p>", Done(html));
    }
}
