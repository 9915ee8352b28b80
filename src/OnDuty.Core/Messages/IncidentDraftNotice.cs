using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

public enum DraftPart
{
    CustomerNotice,
    Workaround,

    /// <summary>Questions and answers as text: blocks of <c>Q: …</c> / <c>A: …</c> separated by a blank line.</summary>
    Faq,
}

/// <summary>One part of the PR/CS drafts generated from an incident, as plain text in the customers' register.</summary>
public sealed record IncidentDraftNotice(Language Language, Incident Incident, DraftPart Part, string TimeZone) : Notice(Language);
