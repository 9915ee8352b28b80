namespace OnDuty.Core.Incidents;

/// <summary>
/// Where telling stakeholders about an incident stands. A notice is numbered (第n報) when a person declares the incident or
/// posts an update, and queued right after; <see cref="Queued"/> behind <see cref="Issued"/> means the queuing is still
/// owed (a crash or an unreachable directory in between) and is done again, under the same outbox ids.
/// </summary>
public sealed record IncidentComms
{
    /// <summary>Notices issued by people so far; the last one's number.</summary>
    public int Issued { get; init; }

    /// <summary>The highest notice number whose messages are in the outbox.</summary>
    public int Queued { get; init; }

    /// <summary>When a person last declared or updated it; null while only monitoring has spoken.</summary>
    public DateTimeOffset? LastPersonUpdateAt { get; init; }

    /// <summary>Every audience told so far: a later notice goes to them too, so a severity change only ever widens it.</summary>
    public IReadOnlyList<string> ToldAudiences { get; init; } = [];

    /// <summary>Reminders to update sent since <see cref="LastPersonUpdateAt"/> (or detection): one per missed interval.</summary>
    public int Nudges { get; init; }
}
