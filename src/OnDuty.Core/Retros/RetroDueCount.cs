using OnDuty.Core.Calendar;

namespace OnDuty.Core.Retros;

/// <summary>
/// How a retro's due day was counted: <see cref="WorkingDays"/> working days after the day it resolved, leaving out the public
/// holidays and closure days in <see cref="NotCounted"/> (weekends too, never listed). Texts that give the due day say what it
/// left out, so 「期限 2027年1月6日(水)」 for an incident resolved on 12/28 is not read as a slip.
/// </summary>
public sealed record RetroDueCount(int WorkingDays, IReadOnlyList<NonWorkingDay> NotCounted);
