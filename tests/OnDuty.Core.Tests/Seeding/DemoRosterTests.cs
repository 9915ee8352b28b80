using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Incidents;
using OnDuty.Core.Seeding;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Seeding;

public sealed class DemoRosterTests
{
    /// <summary>
    /// The demo seeded for a Dublin team (<c>Incidents__TimeZone=Europe/Dublin</c>) is in Dublin: its members and rotations took the
    /// domain's Tokyo default (and Emma and Liam were written as Tokyo), so its handoffs were at 10:00 JST, 01:00 in Dublin.
    /// </summary>
    [Fact]
    public async Task SeedIfEmptyAsync_MembersAndRotations_AreInTheTeamsZone()
    {
        var roster = new InMemoryRoster();
        var rotations = new InMemoryRotations();
        var demo = new DemoRoster(roster, rotations, new InMemoryCriteriaRepository(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero)),
            Options.Create(new IncidentOptions { TimeZone = "Europe/Dublin" }), NullLogger<DemoRoster>.Instance);

        Assert.True(await demo.SeedIfEmptyAsync(default));

        var members = await roster.ListMembersAsync(default);
        var seeded = await rotations.ListAsync(default);
        Assert.Equal(8, members.Count);
        Assert.Equal(3, seeded.Count);
        Assert.All(members, m => Assert.Equal("Europe/Dublin", m.Value.TimeZone));
        Assert.All(seeded, r => Assert.Equal("Europe/Dublin", r.Value.TimeZone));
    }

    /// <summary>
    /// One default zone in the code: the team setting's own (<see cref="IncidentOptions.DefaultTimeZone"/>). 「Asia/Tokyo」 written
    /// as a default in six files (members, rotations, the contact page, the demo) was what a team elsewhere got wherever a caller
    /// left the zone out.
    /// </summary>
    [Fact]
    public void Source_NamesTokyoAsADefaultOnlyInTheTeamSetting()
    {
        var src = Path.Combine(RepoRoot.Find(), "src");
        var literal = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select(line => (File: Path.GetRelativePath(src, f), Line: line)))
            .Where(l => l.Line.Contains("\"Asia/Tokyo\"", StringComparison.Ordinal))
            .Select(l => $"{l.File}: {l.Line.Trim()}")
            .ToList();

        Assert.Equal(["OnDuty.Core/Incidents/IncidentOptions.cs: public const string DefaultTimeZone = \"Asia/Tokyo\";"], literal.Select(l => l.Replace('\\', '/')));
    }
}
