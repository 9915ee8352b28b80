using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// What the incoming duty pair should know at the handoff, as data (rendered per reader): open incidents, retros not yet
/// written (SEV1–SEV2, with their due day), open action items past due or due by the end of the week, and the incidents
/// of the week before, one line each.
/// </summary>
public sealed record HandoffBrief(
    string RotationName,
    string RotationNameJa,
    string Week,
    DateOnly WeekEnds,
    IReadOnlyList<Incident> Open,
    IReadOnlyList<HandoffBriefRetro> RetrosMissing,
    IReadOnlyList<HandoffBriefAction> ActionItems,
    IReadOnlyList<Incident> LastWeek);

/// <summary>A resolved incident whose retro is not written, and the working day it is (or was) due.</summary>
public sealed record HandoffBriefRetro(Incident Incident, DateOnly DueOn);

/// <summary>An open action item due by the end of the week (or already past due), with its owner's name.</summary>
public sealed record HandoffBriefAction(string IncidentId, ActionItem Item, string OwnerName);
