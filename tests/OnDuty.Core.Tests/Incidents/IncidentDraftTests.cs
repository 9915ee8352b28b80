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

    [Fact]
    public void IsStaleFor_SameState_NotStale() =>
        Assert.False(Saved(IncidentStatus.Identified).IsStaleFor(IncidentStatus.Identified));

    [Fact]
    public void IsStaleFor_SavedBeforeTheStateWasRecorded_NotStale() =>
        Assert.False(Saved(null).IsStaleFor(IncidentStatus.Resolved));
}
