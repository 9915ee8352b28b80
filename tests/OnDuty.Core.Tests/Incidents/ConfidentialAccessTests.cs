using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Who may read a confidential incident whole on the PM pages: anyone when nobody is signed in (local use), signed in an active
/// member, a lead, an <c>Incidents__ConfidentialReaders</c> address or an address added on the incident; nobody else.
/// </summary>
public sealed class ConfidentialAccessTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(9));

    private static readonly IncidentOptions Options = new()
    {
        Leads = ["Lead@Example.com"],
        ConfidentialReaders = ["security@example.com", " legal@example.com "],
        OrganisationList = "pm-org@example.com",
    };

    private static readonly Member Sato = new() { Id = "sato", DisplayName = "佐藤 花子", Email = "sato@example.com", Language = Language.Ja, TimeZone = "Asia/Tokyo" };

    private static Incident Leak(bool confidential = true) =>
        Incident.Open("INC-2026-0042", new NewIncident { Title = "顧客リストの流出の疑い", Severity = AlertSeverity.Sev2, Confidential = confidential }, [], "sato", At);

    private static PageVisitor SignedIn(string address) => new("Someone", address) { Addresses = [address, "upn-" + address] };

    [Fact]
    public void MayRead_NotConfidential_Everyone() =>
        Assert.True(ConfidentialAccess.MayRead(Leak(confidential: false), SignedIn("stranger@example.com"), Options, []));

    [Fact]
    public void MayRead_AnonymousLocalUse_Everyone() =>
        Assert.True(ConfidentialAccess.MayRead(Leak(), PageVisitor.Anonymous, Options, []));

    [Fact]
    public void MayRead_ActiveMember_Yes_InactiveMemberOrStranger_No()
    {
        Assert.True(ConfidentialAccess.MayRead(Leak(), SignedIn("sato@example.com") with { Member = Sato }, Options, []));
        Assert.False(ConfidentialAccess.MayRead(Leak(), SignedIn("sato@example.com") with { Member = Sato with { Active = false } }, Options, []));
        Assert.False(ConfidentialAccess.MayRead(Leak(), SignedIn("stranger@example.com"), Options, []));
    }

    [Theory]
    [InlineData("lead@example.com")]
    [InlineData("SECURITY@example.com")]
    [InlineData("legal@example.com")]
    public void MayReadBySetting_LeadOrConfidentialReader_AnyCaseAndTrimmed(string address) =>
        Assert.True(ConfidentialAccess.MayReadBySetting(Leak(), SignedIn(address), Options));

    [Fact]
    public void MayRead_AddedOnTheIncident_OnlyThatAddress()
    {
        Assert.True(ConfidentialAccess.MayRead(Leak(), SignedIn("yamada@partner.example"), Options, ["Yamada@Partner.example"]));
        Assert.False(ConfidentialAccess.MayRead(Leak(), SignedIn("other@partner.example"), Options, ["yamada@partner.example"]));
        Assert.False(ConfidentialAccess.MayReadBySetting(Leak(), SignedIn("yamada@partner.example"), Options));
    }

    [Theory]
    [InlineData(Language.Ja, "INC-2026-0042 は非公開の障害です。閲覧が必要な場合は、当番（佐藤さん・鈴木さん）またはリーダーに依頼してください。")]
    [InlineData(Language.En, "INC-2026-0042 is a confidential incident. To read it, ask the duty pair (")]
    public void RefusalPage_NamesTheIdAndTheDutyPair_NeverTheTitle(Language language, string expected)
    {
        var html = TestRenderer.Instance.Page(new PageProblemNotice(language, PageProblem.Confidential, "INC-2026-0042") { DutyNames = ["佐藤 花子", "鈴木 一郎"] });

        Assert.Contains(expected, System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("顧客リスト", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConfidentialReaders_BlankOrNotAnAddress_NamesTheSetting()
    {
        var options = new IncidentOptions
        {
            AckTokenSecret = Convert.ToBase64String(new byte[32]),
            Leads = ["lead@example.com"],
            OrganisationList = "pm-org@example.com",
            ConfidentialReaders = ["security@example.com", " ", "legal"],
        };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(r => r.ErrorMessage!).ToList();

        Assert.Equal(
            ["Incidents__ConfidentialReaders__1 is blank: give the email address of someone who may read confidential incidents, or remove the setting.", "Incidents__ConfidentialReaders__2 must be an email address."],
            errors);
    }
}
