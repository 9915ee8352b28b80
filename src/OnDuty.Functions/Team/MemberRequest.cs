using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Team;

/// <summary>
/// Body of <c>PUT /api/members/{id}</c> and <c>POST /api/members</c>. <c>shortName</c> is read-only (derived from the display
/// name): accepted and ignored, so what <c>GET</c> answered can be changed and written back as it is. <c>callAfterMinutes</c>: the
/// member's own call rule (<see cref="Member.CallAfterMinutes"/>), 0–60 or null.
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
    IReadOnlyList<string>? WorkingDays = null,
    int? CallAfterMinutes = null)
{
    /// <summary>
    /// The member this body describes. With <paramref name="phoneCountryCode"/> (<c>Team__PhoneCountryCode</c>), a national number
    /// (<c>090-1234-5678</c>) is saved with it (<c>+819012345678</c>); a number it cannot read is refused saying what is wrong with it and the rule.
    /// A body without <c>timeZone</c> takes <paramref name="teamTimeZone"/> (<c>Incidents__TimeZone</c>), not Tokyo: a Dublin team's
    /// members added without one were in Asia/Tokyo (trial 54). Required, so the domain's own default is never what a request gets.
    /// </summary>
    public Member ToMember(string? routeId, string? phoneCountryCode, string teamTimeZone)
    {
        var phone = string.IsNullOrWhiteSpace(Phone) ? null : OnDuty.Core.Notifications.PhoneNumber.Normalize(Phone, phoneCountryCode);
        var errors = new ValidationErrors();
        errors.When(routeId is not null && Id is not null && Id != routeId, "id", $"must match the id in the URL ('{routeId}') or be left out");
        errors.When(routeId is null && Id is null, "id", "is required");
        errors.When(DisplayName is null, "displayName", "is required");
        errors.When(Email is null, "email", "is required");
        errors.When(Language is null, "language", "is required (ja or en)");
        // What is wrong with the number as typed, then the rule: the words the contact page says it in.
        errors.When(!string.IsNullOrWhiteSpace(Phone) && phone is null, "phone", OnDuty.Core.Notifications.PhoneNumber.Refusal(Phone, phoneCountryCode));
        errors.ThrowIfAny();
        // The fields a request leaves out keep the domain's defaults (Member is the one place they are written).
        var member = new Member
        {
            Id = routeId ?? Id!,
            DisplayName = DisplayName!.Trim(),
            Email = Email!.Trim(),
            Language = Language!.Value,
            Upn = string.IsNullOrWhiteSpace(Upn) ? null : Upn.Trim(),
            // Written with spaces or hyphens, stored in E.164 form (anything else was refused above).
            Phone = phone,
            TimeZone = TimeZone ?? teamTimeZone,
        };
        return member with
        {
            JoinedOn = JoinedOn ?? member.JoinedOn,
            LeavesOn = LeavesOn,
            // Kept as sent when it is not a valid list, for Validate to name; else in week order, lower case.
            WorkingDays = WorkingDays is null ? null : OnDuty.Core.Team.WorkingDays.IsValid(WorkingDays) ? OnDuty.Core.Team.WorkingDays.Normalize(WorkingDays) : WorkingDays,
            // Their own call rule (0–60, checked by Validate); left out: none, as a PUT left without phone clears the number.
            CallAfterMinutes = CallAfterMinutes,
            Level = Level ?? member.Level,
            Area = Area ?? member.Area,
            Active = Active ?? member.Active,
        };
    }
}
