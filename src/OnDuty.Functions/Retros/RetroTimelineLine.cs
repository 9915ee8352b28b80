namespace OnDuty.Functions.Retros;

public sealed record RetroTimelineLine(DateTimeOffset? At, string? Text, string? Kind, string? By);
