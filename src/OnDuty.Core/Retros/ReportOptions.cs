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

    /// <summary>Whether the monthly incident report is emailed (on the month's first working day, for the month before).</summary>
    public bool MonthlyReport { get; set; } = true;

    /// <summary>Who gets the monthly report; empty: the leads (<c>Incidents__Leads</c>).</summary>
    public List<string?> MonthlyReportTo { get; set; } = [];

    /// <summary>Whether the monthly report is also posted to the team's Teams channel (off: it goes to the leads only).</summary>
    public bool MonthlyReportToTeams { get; set; }

    /// <summary>Local time (<c>Incidents__TimeZone</c>) from which the monthly report goes out on the month's first working day.</summary>
    public TimeOnly MonthlyReportLocalTime { get; set; } = new(9, 30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WorkdayEnd <= WorkdayStart)
        {
            yield return new ValidationResult("Reports__WorkdayEnd must be after Reports__WorkdayStart.", [nameof(WorkdayEnd)]);
        }

        for (var i = 0; i < MonthlyReportTo.Count; i++)
        {
            if (!Team.EmailAddress.IsValid(MonthlyReportTo[i]))
            {
                yield return new ValidationResult($"Reports__MonthlyReportTo__{i} must be an email address.", [nameof(MonthlyReportTo)]);
            }
        }
    }
}
