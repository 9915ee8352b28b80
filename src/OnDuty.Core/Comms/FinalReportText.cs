using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;

namespace OnDuty.Core.Comms;

/// <summary>
/// What a final report (最終報) says in a person's words, as the duty PM edited it: ■概要, ■影響範囲, ■原因 and ■再発防止策 (the retro's
/// action items they kept). The times come from the record, not from here.
/// </summary>
public sealed record FinalReportText
{
    public const int MaxMeasures = RetroRules.MaxActionItems;

    /// <summary>
    /// The texts together, in characters as stored (<see cref="Incident.StoredTextEncoder"/>: '&amp;', '&lt;', '&gt;' and quotes take six,
    /// a line break two): the sent text is kept on one timeline row (<see cref="TimelineEntry.FinalReport"/>), whose 64 KiB property holds
    /// 32K characters with the rest of the row. Each field within its own limit could pass it (100 measures of 500 characters).
    /// </summary>
    public const int MaxStoredChars = 24_000;

    /// <summary>■概要: what happened, in a few sentences (the retro's summary, prefilled).</summary>
    public required string Summary { get; init; }

    /// <summary>■影響範囲: who could not do what.</summary>
    public required string Impact { get; init; }

    /// <summary>■原因: the cause as the recovery notice told it, prefilled, then as the retro found it.</summary>
    public required string Cause { get; init; }

    /// <summary>■再発防止策: what will change, by when.</summary>
    public IReadOnlyList<FinalReportMeasure> Measures { get; init; } = [];

    /// <summary>Refuses a field missing or longer than the retro's and the incident's fields allow (400, each field named).</summary>
    public void Validate(string? by)
    {
        var errors = new ValidationErrors();
        errors.When(string.IsNullOrWhiteSpace(Summary), "summary", "is required");
        errors.When(Summary?.Length > RetroRules.MaxSummary, "summary", $"must be at most {RetroRules.MaxSummary} characters");
        errors.When(string.IsNullOrWhiteSpace(Impact), "impact", "is required");
        errors.When(Impact?.Length > Incident.MaxTextLength, "impact", $"must be at most {Incident.MaxTextLength} characters");
        errors.When(string.IsNullOrWhiteSpace(Cause), "cause", "is required");
        errors.When(Cause?.Length > Incident.MaxTextLength, "cause", $"must be at most {Incident.MaxTextLength} characters");
        errors.When(Measures is null || Measures.Count > MaxMeasures, "measures", $"must be a list of at most {MaxMeasures} items");
        for (var k = 0; k < (Measures?.Count ?? 0); k++)
        {
            var m = Measures![k];
            errors.When(m is null || string.IsNullOrWhiteSpace(m.Title), $"measures[{k}].title", "is required");
            errors.When(m?.Title?.Length > RetroRules.MaxActionTitle, $"measures[{k}].title", $"must be at most {RetroRules.MaxActionTitle} characters");
        }

        if (!errors.Any && StoredChars() is var stored and > MaxStoredChars)
        {
            // The largest part is named: what to shorten.
            var parts = new (string Field, int Chars)[] { ("summary", Stored(Summary)), ("impact", Stored(Impact)), ("cause", Stored(Cause)), ("measures", Measures!.Sum(m => Stored(m.Title))) };
            errors.Add(parts.MaxBy(p => p.Chars).Field,
                $"is too long to keep with the final report's other texts: together they take {stored} characters as stored ('&', '<', '>' and quotes count six, a line break two), at most {MaxStoredChars}; shorten it or another text");
        }

        errors.When(string.IsNullOrWhiteSpace(by), "by", "is required: the roster member id or name of the duty PM sending it");
        errors.When(by?.Length > RetroRules.MaxBy, "by", $"must be at most {RetroRules.MaxBy} characters");
        errors.ThrowIfAny();
    }

    /// <summary>Whether <paramref name="other"/> says the same, field by field and measure by measure.</summary>
    public bool SaysSameAs(FinalReportText other) =>
        Summary == other.Summary && Impact == other.Impact && Cause == other.Cause && Measures.SequenceEqual(other.Measures);

    private int StoredChars() => Stored(Summary) + Stored(Impact) + Stored(Cause) + Measures.Sum(m => Stored(m.Title));

    private static int Stored(string? text) => string.IsNullOrEmpty(text) ? 0 : Incident.StoredLength(text.Trim());

    /// <summary>The same text with each field's surrounding blanks trimmed.</summary>
    public FinalReportText Trimmed() => this with
    {
        Summary = Summary.Trim(),
        Impact = Impact.Trim(),
        Cause = Cause.Trim(),
        Measures = [.. Measures.Select(m => m with { Title = m.Title.Trim() })],
    };
}

/// <summary>One ■再発防止策 line: what will change, and by when (none: no date was set).</summary>
public sealed record FinalReportMeasure(string Title, DateOnly? Due);
