namespace OnDuty.Core.Heartbeats;

/// <summary>
/// Who owns a heartbeat's job (trial 58: 中村, a data engineer not on the roster): told by mail, for her information, when it goes
/// silent and when it is heard again, and named in its page (「ハートビートの担当者：中村さん（…）」) so the duty pair know whom to call. Not paged.
/// </summary>
/// <param name="Email">Where her mail goes.</param>
/// <param name="Name">How she is named (「中村」, "Aiko Nakamura"); null: by her address.</param>
public sealed record HeartbeatOwner(string Email, string? Name = null)
{
    public const int MaxNameLength = 100;

    /// <summary>The owner asked for, checked (problems named <c>owner.email</c>, <c>owner.name</c>); null when none was asked for.</summary>
    public static HeartbeatOwner? Of(HeartbeatOwnerRequest? request, Common.ValidationErrors errors)
    {
        if (request is null)
        {
            return null;
        }

        var email = request.Email?.Trim();
        errors.When(!Team.EmailAddress.IsValid(email), "owner.email", "must be an email address, e.g. nakamura@example.com (where the owner is told it went silent and came back)", Common.Refusal.Of("heartbeatOwnerEmail"));
        var name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
        errors.When(name is { Length: > MaxNameLength }, "owner.name", $"must be at most {MaxNameLength} characters", Common.Refusal.Of("heartbeatTooLong", ("max", MaxNameLength)));
        errors.When(name is not null && name.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'), "owner.name", "must be one line without control characters", Common.Refusal.Of("heartbeatOneLine"));
        return Team.EmailAddress.IsValid(email) ? new HeartbeatOwner(email!, name) : null;
    }
}

/// <summary>The owner a person asks for on <c>PUT /api/heartbeats/{name}</c>: <c>{"email": …, "name": …}</c>, the name optional.</summary>
public sealed record HeartbeatOwnerRequest
{
    public string? Email { get; init; }

    public string? Name { get; init; }
}
