using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// A confidential incident (個人情報の漏えいの疑い): the pair's mail reads it whole; the team's channel cards, the status page, the
/// overview and other incidents' 「対応中の障害がほかにあります」 lines name it only as 「非公開の障害 INC-…（SEV2）」 / 「非公開の障害」.
/// </summary>
public sealed class ConfidentialIncidentTextTests
{
    private static readonly DateTimeOffset At = new(2027, 1, 12, 10, 0, 0, TimeSpan.FromHours(9));
    private const string Title = "顧客リストの流出の疑い";
    private const string Impact = "管理者アカウント admin-7 が不正にログイン";
    private const string AlertText = "Impossible travel sign-in for admin-7";
    private const string UpdateText = "漏えい範囲を調査中。監督官庁への報告を準備";

    private static readonly IReadOnlyList<AssignedMember> Pair =
    [
        new("ito", "伊藤 さくら", "ito@example.com", Language.Ja),
        new("sato", "佐藤 花子", "sato@example.com", Language.Ja),
    ];

    private static Incident Leak(bool confidential = true)
    {
        var i = Incident.Open("INC-2027-0042", new NewIncident { Title = Title, Severity = AlertSeverity.Sev2, UserImpact = Impact, AffectedAreas = ["会員管理"], Confidential = confidential }, Pair, "sato", At);
        return Incident.Restore(i.ToSnapshot());
    }

    private static IncidentPageNotice Page(Language language, Incident incident, string? ackLink) => new(language, incident, IncidentNotice.Page, "Asia/Tokyo", ackLink)
    {
        Alerts = [new FiredAlert(AlertText, AlertSeverity.Sev2, AlertStatus.Firing) { Description = "Sign-in from two countries within 5 minutes" }],
        PageLink = "https://onduty.example/api/incidents/INC-2027-0042/page",
    };

    /// <summary>Every text of a card's JSON, unescaped, one a line.</summary>
    private static string Said(string cardJson)
    {
        var texts = new List<string>();
        void Walk(System.Text.Json.JsonElement e)
        {
            if (e.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                texts.Add(e.GetString()!);
            }
            else if (e.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var property in e.EnumerateObject())
                {
                    Walk(property.Value);
                }
            }
            else if (e.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }

        Walk(System.Text.Json.JsonDocument.Parse(cardJson).RootElement);
        return string.Join("\n", texts);
    }

    public static TheoryData<Language, string> Named => new()
    {
        { Language.Ja, "非公開の障害 INC-2027-0042（SEV2）" },
        { Language.En, "Confidential incident INC-2027-0042 (SEV2)" },
    };

