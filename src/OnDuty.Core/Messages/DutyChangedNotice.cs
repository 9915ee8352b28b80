using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>"Duty for this week changed: from the change to the handoff, B replaces A": a person replaced a member of an announced shift.</summary>
public sealed record DutyChangedNotice(Language Language, DutyChangeNotice Change) : Notice(Language)
{
    /// <summary>The mail is the replacement's own: it says how many weeks in a row they now serve, when that is a long run.</summary>
    public bool ToReplacement { get; init; }

    /// <summary>
    /// <c>Team__PublicBaseUrl</c> (no trailing slash): the mail links the duty page, as the announcement it changes does — the
    /// replacement, on duty from now, and the one replaced, who may take it back, had nothing to open; null: no link.
    /// </summary>
    public string? BaseUrl { get; init; }

    /// <summary>
    /// The member the mail is to (each on the shift gets their own); one in another zone than the rotation's reads a cover's hours in
    /// hers too (session 61: Emma covered for her leave read only 「… (JST)」). Null: a team list's mail.
    /// </summary>
    public Member? Reader { get; init; }

    /// <summary>The rotation has a duty page of its own (<c>?rotation={id}</c>): every rotation but the paging one.</summary>
    public bool OwnDutyPage { get; init; }
}
