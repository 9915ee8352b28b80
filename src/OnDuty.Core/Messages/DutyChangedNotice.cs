using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>"Duty for this week changed: from the change to the handoff, B replaces A": a person replaced a member of an announced shift.</summary>
public sealed record DutyChangedNotice(Language Language, DutyChangeNotice Change) : Notice(Language)
{
    /// <summary>The mail is the replacement's own: it says how many weeks in a row they now serve, when that is a long run.</summary>
    public bool ToReplacement { get; init; }
}
