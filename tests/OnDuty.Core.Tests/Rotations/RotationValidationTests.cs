using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

public sealed class RotationValidationTests
{
    private static readonly IReadOnlyDictionary<string, OnDuty.Core.Team.Member> Roster = TeamData.Members().ToDictionary(m => m.Id);

    [Fact]
    public void Validate_DemoLikeRotation_DoesNotThrow()
    {
        TeamData.Rotation("pm-team@example.com").Validate(Roster);
    }

    [Theory]
    [InlineData("timeZone")]
    [InlineData("startDate")]
    [InlineData("peoplePerShift")]
    [InlineData("members")]
    [InlineData("notifyEmails")]
    [InlineData("shiftWeeks")]
    public void Validate_InvalidSetting_NamesTheField(string field)
    {
        var rotation = field switch
        {
            "timeZone" => TeamData.Rotation() with { TimeZone = "Asia/Nowhere" },
            "startDate" => TeamData.Rotation() with { StartDate = new DateOnly(2026, 11, 3) },
            "peoplePerShift" => TeamData.Rotation() with { PeoplePerShift = 5 },
            "members" => TeamData.Rotation() with { Members = ["yamada", "ghost"] },
            "notifyEmails" => TeamData.Rotation("not an address"),
            _ => TeamData.Rotation() with { ShiftWeeks = 0 },
        };

        var ex = Assert.Throws<ValidationException>(() => rotation.Validate(Roster));

        Assert.Contains(field, ex.Errors.Keys);
    }

    /// <summary>
    /// A start the schedule cannot read (it simulates from the start, at most 10,000 shifts) or one so far ahead that nobody is on
    /// duty until then is refused naming <c>startDate</c>; a new rotation starting within the year is fine.
    /// </summary>
    [Theory]
    [InlineData("0001-01-01", false)]
    [InlineData("1999-12-27", false)]
    [InlineData("2000-01-03", true)]
    [InlineData("2027-11-29", true)]
    [InlineData("2027-12-06", false)]
    [InlineData("9999-12-27", false)]
    public void Validate_StartDate_FromTheYear2000_ToAYearAhead(string start, bool valid)
    {
        var date = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        var rotation = TeamData.Rotation() with { StartDate = date, HandoffDay = date.DayOfWeek };

        var ex = Record.Exception(() => rotation.Validate(Roster, today: new DateOnly(2026, 12, 2)));

        Assert.Equal(valid, ex is null);
        if (!valid)
        {
            Assert.Equal(["startDate"], Assert.IsType<ValidationException>(ex).Errors.Keys);
        }
    }

    /// <summary>A member listed twice (a copy-paste in the lead's list) is named, with how many times, so the lead knows whom to remove.</summary>
    [Fact]
    public void Validate_MemberListedTwice_NamesTheMember()
    {
        var rotation = TeamData.Rotation() with { Members = ["yamada", "sato", "tanaka", "sato"] };

        var ex = Assert.Throws<ValidationException>(() => rotation.Validate(Roster));

        Assert.Equal(["'sato' is listed 2 times: list each member once"], ex.Errors["members"]);
    }

    [Fact]
    public void Validate_StaggeredPairOfTwo_AsksForBlock()
    {
        var rotation = TeamData.Rotation() with { Members = ["yamada", "sato"] };

        var ex = Assert.Throws<ValidationException>(() => rotation.Validate(Roster));

        Assert.Contains("use block", ex.Errors["strategy"][0]);
    }

    [Fact]
    public void Validate_InactiveMembersDoNotCount_TowardsPeoplePerShift()
    {
        var roster = TeamData.Members().Select(m => m.Id == "sato" || m.Id == "emma" || m.Id == "tanaka" ? m with { Active = false } : m).ToDictionary(m => m.Id);

        var ex = Assert.Throws<ValidationException>(() => TeamData.Rotation().Validate(roster));

        Assert.Equal(["needs 2 people per shift but the rotation has 1 active member"], ex.Errors["peoplePerShift"]);
    }

    /// <summary>Session 51: "needs 2 people per shift but the rotation has 1 active members" — counted in words that agree.</summary>
    [Theory]
    [InlineData(2, 0, "needs 2 people per shift but the rotation has no active members")]
    [InlineData(1, 0, "needs 1 person per shift but the rotation has no active members")]
    [InlineData(3, 1, "needs 3 people per shift but the rotation has 1 active member")]
    [InlineData(3, 2, "needs 3 people per shift but the rotation has 2 active members")]
    public void Validate_TooFewActiveMembers_SaysTheCountsInAgreement(int peoplePerShift, int active, string error)
    {
        var members = TeamData.Rotation().Members;
        var roster = TeamData.Members().Select(m => members.Take(active).Contains(m.Id) ? m : m with { Active = false }).ToDictionary(m => m.Id);

        var ex = Assert.Throws<ValidationException>(() => (TeamData.Rotation() with { PeoplePerShift = peoplePerShift, Strategy = RotationStrategy.Block }).Validate(roster));

        Assert.Equal([error], ex.Errors["peoplePerShift"]);
    }
}
