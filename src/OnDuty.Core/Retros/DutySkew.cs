namespace OnDuty.Core.Retros;

/// <summary>What a <see cref="DutySkew"/> is about: holiday duty days, or pages out of hours.</summary>
public enum DutySkewMeasure
{
    HolidayDutyDays,
    PagesOutOfHours,
}

/// <summary>
/// One member carried far more of <see cref="Measure"/> than the others on duty (<see cref="DutyFairness"/>): their
/// <see cref="Count"/> against the others' mean, <see cref="OthersMean"/> (to a tenth).
/// </summary>
public sealed record DutySkew(DutySkewMeasure Measure, MemberDuty Member, int Count, double OthersMean);
