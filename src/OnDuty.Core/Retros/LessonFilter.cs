using OnDuty.Core.Alerts;

namespace OnDuty.Core.Retros;

/// <summary>Restricts a lessons search: one area (normalised), one severity, a detection-time range [From, To).</summary>
public sealed record LessonFilter(string? Area, AlertSeverity? Severity, DateTimeOffset? From, DateTimeOffset? To)
{
    public static LessonFilter None { get; } = new(null, null, null, null);
}
