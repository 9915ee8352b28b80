namespace OnDuty.Core.Retros;

/// <summary>
/// Whether a measure of duty fell on one member, by a rule a lead can check by hand: among the members who held duty in the days
/// (at least two), the one with the most has at least <see cref="Factor"/> times the mean of the others and at least
/// <see cref="MinimumLead"/> more than it (4 holiday days against 1, 2, 1.5 → mean 1.5: skewed; 3 against 2, 1: not). A tie for
/// the most is no one member's load. The one rule of both reports: the duty report's holiday duty and out-of-hours pages
/// (<see cref="Of"/>) and the load report's out-of-hours pages (<see cref="PagesOutOfHoursOf"/>).
/// </summary>
public static class DutyFairness
{
    /// <summary>How many times the others' mean the most has to be.</summary>
    public const double Factor = 2;

    /// <summary>How many more (days, pages) than the others' mean: one weekend more is no pattern.</summary>
    public const double MinimumLead = 2;

    /// <summary>The skews of <paramref name="members"/>: holiday duty days first, then pages out of hours; empty when fair.</summary>
    public static IReadOnlyList<DutySkew> Of(IReadOnlyList<MemberDuty> members)
    {
        var onDuty = members.Where(m => m.DutyDays > 0).ToList();
        var skews = new List<DutySkew>();
        foreach (var (measure, value) in new (DutySkewMeasure, Func<MemberDuty, int>)[]
        {
            (DutySkewMeasure.HolidayDutyDays, m => m.HolidayDutyDays),
            (DutySkewMeasure.PagesOutOfHours, m => m.PagesOutOfHours),
        })
        {
            if (FellOnOne(onDuty, value) is { } skew)
            {
                skews.Add(new DutySkew(measure, skew.Member, skew.Count, skew.OthersMean));
            }
        }

        return skews;
    }

    /// <summary>
    /// The member of a load report who took far more pages out of hours than the others on duty in it (weeks or hours served),
    /// with their count and the others' mean (to a tenth); null when fair.
    /// </summary>
    public static (MemberLoad Member, int Count, double OthersMean)? PagesOutOfHoursOf(IReadOnlyList<MemberLoad> members) =>
        FellOnOne([.. members.Where(m => m.DutyWeeksServed > 0 || m.DutyHours > 0)], m => m.PagesOutOfHours);

    private static (T Member, int Count, double OthersMean)? FellOnOne<T>(IReadOnlyList<T> onDuty, Func<T, int> value)
        where T : class
    {
        if (onDuty.Count < 2)
        {
            return null;
        }

        var most = onDuty.MaxBy(value)!;
        var count = value(most);
        if (onDuty.Count(m => value(m) == count) > 1)
        {
            return null;
        }

        var others = onDuty.Where(m => !ReferenceEquals(m, most)).Average(value);
        return count >= Factor * others && count - others >= MinimumLead ? (most, count, Math.Round(others, 1)) : null;
    }
}
