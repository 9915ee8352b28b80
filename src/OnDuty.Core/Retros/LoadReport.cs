namespace OnDuty.Core.Retros;

/// <summary>The fair-load report: per member, from <see cref="From"/> to <see cref="To"/> (dates inclusive, team time zone).</summary>
public sealed record LoadReport(DateOnly From, DateOnly To, string TimeZone, int Incidents, bool Truncated, IReadOnlyList<MemberLoad> Members)
{
    /// <summary>Coming weeks counted as scheduled (<see cref="MemberLoad.ScheduledWeeks"/>); 0: none.</summary>
    public int AheadWeeks { get; init; }

    /// <summary>The last day of the last coming shift counted; null when none was.</summary>
    public DateOnly? AheadTo { get; init; }

    /// <summary>Today in the team's time zone when it was computed: which months and quarters the page links have begun.</summary>
    public DateOnly? AsOf { get; init; }
}
