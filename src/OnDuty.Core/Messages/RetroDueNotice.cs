using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>A reminder to an incident's duty members: its retro is due on <see cref="DueOn"/> (today, or past) and nobody has written it.</summary>
public sealed record RetroDueNotice(Language Language, Incident Incident, DateOnly DueOn, string TimeZone) : Notice(Language)
{
    /// <summary>The retro page; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }

    /// <summary>
    /// The team's date the reminder is written on: on <see cref="DueOn"/> itself the retro is due today, not past due (the nudge comes
    /// that morning; the handoff brief, the report and the page call a retro overdue only from the next day). Null: past due.
    /// </summary>
    public DateOnly? Today { get; init; }

    /// <summary>How <see cref="DueOn"/> was counted: the mail says which holidays and closure days it left out. Null: not said.</summary>
    public Retros.RetroDueCount? DueCount { get; init; }

    /// <summary>
    /// Duty members on leave today, not sent this reminder: the mail tells the others who is away and until when (one line each), and
    /// theirs waits for their first working day back. Empty when nobody is.
    /// </summary>
    public IReadOnlyList<MemberAway> Away { get; init; } = [];
}
