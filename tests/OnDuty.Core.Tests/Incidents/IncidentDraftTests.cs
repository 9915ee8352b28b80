using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Incidents;

public sealed class IncidentDraftTests
{
    private static IncidentDraft Saved(IncidentStatus? status) => new()
    {
        Language = Language.Ja, CustomerNotice = "【障害】…", Workaround = "", Status = DraftStatus.Approved, ApprovedBy = "佐々木 美穂", SavedBy = "sasaki", SavedInStatus = status,
    };

    [Fact]
    public void IsStaleFor_ApprovedWhileInvestigatingThenResolved_Stale() =>
        Assert.True(Saved(IncidentStatus.Investigating).IsStaleFor(IncidentStatus.Resolved));

    [Fact]
    public void IsStaleFor_ApprovedWhileResolvedThenReopened_Stale() =>
        Assert.True(Saved(IncidentStatus.Resolved).IsStaleFor(IncidentStatus.Investigating));

    /// <summary>Approved while 調査中, still right at 原因特定 or 経過観察中: the outage customers are told about has not ended.</summary>
    [Theory]
    [InlineData(IncidentStatus.Investigating, IncidentStatus.Identified)]
    [InlineData(IncidentStatus.Investigating, IncidentStatus.Monitoring)]
    [InlineData(IncidentStatus.Identified, IncidentStatus.Monitoring)]
    [InlineData(IncidentStatus.Monitoring, IncidentStatus.Investigating)]
    public void IsStaleFor_AnotherOpenState_NotStale(IncidentStatus savedIn, IncidentStatus now) =>
        Assert.False(Saved(savedIn).IsStaleFor(now));

    [Theory]
    [InlineData(IncidentStatus.Identified)]
    [InlineData(IncidentStatus.Monitoring)]
    public void IsStaleFor_ApprovedWhileOpenInAnyStateThenResolved_Stale(IncidentStatus savedIn) =>
        Assert.True(Saved(savedIn).IsStaleFor(IncidentStatus.Resolved));

    [Fact]
    public void IsStaleFor_SameState_NotStale() =>
        Assert.False(Saved(IncidentStatus.Identified).IsStaleFor(IncidentStatus.Identified));

    [Fact]
    public void IsStaleFor_SavedBeforeTheStateWasRecorded_NotStale() =>
        Assert.False(Saved(null).IsStaleFor(IncidentStatus.Resolved));
}