    [Theory]
    [MemberData(nameof(Named))]
    public void Card_Page_NamesItConfidential_NoTitleImpactOrAlert_PageLinked(Language language, string named)
    {
        var card = TestRenderer.Instance.Card(Page(language, Leak(), null));

        foreach (var said in new[] { Said(card.CardJson), card.Text, card.Subject })
        {
            Assert.DoesNotContain(Title, said, StringComparison.Ordinal);
            Assert.DoesNotContain(Impact, said, StringComparison.Ordinal);
            Assert.DoesNotContain(AlertText, said, StringComparison.Ordinal);
            Assert.DoesNotContain("会員管理", said, StringComparison.Ordinal);
        }

        Assert.Contains(named, Said(card.CardJson), StringComparison.Ordinal);
        Assert.Contains("INC-2027-0042", card.Subject, StringComparison.Ordinal);
        Assert.Contains("https://onduty.example/api/incidents/INC-2027-0042/page", card.CardJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void Email_Page_ToThePair_ReadsItWhole(Language language)
    {
        var mail = TestRenderer.Instance.Email(Page(language, Leak(), "https://onduty.example/api/ack/t"));

        Assert.Contains(Title, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(Impact, mail.Text, StringComparison.Ordinal);
        Assert.Contains(AlertText, mail.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void Card_NotConfidential_StillCarriesTheTitle(Language language)
    {
        var card = TestRenderer.Instance.Card(Page(language, Leak(confidential: false), null));

        Assert.Contains(Title, card.Subject, StringComparison.Ordinal);
        Assert.Contains(AlertText, Said(card.CardJson), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Named))]
    public void Card_Stakeholder_NoTitleNoUpdateWords(Language language, string named)
    {
        // An update at 原因特定 says the cause in its own words too (the E2E walk found it in the card's 「原因」 section).
        var notice = new StakeholderNotice(language, Leak(), 1, "Asia/Tokyo") { Update = UpdateText, Cause = UpdateText, NextSteps = UpdateText, UpdatedBy = "佐藤 花子", UpdatedAt = At, SentTo = ["法務"] };

        var card = TestRenderer.Instance.Card(notice);
        var mail = TestRenderer.Instance.Email(notice);

        Assert.Contains(named, Said(card.CardJson), StringComparison.Ordinal);
        foreach (var said in new[] { Said(card.CardJson), card.Text, card.Subject })
        {
            Assert.DoesNotContain(Title, said, StringComparison.Ordinal);
            Assert.DoesNotContain(Impact, said, StringComparison.Ordinal);
            Assert.DoesNotContain(UpdateText, said, StringComparison.Ordinal);
        }

        // The audience the person picked reads it whole.
        Assert.Contains(Title, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(UpdateText, mail.Text, StringComparison.Ordinal);
    }

    /// <summary>The channel's stakeholder card: ■影響範囲 says it is withheld, not 「確認中です。」 (it is known, and the mail says it).</summary>
    [Theory]
    [InlineData(Language.Ja, "影響範囲", "このチャンネルには表示しません。", "確認中です。")]
    [InlineData(Language.En, "Who is affected", "Not shown in this channel.", "Being confirmed.")]
    public void Card_Stakeholder_ImpactSaysWithheld_NotBeingConfirmed(Language language, string label, string withheld, string unknown)
    {
        var notice = new StakeholderNotice(language, Leak(), 1, "Asia/Tokyo") { UpdatedBy = "佐藤 花子", UpdatedAt = At };

        var card = TestRenderer.Instance.Card(notice);
        var said = Said(card.CardJson);

        Assert.Contains(label, said, StringComparison.Ordinal);
        Assert.Contains(withheld, said, StringComparison.Ordinal);
        Assert.Contains(withheld, card.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(unknown, said, StringComparison.Ordinal);
        Assert.DoesNotContain(withheld, TestRenderer.Instance.Email(notice).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(withheld, Said(TestRenderer.Instance.Card(notice with { Incident = Leak(confidential: false) }).CardJson), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "INC-2027-0042 非公開の障害（SEV2")]
    [InlineData(Language.En, "INC-2027-0042 Confidential incident (SEV2")]
    public void OtherOpenLine_InAnotherIncidentsPageMail_NamesItWithoutTitle(Language language, string line)
    {
        var other = Incident.Open("INC-2027-0043", new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, Pair, "ito", At.AddMinutes(5));
        var notice = Page(language, other, "https://onduty.example/api/ack/t") with { OtherOpen = OtherOpenIncidents.Of(other, [Leak()], At.AddMinutes(6), _ => null) };

        var mail = TestRenderer.Instance.Email(notice);

        Assert.Contains(line, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Title, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Title, mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "非公開の障害")]
    [InlineData(Language.En, "Confidential incident")]
    public void StatusPage_Row_NoTitleNoUpdateWords(Language language, string shown)
    {
        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, [new StatusBoardEntry(Leak(), At.AddMinutes(5), UpdateText)], "Asia/Tokyo", At.AddMinutes(6)));

        Assert.Contains(shown, html, StringComparison.Ordinal);
        Assert.Contains("INC-2027-0042", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Title, html, StringComparison.Ordinal);
        Assert.DoesNotContain(UpdateText, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void OverviewPage_NoTitleNoImpact(Language language)
    {
        var leak = Leak();
        var overview = IncidentOverview.From(leak, [], TimeSpan.FromMinutes(30), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));

        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", At.AddMinutes(6)));

        Assert.Contains("INC-2027-0042", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Title, html, StringComparison.Ordinal);
        Assert.DoesNotContain(Impact, html, StringComparison.Ordinal);
        // Its impact is withheld, not unknown.
        Assert.Contains(language == Language.Ja ? "このページには表示しません。" : "Not shown on this page.", html, StringComparison.Ordinal);
        Assert.DoesNotContain(language == Language.Ja ? "確認中です。" : "Being confirmed.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "非公開に設定しました（佐藤さん）", "非公開を解除しました（佐藤さん）")]
    [InlineData(Language.En, "Marked confidential (Hanako Sato)", "No longer confidential (Hanako Sato)")]
    public void TimelineRows_SayWhoMarkedAndLiftedIt(Language language, string marked, string lifted)
    {
        var i = Leak(confidential: false);
        i.MarkConfidential(true, "sato", At.AddMinutes(1));
        i.MarkConfidential(false, "sato", At.AddMinutes(2));
        var rows = i.PendingTimeline.Where(t => t.Kind == TimelineKind.ConfidentialityChanged).ToList();

        string? Name(string id) => id == "sato" ? (language == Language.Ja ? "佐藤 花子" : "Hanako Sato") : null;
        Assert.Equal([marked, lifted], rows.Select(r => TimelineText.For(r.Kind.ToString(), r.Message, language, Name)));
    }

    /// <summary>A lessons hit for the leak, as <see cref="Core.Retros.LessonSearch"/> gives it: confidential as stored, matched in its update.</summary>
    private static Core.Retros.LessonHit LeakHit(bool confidential = true) =>
        new("INC-2027-0042", Title, AlertSeverity.Sev2, ["会員管理"], At, 1, 1, 1.0, new Core.Retros.LessonSnippet("updates", UpdateText, [new Core.Retros.TextSpan(0, 4)]), false) { Confidential = confidential };

    [Theory]
    [InlineData(Language.Ja, "非公開の障害")]
    [InlineData(Language.En, "Confidential incident")]
    public void LessonsPage_ConfidentialHit_NamedWithItsLink_NoTitleAreasOrWords(Language language, string shown)
    {
        var html = TestRenderer.Instance.Page(new LessonsPageNotice(language, "漏えい", [LeakHit()], "Asia/Tokyo"));
        var plain = TestRenderer.Instance.Page(new LessonsPageNotice(language, "漏えい", [LeakHit(confidential: false)], "Asia/Tokyo"));

        Assert.DoesNotContain(Title, html, StringComparison.Ordinal);
        Assert.DoesNotContain("会員管理", html, StringComparison.Ordinal);
        Assert.DoesNotContain("監督官庁", html, StringComparison.Ordinal);
        Assert.Contains(shown, html, StringComparison.Ordinal);
        Assert.Contains("/api/incidents/INC-2027-0042/retro/page", html, StringComparison.Ordinal);
        Assert.Contains(Title, plain, StringComparison.Ordinal);
        Assert.Contains("監督官庁", plain, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "非公開の障害")]
    [InlineData(Language.En, "Confidential incident")]
    public void IncidentPage_SimilarList_ConfidentialOne_NamedWithItsLink_NoTitleOrWords(Language language, string shown)
    {
        var other = Incident.Restore(Incident.Open("INC-2027-0050", new NewIncident { Title = "会員管理画面が開かない", Severity = AlertSeverity.Sev3 }, Pair, "sato", At.AddDays(3)).ToSnapshot());
        string Page(Core.Retros.LessonHit hit) => TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new(other, "W/\"1\""), [], []), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", At.AddDays(3))
        {
            RequestId = "req-1",
            Similar = [hit],
        });

        var html = Page(LeakHit());
        var similar = System.Text.RegularExpressions.Regex.Match(html, "<section class=\"similar\" id=\"similar\">.*?</section>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;

        Assert.Contains("<a href=\"/api/incidents/INC-2027-0042/page", similar, StringComparison.Ordinal);
        Assert.Contains(shown, similar, StringComparison.Ordinal);
        Assert.DoesNotContain(Title, html, StringComparison.Ordinal);
        Assert.DoesNotContain("監督官庁", html, StringComparison.Ordinal);
        Assert.Contains(Title, Page(LeakHit(confidential: false)), StringComparison.Ordinal);
    }
}
