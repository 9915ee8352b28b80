namespace OnDuty.Core.Team;

/// <summary>
/// A member away on leave as read on <see cref="AsOf"/> (<see cref="LeaveLookup"/>): the last day of the leave as entered, and the
/// first working day they are back. Within the leave a text says 「12月18日(金)まで休暇中」; on the non-working days after it (the
/// weekend after leave to a Friday, <see cref="LastDayPassed"/>) that reads as if they were back, so it names the return day instead
/// (「休暇明けの12月21日(月)まで」). For a member in another zone than the team's, the days are hers and <see cref="Abroad"/> says when
/// they end in the team's terms.
/// </summary>
public readonly record struct LeaveAbsence(DateOnly LastDay, DateOnly BackOn, DateOnly AsOf)
{
    /// <summary>The leave's own days are over and only non-working days remain before <see cref="BackOn"/>.</summary>
    public bool LastDayPassed => AsOf > LastDay;

    /// <summary>
    /// For a member whose zone is not the team's (trial 59/61: Emma in San Francisco, on leave 24–25 Dec, is away until 26 Dec 00:00
    /// PST = 26 Dec 17:00 JST): the instant her leave's days end (00:00 after <see cref="LastDay"/> in her zone), the instant she is back
    /// (00:00 of <see cref="BackOn"/> there) and the team's zone a text says them in — 「2026年12月26日(土) 17:00（JST）まで休暇中」 when
    /// that is not a midnight there. Null for a member in the team's zone: their days are the team's.
    /// </summary>
    public (DateTimeOffset Ends, DateTimeOffset Back, TimeZoneInfo TeamZone)? Abroad { get; init; }
}
