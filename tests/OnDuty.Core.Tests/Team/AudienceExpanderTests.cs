using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Health;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Team;

public sealed class AudienceExpanderTests
{
    private readonly InMemoryGroupDirectory _directory = new();
    private readonly DependencyWarnings _warnings = new();

    private AudienceExpander CreateSut() => new(_directory, _warnings, NullLogger<AudienceExpander>.Instance);

    [Fact]
    public async Task ExpandAsync_GroupsAndLists_EachAddressOnceWithRosterLanguages()
    {
        _directory.Groups["0f2b6a4c-1d2e-4f50-9a61-7b8c9d0e1f23"] = [new("emma@example.com", "Emma W."), new("PM-Team@example.com", null), new("kim@example.com", "Kim")];
        _directory.Groups["pm-all@example.com"] = [new("kim@example.com", "Kim"), new("lee@example.com", "Lee")];
        var roster = TeamData.Members();

        var result = await CreateSut().ExpandAsync(
            ["pm-team@example.com", "group:0f2b6a4c-1d2e-4f50-9a61-7b8c9d0e1f23", "group:pm-all@example.com"], roster.ToList(), default);

        Assert.Empty(result.Failures);
        Assert.Equal(
            [
                new AudienceRecipient("pm-team@example.com", null, null),
                new AudienceRecipient("emma@example.com", "Emma Wilson", Language.En),
                new AudienceRecipient("kim@example.com", "Kim", null),
                new AudienceRecipient("lee@example.com", "Lee", null),
            ],
            result.Recipients);
    }

    [Fact]
    public async Task ExpandAsync_GroupUnreachable_ReportedAsFailureOthersKept()
    {
        _directory.Unreachable.Add("pm-all@example.com");

        var result = await CreateSut().ExpandAsync(["pm-team@example.com", "group:pm-all@example.com"], [], default);

        Assert.Equal(["pm-team@example.com"], result.Recipients.Select(r => r.Address));
        Assert.Single(result.Failures, f => f.StartsWith("group:pm-all@example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpandAsync_MembersWithoutAddresses_AddressedOnesToldTheRestAFailureAndAWarning()
    {
        _directory.Incomplete["pm-all@example.com"] = ([new("kim@example.com", "Kim")], 2);

        var result = await CreateSut().ExpandAsync(["group:pm-all@example.com"], [], default);

        Assert.Equal(["kim@example.com"], result.Recipients.Select(r => r.Address));
        Assert.Single(result.Failures, f => f.StartsWith("group:pm-all@example.com", StringComparison.Ordinal) && f.Contains("2 members came back without an address", StringComparison.Ordinal));
        Assert.Single(_warnings.Current, w => w.Key == "group:pm-all@example.com");
    }

    [Fact]
    public async Task ExpandAsync_GroupExpandsFullyAgain_WarningCleared()
    {
        _directory.Incomplete["pm-all@example.com"] = ([], 3);
        await CreateSut().ExpandAsync(["group:pm-all@example.com"], [], default);
        _directory.Incomplete.Clear();
        _directory.Groups["pm-all@example.com"] = [new("kim@example.com", "Kim")];

        var result = await CreateSut().ExpandAsync(["group:pm-all@example.com"], [], default);

        Assert.Empty(result.Failures);
        Assert.Empty(_warnings.Current);
    }

    [Fact]
    public async Task ExpandAsync_GroupMissing_SkippedWithoutFailure()
    {
        var result = await CreateSut().ExpandAsync(["group:gone@example.com"], [], default);

        Assert.Empty(result.Recipients);
        Assert.Empty(result.Failures);
    }

    [Theory]
    [InlineData("pm@example.com", true)]
    [InlineData("group:0f2b6a4c-1d2e-4f50-9a61-7b8c9d0e1f23", true)]
    [InlineData("GROUP:pm-all@example.com", true)]
    [InlineData("group:", false)]
    [InlineData("group:not a group", false)]
    [InlineData("nope", false)]
    public void IsValid_Entries(string entry, bool valid) => Assert.Equal(valid, AudienceEntry.IsValid(entry));
}
