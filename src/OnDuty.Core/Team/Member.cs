using System.Text.RegularExpressions;
using OnDuty.Core.Common;

namespace OnDuty.Core.Team;

/// <summary>A PM on the roster.</summary>
public sealed partial record Member
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

    /// <summary>
    /// Mobile number in E.164 form (<c>+819012345678</c>) for pages by SMS, when a provider is configured (<c>Sms__From</c>);
    /// null: pages reach them by email and Teams only.
    /// </summary>
    public string? Phone { get; init; }

    /// <summary>The longest wait a personal call rule can ask for (<see cref="CallAfterMinutes"/>).</summary>
    public const int MaxCallAfterMinutes = 60;

    /// <summary>
    /// Their own rule for pages by phone call (PagerDuty's personal notification rules): ring their <see cref="Phone"/> this many
    /// minutes after a first page to them that nobody acknowledged, 0 = with the first page — earlier than the team's calls
    /// (<c>Voice__FromStep</c>, at step 1 after the ack timeout), never instead of a page. Null (and rows stored before 12-07): the
    /// team's calls only. Applies where calls are on, to the severities that ring (<c>Voice__Severities</c>).
    /// </summary>
    public int? CallAfterMinutes { get; init; }

    public Language Language { get; init; } = Language.En;

    /// <summary>
    /// IANA zone. Required, no default: whoever makes a member without one of their own gives the team's (<c>Incidents__TimeZone</c>:
    /// the API, the demo roster, a stored row written without one), never a zone taken silently (session 59).
    /// </summary>
    public required string TimeZone { get; init; }

    /// <summary>
    /// The zone their times read in: <see cref="TimeZone"/>, or — one this machine cannot read — <paramref name="team"/>, the team's
    /// (the rotation's), as a row stored without a zone reads in <c>Incidents__TimeZone</c>: never UTC, which no member lives in.
    /// </summary>
    public TimeZoneInfo ZoneOr(TimeZoneInfo team) => TimeZones.TryFind(TimeZone, out var zone) ? zone : team;

    /// <summary>First day with the team: not on duty in a shift that starts before it (nor by an override, swap or cover).</summary>
    public DateOnly JoinedOn { get; init; }

    /// <summary>Last day with the team (「2月12日で退職」); null while staying. Not on duty in a shift that runs past it.</summary>
    public DateOnly? LeavesOn { get; init; }

    /// <summary>
    /// The days of the week they work, as the API names them (<c>["mon","tue","wed"]</c>, week order), for a part-timer; null:
    /// the team's working days (Monday to Friday). On duty on a weekday they do not work, their partner is paged in their place.
    /// </summary>
    public IReadOnlyList<string>? WorkingDays { get; init; }

    public ExperienceLevel Level { get; init; } = ExperienceLevel.Auto;

    public Area Area { get; init; } = Area.Server;

    public bool Active { get; init; } = true;

    /// <summary>Short name for subjects and greetings: the family name for ja ("山田"), the given name for en.</summary>
    public string ShortName => ShortNameOf(DisplayName);

    /// <summary>
    /// The first word of a display name (<see cref="ShortName"/>), for anyone known by display name only. Markup-like runs
    /// (<c>&lt;img …&gt;</c>, an unclosed <c>&lt;b</c>) are passed over, so 「&lt;img src=x&gt; 悪意」 is called 「悪意さん」, not
    /// 「&lt;imgさん」 (trial 34 L8); a name of nothing else keeps its first word (encoded wherever it is shown). Words end at a space or
    /// an ideographic (full-width) space, as Japanese IMEs type 「山田　太郎」 (called 「山田　太郎さん」 before).
    /// </summary>
    public static string ShortNameOf(string displayName)
    {
        var words = displayName.Split(WordBreaks, StringSplitOptions.RemoveEmptyEntries);
        var text = MarkupRun().Replace(displayName, " ").Split(WordBreaks, StringSplitOptions.RemoveEmptyEntries).Where(w => w.IndexOfAny(['<', '>']) < 0);
        return text.FirstOrDefault() ?? (words.Length > 0 ? words[0] : displayName);
    }

    private static readonly char[] WordBreaks = [' ', '\u3000'];

    [GeneratedRegex("<[A-Za-z/!][^<>]*(>|$)")]
    private static partial Regex MarkupRun();

    /// <summary>
    /// Stands in for an id no longer on the roster, never emailed: shown by the name they had when taken off it (<paramref name="former"/>,
    /// kept since <see cref="FormerMember"/> records existed), else by id; in <paramref name="timeZone"/>, the zone of what they are named
    /// in (the rotation's, or the team's), their own being gone with them.
    /// </summary>
    public static Member Missing(string id, string timeZone, FormerMember? former = null) =>
        new() { Id = id, DisplayName = former?.DisplayName ?? id, Email = "", Language = former?.Language ?? Language.En, TimeZone = timeZone, Active = false };

    /// <summary>
    /// True when <paramref name="address"/> (a sign-in's mail address or UPN) is this member's: their roster address or their UPN,
    /// trimmed, in any case.
    /// </summary>
    public bool HasAddress(string? address) =>
        !string.IsNullOrWhiteSpace(address)
        && (IsMailedAt(address) || string.Equals(Upn?.Trim(), address.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True when <paramref name="who"/>, a person as a form or the API recorded them (a retro's author, say), is this member: their id,
    /// one of their addresses (<see cref="HasAddress"/>) or their name as people type it (<see cref="SameName"/>).
    /// </summary>
    public bool IsRecordedAs(string? who) => who is not null && (Id == who || HasAddress(who) || SameName(DisplayName, who));

    /// <summary>
    /// Whether two display names name the same person as people type them: ignoring spaces (「山田 太郎」, 「山田太郎」) and case.
    /// </summary>
    public static bool SameName(string? a, string? b) =>
        a is not null && b is not null && string.Equals(WithoutSpaces(a), WithoutSpaces(b), StringComparison.OrdinalIgnoreCase) && WithoutSpaces(a).Length > 0;

    private static string WithoutSpaces(string name) => string.Concat(name.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>The Entra object id <see cref="Upn"/> holds, when it holds one (not a UPN); null otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid? ObjectId => Guid.TryParse(Upn?.Trim(), out var id) ? id : null;

    /// <summary>
    /// True when a sign-in is this member's. A member whose <see cref="Upn"/> holds an Entra object id is matched by the sign-in's
    /// <c>oid</c> claim when it carries one (it never changes, and cannot be claimed by another account the way a mail address can);
    /// anyone else, or a sign-in without <c>oid</c>, by any of its <paramref name="addresses"/> (<see cref="HasAddress"/>).
    /// </summary>
    public bool IsSignedInAs(IEnumerable<string> addresses, string? objectId) =>
        ObjectId is { } id && Guid.TryParse(objectId?.Trim(), out var oid) ? id == oid : addresses.Any(HasAddress);

    /// <summary>True when <paramref name="address"/> is this member's roster mail address, trimmed, in any case (not their UPN).</summary>
    public bool IsMailedAt(string address) => SameAddress(Email, address);

    /// <summary>
    /// The rule of <see cref="IsMailedAt"/> for an address known without its member (the pair's, a page's names): trimmed, in any
    /// case. OnDuty's one rule for "the same person's recorded key" — member ids and sign-in subjects compare this way too.
    /// </summary>
    public static bool SameAddress(string? known, string address) =>
        known is not null && string.Equals(known.Trim(), address.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether they work on <paramref name="day"/> (everyone works the team's days unless <see cref="WorkingDays"/> is set).</summary>
    public bool WorksOn(DayOfWeek day) =>
        WorkingDays is not { } days ? Team.WorkingDays.Team.Contains(day) : days.Any(d => Team.WorkingDays.Parse(d) == day);

    /// <summary>The date it is for them at <paramref name="at"/>: in their zone (<paramref name="fallback"/> for one not known).</summary>
    public DateOnly DateAt(DateTimeOffset at, TimeZoneInfo fallback) => TimeZones.DateAt(at, TimeZones.TryFind(TimeZone, out var zone) ? zone : fallback);

    /// <summary>
    /// Whether they are a part-timer who does not work on <paramref name="date"/> (their own date: <see cref="DateAt"/>), a team
    /// working weekday (Monday to Friday). Weekends and holidays are the same for everyone on duty: nobody's partner stands in for them then.
    /// </summary>
    public bool IsOffOn(DateOnly date) => WorkingDays is not null && Team.WorkingDays.Team.Contains(date.DayOfWeek) && !WorksOn(date.DayOfWeek);

    /// <summary>Whether <see cref="WorkingDays"/> leaves out any of the team's working days (someone to name as 「月・火・水のみ」).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool PartTime => WorkingDays is not null && Team.WorkingDays.Team.Any(d => !WorksOn(d));

    public bool IsExperiencedOn(DateOnly date) => Level switch
    {
        ExperienceLevel.Senior => true,
        ExperienceLevel.Junior => false,
        // Counted in days between the two, not by adding a year to the joining date: that overflows at the calendar's end.
        _ => date.DayNumber - JoinedOn.DayNumber >= (int)ExperiencedAfter.TotalDays,
    };

    public void Validate()
    {
        var errors = new ValidationErrors();
        errors.When(!Slug.IsValid(Id), "id", Slug.Rule);
        errors.When(string.IsNullOrWhiteSpace(DisplayName), "displayName", "is required");
        errors.When(DisplayName?.Length > 200, "displayName", "must be at most 200 characters");
        errors.CheckLine("displayName", DisplayName);
        errors.When(!EmailAddress.IsValid(Email), "email", "must be a valid email address");
        errors.When(Upn is not null && !EmailAddress.IsValid(Upn) && !Guid.TryParse(Upn, out _), "upn", "must be a user principal name (name@tenant) or an Entra object id");
        errors.When(Phone is not null && !Notifications.PhoneNumber.IsValid(Phone), "phone", Notifications.PhoneNumber.Rule);
        errors.When(CallAfterMinutes is < 0 or > MaxCallAfterMinutes, "callAfterMinutes", $"must be 0 (call at the first page) to {MaxCallAfterMinutes} minutes, or null (no personal rule)");
        errors.When(!TimeZones.TryFind(TimeZone, out _), "timeZone", $"'{TimeZone}' is not a known IANA time zone");
        errors.When(JoinedOn == default && Level == ExperienceLevel.Auto, "joinedOn", "is required unless level is junior or senior");
        errors.When(LeavesOn is { } last && JoinedOn != default && last < JoinedOn, "leavesOn", "must be on or after joinedOn");
        errors.When(WorkingDays is { } days && !Team.WorkingDays.IsValid(days), "workingDays", Team.WorkingDays.Rule);
        errors.When(!Enum.IsDefined(Language), "language", "must be ja or en");
        errors.When(!Enum.IsDefined(Area), "area", "must be client or server");
        errors.ThrowIfAny();
    }
}
