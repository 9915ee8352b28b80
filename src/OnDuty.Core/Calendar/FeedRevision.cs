namespace OnDuty.Core.Calendar;

/// <summary>
/// The <c>SEQUENCE</c> a shift's feed event is served with and the members and times it was served for: a new
/// <see cref="Fingerprint"/> is a new revision, one higher, so the number only goes up — taking a change back included.
/// </summary>
public sealed record FeedRevision
{
    public required string RotationId { get; init; }

    public required DateOnly ShiftStart { get; init; }

    /// <summary>Who is on the shift and when it runs, as served (<see cref="FeedService"/> makes it).</summary>
    public required string Fingerprint { get; init; }

    public required int Sequence { get; init; }

    /// <summary>When a feed first served the current revision; null for the first revision seen.</summary>
    public DateTimeOffset? ChangedAt { get; init; }

    /// <summary>The revision after this one, for the shift now as <paramref name="fingerprint"/> says; never past <see cref="int.MaxValue"/> (iCalendar's INTEGER).</summary>
    public FeedRevision Next(string fingerprint, DateTimeOffset at) => this with
    {
        Fingerprint = fingerprint,
        Sequence = Sequence == int.MaxValue ? Sequence : Sequence + 1,
        ChangedAt = at,
    };
}
