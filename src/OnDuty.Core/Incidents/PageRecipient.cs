using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>A person or list a page goes to; <see cref="TokenSubject"/> is who an ack from their link is recorded as.</summary>
public sealed record PageRecipient(string Email, string? Name, Language Language, string TokenSubject)
{
    /// <summary>A duty member's mobile number (E.164) for pages by SMS; null for lists, leads and members without one.</summary>
    public string? Phone { get; init; }
}
