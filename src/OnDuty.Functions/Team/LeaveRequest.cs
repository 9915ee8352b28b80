using OnDuty.Core.Common;

namespace OnDuty.Functions.Team;

/// <summary>Body of <c>POST /api/members/{id}/leave</c>; <c>by</c> (optional) says who entered it.</summary>
public sealed record LeaveRequest(DateOnly? From, DateOnly? To, string? Note, string? By = null)
{
    public (DateOnly From, DateOnly To) Dates()
    {
        new ValidationErrors()
            .When(From is null, "from", "is required (yyyy-MM-dd)")
            .When(To is null, "to", "is required (yyyy-MM-dd)")
            .ThrowIfAny();
        return (From!.Value, To!.Value);
    }
}
