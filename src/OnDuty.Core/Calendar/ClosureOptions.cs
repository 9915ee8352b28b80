namespace OnDuty.Core.Calendar;

public sealed class ClosureOptions
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public string? Name { get; set; }

    /// <summary>English name; defaults to <see cref="Name"/>.</summary>
    public string? NameEn { get; set; }
}
