namespace OnDuty.Core.Rotations;

/// <summary>
/// One thing an edit of a member or of a rotation's settings changed, as the schedule-change mail names it
/// (OnDuty.Messages has a phrase per kind, <c>ScheduleChange.Detail.{Kind}</c>).
/// </summary>
public enum ScheduleChangeDetailKind
{
    /// <summary>A last day with the team was set (<see cref="ScheduleChangeDetail.NewDate"/>; none before).</summary>
    Leaving,

    /// <summary>The last day with the team moved from <see cref="ScheduleChangeDetail.OldDate"/> to <see cref="ScheduleChangeDetail.NewDate"/>.</summary>
    LeavingMoved,

    /// <summary>The last day with the team (<see cref="ScheduleChangeDetail.OldDate"/>) was taken back: staying.</summary>
    LeavingCancelled,

    /// <summary>The first day with the team moved from <see cref="ScheduleChangeDetail.OldDate"/> to <see cref="ScheduleChangeDetail.NewDate"/>.</summary>
    Joining,

    /// <summary>Made inactive on the roster.</summary>
    Inactive,

    /// <summary>Made active again.</summary>
    Active,

    /// <summary>People per shift, <see cref="ScheduleChangeDetail.OldCount"/> to <see cref="ScheduleChangeDetail.NewCount"/>.</summary>
    PairSize,

    /// <summary>Members added to the rotation (<see cref="ScheduleChangeDetail.NewMembers"/>).</summary>
    MembersAdded,

    /// <summary>The members' order, <see cref="ScheduleChangeDetail.OldMembers"/> to <see cref="ScheduleChangeDetail.NewMembers"/>.</summary>
    Order,

    /// <summary>The rotation's first day, <see cref="ScheduleChangeDetail.OldDate"/> to <see cref="ScheduleChangeDetail.NewDate"/>.</summary>
    StartDate,

    /// <summary>The handoff day, time or shift length, <see cref="ScheduleChangeDetail.OldCadence"/> to <see cref="ScheduleChangeDetail.NewCadence"/>.</summary>
    Handoff,
}
