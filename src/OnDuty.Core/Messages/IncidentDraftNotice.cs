using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>One part of the PR/CS drafts generated from an incident, as plain text in the customers' register.</summary>
public sealed record IncidentDraftNotice(Language Language, Incident Incident, DraftPart Part, string TimeZone) : Notice(Language);
