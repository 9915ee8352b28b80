namespace OnDuty.Core.Calendar;

/// <summary>Why a date is not a working day: <see cref="Name"/> in English, <see cref="NameJa"/> in Japanese (same text when there is only one).</summary>
public sealed record NonWorkingDay(DateOnly Date, NonWorkingKind Kind, string Name, string NameJa)
{
    public string NameIn(Team.Language language) => language == Team.Language.Ja ? NameJa : Name;
}
