using Microsoft.Extensions.Options;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;

namespace OnDuty.Core.Tests.Comms;

/// <summary>
/// Session 51: an audience entry that is no roster member (<c>Comms__Audiences__support__Members__1 = emma</c> after emma was removed)
/// was said on <c>/api/health</c> only after the first notice reached nobody there. Health now says it from the start, in the
/// fan-out's words under the fan-out's source (so never twice), and follows the roster as it changes.
/// </summary>
public sealed class AudienceRosterCheckTests
{
    [Fact]
    public async Task RefreshAsync_EntriesNotOnTheRoster_NamedBySettingBeforeAnyNotice_FollowTheRoster()
    {
        var h = await IncidentHarness.CreateAsync(comms: c =>
            c.Audiences["support"] = new AudienceOptions { Members = ["support@example.com", "grace", "kato", "group:pm-all@example.com"], Language = "ja" });
        await h.Roster.SaveMemberAsync(TeamData.Member("kato", "加藤 翔"), null, default);
        var sut = new AudienceRosterCheck(h.Rotations, h.Warnings, Options.Create(h.Comms), Options.Create(h.Options), Options.Create(new TeamOptions { Language = "ja" }));

        await sut.RefreshAsync(default);

        var warning = Assert.Single(h.Warnings.Current);
        Assert.Equal("comms:support:grace", warning.Key);
        Assert.Equal(
            "Comms__Audiences__support__Members__1 is 'grace', which is no roster member with an email address, so its notices reach nobody there: add them to the roster (POST /api/members) or write their email address",
            warning.Value);

        await h.Roster.DeleteMemberAsync("kato", default);
        await h.Roster.SaveMemberAsync(TeamData.Member("grace", "Grace Lee", Language.En, email: "grace@example.com"), null, default);
        await sut.RefreshAsync(default);

        warning = Assert.Single(h.Warnings.Current);
        Assert.Equal("comms:support:kato", warning.Key);
        Assert.Equal(
            "Comms__Audiences__support__Members__2 is 'kato', which is no roster member with an email address, so its notices reach nobody there: add them to the roster (POST /api/members) or write their email address",
            warning.Value);
    }

    /// <summary>No rotation to read the roster from (health's duty check says so): nothing is said, and nothing read for it.</summary>
    [Fact]
    public async Task RefreshAsync_NoRotation_SaysNothing()
    {
        var h = await IncidentHarness.CreateAsync(o => o.RotationId = "pm-duty", c => c.Audiences["support"] = new AudienceOptions { Members = ["grace"] });
        var sut = new AudienceRosterCheck(h.Rotations, h.Warnings, Options.Create(h.Comms), Options.Create(h.Options), Options.Create(new TeamOptions { Language = "ja" }));

        await sut.RefreshAsync(default);

        Assert.Empty(h.Warnings.Current);
    }
}
