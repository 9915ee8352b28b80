using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Team;

/// <summary>
/// Body of <c>PUT /api/members/{id}</c> and <c>POST /api/members</c>. <c>shortName</c> is read-only (derived from the display
/// name): accepted and ignored, so what <c>GET</c> answered can be changed and written back as it is.
/// </summary>
public sealed record MemberRequest(
    string? Id,
    string? DisplayName,
    string? Email,
    Language? Language,
    string? TimeZone,
    DateOnly? JoinedOn,
    ExperienceLevel? Level,
    Area? Area,
    bool? Active,
    string? Upn = null,
    string? Phone = null,
    string? ShortName = null,
    DateOnly? LeavesOn = null,
    IReadOnlyList<string>? WorkingDays = null)
{
    public Member ToMember(string? routeId)
    {
        var errors = new ValidationErrors();
        errors.When(routeId is not null && Id is not null && Id != routeId, "id", $"must match the id in the URL ('{routeId}') or be left out");
        errors.When(routeId is null && Id is null, "id", "is required");
        errors.When(DisplayName is null, "displayName", "is required");
        errors.When(Email is null, "email", "is required");
        errors.When(Language is null, "language", "is required (ja or en)");
        errors.ThrowIfAny();
        // The fields a request leaves out keep the domain's defaults (Member is the one place they are written).
        var member = new Member
        {
            Id = routeId ?? Id!,
            DisplayName = DisplayName!.Trim(),
            Email = Email!.Trim(),
            Language = Language!.Value,
            Upn = string.IsNullOrWhiteSpace(Upn) ? null : Upn.Trim(),
            // Written with spaces or hyphens, stored in E.164 form; anything else is kept as typed, for Validate to name.
            Phone = string.IsNullOrWhiteSpace(Phone) ? null : OnDuty.Core.Notifications.PhoneNumber.Normalize(Phone) ?? Phone.Trim(),
        };
        return member with
        {
            TimeZone = TimeZone ?? member.TimeZone,
            JoinedOn = JoinedOn ?? member.JoinedOn,
            LeavesOn = LeavesOn,
            // Kept as sent when it is not a valid list, for Validate to name; else in week order, lower case.
            WorkingDays = WorkingDays is null ? null : OnDuty.Core.Team.WorkingDays.IsValid(WorkingDays) ? OnDuty.Core.Team.WorkingDays.Normalize(WorkingDays) : WorkingDays,
            Level = Level ?? member.Level,
            Area = Area ?? member.Area,
            Active = Active ?? member.Active,
        };
    }
}
