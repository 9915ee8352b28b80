namespace OnDuty.Core.Retros;

/// <summary>A highlighted stretch of a snippet, in UTF-16 characters.</summary>
public readonly record struct TextSpan(int Start, int Length);
