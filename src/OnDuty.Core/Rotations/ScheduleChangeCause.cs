using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// What a person changed that may move duty weeks not yet announced, as data the mail about it renders per reader: who
/// entered what, and why. <see cref="Id"/> names the change (a swap's id, an override's id, a member's leave), so the mail
/// about it is queued once per member whatever retries.
/// </summary>
public sealed record ScheduleChangeCause
{
    public required string Id { get; init; }

    public required ScheduleChangeKind Kind { get; init; }

    public required string MemberId { get; init; }

    /// <summary>The other party of a swap, or the replacement.</summary>
    public string? OtherMemberId { get; init; }

    /// <summary>ISO week label of <see cref="MemberId"/>'s half (swap) or of the replaced week.</summary>
    public string? Week { get; init; }

    /// <summary>ISO week label of <see cref="OtherMemberId"/>'s half of a swap.</summary>
    public string? OtherWeek { get; init; }

    /// <summary>First day of the leave (leave only).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day of the leave (leave only).</summary>
    public DateOnly? To { get; init; }

    /// <summary>The reason (or the leave's note) as typed.</summary>
    public string? Reason { get; init; }

    /// <summary>Who entered it, as they signed in or typed their name; null when nobody said.</summary>
    public string? By { get; init; }

    /// <summary>
    /// Members taken out of the rotation's members by a settings edit (<see cref="ScheduleChangeKind.MemberRemoved"/>), all of
    /// them: each is told in their own words that they were taken out, the others read every name (trial 34 M1).
    /// </summary>
    public IReadOnlyList<string> Removed { get; init; } = [];

    /// <summary>
    /// What the edit changed (<see cref="ScheduleChangeKind.Roster"/>, <see cref="ScheduleChangeKind.Settings"/>,
    /// <see cref="ScheduleChangeKind.MemberRemoved"/>), each named in the mail; none: the kind's general phrase alone.
    /// </summary>
    public IReadOnlyList<ScheduleChangeDetail> Details { get; init; } = [];

    /// <summary>The day a cadence change applies from (a rotation edit with <c>effectiveFrom</c>); null otherwise.</summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>ISO week label of the shift of the old cadence that the new one cuts short (it ends at the new first handoff).</summary>
    public string? ShortenedWeek { get; init; }

    /// <summary>When that shortened shift started.</summary>
    public DateTimeOffset? ShortenedShiftStart { get; init; }

    /// <summary>
    /// A start moved later past shifts that have started or were announced: they keep their pair until they end, and nobody is
    /// on duty from then to the new first handoff when that is later (a rotation edit only).
    /// </summary>
    public HeldOverShifts? HeldOver { get; init; }

    /// <summary>
    /// Told even when their weeks in the horizon look the same (the other party of a swap always hears of it). Never someone
    /// whose only change is in an announced week: those hear of it by the announced week's change notice.
    /// </summary>
    public IReadOnlyList<string> AlwaysTell { get; init; } = [];

    /// <summary>The leave came from (or went from) the member's Outlook calendar, not from a person (leave only).</summary>
    public bool Outlook { get; init; }

    /// <summary>
    /// Leave entered or cancelled, as the change the mail names. Its id is the member's leave and <see cref="Leave.Version"/>
    /// (its dates, source and when it was entered): the same entry is told once whatever retries or sync runs; leave cancelled
    /// and entered again with the same id is a new entry, so it is told again.
    /// </summary>
    public static ScheduleChangeCause ForLeave(Leave leave, bool cancelled, string? by) => new()
    {
        Id = $"leave-{leave.MemberId}-{leave.Id}-{leave.Version}" + (cancelled ? "-cancelled" : ""),
        Kind = cancelled ? ScheduleChangeKind.LeaveCancelled : ScheduleChangeKind.Leave,
        MemberId = leave.MemberId,
        From = leave.From,
        To = leave.To,
        Reason = leave.Source == Leave.OutlookSource ? null : leave.Note,
        By = by,
        Outlook = leave.Source == Leave.OutlookSource,
    };

    /// <summary>
    /// The part of a change's id that names one save of a versioned record: the last 24 letters and digits of its ETag, so each
    /// save is its own change and the id stays a valid outbox key.
    /// </summary>
    public static string SaveVersion(string etag)
    {
        var version = new string([.. etag.Where(char.IsAsciiLetterOrDigit)]);
        return version.Length > 24 ? version[^24..] : version;
    }
}
