namespace OnDuty.Core.Team;

/// <summary>
/// A member away on leave as read on <see cref="AsOf"/> (<see cref="LeaveLookup"/>): the last day of the leave as entered, and the
/// first working day they are back. Within the leave a text says 「12月18日(金)まで休暇中」; on the non-working days after it (the
/// weekend after leave to a Friday, <see cref="LastDayPassed"/>) that reads as if they were back, so it names the return day instead
/// (「休暇明けの12月21日(月)まで」).
/// </summary>
public readonly record struct LeaveAbsence(DateOnly LastDay, DateOnly BackOn, DateOnly AsOf)
{
    /// <summary>The leave's own days are over and only non-working days remain before <see cref="BackOn"/>.</summary>
    public bool LastDayPassed => AsOf > LastDay;
}
