namespace OnDuty.Core.Calendar;

public sealed class ClosureOptions
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public string? Name { get; set; }

    /// <summary>
    /// English name; without one, a <see cref="Name"/> in Japanese reads "年末年始 company closure", any other as it is
    /// (<see cref="WorkingCalendar.EnglishClosureName"/>).
    /// </summary>
    public string? NameEn { get; set; }
}
