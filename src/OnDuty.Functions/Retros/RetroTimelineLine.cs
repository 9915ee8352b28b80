namespace OnDuty.Functions.Retros;

/// <summary>
/// A retro timeline line as the API takes it; <c>incident</c>: the duplicate merged into the incident it came from, as the draft gave it;
/// <c>via</c>: on a tool's acknowledgement, the name the tool gave itself, as the draft gave it; <c>byName</c>: the name <c>GET</c>
/// gives beside <c>by</c>, taken back so a line read can be sent back, and ignored.
/// </summary>
public sealed record RetroTimelineLine(DateTimeOffset? At, string? Text, string? Kind, string? By, string? Incident = null, string? Via = null, string? ByName = null);
