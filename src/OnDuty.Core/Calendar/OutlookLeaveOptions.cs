using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Calendar;

/// <summary>Leave read from Outlook (section <c>Graph:Leave</c>; environment variables <c>Graph__Leave__…</c>).</summary>
public sealed class OutlookLeaveOptions : IValidatableObject
{
    public const string SectionName = "Graph:Leave";

    /// <summary>Share of a duty week's working hours a member must be out of office for the week to count as leave.</summary>
    public double OutOfOfficeThreshold { get; set; } = 0.8;

    /// <summary>Member ids whose Outlook calendar is never read for leave.</summary>
    public List<string> ExcludedMembers { get; set; } = [];

    /// <summary>Shifts ahead (the current one included) whose leave is synced; frozen shifts are skipped. 0 = off.</summary>
    public int WeeksAhead { get; set; } = 2;

    /// <summary>Working hours on weekdays, in each member's own time zone.</summary>
    public TimeOnly WorkdayStart { get; set; } = new(9, 0);

    public TimeOnly WorkdayEnd { get; set; } = new(18, 0);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OutOfOfficeThreshold is <= 0 or > 1 || double.IsNaN(OutOfOfficeThreshold))
        {
            yield return new ValidationResult("Graph__Leave__OutOfOfficeThreshold must be greater than 0 and at most 1 (e.g. 0.8).", [nameof(OutOfOfficeThreshold)]);
        }

        if (WeeksAhead is < 0 or > 26)
        {
            yield return new ValidationResult("Graph__Leave__WeeksAhead must be between 0 (off) and 26.", [nameof(WeeksAhead)]);
        }

        if (WorkdayEnd <= WorkdayStart)
        {
            yield return new ValidationResult("Graph__Leave__WorkdayEnd must be after Graph__Leave__WorkdayStart (e.g. 09:00 and 18:00).", [nameof(WorkdayEnd)]);
        }
    }
}
