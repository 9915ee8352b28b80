using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// The one rule of "reached", per channel: an email, a text or a call that got through reaches its person, the Teams card none;
/// the latest word on each address or number counts (a text taken and then reported undelivered did not reach them). The early
/// escalation, the incident page's line, "paged already" and the report read it alike.
/// </summary>
public sealed class PageReachTests
{
    private const string Address = "a@x.jp";
    private const string Phone = "+819012345678";
    private const string Lead = "yamada@x.jp";
    private const string LeadPhone = "+819011112222";

    private static readonly PageRecipient Member = new(Address, "伊藤 さくら", Language.Ja, "ito") { Phone = "+81 90-1234-5678" };

    /// <summary>A lead as the leads' step names them (<see cref="EscalationPolicy.Recipients(Incident, int, IncidentOptions, Language)"/>): by address, no number.</summary>
    private static readonly PageRecipient LeadByAddress = new(Lead, null, Language.Ja, Lead);

    private static readonly IncidentOptions LeadOptions = new() { Leads = [Lead] };

    private static TimelineEntry Sent(int step = 0, int round = 0) =>
        new() { At = T0, Kind = step == 0 ? TimelineKind.Notified : TimelineKind.Escalated, By = "system", Step = step, Round = round, Recipients = [Address, "teams"] };

    private static TimelineEntry Row(string channel, string recipient, bool ok, int second, int step = 0, int round = 0) =>
        Incident.DeliveryEntry(step, channel, recipient, ok ? null : "refused", T0.AddSeconds(second), round);

    private static Incident Open() => Incident.Open("INC-2026-0007", new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, [], "sato", T0);

    [Theory]
    [InlineData("email", Address, true)]
    [InlineData("sms", Phone, true)]
    [InlineData("call", Phone, true)]
    [InlineData("teams", "teams", false)]
    public void OneChannelDelivered_ReachedUnlessItIsTheCard(string channel, string recipient, bool reached)
    {
        // The person's email given up first; then the one channel's delivery.
        List<TimelineEntry> timeline = [Sent(), Row("email", Address, false, 1), Row(channel, recipient, true, 2)];

        Assert.Equal(reached, PageReach.OfStep(timeline, 0).Anyone);
        Assert.Equal(reached, PageReach.OfStep(timeline, 0).Reached(Member));
        Assert.Equal(reached, !PageReach.OfStep(timeline, 0, 0).GaveUpOn(Member));
        Assert.Equal(reached, Incident.Reached(timeline, 0));
        Assert.Equal(reached, Incident.ReachedInRound(timeline, 0, Member));
        Assert.Equal(reached, PagesUndelivered.Of(Open(), timeline, []) is null);
        Assert.Equal(reached ? T0.AddSeconds(2) : null, IncidentReportCalculator.FirstReached(new ReportIncident(Open(), timeline, null)));
        // Who is told it recovered: whom the pages reached, by the same rule (calls are not told; the card is the channel's).
        var told = PagesReached.Of(Open(), timeline);
        Assert.Equal(channel == "email" ? [Address] : [], told.Emails);
        Assert.Equal(channel == "sms" ? [Phone] : [], told.Texted);
        Assert.Equal(channel == "teams", told.Channel);
    }

    [Theory]
    [InlineData("sms")]
    [InlineData("call")]
    [InlineData("email")]
    public void DeliveredThenReportedUndelivered_TheLatestWordCounts_NotReached(string channel)
    {
        var recipient = channel == "email" ? Address : Phone;
        List<TimelineEntry> timeline = [Sent(), Row("email", Address, false, 1), Row(channel, recipient, true, 2), Row(channel, recipient, false, 30)];

        Assert.False(PageReach.OfStep(timeline, 0).Anyone);
        Assert.Equal(false, PageReach.OfStep(timeline, 0).On(recipient));
        Assert.True(PageReach.OfStep(timeline, 0, 0).GaveUpOn(Member));
        Assert.False(Incident.Reached(timeline, 0));
        Assert.False(Incident.ReachedInRound(timeline, 0, Member));
        Assert.NotNull(PagesUndelivered.Of(Open(), timeline, []));
        Assert.Null(IncidentReportCalculator.FirstReached(new ReportIncident(Open(), timeline, null)));
        var told = PagesReached.Of(Open(), timeline);
        Assert.Empty(told.Emails);
        Assert.Empty(told.Texted);
    }

    [Fact]
    public void Unsettled_NotGivenUp_ButNotReachedEither()
    {
        List<TimelineEntry> timeline = [Sent()];

        Assert.False(PageReach.OfStep(timeline, 0).Anyone);
        Assert.Null(PageReach.OfStep(timeline, 0).On(Address));
        Assert.False(PageReach.OfStep(timeline, 0, 0).GaveUpOn(Member));
        Assert.True(Incident.Reached(timeline, 0)); // not declared unreached early
        Assert.NotNull(PagesUndelivered.Of(Open(), timeline, [])); // but nobody reached yet
    }

    [Fact]
    public void AnotherRoundsOrStepsRows_SayNothingOfThisOne()
    {
        // A late report of round 0 after the reopen's round 1 was sent; a delivery of step 1 is not one of step 0.
        List<TimelineEntry> timeline = [Sent(0, 0), Sent(0, 1), Row("sms", Phone, true, 5, 0, 0), Row("email", Address, true, 6, 1, 1)];

        Assert.False(PageReach.OfStep(timeline, 0, 1).Anyone);
        Assert.False(PageReach.OfStep(timeline, 1, 1).Anyone); // step 1 was never sent: nothing
        Assert.Null(PageReach.Sent(timeline, 1, 1));
    }

