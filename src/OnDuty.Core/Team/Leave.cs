using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
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

    /// <summary>
    /// When it was entered (stored; null for leave stored before this was kept). Not part of the API: it tells this entry of
    /// the leave from an earlier one with the same id (<see cref="Version"/>).
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset? EnteredAt { get; init; }

    /// <summary>
    /// Names this entry of the leave: a short hash of its dates, source and <see cref="EnteredAt"/>. The mail about it is keyed
    /// by it, so leave cancelled and entered again (same id) is told again, and the same entry never twice.
    /// </summary>
    [JsonIgnore]
    public string Version => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture, $"{From:yyyyMMdd}|{To:yyyyMMdd}|{Source}|{EnteredAt?.UtcTicks}"))))[..12];

    public const string ManualSource = "manual";

    /// <summary>
    /// Id of leave entered in OnDuty: its dates (<c>yyyyMMdd-yyyyMMdd</c>). The mail telling the others on duty of leave is keyed by
    /// these dates whatever the source, so the same days entered again, or read from Outlook too, are told once.
    /// </summary>
    public static string IdOf(DateOnly from, DateOnly to) => string.Create(CultureInfo.InvariantCulture, $"{from:yyyyMMdd}-{to:yyyyMMdd}");

    public const int MaxByLength = 100;

    /// <summary>Leave read from the member's Outlook calendar (out of office); kept in step by <c>OutlookLeaveSync</c>.</summary>
    public const string OutlookSource = "outlook";

    /// <summary>Id of the Outlook leave for a duty week: one per member and week, so syncing again changes nothing.</summary>
    public static string OutlookId(string week) => "outlook-" + week;

    public bool Overlaps(DateOnly from, DateOnly to) => From <= to && from <= To;

    /// <summary>
    /// The instants its days cover in the member's own calendar: from 00:00 of <see cref="From"/> to 00:00 after <see cref="To"/> in
    /// <paramref name="memberZone"/> (trial 59: a PM in San Francisco on the Tokyo roster takes HER Christmas, not Tokyo's).
    /// </summary>
    public (DateTimeOffset From, DateTimeOffset To) Span(TimeZoneInfo memberZone) => SpanOf(From, To, memberZone);

    /// <summary>The instants the days <paramref name="from"/> to <paramref name="to"/> (both included) cover in <paramref name="zone"/>.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) SpanOf(DateOnly from, DateOnly to, TimeZoneInfo zone) =>
        (TimeZones.StartOfDay(from, zone), TimeZones.StartOfDay(to.AddDays(1), zone));

    /// <inheritdoc cref="Span(TimeZoneInfo)"/>
    public (DateTimeOffset From, DateTimeOffset To) Span(Member member, TimeZoneInfo fallback) => Span(ZoneOf(member, fallback));

    /// <summary>
    /// The same leave in the dates of <paramref name="zone"/> (a rotation's, the team's), for what works in its days (eligibility,
    /// replacement lists, leads away): every day there its <see cref="Span(TimeZoneInfo)"/> touches, so a day that overlaps any of
    /// it counts as leave and nobody is scheduled into her holiday. Itself, unchanged, for a member who lives in <paramref name="zone"/>.
    /// </summary>
    public Leave DatesIn(TimeZoneInfo memberZone, TimeZoneInfo zone)
    {
        if (SameZone(memberZone, zone))
        {
            return this;
        }

        var (from, to) = Span(memberZone);
        return this with { From = TimeZones.DateAt(from, zone), To = TimeZones.DateAt(to.AddTicks(-1), zone) };
    }

    /// <inheritdoc cref="DatesIn(TimeZoneInfo, TimeZoneInfo)"/>
    public Leave DatesIn(Member? member, TimeZoneInfo zone) => member is null ? this : DatesIn(ZoneOf(member, zone), zone);

    /// <summary>Whether a member of <paramref name="memberZone"/> reads leave dates in <paramref name="zone"/>'s calendar (the same zone, by any spelling).</summary>
    public static bool SameZone(TimeZoneInfo memberZone, TimeZoneInfo zone) => string.Equals(memberZone.Id, zone.Id, StringComparison.OrdinalIgnoreCase);

    /// <summary>The member's zone; <paramref name="fallback"/> for one not known (a stored zone no longer on this machine).</summary>
    public static TimeZoneInfo ZoneOf(Member member, TimeZoneInfo fallback) => TimeZones.TryFind(member.TimeZone, out var zone) ? zone : fallback;

    /// <summary>Whether <paramref name="day"/> is one of its days (both ends included).</summary>
    public bool Includes(DateOnly day) => Overlaps(day, day);

    public void Validate(IEnumerable<Leave> existingForMember)
    {
        var errors = new ValidationErrors();
        errors.When(To < From, "to", "must not be before from", Refusal.Of(LeaveRefusals.Order));
        errors.When(To.DayNumber - From.DayNumber > 366, "to", "leave longer than a year: split it or deactivate the member", Refusal.Of(LeaveRefusals.TooLong));
        errors.When(Note?.Length > 500, "note", "must be at most 500 characters");
        errors.When(By?.Length > MaxByLength, "by", $"must be at most {MaxByLength} characters");
        errors.CheckLine("note", Note).CheckLine("by", By);
        var clash = existingForMember.FirstOrDefault(l => l.Id != Id && l.Overlaps(From, To));
        if (clash is not null)
        {
            // Where the leave there came from (typed, or read from Outlook), and whether it leaves some of these days unentered: the
            // page tells someone off sick that their days are already leave, and nothing more is needed unless some are not.
            var partly = From < clash.From || clash.To < To;
            errors.Add("from", $"overlaps existing leave {clash.From:yyyy-MM-dd}..{clash.To:yyyy-MM-dd} ({clash.Id})",
                Refusal.Of(LeaveRefusals.Overlaps, ("from", clash.From), ("to", clash.To), ("leave", clash.Id), ("source", clash.Source), ("partly", partly ? "true" : null)));
        }

        errors.ThrowIfAny();
    }
}
