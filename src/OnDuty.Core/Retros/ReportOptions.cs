using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Retros;

/// <summary>Team reports (section <c>Reports</c>).</summary>
public sealed class ReportOptions : IValidatableObject
{
    public const string SectionName = "Reports";

    /// <summary>Start of working hours in each member's own time zone: a page before it is out of hours.</summary>
    public TimeOnly WorkdayStart { get; set; } = new(9, 0);

    /// <summary>End of working hours (exclusive) in each member's own time zone.</summary>
    public TimeOnly WorkdayEnd { get; set; } = new(18, 0);

    /// <summary>Incidents one load report reads at most (per year of the range); the report says when it was cut.</summary>
    [Range(10, 10_000, ErrorMessage = "Reports__MaxIncidents must be between 10 and 10000.")]
    public int MaxIncidents { get; set; } = 2_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WorkdayEnd <= WorkdayStart)
        {
            yield return new ValidationResult("Reports__WorkdayEnd must be after Reports__WorkdayStart.", [nameof(WorkdayEnd)]);
        }
    }
}