    /// <summary>
    /// A number is compared as <see cref="Core.Notifications.PhoneNumber.Normalize(string?)"/> reads it: any writing it accepts
    /// without a country code (spaces, hyphens, brackets, full-width) is the member's number; a national one (no country to read
    /// it by) or another number is not.
    /// </summary>
    [Theory]
    [InlineData("+81 90 1234 5678", "+81 90-1234-5678", true)]
    [InlineData("+819012345678", "+81 90-1234-5678", true)]
    [InlineData("+81 90-1234-5678", "+819012345678", true)]
    [InlineData("+81 (90) 1234.5678", "+819012345678", true)]
    [InlineData("＋８１　９０‐１２３４‐５６７８", "+819012345678", true)]
    [InlineData("090-1234-5678", "+819012345678", false)]
    [InlineData("09012345678", "+819012345678", false)]
    [InlineData("+81 90-1234-5679", "+819012345678", false)]
    [InlineData("+819012345678", "09012345678", false)]
    public void ANumberWrittenAnotherWay_IsTheSameNumber(string row, string phone, bool same)
    {
        var member = Member with { Phone = phone };
        List<TimelineEntry> timeline = [Sent(), Row("email", Address, false, 1), Row("sms", row, true, 2)];

        Assert.Equal(same, PageReach.OfStep(timeline, 0).Reached(member));
        Assert.Equal(!same, PageReach.OfStep(timeline, 0).GaveUpOn(member));
        // Reported undelivered under that writing: given up on, when it is their number; a stranger's word says nothing.
        timeline.Add(Row("sms", row, false, 30));
        Assert.False(PageReach.OfStep(timeline, 0).Reached(member));
        Assert.True(PageReach.OfStep(timeline, 0).GaveUpOn(member));
    }

    [Fact]
    public void TwoWritingsOfOneNumber_EitherDelivered_Reached()
    {
        // The text reported undelivered under one writing, the call delivered under another: the number got through.
        List<TimelineEntry> timeline = [Sent(), Row("email", Address, false, 1), Row("sms", "+81 90-1234-5678", false, 2), Row("call", Phone, true, 3)];

        Assert.True(PageReach.OfStep(timeline, 0).Reached(Member));
        Assert.False(PageReach.OfStep(timeline, 0).GaveUpOn(Member));
    }

    [Fact]
    public void AnAddressIsNeverANumber()
    {

        // An address whose digits happen to be the number's is not the number.
        var digits = new PageRecipient("b@x.jp", null, Language.Ja, "b") { Phone = "+1 234" };
        Assert.False(PageReach.OfStep([Sent(), Row("email", "1234@x.jp", true, 1)], 0).Reached(digits));
    }

    /// <summary>
    /// An incident whose leads' step (2) went to <see cref="Lead"/>: its row names the member texted and called (as written since
    /// 12-06), or, with <paramref name="members"/> false, does not (a row stored before), followed by <paramref name="rows"/>.
    /// </summary>
    private static (Incident Incident, List<TimelineEntry> Timeline) LeadsStep(bool members, params TimelineEntry[] rows)
    {
        var incident = Open();
        incident.RecordNotified(0, [Address, "teams"], T0);
        incident.RecordNotified(2, [Lead, "teams"], T0, null, members ? [new PagedMember(Lead, "yamada", "+81 90-1111-2222")] : null);
        return (incident, [.. incident.PendingTimeline, .. rows]);
    }

    /// <summary>
    /// A lead's text or call that got through reaches them as a duty member's does: the step's row gives their number, so "reached",
    /// "given up on" and "paged already" read it; reported undelivered afterwards, it did not.
    /// </summary>
    [Theory]
    [InlineData("sms")]
    [InlineData("call")]
    public void ALeadsTextOrCall_ReachesThem_ByTheNumberTheStepsRowGives(string channel)
    {
        var (incident, timeline) = LeadsStep(members: true, Row("email", Lead, false, 1, step: 2), Row(channel, LeadPhone, true, 2, step: 2));

        Assert.True(PageReach.OfStep(timeline, 2).Reached(LeadByAddress));
        Assert.False(PageReach.OfStep(timeline, 2, 0).GaveUpOn(LeadByAddress));
        Assert.True(Incident.ReachedInRound(timeline, 0, LeadByAddress));
        Assert.True(PagedSoFar.Of(incident, LeadOptions, Language.Ja, null, timeline).Has(LeadByAddress));

        timeline.Add(Row(channel, LeadPhone, false, 30, step: 2));
        Assert.False(PageReach.OfStep(timeline, 2).Reached(LeadByAddress));
        Assert.True(PageReach.OfStep(timeline, 2, 0).GaveUpOn(LeadByAddress));
        Assert.False(PagedSoFar.Of(incident, LeadOptions, Language.Ja, null, timeline).Has(LeadByAddress));
    }

    /// <summary>A leads' step row stored before 12-06 names no member: read as before — the text reached someone, but the lead is known by their email alone.</summary>
    [Fact]
    public void ALeadsStepRowFromBefore_WithoutMembers_ReadAsBefore()
    {
        var (incident, timeline) = LeadsStep(members: false, Row("email", Lead, false, 1, step: 2), Row("sms", LeadPhone, true, 2, step: 2));

        Assert.Null(timeline.Single(e => e.Step == 2 && e.Kind == TimelineKind.Escalated).Members);
        Assert.True(PageReach.OfStep(timeline, 2).Anyone);
        Assert.False(PageReach.OfStep(timeline, 2).Reached(LeadByAddress));
        Assert.True(PageReach.OfStep(timeline, 2, 0).GaveUpOn(LeadByAddress));
        Assert.False(PagedSoFar.Of(incident, LeadOptions, Language.Ja, null, timeline).Has(LeadByAddress));
    }
}
