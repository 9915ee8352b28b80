using OnDuty.Core.Alerts;

namespace OnDuty.Core.Retros;

/// <summary>One incident found by a lessons search, with how well it matched and where; <see cref="RetroVersion"/> is null while it has no retro.</summary>
public sealed record LessonHit(
    string IncidentId,
    string Title,
    AlertSeverity Severity,
    IReadOnlyList<string> Areas,
    DateTimeOffset At,
    int? RetroVersion,
    int MatchedTerms,
    double Score,
    LessonSnippet? Snippet);
