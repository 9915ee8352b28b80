using OnDuty.Core.Rotations;

namespace OnDuty.Core.Retros;

/// <summary>A duty week as the load report counts it: the date it starts and who held it (its pair).</summary>
public sealed record LoadShift(DateOnly StartDate, IReadOnlyList<string> MemberIds)
{
    /// <summary>When the shift starts and ends (its handoffs); both unset: hours on duty are not counted for it.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Its covers for part of it: those that apply move their hours from the member to the replacement.</summary>
    public IReadOnlyList<Cover> Covers { get; init; } = [];

    /// <summary>
    /// The hours <paramref name="memberId"/> was on duty in this shift: all of it for a member of the pair, less what others
    /// covered of it, plus what they covered for someone else — the same covers that decide who is paged then.
    /// </summary>
    public double HoursOf(string memberId)
    {
        if (StartsAt is not { } start || EndsAt is not { } end || end <= start)
        {
            return 0;
        }

        double Hours(Cover c) => Math.Max(0, (Min(c.To, end) - Max(c.From, start)).TotalHours);
        var applying = Covers.Where(c => c.Applies).ToList();
        var held = MemberIds.Contains(memberId) ? (end - start).TotalHours - applying.Where(c => c.MemberId == memberId).Sum(Hours) : 0;
        return held + applying.Where(c => c.ReplacementId == memberId).Sum(Hours);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
