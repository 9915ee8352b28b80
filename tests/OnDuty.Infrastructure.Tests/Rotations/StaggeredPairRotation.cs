using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Rotations;

/// <summary>
/// The rotation the storage tests of rotations start from: the members given, on the roster and in this order, two a week
/// (staggered), handed off on Monday at 10:00 in Tokyo from 2026-11-02.
/// </summary>
internal static class StaggeredPairRotation
{
    /// <summary>Four members who read Japanese, each with an address at onduty.example, on the team since 2020-04-01.</summary>
    public static IReadOnlyList<Member> FourJapaneseMembers { get; } =
    [
        .. new[] { ("yamada", "山田 太郎"), ("sato", "佐藤 花子"), ("ito", "伊藤 さくら"), ("tanaka", "田中 健") }.Select(m => new Member
        {
            TimeZone = TestZones.Tokyo,
            Id = m.Item1, DisplayName = m.Item2, Email = $"{m.Item1}@onduty.example", Language = Language.Ja, JoinedOn = new DateOnly(2020, 4, 1),
        }),
    ];

    public static async Task SeedAsync(IServiceProvider services, string rotationId, IReadOnlyList<Member> members)
    {
        var roster = services.GetRequiredService<IRosterRepository>();
        foreach (var member in members)
        {
            await roster.SaveMemberAsync(member, null, default);
        }

        await services.GetRequiredService<IRotationRepository>().SaveAsync(new Rotation
        {
            Id = rotationId,
            Name = "Incident duty",
            NameJa = "障害当番",
            Strategy = RotationStrategy.Staggered,
            PeoplePerShift = 2,
            HandoffDay = DayOfWeek.Monday,
            HandoffTime = new TimeOnly(10, 0),
            TimeZone = "Asia/Tokyo",
            StartDate = new DateOnly(2026, 11, 2),
            Members = [.. members.Select(m => m.Id)],
        }, null, default);
    }
}
