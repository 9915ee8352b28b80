using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>A small roster and weekly rotation for use-case tests (Asia/Tokyo, Monday 10:00 handoff).</summary>
internal static class TeamData
{
    public static readonly DateOnly Start = new(2026, 11, 2); // a Monday

    public static Member Member(string id, string name, Language language = Language.Ja, bool senior = true, string? email = null) => new()
    {
        TimeZone = TestZones.Tokyo,
        Id = id,
        DisplayName = name,
        Email = email ?? $"{id}@example.com",
        Language = language,
        JoinedOn = new DateOnly(2020, 4, 1),
        Level = senior ? ExperienceLevel.Senior : ExperienceLevel.Junior,
    };

    public static IReadOnlyList<Member> Members() =>
    [
        Member("yamada", "山田 太郎"),
        Member("sato", "佐藤 花子"),
        Member("emma", "Emma Wilson", Language.En),
        Member("tanaka", "田中 健"),
    ];

    public static Rotation Rotation(params string[] notify) => new()
    {
        Id = "incident-duty",
        Name = "Incident duty",
        NameJa = "障害当番",
        Strategy = RotationStrategy.Staggered,
        PeoplePerShift = 2,
        HandoffDay = DayOfWeek.Monday,
        HandoffTime = new TimeOnly(10, 0),
        TimeZone = "Asia/Tokyo",
        StartDate = Start,
        Members = ["yamada", "sato", "emma", "tanaka"],
        NotifyEmails = notify,
    };

    public static async Task<(InMemoryRoster Roster, InMemoryRotations Rotations)> SeedAsync(Rotation rotation, IEnumerable<Member>? members = null)
    {
        var roster = new InMemoryRoster();
        foreach (var member in members ?? Members())
        {
            await roster.SaveMemberAsync(member, null, CancellationToken.None);
        }

        var rotations = new InMemoryRotations();
        await rotations.SaveAsync(rotation, null, CancellationToken.None);
        return (roster, rotations);
    }
}
