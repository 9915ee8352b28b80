using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Team;

public sealed class MemberTests
{
    private static Member Valid() => new()
    {
        Id = "yamada",
        DisplayName = "山田 太郎",
        Email = "yamada@example.com",
        Language = Language.Ja,
        TimeZone = "Asia/Tokyo",
        JoinedOn = new DateOnly(2024, 4, 1),
    };

    [Theory]
    [InlineData("yamada@example.com", true)]
    [InlineData(" YAMADA@Example.com ", true)]
    [InlineData("yamada@corp.example.com", true)]
    [InlineData("Yamada@Corp.Example.com", true)]
    [InlineData("sato@example.com", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void HasAddress_RosterAddressOrUpnInAnyCase(string? address, bool expected)
    {
        Assert.Equal(expected, (Valid() with { Upn = "yamada@corp.example.com" }).HasAddress(address));
    }

    [Fact]
    public void HasAddress_NoUpn_OnlyTheRosterAddress()
    {
        Assert.True(Valid().HasAddress("yamada@example.com"));
        Assert.False(Valid().HasAddress("yamada@corp.example.com"));
    }

    [Fact]
    public void Validate_ValidMember_DoesNotThrow()
    {
        Valid().Validate();
    }

    [Fact]
    public void Validate_SeveralBadFields_NamesEachField()
    {
        var member = Valid() with { Id = "Bad Id", Email = "not-an-email", TimeZone = "Mars/Olympus", DisplayName = " " };

        var ex = Assert.Throws<ValidationException>(member.Validate);

        Assert.Equal(["displayName", "email", "id", "timeZone"], ex.Errors.Keys.Order());
        Assert.Contains("Mars/Olympus", ex.Errors["timeZone"][0]);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(60, true)]
    [InlineData(61, false)]
    public void Validate_CallAfterMinutes_ZeroToSixty(int minutes, bool valid)
    {
        var member = Valid() with { CallAfterMinutes = minutes };
        if (valid)
        {
            member.Validate();
        }
        else
        {
            Assert.Equal(["callAfterMinutes"], Assert.Throws<ValidationException>(member.Validate).Errors.Keys);
        }
    }

    [Theory]
    [InlineData("2025-11-30", true)]
    [InlineData("2025-12-01", false)]
    public void IsExperiencedOn_AutoLevel_CountsAYearFromJoining(string joined, bool expected)
    {
        var member = Valid() with { JoinedOn = DateOnly.Parse(joined, System.Globalization.CultureInfo.InvariantCulture), Level = ExperienceLevel.Auto };

        Assert.Equal(expected, member.IsExperiencedOn(new DateOnly(2026, 11, 30)));
    }

    /// <summary>A member whose joining date is the calendar's last day (PUT /api/members/{id} takes it) was a 500 in every schedule.</summary>
    [Fact]
    public void IsExperiencedOn_JoinedOnTheCalendarsLastDay_NotExperienced()
    {
        var member = Valid() with { JoinedOn = DateOnly.MaxValue, Level = ExperienceLevel.Auto };

        Assert.False(member.IsExperiencedOn(new DateOnly(2026, 11, 30)));
        Assert.False(member.IsExperiencedOn(DateOnly.MaxValue));
    }

    [Fact]
    public void IsExperiencedOn_ExplicitLevel_WinsOverJoinedDate()
    {
        Assert.False((Valid() with { JoinedOn = new DateOnly(2010, 1, 1), Level = ExperienceLevel.Junior }).IsExperiencedOn(new DateOnly(2026, 11, 30)));
        Assert.True((Valid() with { JoinedOn = new DateOnly(2026, 11, 1), Level = ExperienceLevel.Senior }).IsExperiencedOn(new DateOnly(2026, 11, 30)));
    }

    [Theory]
    [InlineData("山田 太郎", "山田")]
    [InlineData("Emma Wilson", "Emma")]
    [InlineData("Cher", "Cher")]
    [InlineData("山田\u3000太郎", "山田")]
    [InlineData("\u3000佐藤\u3000花子\u3000", "佐藤")]
    public void ShortName_FirstWordOfDisplayName(string displayName, string expected)
    {
        Assert.Equal(expected, (Valid() with { DisplayName = displayName }).ShortName);
    }

    /// <summary>Trial 34 L8: a name starting with markup was called 「&lt;imgさん」; the call name is the first word of the text.</summary>
    [Theory]
    [InlineData("<img src=x onerror=alert(1)> 悪意", "悪意")]
    [InlineData("<b>山田</b> 太郎", "山田")]
    [InlineData("Emma <script>", "Emma")]
    [InlineData("<img src=x 悪意", "<img")]
    [InlineData("<script>", "<script>")]
    public void ShortName_PassesOverMarkupLikeRuns(string displayName, string expected)
    {
        Assert.Equal(expected, (Valid() with { DisplayName = displayName }).ShortName);
    }

    [Fact]
    public void LeaveValidate_OverlapsExisting_IsRefusedNamingTheClash()
    {
        var existing = new Leave { Id = "a", MemberId = "yamada", From = new(2026, 12, 20), To = new(2026, 12, 25) };
        var leave = new Leave { Id = "b", MemberId = "yamada", From = new(2026, 12, 25), To = new(2026, 12, 31) };

        var ex = Assert.Throws<ValidationException>(() => leave.Validate([existing]));

        Assert.Contains("2026-12-20..2026-12-25", ex.Errors["from"][0]);
    }

    [Fact]
    public void LeaveValidate_EndBeforeStart_IsRefused()
    {
        var leave = new Leave { Id = "b", MemberId = "yamada", From = new(2026, 12, 25), To = new(2026, 12, 24) };

        var ex = Assert.Throws<ValidationException>(() => leave.Validate([]));

        Assert.True(ex.Errors.ContainsKey("to"));
    }
}
