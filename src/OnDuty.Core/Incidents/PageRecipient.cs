using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>A person or list a page goes to; <see cref="TokenSubject"/> is who an ack from their link is recorded as.</summary>
public sealed record PageRecipient(string Email, string? Name, Language Language, string TokenSubject);
