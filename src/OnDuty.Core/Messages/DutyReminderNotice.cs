using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>"Your duty starts soon" to one member rotating in; <see cref="Partners"/> are the others' display names.</summary>
public sealed record DutyReminderNotice(Language Language, Rotation Rotation, ScheduledShift Shift, Member Member, IReadOnlyList<string> Partners)
    : Notice(Language)
{
    /// <summary>The shift's covers for part of it (that apply), listed with their time.</summary>
    public IReadOnlyList<NamedCover> Covers { get; init; } = [];

    /// <summary>The member's next turn after this one (「あなたの次回の当番：…」); null when none is scheduled in the next <see cref="NextDuty.LookAhead"/> shifts.</summary>
    public NextDuty? NextDuty { get; init; }

    /// <summary>The shifts after this one the member serves in a row with it (the rest of their turn); empty for a one-shift turn.</summary>
    public IReadOnlyList<ScheduledShift> RestOfTurn { get; init; } = [];

    /// <summary>
    /// The member is on leave the day the reminder is sent and back before the shift (trial 34 L7): the reminder says the duty
    /// starts after the leave (「休暇明けの1月4日(月)から当番です。」), so it does not read as a call to act now.
    /// </summary>
    public bool SentDuringLeave { get; init; }

    /// <summary>False for a notice made without looking ahead (then nothing is said of the next duty).</summary>
    public bool NextDutyKnown { get; init; }

    /// <summary>The shift's members by id, to say a part-timer's days (「山田 太郎（月・火・水のみ）」) and name thin days' members.</summary>
    public IReadOnlyDictionary<string, Member> Roster { get; init; } = new Dictionary<string, Member>();

    /// <summary><c>Team__PublicBaseUrl</c> (no trailing slash), for the duty page where a swap or leave is registered; null: no link.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The rotation has a duty page of its own (<c>?rotation={id}</c>): every rotation but the paging one.</summary>
    public bool OwnDutyPage { get; init; }
}
