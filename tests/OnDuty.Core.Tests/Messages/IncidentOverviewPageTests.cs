using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The stakeholders' view as rendered: what it shows of an incident is what the stakeholders were told.</summary>
public sealed class IncidentOverviewPageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero); // 10:00 JST
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>
    /// Review day 27, finding 2: monitoring resolved it after a 第1報 that said 調査中 with a workaround and 11:00頃; no person has
    /// told the recovery yet. The view shows what they were told — 調査中, the workaround, 11:00 — noting that monitoring sees it
    /// recovered and the responders are confirming, and no 復旧日時 (before: 復旧済み, monitoring's resolve time, no workaround).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<dt>状態</dt><dd>調査中（監視では回復を検知、担当者が確認中）</dd>", "<dt>回避策</dt><dd>Web 版をご利用ください。</dd>", "<dt>次回の更新予定</dt><dd>2026年12月1日(火) 11:00頃（JST）までにお知らせします。</dd>", "<dt>復旧日時</dt>")]
    [InlineData(Language.En, "<dt>Status</dt><dd>Investigating (the alerts have cleared; the responders are confirming)</dd>", "Web 版をご利用ください。</dd>", "11:00", "<dt>Resolved at</dt>")]
    public void RecoveryNoticeOwed_ShowsTheLastToldStatusAndWorkaround_NoRecoveryTime(Language language, string status, string workaround, string next, string absent)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2, Source = "alertmanager" }, [], "alert:alertmanager", T0);
        incident.PostUpdate(IncidentStatus.Investigating, "調査中です。", "sato", T0.AddMinutes(1), new IncidentEdit { Workaround = "Web 版をご利用ください。" });
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(1)), ["execs"], AlertSeverity.Sev2, T0.AddMinutes(1), new NoticePromise { NextUpdateBy = T0.AddHours(1) });
        incident.Resolve("alert:alertmanager", T0.AddMinutes(20), TimelineTexts.EveryAlertResolved);
        Assert.True(incident.RecoveryNoticeOwed);

        var overview = IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), Tokyo);
        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", T0.AddMinutes(25)));

        Assert.Contains(status, html, StringComparison.Ordinal);
        Assert.Contains(workaround, html, StringComparison.Ordinal);
        Assert.Contains(next, html, StringComparison.Ordinal);
        Assert.DoesNotContain(absent, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 54: the view says a promised update is late from the minute after the time it gave, not at it — at 11:00 the 11:00頃 update
    /// is due (「までにお知らせします」; before, 11:00:30 read as late), from 11:01 it is late, as the reminder and the status page say it.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, 3630, "2026年12月1日(火) 11:00頃（JST）までにお知らせします。", "遅れています")]
    [InlineData(Language.Ja, 3660, "2026年12月1日(火) 11:00頃（JST）までにお知らせする予定でしたが、遅れています。", "までにお知らせします。")]
    [InlineData(Language.En, 3630, "By Tue 1 Dec 2026 11:00 (JST).", "it is late")]
    [InlineData(Language.En, 3660, "Due by Tue 1 Dec 2026 11:00 (JST); it is late.", "By Tue 1 Dec 2026 11:00 (JST).")]
    public void PromisedUpdate_DueAtItsMinute_LateFromTheNext(Language language, int seconds, string said, string absent)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2, Source = "alertmanager" }, [], "alert:alertmanager", T0);
        incident.PostUpdate(IncidentStatus.Investigating, "調査中です。", "sato", T0.AddMinutes(1), new IncidentEdit());
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(1)), ["execs"], AlertSeverity.Sev2, T0.AddMinutes(1), new NoticePromise { NextUpdateBy = T0.AddHours(1) });

        var overview = IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), Tokyo);
        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", T0.AddSeconds(seconds)));

        Assert.Contains(said, html, StringComparison.Ordinal);
        Assert.DoesNotContain(absent, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Review day 27, finding 4: who wrote a notice's update, when known only by an address and on no roster, reads as 「担当者」 /
    /// "the responder" on the view, as in the notice; a roster member keeps their name.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "担当者")]
    [InlineData(Language.En, "the responder")]
    public void NoticeByAnAddressNotOnTheRoster_ShowsTheResponder_NotTheAddress(Language language, string responder)
    {
        var overview = SecondNoticeBy("hanako.guest@partner.example");
        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", T0.AddMinutes(6))
        {
            Names = new Dictionary<string, string> { ["sato"] = "佐藤 花子" },
        });

        Assert.DoesNotContain("partner.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("hanako.guest", html, StringComparison.Ordinal);
        Assert.Contains($" · {responder}</span>", html, StringComparison.Ordinal);
        Assert.Contains(" · 佐藤 花子</span>", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 49, a new PM's first night: an incident a script declared through the API without a name sent its 第1報 at once; the
    /// stakeholders' view named its author 「API（名前の指定なし）」, the duty pair's wording — it reads 「担当者」 / "the responder", as in
    /// the notice, and the person who wrote the next keeps their name.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "担当者", "API（名前の指定なし）")]
    [InlineData(Language.En, "the responder", "API (no name given)")]
    public void FirstNoticeOfAnIncidentTheApiDeclared_ShowsTheResponder(Language language, string responder, string pairsWording)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 }, [], "api", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0);
        incident.PostUpdate(IncidentStatus.Identified, "原因を特定しました。", "sato", T0.AddMinutes(5));
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(5)), ["execs"], AlertSeverity.Sev2, T0.AddMinutes(5));
        var overview = IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), Tokyo);

        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", T0.AddMinutes(6))
        {
            Names = new Dictionary<string, string> { ["sato"] = "佐藤 花子" },
        });

        Assert.Contains($" · {responder}</span>", html, StringComparison.Ordinal);
        Assert.Contains(" · 佐藤 花子</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(pairsWording, html, StringComparison.Ordinal);
        Assert.DoesNotContain(" · api</span>", html, StringComparison.Ordinal);
    }

    /// <summary>Session 48: who wrote a notice's update, taken off the roster since, by the name they had, marked — not by their id.</summary>
    [Theory]
    [InlineData(Language.Ja, " · 小林 次郎（退任）</span>")]
    [InlineData(Language.En, " · 小林 次郎 (no longer on the roster)</span>")]
    public void NoticeBySomeoneSinceTakenOffTheRoster_NamedAsTheyWere(Language language, string by)
    {
        var overview = SecondNoticeBy("kobayashi");
        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", T0.AddMinutes(6))
        {
            Names = new Dictionary<string, string> { ["sato"] = "佐藤 花子" },
            Former = [new FormerMember("kobayashi", "小林 次郎", Language.Ja, T0.AddDays(1))],
        });

        Assert.Contains(by, html, StringComparison.Ordinal);
        Assert.DoesNotContain("kobayashi", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 49: the update was written by one of the incident's duty pair, taken off the roster since: named by the incident's copy
    /// of their name, unmarked, before; now marked as anyone who left.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, " · 小林 次郎（退任）</span>")]
    [InlineData(Language.En, " · 小林 次郎 (no longer on the roster)</span>")]
    public void NoticeByADutyMemberSinceTakenOffTheRoster_NamedAsTheyWere(Language language, string by)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 },
            [new AssignedMember("kobayashi", "小林 次郎", "kobayashi@example.com", Language.Ja)], "sato", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0);
        incident.PostUpdate(IncidentStatus.Identified, "原因を特定しました。", "kobayashi", T0.AddMinutes(5));
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(5)), ["execs"], AlertSeverity.Sev2, T0.AddMinutes(5));
        var overview = IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), Tokyo);

        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", T0.AddMinutes(6))
        {
            Names = new Dictionary<string, string> { ["sato"] = "佐藤 花子" },
            Former = [new FormerMember("kobayashi", "小林 次郎", Language.Ja, T0.AddDays(1))],
        });

        Assert.Contains(by, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 49 (support's reading): the mail ends with ■お問い合わせ先, the 障害の状況 view it links named nobody to ask. An
    /// audience's own view (<c>?for=</c>) now ends its facts with it as their mail does — their configured contact, else the duty
    /// pair by name and mail (no phone number); the general view, the duty pair's own, names no contact.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<dt>お問い合わせ先</dt><dd>小林 次郎（kobayashi@example.com）</dd>", "<dt>お問い合わせ先</dt><dd>サポート窓口 当番（内線 1234）</dd>", "お問い合わせ先")]
    [InlineData(Language.En, "<dt>Contact</dt><dd>小林 次郎 (kobayashi@example.com)</dd>", "<dt>Contact</dt><dd>サポート窓口 当番（内線 1234）</dd>", "<dt>Contact</dt>")]
    public void AudienceView_SaysWhomToAsk_AsTheirNoticesDo_TheGeneralViewDoesNot(Language language, string dutyPair, string own, string label)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 },
            [new AssignedMember("kobayashi", "小林 次郎", "kobayashi@example.com", Language.Ja) { Phone = "+819012345678" }], "sato", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["support"], AlertSeverity.Sev2, T0);
        IncidentOverviewNotice View(string? reader) =>
            new(language, IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), Tokyo, reader: reader), "Asia/Tokyo", T0.AddMinutes(1));

        var support = TestRenderer.Instance.Page(View("support"));
        Assert.Contains(dutyPair, support, StringComparison.Ordinal);
        Assert.DoesNotContain("+819012345678", support, StringComparison.Ordinal);
        Assert.Contains(own, TestRenderer.Instance.Page(View("support") with { Contact = "サポート窓口 当番（内線 1234）" }), StringComparison.Ordinal);
        Assert.DoesNotContain(label, TestRenderer.Instance.Page(View(null)), StringComparison.Ordinal);
    }

    /// <summary>
    /// A lead outside the duty pair took the incident over: the audience's view, like their notices, names them first under
    /// お問い合わせ先 / Contact, then the pair (they were not named at all).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "田中 部長（tanaka@example.com）", "小林 次郎（kobayashi@example.com）")]
    [InlineData(Language.En, "田中 部長 (tanaka@example.com)", "小林 次郎 (kobayashi@example.com)")]
    public void AudienceView_AHolderOutsideThePair_IsNamedFirst_ThenThePair(Language language, string holder, string pair)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 },
            [new AssignedMember("kobayashi", "小林 次郎", "kobayashi@example.com", Language.Ja)], "sato", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["support"], AlertSeverity.Sev2, T0);
        incident.Acknowledge("tanaka", T0.AddMinutes(2));
        var view = new IncidentOverviewNotice(language, IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), Tokyo, reader: "support"), "Asia/Tokyo", T0.AddMinutes(3))
        {
            Holder = new AssignedMember("tanaka", "田中 部長", "tanaka@example.com", Language.Ja),
        };

        var html = TestRenderer.Instance.Page(view);

        Assert.Contains(holder, html, StringComparison.Ordinal);
        Assert.True(html.IndexOf(holder, StringComparison.Ordinal) < html.IndexOf(pair, StringComparison.Ordinal), html);
        Assert.DoesNotContain(holder, TestRenderer.Instance.Page(view with { Holder = null }), StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: the history's headings said 「第2報：障害の状況を更新しました。」 while the mails opened with their news. Each notice is
    /// headed as its mail's opening — number, severity and status then, the news: the first the impact as it stood (not as a later
    /// update rewrote it), the second the update's first sentence with the change, the recovery when it recovered as it told it —
    /// newest first; the general view the same without a number (each audience numbers it its own way). A person's words are encoded.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja,
        "<h3>第3報（SEV1・復旧済み）：2026年12月1日(火) 10:25（JST）に復旧しました。</h3>",
        "<h3>第2報（SEV1・原因特定）：原因は &lt;cdn&gt; の設定誤りと判明しました。重大度を SEV2 から SEV1 に引き上げました。影響範囲を更新しました。</h3>",
        "<h3>第1報（SEV2・調査中）：一部のユーザーが決済画面を開けません。</h3>",
        "<span class=\"msg changes\">状況が「調査中」から「原因特定」に変わりました。</span>",
        "<h3>SEV1・原因特定：原因は &lt;cdn&gt; の設定誤りと判明しました。重大度を SEV2 から SEV1 に引き上げました。影響範囲を更新しました。</h3>")]
    [InlineData(Language.En,
        "<h3>Update 3 (SEV1, Resolved): Recovered at Tue 1 Dec 2026 10:25 (JST).</h3>",
        "<h3>Update 2 (SEV1, Identified): 原因は &lt;cdn&gt; の設定誤りと判明しました。 The severity was raised from SEV2 to SEV1. Who is affected was updated.</h3>",
        "<h3>Update 1 (SEV2, Investigating): 一部のユーザーが決済画面を開けません。</h3>",
        "<span class=\"msg changes\">Status changed from Investigating to Identified.</span>",
        "<h3>SEV1, Identified: 原因は &lt;cdn&gt; の設定誤りと判明しました。 The severity was raised from SEV2 to SEV1. Who is affected was updated.</h3>")]
    public void History_HeadsEachNoticeAsItsMailOpened_NewestFirst(Language language, string third, string second, string first, string below, string general)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2, UserImpact = "一部のユーザーが決済画面を開けません。続報をお待ちください。" }, [], "sato", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0);
        incident.PostUpdate(IncidentStatus.Identified, "原因は <cdn> の設定誤りと判明しました。修正を進めています。", "sato", T0.AddMinutes(10),
            new IncidentEdit { Severity = AlertSeverity.Sev1, UserImpact = "すべてのユーザーが決済できません。" });
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(10)), ["execs"], AlertSeverity.Sev1, T0.AddMinutes(10));
        incident.PostUpdate(IncidentStatus.Resolved, "修正を反映しました。", "sato", T0.AddMinutes(30), new IncidentEdit { ResolvedAt = T0.AddMinutes(25) });
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(30)), ["execs"], AlertSeverity.Sev1, T0.AddMinutes(30),
            new NoticePromise { Closed = true, RecoveredAt = incident.ResolvedAt });
        IncidentOverviewNotice View(string? reader) =>
            new(language, IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), Tokyo, reader: reader), "Asia/Tokyo", T0.AddMinutes(40));

        var execs = TestRenderer.Instance.Page(View("execs"));
        var at = (Third: execs.IndexOf(third, StringComparison.Ordinal), Second: execs.IndexOf(second, StringComparison.Ordinal), First: execs.IndexOf(first, StringComparison.Ordinal));
        Assert.True(at.Third > 0 && at.Third < at.Second && at.Second < at.First, $"{at} in {execs}");
        Assert.Contains(below, execs, StringComparison.Ordinal);
        Assert.DoesNotContain("すべてのユーザーが決済できません。</h3>", execs, StringComparison.Ordinal);
        Assert.DoesNotContain("<cdn>", execs, StringComparison.Ordinal);
        Assert.Contains(general, TestRenderer.Instance.Page(View(null)), StringComparison.Ordinal);
    }

    /// <summary>
    /// The impact a first notice's heading quotes is kept on its row, and goes with the rest of what people wrote at the incident
    /// text retention: the heading then says the title, not the impact read back from nowhere.
    /// </summary>
    [Fact]
    public void History_AfterTheTextRetention_FirstNoticeHeadedByTheTitle()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2, UserImpact = "一部のユーザーが決済画面を開けません。" }, [], "sato", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0);
        Assert.Equal("一部のユーザーが決済画面を開けません。", Assert.Single(incident.PendingTimeline, e => e.Kind == TimelineKind.StakeholdersNotified).Impact);
        incident.Resolve("sato", T0.AddMinutes(5));
        Assert.True(incident.PurgeText(T0.AddDays(30)));
        var purged = incident.PendingTimeline.Select(e => e.WithoutText()).ToList();

        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(Language.Ja, IncidentOverview.From(incident, purged, TimeSpan.FromHours(1), Tokyo, reader: "execs"), "Asia/Tokyo", T0.AddDays(30)));

        Assert.Contains("<h3>第1報（SEV2・調査中）：決済APIのエラー</h3>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("決済画面を開けません", html, StringComparison.Ordinal);
    }

    /// <summary>An incident's overview after two stakeholder notices to the execs, the second after an update posted by <paramref name="by"/>.</summary>
    private static IncidentOverview SecondNoticeBy(string by)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0);
        incident.PostUpdate(IncidentStatus.Identified, "原因を特定しました。", by, T0.AddMinutes(5));
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(5)), ["execs"], AlertSeverity.Sev2, T0.AddMinutes(5));
        return IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), Tokyo);
    }
}
