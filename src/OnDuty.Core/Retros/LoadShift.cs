namespace OnDuty.Core.Retros;

/// <summary>A duty week as the load report counts it: the date it starts and who held it.</summary>
public sealed record LoadShift(DateOnly StartDate, IReadOnlyList<string> MemberIds);
