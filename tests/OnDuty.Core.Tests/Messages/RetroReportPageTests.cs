using OnDuty.Testing;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The post-incident report (障害報告書) a lead prints: who did what, the id once, labelled impact, criteria as they now read.</summary>
public sealed partial class RetroReportPageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 17, 50, 0, TimeSpan.Zero);

    private static readonly Member Yamada = new() { Id = "yamada", DisplayName = "山田 太郎", Email = "yamada@onduty.example", TimeZone = TestZones.Tokyo };

    private static Incident Resolved(string? userImpact = null)
    {
        var incident = Incident.Open("INC-2026-0002", new NewIncident { Title = "請求書PDFがダウンロードできない", Severity = AlertSeverity.Sev2, UserImpact = userImpact }, [], "sato", T0);
        incident.Resolve("yamada", T0.AddMinutes(45));
        return incident;
    }

    private static StoredRetro Retro(Incident incident, RetroContent content) =>
        new(incident.Id, content, new RetroVersion(1, "suzuki", T0.AddHours(10)), LessonDocument.For(incident, content));

    private static string Render(RetroReportNotice notice) => WebUtility.HtmlDecode(TestRenderer.Instance.Page(notice));

    private static RetroTimelineEntry Line(int minutes, string kind, string by, string? text) => new() { At = T0.AddMinutes(minutes), Kind = kind, By = by, Text = text };

    /// <summary>
    /// Session 48: the incident came back after the retro was saved — the report says so under its version line, as the retro page
    /// does (the same rule), with the time bare as the report's others; reopened before the save, or never, it says nothing.
    /// </summary>
    [Fact]
    public void ReopenedAfterTheRetroWasSaved_SaidUnderTheVersionLine_BeforeOrNever_NothingSaid()
    {
        var incident = Resolved();
        incident.Reopen("alert:generic", T0.AddHours(12), "fired again");
        incident.Resolve("yamada", T0.AddHours(13));
        var content = new RetroContent { Summary = "s" };

        var ja = Render(new RetroReportNotice(Language.Ja, incident, Retro(incident, content), [Yamada], [], "Asia/Tokyo"));
        var en = Render(new RetroReportNotice(Language.En, incident, Retro(incident, content), [Yamada], [], "Asia/Tokyo"));
        var savedAfter = Render(new RetroReportNotice(Language.Ja, incident, Retro(incident, content) with { Version = new RetroVersion(2, "suzuki", T0.AddHours(14)) }, [Yamada], [], "Asia/Tokyo"));

        Assert.Contains("<p id=\"reopened\"><strong>第1版の保存後、2026/12/03 14:50に障害が再開されました。再開後の経過はこの報告書にまだ含まれていません。</strong></p>", ja);
        Assert.True(ja.IndexOf("id=\"version\"", StringComparison.Ordinal) < ja.IndexOf("id=\"reopened\"", StringComparison.Ordinal));
        Assert.Contains("The incident was reopened on 3 Dec 2026 14:50, after version 1 of this retro was saved: what happened since is not in this report yet.", en);
        Assert.DoesNotContain("id=\"reopened\"", savedAfter);
        Assert.DoesNotContain("id=\"reopened\"", Render(new RetroReportNotice(Language.Ja, Resolved(), Retro(Resolved(), content), [Yamada], [], "Asia/Tokyo")));
    }

    [Fact]
    public void Timeline_HasWhoDidEachThingInAColumn_AndLeavesDeliveriesOutUnlessAsked()
    {
        var incident = Resolved();
        var content = new RetroContent
        {
            Summary = "s",
            Timeline =
            [
                Line(1, "delivered", "system", string.Format(CultureInfo.InvariantCulture, TimelineTexts.Delivered, "email", "yamada@onduty.example")),
                Line(2, "acknowledged", "yamada", null),
                Line(3, "stakeholdersNotified", "system", string.Format(CultureInfo.InvariantCulture, TimelineTexts.StakeholderNotice, 1, "execs, support")),
            ],
        };
        var notice = new RetroReportNotice(Language.Ja, incident, Retro(incident, content), [Yamada], [], "Asia/Tokyo")
        {
            AudienceNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["execs"] = "経営層", ["support"] = "サポート" },
        };

        var rows = Rows(Render(notice));
        var withDeliveries = Rows(Render(notice with { Deliveries = true }));

        Assert.Equal([("山田 太郎", "対応開始"), ("OnDuty（自動）", "第1報を関係者（経営層・サポート）に送信")], rows);
        Assert.Equal(("OnDuty（自動）", "メールで山田さんに届きました"), withDeliveries[0]);
        Assert.Equal(3, withDeliveries.Count);
    }

    /// <summary>Trial day 29, L5: the duplicate's merge row read 「復旧」, as if the outage had recovered then.</summary>
    [Theory]
    [InlineData(Language.Ja, "INC-2026-0003 に統合しました", "統合 INC-2026-0006: INC-2026-0003 に統合しました")]
    [InlineData(Language.En, "merged into INC-2026-0003", "INC-2026-0006: merged into INC-2026-0003")]
    [InlineData(Language.En, "INC-2026-0003 に統合しました", "Merged INC-2026-0006: INC-2026-0003 に統合しました")]
    public void Timeline_TheDuplicatesMergeRow_ReadsMergedNotRecovered(Language language, string saved, string expected)
    {
        var incident = Resolved();
        var content = new RetroContent
        {
            Summary = "s",
            Timeline = [Line(35, "resolved", "yamada", saved) with { Incident = "INC-2026-0006" }, Line(45, "resolved", "yamada", null)],
        };

        var rows = Rows(Render(new RetroReportNotice(language, incident, Retro(incident, content), [Yamada], [], "Asia/Tokyo")));

        Assert.Equal(expected, rows[0].What);
        Assert.Equal(language == Language.Ja ? "復旧" : "Resolved", rows[1].What);
    }

    [Theory]
    [InlineData(Language.Ja, "OnDuty（自動）")]
    [InlineData(Language.En, "OnDuty (automatic)")]
    public void Timeline_OnDutysOwnRows_AreByOnDutyInTheReadersWords(Language language, string expected)
    {
        var incident = Resolved();
        var content = new RetroContent { Summary = "s", Timeline = [Line(1, "notified", "system", TimelineTexts.PagedDutyMembers)] };

        var html = Render(new RetroReportNotice(language, incident, Retro(incident, content), [Yamada], [], "Asia/Tokyo"));

        Assert.Equal(expected, Rows(html).Single().Who);
        Assert.DoesNotContain(">system<", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// 対応者 are the people who acted (the lead who took it over among them), by roster name in order of first action — not the
    /// duty pair it paged; the pair's member who was paged and did nothing is listed apart as 「連絡を受けた当番」.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "対応者", "田中 健・山田 太郎", "連絡を受けた当番", "佐藤 花子")]
    [InlineData(Language.En, "Responders", "田中 健 & 山田 太郎", "Duty members paged", "佐藤 花子")]
    public void Facts_RespondersAreWhoActed_ThePagedAndSilentApart(Language language, string acted, string actedNames, string paged, string pagedNames)
    {
        Member M(string id, string name) => new() { Id = id, DisplayName = name, Email = $"{id}@onduty.example", TimeZone = TestZones.Tokyo };
        var incident = Incident.Open(
            "INC-2026-0003", new NewIncident { Title = "検索が遅い", Severity = AlertSeverity.Sev2 },
            [AssignedMember.From(M("sato", "佐藤 花子")), AssignedMember.From(Yamada)], "alert:grafana", T0);
        incident.Resolve("yamada", T0.AddMinutes(45));
        var notice = new RetroReportNotice(language, incident, Retro(incident, new RetroContent { Summary = "s" }), [Yamada, M("tanaka", "田中 健"), M("sato", "佐藤 花子")], [], "Asia/Tokyo")
        {
            Responders = new IncidentResponders(["tanaka", "yamada"], ["sato"]),
        };

        var html = Render(notice);

        Assert.Contains($"<tr><th scope=\"row\">{acted}</th><td>{actedNames}</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains($"<tr><th scope=\"row\">{paged}</th><td>{pagedNames}</td></tr>", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 39, L6: 「連絡を受けた当番」 listed only 山田 though 伊藤 was paged too — he acknowledged, so he is under 対応者 as well;
    /// a duty member the page reached is listed whether or not they then acted.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<tr><th scope=\"row\">対応者</th><td>伊藤 健</td></tr>", "<tr><th scope=\"row\">連絡を受けた当番</th><td>伊藤 健・山田 太郎</td></tr>")]
    [InlineData(Language.En, "<tr><th scope=\"row\">Responders</th><td>伊藤 健</td></tr>", "<tr><th scope=\"row\">Duty members paged</th><td>伊藤 健 & 山田 太郎</td></tr>")]
    public void Facts_APagedMemberWhoResponded_IsStillListedAsPaged(Language language, string responders, string paged)
    {
        var ito = new Member { Id = "ito", DisplayName = "伊藤 健", Email = "ito@onduty.example", TimeZone = TestZones.Tokyo };
        var incident = Incident.Open(
            "INC-2026-0001", new NewIncident { Title = "決済画面でエラーが表示される", Severity = AlertSeverity.Sev2 },
            [AssignedMember.From(ito), AssignedMember.From(Yamada)], "alert:grafana", T0);
        incident.RecordNotified(0, ["ito@onduty.example", "yamada@onduty.example", "teams"], T0);
        incident.Acknowledge("ito", T0.AddMinutes(3));
        incident.Resolve("ito", T0.AddMinutes(45));
        var members = new List<Member> { Yamada, ito };
        var notice = new RetroReportNotice(language, incident, Retro(incident, new RetroContent { Summary = "s" }), members, [], "Asia/Tokyo")
        {
            Responders = IncidentResponders.Of(incident, incident.PendingTimeline, members),
        };

        var html = Render(notice);

        Assert.Contains(responders, html, StringComparison.Ordinal);
        Assert.Contains(paged, html, StringComparison.Ordinal);
    }

    /// <summary>Session 43 read-through: an action item's state reads as a word of its own in English (「open」 in lower case before), in the table and the retro form's choice.</summary>
    [Theory]
    [InlineData(Language.En, "<td>Open</td></tr>", "<td>Done</td></tr>")]
    [InlineData(Language.Ja, "<td>未完了</td></tr>", "<td>完了</td></tr>")]
    public void ActionItems_StateCapitalisedInEnglish(Language language, string open, string done)
    {
        var incident = Resolved();
        var content = new RetroContent
        {
            Summary = "s",
            ActionItems = [new ActionItem { Title = "監視を追加", Owner = "yamada" }, new ActionItem { Title = "手順書を更新", Owner = "yamada", Status = ActionItemStatus.Done }],
        };

        var html = Render(new RetroReportNotice(language, incident, Retro(incident, content), [Yamada], [], "Asia/Tokyo"));

        Assert.Contains(open, html, StringComparison.Ordinal);
        Assert.Contains(done, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// A member taken off the roster since (their id kept on what they did): the report names them by the name they had — their
    /// timeline row and action item marked as no longer on the roster, the version line as colleagues called them — never by the
    /// bare id; their data erased, as a former member. Without the record of who left, the id showed.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "鈴木 一郎", "鈴木 一郎（退任）", "鈴木さん")]
    [InlineData(Language.En, "Ichiro Suzuki", "Ichiro Suzuki (no longer on the roster)", "Ichiro Suzuki")]
    [InlineData(Language.Ja, null, "退任したメンバー", "退任したメンバー")]
    public void People_TakenOffTheRoster_NamedAsTheyWere_NeverByTheirId(Language language, string? name, string listed, string inSentence)
    {
        var incident = Resolved();
        var content = new RetroContent
        {
            Summary = "s",
            Timeline = [Line(2, "acknowledged", "suzuki", null)],
            ActionItems = [new ActionItem { Title = "監視を追加", Owner = "suzuki" }],
        };
        var notice = new RetroReportNotice(language, incident, Retro(incident, content), [Yamada], [], "Asia/Tokyo")
        {
            Former = [new FormerMember("suzuki", name, name is null || language == Language.Ja ? Language.Ja : Language.En, T0.AddDays(1))],
        };

        var html = Render(notice);

        Assert.Equal(listed, Rows(html)[0].Who);
        Assert.Contains($"<td>{listed}</td>", html, StringComparison.Ordinal);
        Assert.Contains(inSentence, html[html.IndexOf("<main>", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.DoesNotContain("suzuki", html, StringComparison.Ordinal);
        Assert.Contains("suzuki", Render(notice with { Former = [] }), StringComparison.Ordinal);
    }

    [Fact]
    public void Heading_NamesTheIncidentOnce()
    {
        var incident = Resolved();

        var html = Render(new RetroReportNotice(Language.Ja, incident, Retro(incident, new RetroContent { Summary = "s" }), [Yamada], [], "Asia/Tokyo"));
        var main = Href().Replace(html[html.IndexOf("<main>", StringComparison.Ordinal)..], "");

        Assert.Single(Regex.Matches(main, "INC-2026-0002", RegexOptions.None, TimeSpan.FromSeconds(1)));
        Assert.Contains("<h1 id=\"title\">障害報告書</h1>", main, StringComparison.Ordinal);
        Assert.Contains("<title>障害報告書 INC-2026-0002</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Impact_TheRetrosAndTheIncidentRecordsAreEachLabelled()
    {
        var incident = Resolved(userImpact: "問い合わせ 30 件");

        var both = Render(new RetroReportNotice(Language.Ja, incident, Retro(incident, new RetroContent { Summary = "s", Impact = "iOS の法人ユーザー" }), [Yamada], [], "Asia/Tokyo"));
        var recordOnly = Render(new RetroReportNotice(Language.Ja, incident, Retro(incident, new RetroContent { Summary = "s" }), [Yamada], [], "Asia/Tokyo"));

        Assert.Contains("<h2>影響</h2>\n<h3>振り返りでの記載</h3>\n<p>iOS の法人ユーザー</p><h3>障害の記録（対応中に記入したユーザー影響）</h3>\n<p>問い合わせ 30 件</p>", both, StringComparison.Ordinal);
        Assert.Contains("<h2>影響</h2>\n<h3>障害の記録（対応中に記入したユーザー影響）</h3>\n<p>問い合わせ 30 件</p>", recordOnly, StringComparison.Ordinal);
    }

    [Fact]
    public void Criteria_ShowTheNoteAndTheCriterionsCurrentText()
    {
        var incident = Resolved();
        var content = new RetroContent { Summary = "s", CriteriaChanges = [new CriterionChange { CriterionId = "billing-sev", Note = "問い合わせ件数を基準に" }, new CriterionChange { CriterionId = "gone", Note = "削除済み" }] };
        Criterion[] criteria = [new() { Id = "billing-sev", Title = "請求・帳票機能の重大度", Text = "問い合わせ 20 件以上は SEV2", Version = 2, Retro = incident.Id }];

        var html = Render(new RetroReportNotice(Language.Ja, incident, Retro(incident, content), [Yamada], criteria, "Asia/Tokyo"));

        Assert.Contains("<tr><th scope=\"row\">請求・帳票機能の重大度</th><td><p>問い合わせ件数を基準に</p><p class=\"meta\">現在の基準：問い合わせ 20 件以上は SEV2（この振り返りを受けて第2版に更新）</p></td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">gone</th><td><p>削除済み</p></td></tr>", html, StringComparison.Ordinal);
    }

    private static List<(string Who, string What)> Rows(string html) =>
        [.. TimelineRow().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    [GeneratedRegex("href=\"[^\"]*\"")]
    private static partial Regex Href();

    [GeneratedRegex("<tr><th scope=\"row\">[^<]+</th><td>([^<]*)</td><td>([^<]*)</td></tr>")]
    private static partial Regex TimelineRow();
}
