using OnDuty.Core.Common;

namespace OnDuty.Core.Team;

public enum Language
{
    Ja,
    En,
}

public enum Area
{
    Client,
    Server,
}

public enum ExperienceLevel
{
    /// <summary>Experience is worked out from the joined date (experienced after <see cref="Member.ExperiencedAfter"/>).</summary>
    Auto,
    Junior,
    Senior,
}

/// <summary>A PM on the roster.</summary>
public sealed record Member
{
    /// <summary>A member counts as experienced this long after joining, unless a level is set.</summary>
    public static readonly TimeSpan ExperiencedAfter = TimeSpan.FromDays(365);

    public required string Id { get; init; }

    /// <summary>As the member writes it; family name first for Japanese names (山田 太郎).</summary>
    public required string DisplayName { get; init; }

    public required string Email { get; init; }

    /// <summary>Microsoft Entra user principal name (or object id), for Teams mentions: Teams mentions by UPN or object id,
    /// not by mail address, and the two differ for some people. Unknown (null) = named in plain text, not mentioned.</summary>
    public string? Upn { get; init; }

    public Language Language { get; init; } = Language.En;

    public string TimeZone { get; init; } = "Asia/Tokyo";

    public DateOnly JoinedOn { get; init; }

    public ExperienceLevel Level { get; init; } = ExperienceLevel.Auto;

    public Area Area { get; init; } = Area.Server;

    public bool Active { get; init; } = true;

    /// <summary>Short name for subjects and greetings: the family name for ja ("山田"), the given name for en.</summary>
    public string ShortName => DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts ? parts[0] : DisplayName;

    /// <summary>Stands in for an id no longer on the roster (shown by id, never emailed).</summary>
    public static Member Missing(string id) => new() { Id = id, DisplayName = id, Email = "", Active = false };

    public bool IsExperiencedOn(DateOnly date) => Level switch
    {
        ExperienceLevel.Senior => true,
        ExperienceLevel.Junior => false,
        _ => JoinedOn.AddDays((int)ExperiencedAfter.TotalDays) <= date,
    };

    public void Validate()
    {
        var errors = new ValidationErrors();
        errors.When(!Slug.IsValid(Id), "id", Slug.Rule);
        errors.When(string.IsNullOrWhiteSpace(DisplayName), "displayName", "is required");
        errors.When(DisplayName?.Length > 200, "displayName", "must be at most 200 characters");
        errors.When(!EmailAddress.IsValid(Email), "email", "must be a valid email address");
        errors.When(Upn is not null && !EmailAddress.IsValid(Upn) && !Guid.TryParse(Upn, out _), "upn", "must be a user principal name (name@tenant) or an Entra object id");
        errors.When(!TimeZones.TryFind(TimeZone, out _), "timeZone", $"'{TimeZone}' is not a known IANA time zone");
        errors.When(JoinedOn == default && Level == ExperienceLevel.Auto, "joinedOn", "is required unless level is junior or senior");
        errors.When(!Enum.IsDefined(Language), "language", "must be ja or en");
        errors.When(!Enum.IsDefined(Area), "area", "must be client or server");
        errors.ThrowIfAny();
    }
}

/// <summary>Leave: inclusive date range in the member's own calendar.</summary>
public sealed record Leave
{
    public required string Id { get; init; }

    public required string MemberId { get; init; }

    public required DateOnly From { get; init; }

    public required DateOnly To { get; init; }

    public string? Note { get; init; }

    public string Source { get; init; } = ManualSource;

    public const string ManualSource = "manual";

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
        var clash = existingForMember.FirstOrDefault(l => l.Id != Id && l.Overlaps(From, To));
        errors.When(clash is not null, "from", $"overlaps existing leave {clash?.From:yyyy-MM-dd}..{clash?.To:yyyy-MM-dd} ({clash?.Id})");
        errors.ThrowIfAny();
    }
}

public static class EmailAddress
{
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254 || value.Any(char.IsWhiteSpace) || value.Contains('<') || value.Contains('>'))
        {
            return false;
        }

        var at = value.IndexOf('@');
        return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 3 && value[(at + 1)..].Contains('.');
    }
}
