namespace OnDuty.Core.Team;

/// <summary>
/// The codes of what entering leave is refused for (<see cref="Leave.Validate"/>, <see cref="RosterService.AddLeaveAsync"/>):
/// the API's problem details carry them as <c>code</c>, the duty page's leave form says them in its reader's words
/// (<c>Refusal.{code}</c> in OnDuty.Messages), as <see cref="Rotations.DutyRefusals"/>' are. A code never changes once published.
/// </summary>
public static class LeaveRefusals
{
    /// <summary><c>to</c> before <c>from</c>.</summary>
    public const string Order = "leaveOrder";

    /// <summary>Longer than a year.</summary>
    public const string TooLong = "leaveTooLong";

    /// <summary>Ended before the leave retention (<c>days</c>: <c>Retention__Leave</c> in days).</summary>
    public const string TooOld = "leaveTooOld";

    /// <summary>
    /// Overlaps leave already entered (its <c>from</c>, <c>to</c>, id <c>leave</c> and <c>source</c>: <see cref="Leave.ManualSource"/>
    /// or <see cref="Leave.OutlookSource"/>); <c>partly</c> when some of the days asked for are not in it.
    /// </summary>
    public const string Overlaps = "leaveOverlaps";

    /// <summary>Every code, for the catalogs' completeness test and README's list.</summary>
    public static IReadOnlyList<string> All { get; } = [Order, TooLong, TooOld, Overlaps];
}
