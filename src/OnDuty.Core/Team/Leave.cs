using OnDuty.Core.Common;

namespace OnDuty.Core.Team;

/// <summary>Leave: inclusive date range in the member's own calendar.</summary>
public sealed record Leave
{
    public required string Id { get; init; }

    public required string MemberId { get; init; }

    public required DateOnly From { get; init; }

    public required DateOnly To { get; init; }

    public string? Note { get; init; }

    /// <summary>Who entered it: the signed-in person on the duty page, <c>by</c> of the API (null when not said, and for Outlook's).</summary>
    public string? By { get; init; }

    public string Source { get; init; } = ManualSource;

    public const string ManualSource = "manual";

    public const int MaxByLength = 100;

    /// <summary>Leave read from the member's Outlook calendar (out of office); kept in step by <c>OutlookLeaveSync</c>.</summary>
    public const string OutlookSource = "outlook";

    /// <summary>Id of the Outlook leave for a duty week: one per member and week, so syncing again changes nothing.</summary>
    public static string OutlookId(string week) => "outlook-" + week;

    public bool Overlaps(DateOnly from, DateOnly to) => From <= to && from <= To;

    public void Validate(IEnumerable<Leave> existingForMember)
    {
        var errors = new ValidationErrors();
        errors.When(To < From, "to", "must not be before from");
        errors.When(To.DayNumber - From.DayNumber > 366, "to", "leave longer than a year: split it or deactivate the member");
        errors.When(Note?.Length > 500, "note", "must be at most 500 characters");
        errors.When(By?.Length > MaxByLength, "by", $"must be at most {MaxByLength} characters");
        var clash = existingForMember.FirstOrDefault(l => l.Id != Id && l.Overlaps(From, To));
        errors.When(clash is not null, "from", $"overlaps existing leave {clash?.From:yyyy-MM-dd}..{clash?.To:yyyy-MM-dd} ({clash?.Id})");
        errors.ThrowIfAny();
    }
}
