using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;

namespace OnDuty.Core.Tests.Retros;

public sealed class CriteriaSelectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private static Incident Payments(AlertSeverity severity = AlertSeverity.Sev1, string source = Incident.ManualSource) => Incident.Open(
        "INC-2026-0042",
        new NewIncident { Title = "決済ができない", Severity = severity, AffectedAreas = ["決済"], Platforms = ["iOS"], Source = source, StartedAt = Now },
        [], "ito", Now);

    private static TrackedAlert Alert(params (string Key, string Value)[] labels) => new()
    {
        DedupKey = "a1", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = "HighErrorRate", FirstFiredAt = Now,
        Labels = [.. labels.Select(l => new KeyValuePair<string, string>(l.Key, l.Value))],
    };

    private static Criterion C(string id, string text, int daysAgo, string? topic = null, bool active = true) => new()
    {
        Id = id, Title = id, Text = text, Topic = topic, Active = active, UpdatedAt = Now.AddDays(-daysAgo),
    };

    [Fact]
    public void For_CriteriaMentioningTheIncident_MostMatchesFirstThenLatest_EachWithWhatItMatched()
    {
        var sut = CriteriaSelection.For(Payments(), [Alert(("service", "payments"))],
        [
            C("sev1-payments", "決済の失敗は SEV1", 20, topic: "severity-payments"),
            C("sev1-any", "全員がログインできなければ SEV1", 3),
            C("areas", "決済の障害は CS に先に知らせる", 1),
            C("retired", "決済は SEV1", 0, active: false),
            C("unrelated", "夜間は電話で呼ぶ", 0),
        ]);

        Assert.True(sut.Matched);
        Assert.Equal(4, sut.Total);
        Assert.Equal(
            [("sev1-payments", "SEV1|決済|payments"), ("areas", "決済"), ("sev1-any", "SEV1")],
            sut.Shown.Select(r => (r.Criterion.Id, string.Join('|', r.Matched))));
    }

    /// <summary>
    /// Session 43: a monitoring tool's incident has no affected areas until a PM writes them, so its box offered three criteria all
    /// 「一致：SEV1」 — 「お客様へのお知らせ…」 first — under 「決済 API のレイテンシ p99 が 2 秒を超過」, though 「決済・請求に影響する障害は SEV1」
    /// is plainly about it. The title's words a criterion's title or topic names count as the areas do; its prose does not.
    /// </summary>
    [Fact]
    public void For_TheTitleNamesWhatACriterionIsAbout_ItLeads_WithTheWordShown()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済 API のレイテンシ p99 が 2 秒を超過", Severity = AlertSeverity.Sev1, Source = "pagerduty" }, [], "alert:pagerduty", Now);
        Criterion Named(string id, string title, string text, int daysAgo, string? topicName = null) => new()
        {
            Id = id, Title = title, Text = text, TopicName = topicName, Active = true, UpdatedAt = Now.AddDays(-daysAgo),
        };

        var sut = CriteriaSelection.For(incident, [],
        [
            Named("customers", "お客様へのお知らせは影響が 30 分続く見込みのとき", "影響が 30 分以上続く見込みのとき、または SEV1 のときは、ステータスページに第1報を出す。", 0),
            Named("login", "ログイン失敗率 5% 超が 10 分続けば SEV2", "全員がログインできない場合は時間を待たずに SEV1。", 1),
            Named("billing", "決済・請求に影響する障害は SEV1", "お金の流れに影響する障害は SEV1 として起票する。", 2),
            Named("latency-in-prose", "夜間の連絡", "レイテンシの悪化だけなら朝まで待つ。SEV1 なら電話。", 3),
            Named("topic", "Web の応答", "p95 を見る。", 4, topicName: "レイテンシ"),
        ]);

        Assert.True(sut.Matched);
        Assert.Equal(
            [("billing", "SEV1|決済"), ("topic", "レイテンシ"), ("customers", "SEV1"), ("login", "SEV1"), ("latency-in-prose", "SEV1")],
            sut.Shown.Select(r => (r.Criterion.Id, string.Join('|', r.Matched))));
        Assert.All(sut.Shown, r => Assert.Null(r.Says)); // a title is no affected area: 「この基準では…」 stays the areas'
    }

    [Theory]
    [InlineData("決済 API のレイテンシ p99 が 2 秒を超過", "決済|レイテンシ|超過|API|p99")]
    [InlineData("決済ができない", "決済")]
    [InlineData("決済障害で注文が止まる", "決済障害|決済|注文")]
    [InlineData("ログイン失敗率が上昇", "ログイン|失敗率|上昇")]
    [InlineData("ｶｰﾄﾞ決済・請求のエラー", "カード|決済|請求")]
    [InlineData("SEV1: Checkout down for iOS users", "Checkout|iOS")]
    public void TitleWords_SubjectsNotParticlesNorWordsEveryIncidentUses(string title, string words) =>
        Assert.Equal(words, string.Join('|', CriteriaSelection.TitleWords(title)));

    /// <summary>
    /// Trial 39 L7: a checkout incident's box led with 「ログイン失敗率 5% 超が 10 分続けば SEV2 … 一致：SEV2」, matched by the severity
    /// word alone. One matched by the area, platform or a label ranks above it, whatever the counts; one that names the incident's
    /// area with another severity says which (Says), one naming its own severity, several, or a range says nothing.
    /// </summary>
    [Fact]
    public void For_SeverityOnlyRanksLast_AndACriterionNamingAnotherSeverityForTheAreaSaysIt()
    {
        var sut = CriteriaSelection.For(Payments(AlertSeverity.Sev2), [],
        [
            C("login", "ログイン失敗率 5% 超が 10 分続けば SEV2。SEV2 は全員に連絡", 0),
            C("billing", "決済・請求に影響する障害は SEV1", 5),
            C("ios", "iOS だけなら SEV2", 6),
            C("range", "決済が止まったら SEV2 以上", 7),
            C("both", "決済の一部なら SEV3、全部なら SEV1", 8),
        ]);

        Assert.Equal(
            [("ios", "SEV2|iOS", null), ("range", "SEV2|決済", null), ("billing", "決済", (AlertSeverity?)AlertSeverity.Sev1), ("both", "決済", null), ("login", "SEV2", null)],
            sut.Shown.Select(r => (r.Criterion.Id, string.Join('|', r.Matched), r.Says)));
    }

    /// <summary>
    /// 「この基準では SEV1 です（現在 SEV2）」 only of a criterion that matched the incident's affected area: one matched by a platform or
    /// a label alone names a severity for that platform or service, which need not be this incident's.
    /// </summary>
    [Fact]
    public void For_AnotherSeverityMatchedOnAPlatformOrLabelOnly_SaysNothing()
    {
        var sut = CriteriaSelection.For(Payments(AlertSeverity.Sev2), [Alert(("service", "payments"))],
        [
            C("ios", "iOS アプリが起動しなければ SEV1", 1),
            C("label", "payments の 5xx が続けば SEV1", 2),
            C("area", "決済が止まったら SEV1", 3),
        ]);

        Assert.Equal(
            [("ios", "iOS", null), ("label", "payments", null), ("area", "決済", (AlertSeverity?)AlertSeverity.Sev1)],
            sut.Shown.Select(r => (r.Criterion.Id, string.Join('|', r.Matched), r.Says)));
    }

    /// <summary>
    /// Session 41 gave criteria English words for English readers; a rule whose severity or area is written only there is matched on it
    /// like on the Japanese, each word counted once when both languages say it, and the severity it names there is what it says.
    /// </summary>
    [Fact]
    public void For_WordsOnlyInTheEnglishWords_MatchAndSayTheSeverity_EachWordOnce()
    {
        var sut = CriteriaSelection.For(Payments(AlertSeverity.Sev2), [Alert(("service", "checkout"))],
        [
            C("en-sev", "ログイン失敗率が高いとき", 1) with { TextEn = "SEV2 when login failures stay high" },
            C("en-says", "決済が止まったとき", 2) with { TextEn = "SEV1 when checkout fails" },
            C("both", "決済の一部なら SEV2", 3) with { TitleEn = "Part of payments", TextEn = "SEV2 when part of checkout fails" },
            C("en-topic", "夜間の連絡", 4) with { Topic = "night", TopicNameEn = "iOS at night" },
            C("neither", "夜間は電話で呼ぶ", 0) with { TitleEn = "At night", TextEn = "Call by phone at night" },
        ]);

        Assert.True(sut.Matched);
        Assert.Equal(
            [("both", "SEV2|決済|checkout", null), ("en-says", "決済|checkout", (AlertSeverity?)AlertSeverity.Sev1), ("en-topic", "iOS", null), ("en-sev", "SEV2", null)],
            sut.Shown.Select(r => (r.Criterion.Id, string.Join('|', r.Matched), r.Says)));
    }

    [Fact]
    public void For_ManyMatch_AtMostFive()
    {
        var sut = CriteriaSelection.For(Payments(), [], [.. Enumerable.Range(1, 8).Select(i => C($"c{i}", "決済が止まったら", i))]);

        Assert.Equal(["c1", "c2", "c3", "c4", "c5"], sut.Shown.Select(r => r.Criterion.Id));
        Assert.Equal(8, sut.Total);
    }

    [Fact]
    public void For_NothingMatches_TheThreeMostRecentlyUpdatedActiveOnes_SaidAsNotMatched()
    {
        var sut = CriteriaSelection.For(Payments(AlertSeverity.Sev3), [],
        [
            C("old", "夜間は電話で呼ぶ", 30), C("newest", "応援は 30 分で呼ぶ", 1), C("retired", "昔の基準", 0, active: false),
            C("second", "お客様への第1報は 15 分以内", 2), C("third", "ステータスページを更新する", 3),
        ]);

        Assert.False(sut.Matched);
        Assert.Equal(["newest", "second", "third"], sut.Shown.Select(r => r.Criterion.Id));
        Assert.All(sut.Shown, r => Assert.Empty(r.Matched));
        Assert.Equal(4, sut.Total);
    }

    [Fact]
    public void For_LatinWordsOnlyAsWholeWords_AndAToolsOwnSeverityLabelIgnored()
    {
        // Azure Monitor's Sev1 is OnDuty's SEV2: its label is not this incident's severity. "api" is not in "rapid", SEV1 not in SEV10.
        var sut = CriteriaSelection.For(Payments(AlertSeverity.Sev2, source: "azure-monitor"), [Alert(("severity", "Sev1"), ("job", "api"))],
        [
            C("rapid", "rapid growth SEV10 ではない", 1),
            C("sev1", "SEV1 にする", 1),
            C("api", "API が 5xx を返したら", 2),
            C("tool", "Azure Monitor (azure-monitor) のアラートは確認してから", 3),
        ]);

        Assert.Equal([("api", "api"), ("tool", "azure-monitor")], sut.Shown.Select(r => (r.Criterion.Id, string.Join('|', r.Matched))));
    }

    /// <summary>
    /// Session 45: the box read 「一致：客様」 — the kanji run a title's 「お客様」 is matched by — under 「お客様へのお知らせは…」. What it
    /// shows is the criterion's own word: the kanji or katakana run the match stands in, with its honorific お/ご.
    /// </summary>
    [Fact]
    public void For_ATitleWordInsideACriterionsWord_ShowsTheCriterionsWholeWord()
    {
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "お客様がカード決済できない", Severity = AlertSeverity.Sev2 }, [], "ito", Now);
        Criterion Named(string id, string title, int daysAgo) => new() { Id = id, Title = title, Text = "本文", Active = true, UpdatedAt = Now.AddDays(-daysAgo) };

        var sut = CriteriaSelection.For(incident, [],
        [
            Named("customers", "お客様へのお知らせは影響が 30 分続く見込みのとき", 0),
            Named("credit", "クレジットカードの決済が止まったら SEV1", 1),
        ]);

        Assert.Equal(
            [("credit", "クレジットカード|決済"), ("customers", "お客様")],
            sut.Shown.Select(r => (r.Criterion.Id, string.Join('|', r.Matched))));
    }

    /// <summary>
    /// A reader searched 「支払い」 and the box read 「一致：お支払」 under 「お支払いが遅れたら…」: the kanji run 「支払」 grown to the
    /// criterion's word lost its okurigana. It keeps what the title writes after the run too, not the particle after it, nor
    /// hiragana the title does not write.
    /// </summary>
    [Theory]
    [InlineData("支払いができない", "お支払いが遅れたら SEV2", "お支払い")]
    [InlineData("支払いができない", "支払が遅れたら SEV2", "支払")]
    [InlineData("支払いが遅い", "お支払いが遅れたら SEV2", "お支払い")]
    [InlineData("支払処理が遅い", "お支払いが遅れたら SEV2", "お支払")]
    [InlineData("手続きができない", "お手続きが止まったら SEV1", "お手続き")]
    public void For_ATitleWordWithOkurigana_ShowsTheCriterionsWordWithIt(string title, string criterion, string shown)
    {
        var incident = Incident.Open("INC-2026-0005", new NewIncident { Title = title, Severity = AlertSeverity.Sev2 }, [], "ito", Now);

        var sut = CriteriaSelection.For(incident, [], [new Criterion { Id = "pay", Title = criterion, Text = "本文", Active = true, UpdatedAt = Now }]);

        Assert.Contains(shown, Assert.Single(sut.Shown).Matched);
    }

    [Fact]
    public void For_AnEnglishTitle_ShowsWholeWordsOnly_NotAWordInsideAnother()
    {
        var incident = Incident.Open("INC-2026-0004", new NewIncident { Title = "Checkout API latency over 2 s", Severity = AlertSeverity.Sev2, Source = "pagerduty" }, [], "alert:pagerduty", Now);

        var sut = CriteriaSelection.For(incident, [],
        [
            new Criterion { Id = "checkout", Title = "決済", TitleEn = "Checkout or the rapid payments API down is SEV1", Text = "本文", Active = true, UpdatedAt = Now },
            new Criterion { Id = "rapid", Title = "急増", TitleEn = "Rapid growth in checkouts", Text = "本文", Active = true, UpdatedAt = Now },
        ]);

        Assert.Equal("Checkout|API", string.Join('|', Assert.Single(sut.Shown).Matched));
    }

    [Fact]
    public void Terms_SeverityAreasPlatformsSourceAndLabelValues_EachOnce()
    {
        var terms = CriteriaSelection.Terms(Payments(source: "alertmanager"), [Alert(("service", "payments"), ("x", "p"), ("team", "決済")), Alert(("service", "Payments"))]);

        Assert.Equal(["SEV1", "決済", "iOS", "alertmanager", "payments"], terms);
    }
}
