using System.Collections.ObjectModel;

namespace OnDuty.Core.Incidents;

/// <summary>
/// The duty members pages go to now (<see cref="Pager.CurrentDutyAsync"/>), with the part-timers on duty who do not work today
/// and were left out for them (<see cref="Rotations.OnCall.NotWorkingToday"/>; all of them are in the list when nobody on duty
/// works today), so the step's timeline says why one of the pair was not paged.
/// </summary>
public sealed class DutyNow(IList<AssignedMember> members, IReadOnlyList<string> notWorkingToday) : ReadOnlyCollection<AssignedMember>(members)
{
    /// <summary>Member ids of those on duty who do not work today.</summary>
    public IReadOnlyList<string> NotWorkingToday { get; } = notWorkingToday;
}
