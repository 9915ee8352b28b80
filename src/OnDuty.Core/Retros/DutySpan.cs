namespace OnDuty.Core.Retros;

/// <summary>A stretch of time <see cref="MemberId"/> was on duty: from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive).</summary>
public sealed record DutySpan(string MemberId, DateTimeOffset From, DateTimeOffset To)
{
    public double Hours => (To - From).TotalHours;

    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => From < to && from < To;
}
