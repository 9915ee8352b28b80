using OnDuty.Testing;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;
using OnDuty.Functions.Rotations;

namespace OnDuty.EndToEnd.Tests.Http;

/// <summary>
/// <c>GET /api/rotations/{id}/schedule</c>: a past week names someone taken off the roster since as the rest of the API names
/// them (<see cref="MemberNames"/>): the name they had, marked; erased, 「退任したメンバー」 / "a former member" — never their id
/// made a name. The id stays in <c>id</c>. No host needed.
/// </summary>
public sealed class ScheduleViewsTests
{
    private static readonly Rotation Rotation = new() { Id = "incident-duty", Name = "Incident duty", StartDate = new DateOnly(2026, 11, 2), Members = ["yamada", "kobayashi", "ito"], TimeZone = TestZones.Tokyo };

    private static readonly Dictionary<string, Member> Roster = new()
    {
        ["yamada"] = new Member { Id = "yamada", DisplayName = "山田 太郎", Email = "yamada@x.example", Language = Language.Ja, TimeZone = TestZones.Tokyo },
    };

    private static readonly FormerMember[] Former =
    [
        new("kobayashi", "小林 次郎", Language.Ja, DateTimeOffset.Parse("2026-11-20T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
        new("ito", null, Language.Ja, DateTimeOffset.Parse("2026-11-21T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
    ];

    [Theory]
    [InlineData(Language.Ja, "小林 次郎（退任）", "退任したメンバー")]
    [InlineData(Language.En, "小林 次郎 (no longer on the roster)", "a former member")]
    public void PastWeek_MembersOffTheRoster_NamedAsTheApiNamesThem(Language asked, string former, string erased)
    {
        var names = DisplayNames(new ScheduleViews.Readers(asked, Languages()), Former);

        Assert.Equal([("yamada", "山田 太郎"), ("kobayashi", former), ("ito", erased)], names);
    }

    [Fact]
    public void NoLanguageAsked_EachFormerMemberInTheirOwn_AndWithoutTheirRecord_TheId()
    {
        var names = DisplayNames(new ScheduleViews.Readers(null, Languages()), [Former[0] with { Language = Language.En }]);

        Assert.Equal([("yamada", "山田 太郎"), ("kobayashi", "小林 次郎 (no longer on the roster)"), ("ito", "ito")], names);
    }

    private static ReaderLanguage Languages() => new(Options.Create(new TeamOptions()));

    private static List<(string?, string?)> DisplayNames(ScheduleViews.Readers readers, IReadOnlyList<FormerMember> former)
    {
        var monday = new DateOnly(2026, 11, 2);
        var shift = new ScheduledShift(0, "2026-W45", monday, monday.AddDays(6), new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 9, 1, 0, 0, TimeSpan.Zero),
            [.. Rotation.Members.Select(m => new Assignment(m, AssignmentKind.RotatingIn, AssignmentReason.None))], Frozen: true, []);
        var view = JsonSerializer.SerializeToElement(ScheduleViews.Schedule(new RotationSchedule(Rotation, [shift], Roster), Roster, readers, former), ApiJson.Options);
        return [.. view.GetProperty("shifts")[0].GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("id").GetString(), m.GetProperty("displayName").GetString()))];
    }
}
