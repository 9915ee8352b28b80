using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Functions.Rotations;
using OnDuty.Functions.Team;

namespace OnDuty.EndToEnd.Tests.Api;

/// <summary>A request applies only the fields it supplies; everything else is the domain type's default.</summary>
public sealed class RequestDefaultsTests
{
    private static readonly DateOnly Start = new(2027, 1, 4);

    /// <summary>The team's zone (<c>Incidents__TimeZone</c>) the functions pass: not the domain's default, so a test can tell them apart.</summary>
    private const string Team = "Europe/Dublin";

    [Fact]
    public void RotationRequest_OnlyRequiredFields_DomainDefaults()
    {
        var request = new RotationRequest(null, " Duty ", null, null, null, null, null, null, null, Start, ["a", "b"], null, null);
        // The time zone is the team's (Dublin here), never the domain's own default.
        var expected = new Rotation { Id = "duty", Name = "Duty", StartDate = Start, Members = ["a", "b"], TimeZone = Team };

        var rotation = request.ToRotation("duty", Team);

        Assert.Equal(Settings(expected), Settings(rotation));
    }

    [Fact]
    public void RotationRequest_EverySupplied_EveryOneApplied()
    {
        var request = new RotationRequest(
            "duty", "Duty", "当番", RotationStrategy.Block, 3, 2, DayOfWeek.Tuesday, new TimeOnly(9, 30), "Europe/London", Start, ["a"], ["list@x.example"], false, false);

        var rotation = request.ToRotation("duty", Team);

        Assert.Equal(
            ("当番", RotationStrategy.Block, 3, 2, DayOfWeek.Tuesday, new TimeOnly(9, 30), "Europe/London", "list@x.example", false, false),
            (rotation.NameJa, rotation.Strategy, rotation.PeoplePerShift, rotation.ShiftWeeks, rotation.HandoffDay, rotation.HandoffTime, rotation.TimeZone, string.Join(",", rotation.NotifyEmails), rotation.MixExperience, rotation.MoveHandoffOffHolidays));
    }

    [Fact]
    public void MemberRequest_OnlyRequiredFields_DomainDefaults()
    {
        var request = new MemberRequest(null, " Aiko ", " aiko@x.example ", Language.Ja, null, null, null, null, null);
        var expected = new Member { Id = "aiko", DisplayName = "Aiko", Email = "aiko@x.example", Language = Language.Ja, TimeZone = Team };

        var member = request.ToMember("aiko", null, Team);

        Assert.Equal(expected, member);
    }

    /// <summary>
    /// A body without a time zone takes the team's (<c>Incidents__TimeZone</c>): a Dublin team's rotation and members made without one
    /// were in Asia/Tokyo, the handoff at 10:00 JST — 01:00 in Dublin (trial 54). One given wins.
    /// </summary>
    [Fact]
    public void Requests_NoTimeZone_TheTeamsTimeZone_OneGivenWins()
    {
        var rotation = new RotationRequest(null, "Duty", null, null, null, null, null, null, null, Start, ["a"], null, null);
        var member = new MemberRequest(null, "Liam", "liam@x.example", Language.En, null, null, null, null, null);

        Assert.Equal("Europe/Dublin", rotation.ToRotation("duty", "Europe/Dublin").TimeZone);
        Assert.Equal("Europe/Dublin", member.ToMember("liam", null, "Europe/Dublin").TimeZone);
        Assert.Equal("Europe/London", (rotation with { TimeZone = "Europe/London" }).ToRotation("duty", "Europe/Dublin").TimeZone);
        Assert.Equal("Europe/London", (member with { TimeZone = "Europe/London" }).ToMember("liam", null, "Europe/Dublin").TimeZone);
    }

    [Fact]
    public void MemberRequest_Phone_WithCountryCode_NationalSavedE164_UnreadableRefusedNamingIt_WithoutAsBefore()
    {
        var request = new MemberRequest(null, "Aiko", "aiko@x.example", Language.Ja, null, null, null, null, null, Phone: "090-1234-5678");

        Assert.Equal("+819012345678", request.ToMember("aiko", "81", Team).Phone);
        var international = Assert.Throws<ValidationException>(() => request.ToMember("aiko", null, Team));
        Assert.Equal([$"has no + and country code in front; it {OnDuty.Core.Notifications.PhoneNumber.Rule}"], international.Errors["phone"]);
        var error = Assert.Throws<ValidationException>(() => (request with { Phone = "0081 90 1234 5678" }).ToMember("aiko", "81", Team));
        Assert.Equal([$"starts with 00, the prefix for calling abroad; it {OnDuty.Core.Notifications.PhoneNumber.RuleFor("81")}"], error.Errors["phone"]);
        var tooShort = Assert.Throws<ValidationException>(() => (request with { Phone = "0312" }).ToMember("aiko", "81", Team));
        Assert.Equal([$"is too short: a number has 8 to 15 digits with the country code; it {OnDuty.Core.Notifications.PhoneNumber.RuleFor("81")}"], tooShort.Errors["phone"]);
    }

    [Fact]
    public void MemberRequest_EverySupplied_EveryOneApplied()
    {
        var joined = new DateOnly(2020, 4, 1);
        var request = new MemberRequest("aiko", "Aiko", "aiko@x.example", Language.En, "Europe/London", joined, ExperienceLevel.Senior, Area.Client, false, "aiko@corp.example");

        var member = request.ToMember(null, null, Team);

        Assert.Equal(
            ("aiko", Language.En, "Europe/London", joined, ExperienceLevel.Senior, Area.Client, false, "aiko@corp.example"),
            (member.Id, member.Language, member.TimeZone, member.JoinedOn, member.Level, member.Area, member.Active, member.Upn));
    }

    private static object Settings(Rotation r) =>
        (r.Id, r.Name, r.NameJa, r.Strategy, r.PeoplePerShift, r.ShiftWeeks, r.HandoffDay, r.HandoffTime, r.TimeZone, r.StartDate, string.Join(",", r.Members), string.Join(",", r.NotifyEmails), r.MixExperience, r.MoveHandoffOffHolidays);
}
