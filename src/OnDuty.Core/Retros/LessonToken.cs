namespace OnDuty.Core.Retros;

/// <summary>A search term found in a text, with where it stands in the original (for highlighting).</summary>
public readonly record struct LessonToken(string Term, int Start, int Length);
