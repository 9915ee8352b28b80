using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// To those asked to send the stakeholders the recovery notice (<see cref="RecoveryNoticeOwedNotice"/>), by email, and the team's
/// channel (card): monitoring reopened <see cref="Incident"/> — the alert fired again — without paging anyone (the acknowledgement
/// stood), so the recovery they were asked to report is none and the notice must not go (<see cref="WithdrawnRecoveryAsk"/>).
/// </summary>
public sealed record RecoveryAskWithdrawnNotice(Language Language, Incident Incident, WithdrawnRecoveryAsk Withdrawn, string TimeZone) : Notice(Language)
{
    /// <summary>The incident page; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }

    /// <summary>Who holds it (a person, by display name); null when nobody or only a tool does.</summary>
    public string? TakenBy { get; init; }
}
