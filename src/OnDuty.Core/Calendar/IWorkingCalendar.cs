namespace OnDuty.Core.Calendar;

public enum NonWorkingKind
{
    Weekend,
    PublicHoliday,
    Closure,
}

/// <summary>Why a date is not a working day: <see cref="Name"/> in English, <see cref="NameJa"/> in Japanese (same text when there is only one).</summary>
public sealed record NonWorkingDay(DateOnly Date, NonWorkingKind Kind, string Name, string NameJa)
{
    public string NameIn(Team.Language language) => language == Team.Language.Ja ? NameJa : Name;
}

/// <summary>Which dates the team works: weekends, public holidays and company closures are not working days.</summary>
public interface IWorkingCalendar
{
    /// <summary>Null on a working day; otherwise why the date is not one (a closure wins over a holiday, a holiday over a weekend).</summary>
    NonWorkingDay? NonWorking(DateOnly date);

    bool IsWorkingDay(DateOnly date) => NonWorking(date) is null;
}

/// <summary>A handoff moved off its nominal date because that date (and maybe the next ones) were not working days.</summary>
public sealed record HandoffMove(DateOnly NominalDate, DateOnly Date, IReadOnlyList<NonWorkingDay> Skipped);
