using OnDuty.Core.Comms;

namespace OnDuty.Functions.Comms;

/// <summary>
/// Body of <c>POST /api/incidents/{id}/final-report</c>: the final report's texts as the duty PM edited them (the GET's <c>draft</c>), the
/// measures they kept, and <c>by</c>, their roster member id.
/// </summary>
public sealed record FinalReportRequest(string? Summary, string? Impact, string? Cause, IReadOnlyList<FinalReportMeasureRequest?>? Measures, string? By)
{
    /// <summary>Four texts of at most 4,000 characters and up to 100 measures: 1 MiB of UTF-8 holds them in Japanese.</summary>
    public const int MaxBytes = 1024 * 1024;

    public FinalReportText ToText() => new()
    {
        Summary = Summary ?? "",
        Impact = Impact ?? "",
        Cause = Cause ?? "",
        Measures = Measures is null ? [] : [.. Measures.Select(m => m is null ? null! : new FinalReportMeasure(m.Title ?? "", m.Due))],
    };
}

/// <summary>One ■再発防止策 line of <see cref="FinalReportRequest"/>: what will change, by when (optional).</summary>
public sealed record FinalReportMeasureRequest(string? Title, DateOnly? Due);
