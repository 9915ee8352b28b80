using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>One of a member's duty weeks: its ISO label and the day it really starts when its handoff moved off a holiday.</summary>
public sealed record DutyWeek(string Week, DateOnly? HandoffDate, bool Announced)
{
    /// <summary>
    /// The day the shift ends, in the rotation's time zone: the next handoff's day, moved off a holiday when it was (2027-W01 ends
    /// on Tue 12 Jan when Mon 11 Jan is 成人の日). Null when not known: readers then count the shift's nominal weeks.
    /// </summary>
    public DateOnly? EndsOn { get; init; }
}

/// <summary>
/// To a member whose coming duty weeks a person's change (<see cref="Cause"/>) moved: their weeks in the next
/// <see cref="Horizon"/> shifts before and after, in their language. Announced weeks are listed as they stand (their own
/// change notices told of any change to them).
/// </summary>
public sealed record ScheduleChangedNotice(
    Language Language,
    Rotation Rotation,
    ScheduleChangeCause Cause,
    Member Reader,
    Member Member,
    Member? Other,
    IReadOnlyList<DutyWeek> Before,
    IReadOnlyList<DutyWeek> After,
    int Horizon)
    : Notice(Language)
{
    /// <summary>The app's public address, for the link to the duty page; null when not configured.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The rotation is not the paging one: its duty page is <c>/api/status/duty?rotation={id}</c>, not the plain address.</summary>
    public bool OwnDutyPage { get; init; }

    /// <summary>The members <see cref="ScheduleChangeCause.Removed"/> names, as on the roster.</summary>
    public IReadOnlyList<Member> Removed { get; init; } = [];

    /// <summary>The members <see cref="ScheduleChangeCause.Details"/> name (added, or in the old and new order), by id, as on the roster.</summary>
    public IReadOnlyDictionary<string, Member> People { get; init; } = new Dictionary<string, Member>(StringComparer.Ordinal);

    /// <summary>
    /// The reader's first shift not started yet, with its partners, when they had none before the change and have some after (a
    /// newcomer just added to the rotation, whose welcome could not say one): said as the welcome says it. Null otherwise.
    /// </summary>
    public NextDuty? FirstDuty { get; init; }

    /// <summary>
    /// The reader's weeks starting soon (<see cref="ScheduleChangeNotifier.PartnerNotice"/>) that they stay on but whose partner the
    /// change replaced (what <see cref="PartnerChangedNotice"/> tells one whose weeks did not move); none: nothing to say.
    /// </summary>
    public IReadOnlyList<PartnerChange> Partners { get; init; } = [];
}
