using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// What the incoming duty pair should know at the handoff, as data (rendered per reader): open incidents, retros not yet
/// written (SEV1–SEV2, with their due day), open action items past due or due by the end of the week, the incidents
/// of the week before, one line each, and the maintenance windows of the week.
/// </summary>
public sealed record HandoffBrief(
    string RotationName,
    string RotationNameJa,
    string Week,
    DateOnly WeekEnds,
    IReadOnlyList<Incident> Open,
    IReadOnlyList<HandoffBriefRetro> RetrosMissing,
    IReadOnlyList<HandoffBriefAction> ActionItems,
    IReadOnlyList<Incident> LastWeek)
{
    /// <summary>Maintenance windows running now or beginning by the end of the week: alerts they cover page nobody until they end.</summary>
    public IReadOnlyList<Maintenance.MaintenanceWindow> Maintenance { get; init; } = [];

    /// <summary>
    /// Heartbeats that need a look as the week begins: stopped (late, failed, a run not finishing) or never heard since they
    /// were defined (they cannot page); with when the brief was made, to say how each stands.
    /// </summary>
    public IReadOnlyList<Heartbeats.Heartbeat> Heartbeats { get; init; } = [];

    public DateTimeOffset MadeAt { get; init; }

    /// <summary>Ids of the members on duty from the handoff (the pair the brief goes to): an open incident a member off it acknowledged says so.</summary>
    public IReadOnlyList<string> OnDuty { get; init; } = [];

    /// <summary>
    /// Members off duty from the handoff who hold an open incident and are on leave on the handoff day, by id, with their leave's last
    /// day: the incoming pair read 「対応者：鈴木さん（2026年12月18日(金)まで休暇中）」 and take it over (trial 56).
    /// </summary>
    public IReadOnlyDictionary<string, LeaveAbsence> HoldersAway { get; init; } = new Dictionary<string, LeaveAbsence>();

    /// <summary>The roster by id, to name who acknowledged each open incident.</summary>
    public IReadOnlyDictionary<string, Team.Member> Roster { get; init; } = new Dictionary<string, Team.Member>();

    /// <summary>The day the shift starts (its handoff day; the day after a holiday when the handoff moved off one), for naming the week as Japanese readers do (「12月7日(月)からの週」); null when unknown.</summary>
    public DateOnly? WeekStarts { get; init; }

    /// <summary>How many weeks the shift lasts (<c>ShiftWeeks</c>): 「…からの4週間」 for more than one.</summary>
    public int ShiftWeeks { get; init; } = 1;

    /// <summary>
    /// Resolved incidents whose stakeholders were told they started and not yet that they are over (monitoring resolved them:
    /// <see cref="Incident.RecoveryNoticeOwed"/>), oldest resolve first: a recovery notice a person still has to send.
    /// </summary>
    public IReadOnlyList<Incident> RecoveryNoticesOwed { get; init; } = [];

    /// <summary>
    /// The next update the stakeholders were told to expect, by open incident id (as the incident page and the update reminder have
    /// it: <see cref="Comms.NextUpdatePromise.LastTold"/>), for those whose stakeholders were told anything; the incoming pair answer for it.
    /// </summary>
    public IReadOnlyDictionary<string, DateTimeOffset> StakeholderPromises { get; init; } = new Dictionary<string, DateTimeOffset>();
}
