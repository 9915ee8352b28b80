using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// How many SMS segments a page text goes out as, measured on texts as sent — the acknowledge link with a real token (about 140
/// characters on the app's default host name), not the samples' short one — with the providers' count (<see cref="SmsSegments"/>).
/// README's cost table quotes these numbers: a reader found "2–3" while an English text with a Japanese name went out in 4 or more
/// parts (a Japanese title or name sends the whole text in UCS-2, 67 characters a part).
/// </summary>
public sealed class PageTextSegmentsTests
{
    private static readonly DateTimeOffset T0 = new(2027, 1, 12, 1, 0, 0, TimeSpan.Zero);

    private const string BaseUrl = "https://func-onduty-abcdefghijklm.azurewebsites.net";

    private static readonly string AckLink = $"{BaseUrl}/api/ack/" + new AckToken(Options.Create(new IncidentOptions
    {
        AckTokenSecret = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
    }), new FakeTimeProvider(T0)).Issue("INC-2027-0042", "yamada");

    private static Incident Titled(string title) =>
        Incident.Open("INC-2027-0042", new NewIncident { Title = title, Severity = AlertSeverity.Sev1 }, [], "alert:grafana", T0);

    private static readonly LeadsStep JapanesePair = new([AssignedMember.From(TeamData.Member("tanaka", "田中 健")), AssignedMember.From(TeamData.Member("sato", "佐藤 花子"))], TimeSpan.FromMinutes(10));

    private static int Segments(Language language, string title, Func<PageTextNotice, PageTextNotice>? with = null, IncidentNotice? stage = null)
    {
        var notice = new PageTextNotice(language, Titled(title), stage ?? IncidentNotice.Page, AckLink);
        return SmsSegments.Count(TestRenderer.Instance.Text(with is null ? notice : with(notice)));
    }

    [Fact]
    public void AckLink_IsAsLongAsARealOne()
    {
        Assert.InRange(AckLink.Length, 130, 160);
    }

    /// <summary>The page text: 3 parts in UCS-2 (Japanese, or English with a Japanese title); 2 for English in Latin letters only.</summary>
    [Theory]
    [InlineData(Language.Ja, "決済画面が開かない", 3)]
    [InlineData(Language.En, "決済画面が開かない", 3)]
    [InlineData(Language.En, "Checkout fails for card payments", 2)]
    public void Page(Language language, string title, int segments)
    {
        Assert.Equal(segments, Segments(language, title));
    }

    /// <summary>The leads' step to a lead names the pair: 4 parts in Japanese, 5 in English with Japanese names (UCS-2 then).</summary>
    [Theory]
    [InlineData(Language.Ja, "決済画面が開かない", 4)]
    [InlineData(Language.En, "決済画面が開かない", 5)]
    [InlineData(Language.En, "Checkout fails for card payments", 5)]
    public void LeadsStep(Language language, string title, int segments)
    {
        Assert.Equal(segments, Segments(language, title, n => n with { AsLead = JapanesePair }, IncidentNotice.Escalation(2)));
    }

    /// <summary>The last text before the quiet window adds its note and the together link: 5 parts in Japanese, 6 in English with a Japanese title.</summary>
    [Theory]
    [InlineData(Language.Ja, 5)]
    [InlineData(Language.En, 6)]
    public void LastBeforeTheQuietWindow(Language language, int segments)
    {
        Assert.Equal(segments, Segments(language, "決済画面が開かない", n => n with { QuietFor = TimeSpan.FromMinutes(15), AckTogetherLink = $"{BaseUrl}/api/status/ack" }));
    }

    /// <summary>
    /// A call for help or an assignment to one member by name (trial 61, <see cref="AskedTextNotice"/>): no more parts than the page text
    /// in the same script — its link is the incident page's, shorter than an acknowledge link. (A Japanese name in an English text sends
    /// it in UCS-2, as a Japanese title does the page's.)
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "決済画面が開かない", "佐藤 花子")]
    [InlineData(Language.En, "決済画面が開かない", "佐藤 花子")]
    [InlineData(Language.En, "Checkout fails for card payments", "Emma Wilson")]
    public void AskedByName_NoMorePartsThanThePage(Language language, string title, string asker)
    {
        var page = Segments(language, title);
        var link = $"{BaseUrl}/api/incidents/INC-2027-0042/page";
        var help = IncidentNotice.Help(1, asker, null) with { Asked = "Liam Chen" };
        var assigned = IncidentNotice.Assigned(asker, "liam");
        Assert.All([help, assigned], stage => Assert.InRange(SmsSegments.Count(TestRenderer.Instance.Text(new AskedTextNotice(language, Titled(title), stage, link))), 1, page));
    }
}
