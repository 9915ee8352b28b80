namespace OnDuty.Core.Retros;

/// <summary>The fair-load report: per member, from <see cref="From"/> to <see cref="To"/> (dates inclusive, team time zone).</summary>
public sealed record LoadReport(DateOnly From, DateOnly To, string TimeZone, int Incidents, bool Truncated, IReadOnlyList<MemberLoad> Members);
