using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Team;

/// <summary>Trial 59: leave is in its member's own calendar; the schedule reads it in the rotation's dates it touches.</summary>
public sealed class LeaveTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZones.Find("Asia/Tokyo");
    private static readonly TimeZoneInfo LosAngeles = TimeZones.Find("America/Los_Angeles");
    private static readonly TimeZoneInfo Auckland = TimeZones.Find("Pacific/Auckland");

    private static Leave Days(string from, string to) =>
        new() { Id = "l", MemberId = "emma", From = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), To = DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public void Span_HerChristmasInLosAngeles_RunsFromHerMidnightToHerMidnight()
    {
        var (from, to) = Days("2026-12-24", "2026-12-25").Span(LosAngeles);

        Assert.Equal(new DateTimeOffset(2026, 12, 24, 0, 0, 0, TimeSpan.FromHours(-8)), from);
        Assert.Equal(new DateTimeOffset(2026, 12, 26, 0, 0, 0, TimeSpan.FromHours(-8)), to);
        // In Tokyo: Thu 24 Dec 17:00 to Sat 26 Dec 17:00.
        Assert.Equal(new DateTime(2026, 12, 24, 17, 0, 0), TimeZoneInfo.ConvertTime(from, Tokyo).DateTime);
        Assert.Equal(new DateTime(2026, 12, 26, 17, 0, 0), TimeZoneInfo.ConvertTime(to, Tokyo).DateTime);
    }

    [Fact]
    public void DatesIn_LosAngelesLeave_TouchesThreeTokyoDates()
    {
        var leave = Days("2026-12-24", "2026-12-25");

        var tokyo = leave.DatesIn(LosAngeles, Tokyo);

        Assert.Equal((new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 26)), (tokyo.From, tokyo.To));
        Assert.Equal((leave.Id, leave.MemberId), (tokyo.Id, tokyo.MemberId));
    }

    [Fact]
    public void DatesIn_AucklandLeave_StartsTheTokyoDayBefore()
    {
        // 00:00 NZDT (UTC+13) on 24 Dec is 20:00 JST on 23 Dec; 00:00 on 26 Dec is 20:00 JST on 25 Dec.
        var tokyo = Days("2026-12-24", "2026-12-25").DatesIn(Auckland, Tokyo);

        Assert.Equal((new DateOnly(2026, 12, 23), new DateOnly(2026, 12, 25)), (tokyo.From, tokyo.To));
    }

    [Fact]
    public void Span_OnTheDayClocksGoForward_IsTwentyThreeHours()
    {
        var leave = Days("2027-03-14", "2027-03-14");

        var (from, to) = leave.Span(LosAngeles);

        Assert.Equal(new DateTimeOffset(2027, 3, 14, 8, 0, 0, TimeSpan.Zero), from.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2027, 3, 15, 7, 0, 0, TimeSpan.Zero), to.ToUniversalTime());
        var tokyo = leave.DatesIn(LosAngeles, Tokyo);
        Assert.Equal((new DateOnly(2027, 3, 14), new DateOnly(2027, 3, 15)), (tokyo.From, tokyo.To));
    }

    [Fact]
    public void DatesIn_MemberInTheRotationsZone_IsTheSameLeave()
    {
        var leave = Days("2026-12-24", "2026-12-25");
        var member = new Member { Id = "sato", DisplayName = "佐藤 健", Email = "sato@example.com", TimeZone = "Asia/Tokyo" };

        Assert.Same(leave, leave.DatesIn(Tokyo, Tokyo));
        Assert.Same(leave, leave.DatesIn(member, Tokyo));
        Assert.Same(leave, leave.DatesIn((Member?)null, Tokyo));
        Assert.Equal(leave.Span(Tokyo), leave.Span(member, Tokyo));
    }

    [Fact]
    public void DatesIn_MemberAbroad_UsesTheirZone()
    {
        var emma = new Member { Id = "emma", DisplayName = "Emma Clarke", Email = "emma@example.com", TimeZone = "America/Los_Angeles" };

        var tokyo = Days("2026-12-24", "2026-12-25").DatesIn(emma, Tokyo);

        Assert.Equal(new DateOnly(2026, 12, 26), tokyo.To);
    }

    /// <summary>The leads' step passes over a lead abroad on HER leave days: 25 Dec 12:00 in Los Angeles is 26 Dec 05:00 in Tokyo.</summary>
    [Fact]
    public void LeadsOnLeaveAt_LeadAbroad_AwayOnHerDaysNotTokyos()
    {
        var options = new OnDuty.Core.Incidents.IncidentOptions { TimeZone = "Asia/Tokyo", Leads = ["emma@example.com"] };
        var emma = new Member { Id = "emma", DisplayName = "Emma Clarke", Email = "emma@example.com", TimeZone = "America/Los_Angeles" };
        Leave[] leave = [Days("2026-12-24", "2026-12-25")];

        Assert.Equal(["emma@example.com"], OnDuty.Core.Rotations.LeadsOnLeave.At(new DateTimeOffset(2026, 12, 25, 12, 0, 0, TimeSpan.FromHours(-8)), options, [emma], leave));
        // 24 Dec 10:00 in Tokyo is still her 23rd (17:00): not away yet.
        Assert.Empty(OnDuty.Core.Rotations.LeadsOnLeave.At(new DateTimeOffset(2026, 12, 24, 10, 0, 0, TimeSpan.FromHours(9)), options, [emma], leave));
        // Every team date her leave touches counts for the days every lead is away (24–26 December in Tokyo).
        Assert.Equal((new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 26)), OnDuty.Core.Rotations.LeadsOnLeave.AllAway(new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 28), options, [emma], leave));
    }
}
