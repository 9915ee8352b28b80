using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Calendar;

/// <summary>Working-day settings (section <c>Calendar</c>): the public-holiday country and company closures.</summary>
public sealed class CalendarOptions : IValidatableObject
{
    public const string SectionName = "Calendar";

    /// <summary>ISO 3166 code of the public holidays to honour (<see cref="WorkingCalendar.Countries"/>), or <c>none</c>.</summary>
    public string Country { get; set; } = "JP";

    /// <summary>Company closures (年末年始, …); both dates inclusive.</summary>
    public List<ClosureOptions> Closures { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!WorkingCalendar.Countries.Contains(Country ?? "", StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Calendar__Country '{Country}' is not supported; use one of {string.Join(", ", WorkingCalendar.Countries)}.", [nameof(Country)]);
        }

        for (var i = 0; i < Closures.Count; i++)
        {
            var c = Closures[i];
            if (c.From is null || c.To is null)
            {
                // Only the one missing: a lead who wrote From and forgot To is not told to add From.
                if (c.From is null)
                {
                    yield return new ValidationResult($"Calendar__Closures__{i}__From is required: the closure's first day, yyyy-MM-dd (e.g. 2026-12-29).", [nameof(Closures)]);
                }

                if (c.To is null)
                {
                    yield return new ValidationResult($"Calendar__Closures__{i}__To is required: the closure's last day, inclusive, yyyy-MM-dd (e.g. 2027-01-03).", [nameof(Closures)]);
                }
            }
            else if (c.To < c.From)
            {
                yield return new ValidationResult($"Calendar__Closures__{i}__To must not be before __From.", [nameof(Closures)]);
            }
            else if (c.To.Value.DayNumber - c.From.Value.DayNumber > 366)
            {
                yield return new ValidationResult($"Calendar__Closures__{i} must span at most a year.", [nameof(Closures)]);
            }

            if (string.IsNullOrWhiteSpace(c.Name))
            {
                yield return new ValidationResult($"Calendar__Closures__{i}__Name is required (e.g. 年末年始).", [nameof(Closures)]);
            }
        }
    }
}
