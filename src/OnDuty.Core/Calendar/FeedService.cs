using System.Security.Cryptography;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Calendar;

/// <summary>
/// Subscribable calendars of duty shifts (iCalendar, per rotation and per member) and the read-only schedule page,
/// reached with a long random secret in the URL because calendar servers cannot sign in. Secrets are revocable.
/// </summary>
public sealed class FeedService(
    IFeedTokenRepository tokens,
    IFeedRevisionStore revisions,
    IRotationRepository rotations,
    IRosterRepository roster,
    RotationService schedules,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<TeamOptions> team,
    ILogger<FeedService>? logger = null,
    IOptions<Incidents.IncidentOptions>? incidents = null)
{
    /// <summary>How far the feeds reach, in weeks.</summary>
    public const int WeeksBack = 8;

    public const int WeeksAhead = 26;

    public const int MaxTokensPerFeed = 20;

    /// <summary>A feed's https URL as <c>webcal://</c>, which a phone or desktop opens in its calendar app to subscribe.</summary>
    public static string Webcal(string url) => "webcal" + url[url.IndexOf("://", StringComparison.Ordinal)..];

    /// <summary>
    /// A new secret for the feed (at most <see cref="MaxTokensPerFeed"/> live ones, the admin's and the member's together; at the
    /// cap nothing is stored). <paramref name="byMember"/>: made by the member on their own page (<see cref="FeedToken.ByMember"/>).
    /// </summary>
    public async Task<CreatedFeed> CreateAsync(FeedOwner owner, string? note, CancellationToken cancellationToken, bool byMember = false)
    {
        new ValidationErrors().When(note?.Length > 200, "note", "must be at most 200 characters").ThrowIfAny();
        await EnsureOwnerExistsAsync(owner, cancellationToken);
        if ((await tokens.ListAsync(owner, cancellationToken)).Count >= MaxTokensPerFeed)
        {
            throw new ValidationException("feeds", $"at most {MaxTokensPerFeed} feed URLs per {owner.Kind.ToString().ToLowerInvariant()}; revoke one first");
        }

        var secret = FeedSecret.Generate();
        var hash = FeedSecret.Hash(secret);
        var feed = new FeedToken
        {
            Owner = owner,
            Id = FeedSecret.IdOf(hash),
            TokenHash = hash,
            CreatedAt = time.GetUtcNow(),
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            ByMember = byMember,
        };
        await tokens.AddAsync(feed, cancellationToken);
        return new CreatedFeed(feed, secret);
    }

    public async Task<IReadOnlyList<FeedToken>> ListAsync(FeedOwner owner, CancellationToken cancellationToken)
    {
        await EnsureOwnerExistsAsync(owner, cancellationToken);
        return await tokens.ListAsync(owner, cancellationToken);
    }

    /// <summary>The member's feed URLs they made on their own page (<see cref="FeedToken.ByMember"/>), oldest first; an admin's are not listed.</summary>
    public async Task<IReadOnlyList<FeedToken>> ListByMemberAsync(string memberId, CancellationToken cancellationToken) =>
        [.. (await ListAsync(new FeedOwner(FeedKind.Member, memberId), cancellationToken)).Where(f => f.ByMember)];

    /// <summary>
    /// Revokes one of the member's own feed URLs (<see cref="FeedToken.ByMember"/>); an admin's, another member's or an unknown id
    /// is <see cref="NotFoundException"/>, nothing revoked.
    /// </summary>
    public async Task RevokeByMemberAsync(string memberId, string feedId, CancellationToken cancellationToken)
    {
        var owner = new FeedOwner(FeedKind.Member, memberId);
        if (!(await tokens.ListAsync(owner, cancellationToken)).Any(f => f.ByMember && string.Equals(f.Id, feedId, StringComparison.OrdinalIgnoreCase)))
        {
            throw new NotFoundException("Feed", feedId);
        }

        await RevokeAsync(owner, feedId, cancellationToken);
    }

    public async Task RevokeAsync(FeedOwner owner, string feedId, CancellationToken cancellationToken)
    {
        if (!await tokens.DeleteAsync(owner, feedId, cancellationToken))
        {
            throw new NotFoundException("Feed", feedId);
        }
    }

    /// <summary>
    /// Throws <see cref="NotFoundException"/> — the same answer as for an unknown owner — unless <paramref name="token"/>
    /// is a live secret of this feed, so ids cannot be probed with a wrong token.
    /// </summary>
    public async Task AuthorizeAsync(FeedOwner owner, string? token, CancellationToken cancellationToken)
    {
        if (Slug.IsValid(owner.Id) && FeedSecret.IsWellFormed(token))
        {
            var hash = FeedSecret.Hash(token!);
            var stored = await tokens.FindAsync(owner, hash, cancellationToken);
            if (stored is not null && FeedSecret.HashesEqual(stored.TokenHash, hash))
            {
                return;
            }
        }

        throw new NotFoundException("Calendar", owner.Id);
    }

    /// <summary>The rotation's shifts from <see cref="WeeksBack"/> weeks ago to <see cref="WeeksAhead"/> ahead as iCalendar text.</summary>
    public async Task<string> RotationCalendarAsync(string rotationId, CancellationToken cancellationToken)
    {
        var input = await schedules.LoadInputAsync(rotationId, cancellationToken);
        var language = TeamLanguage;
        var calendar = NewCalendar($"{input.Rotation.DisplayName(language)}", input.Rotation.TimeZone);
        AddZone(calendar, input.Rotation.TimeZone);
        var shifts = Window(input);
        var revised = await RevisionsAsync(rotationId, shifts, cancellationToken);
        var former = await FormerAsync(input, shifts, cancellationToken);
        foreach (var shift in shifts)
        {
            calendar.Events.Add(Event(input, shift, revised[shift.StartDate], language, null, former));
            foreach (var cover in shift.Covers.Where(c => c.Applies))
            {
                calendar.Events.Add(CoverEvent(input, shift, cover, language));
            }
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>One member's shifts across every rotation they are in, in their language.</summary>
    public async Task<string> MemberCalendarAsync(string memberId, CancellationToken cancellationToken)
    {
        var member = (await roster.GetMemberAsync(memberId, cancellationToken))?.Value ?? throw new NotFoundException("Calendar", memberId);
        var language = member.Language;
        var calendar = NewCalendar(renderer.Text(new MemberFeedNameNotice(language, member.DisplayName)), null);
        foreach (var rotation in (await rotations.ListAsync(cancellationToken)).Select(r => r.Value).Where(r => r.Members.Contains(memberId)).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var input = await schedules.LoadInputAsync(rotation.Id, cancellationToken);
            var window = Window(input);
            var mine = window.Where(s => s.MemberIds.Contains(memberId)).ToList();

            // Covering someone for part of a shift: an event for just that time.
            var covering = window.SelectMany(s => s.Covers.Where(c => c.Applies && c.ReplacementId == memberId).Select(c => (Shift: s, Cover: c))).ToList();
            if (mine.Count > 0 || covering.Count > 0)
            {
                AddZone(calendar, rotation.TimeZone);
            }

            var revised = await RevisionsAsync(rotation.Id, mine, cancellationToken);
            var former = await FormerAsync(input, mine, cancellationToken);
            foreach (var shift in mine)
            {
                calendar.Events.Add(Event(input, shift, revised[shift.StartDate], language, memberId, former));
            }

            foreach (var (shift, cover) in covering)
            {
                calendar.Events.Add(CoverEvent(input, shift, cover, language));
            }
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>The coming weeks as a small read-only HTML page.</summary>
    public async Task<string> SchedulePageAsync(string rotationId, Language language, int weeks, CancellationToken cancellationToken)
    {
        var schedule = await schedules.GetScheduleAsync(rotationId, null, weeks, cancellationToken);
        // A rotation other than Incidents__RotationId is announced, reminded and in calendars but pages nobody: its page says so.
        var paging = incidents?.Value.RotationId;
        return renderer.Page(new SchedulePageNotice(language, schedule, time.GetUtcNow())
        {
            PagingRotationId = paging is not null && !string.Equals(paging, schedule.Rotation.Id, StringComparison.Ordinal) ? paging : null,
        });
    }

    private Language TeamLanguage => team.Value.TeamLanguage;

    private async Task EnsureOwnerExistsAsync(FeedOwner owner, CancellationToken cancellationToken)
    {
        var exists = owner.Kind == FeedKind.Rotation
            ? await rotations.GetAsync(owner.Id, cancellationToken) is not null
            : await roster.GetMemberAsync(owner.Id, cancellationToken) is not null;
        if (!exists)
        {
            throw new NotFoundException(owner.Kind.ToString(), owner.Id);
        }
    }

    private IReadOnlyList<ScheduledShift> Window(ScheduleInput input)
    {
        var calendar = input.Calendar();
        var current = calendar.ShiftIndexAt(time.GetUtcNow());
        var weeks = input.Rotation.ShiftWeeks;
        var first = input.ClampToFirst(current - ((WeeksBack + weeks - 1) / weeks));
        var last = Math.Min(ScheduleCalculator.MaxIndex - 1, current + ((WeeksAhead + weeks - 1) / weeks));
        return last < first ? [] : ScheduleCalculator.Compute(input, first, last - first + 1);
    }

    private static Ical.Net.Calendar NewCalendar(string name, string? zone)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//OnDuty//Duty calendar//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        if (zone is not null)
        {
            calendar.AddProperty("X-WR-TIMEZONE", zone);
        }

        // Hints for subscribing clients: refresh about every 6 hours.
        calendar.AddProperty("REFRESH-INTERVAL;VALUE=DURATION", "PT6H");
        calendar.AddProperty("X-PUBLISHED-TTL", "PT6H");
        return calendar;
    }

    private void AddZone(Ical.Net.Calendar calendar, string zone)
    {
        if (!calendar.TimeZones.Any(z => z.TzId == zone))
        {
            calendar.AddTimeZone(ZoneDefinition(zone, time.GetUtcNow()));
        }
    }

    /// <summary>
    /// The VTIMEZONE of <paramref name="zoneId"/>. A zone that keeps one offset from <paramref name="now"/> on (Asia/Tokyo since
    /// 1951) is one STANDARD observance with that offset from and to, starting in the past: the library would repeat the zone's
    /// last historical change every year (Tokyo's 1951 end of summer time as a yearly +10:00 → +09:00 change). A zone with
    /// summer time now gets its current rules from the library.
    /// </summary>
    internal static VTimeZone ZoneDefinition(string zoneId, DateTimeOffset now)
    {
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone && zone.GetZoneInterval(Instant.FromDateTimeOffset(now)) is { HasEnd: false } steady)
        {
            var offset = new UtcOffset(steady.WallOffset.ToTimeSpan());
            var definition = new VTimeZone { TzId = zoneId };
            definition.TimeZoneInfos.Add(new Ical.Net.VTimeZoneInfo("STANDARD")
            {
                DtStart = new CalDateTime(new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), null, true),
                OffsetFrom = offset,
                OffsetTo = offset,
                TimeZoneName = steady.Name,
            });
            return definition;
        }

        return VTimeZone.FromDateTimeZone(zoneId, new DateTime(2000, 1, 1), includeHistoricalData: false);
    }

    /// <summary>
    /// The revision each of <paramref name="shifts"/> is served at: the stored one while who and when are unchanged, else the
    /// next (stored first, so every feed and every instance serves the same number and it never goes down). A shift seen for
    /// the first time starts at the number earlier versions derived from its members and times, so calendars subscribed before
    /// keep taking updates. Two readers revising at once: the loser reads again and serves the winner's revision.
    /// </summary>
    private async Task<IReadOnlyDictionary<DateOnly, FeedRevision>> RevisionsAsync(string rotationId, IReadOnlyList<ScheduledShift> shifts, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        var now = time.GetUtcNow();
        var result = new Dictionary<DateOnly, FeedRevision>();
        for (var attempt = 1; ; attempt++)
        {
            var stored = (await revisions.ListAsync(rotationId, cancellationToken)).ToDictionary(r => r.Value.ShiftStart);
            var lost = false;
            foreach (var shift in shifts.Where(s => !result.ContainsKey(s.StartDate)))
            {
                var fingerprint = Fingerprint(shift);
                var current = stored.GetValueOrDefault(shift.StartDate);
                if (current?.Value.Fingerprint == fingerprint)
                {
                    result[shift.StartDate] = current.Value;
                    continue;
                }

                var next = current is null
                    ? new FeedRevision { RotationId = rotationId, ShiftStart = shift.StartDate, Fingerprint = fingerprint, Sequence = FirstSequence(shift) }
                    : current.Value.Next(fingerprint, now);
                if (attempt == attempts || await TrySaveAsync(next, current?.ETag, cancellationToken))
                {
                    // On the last attempt the revision is served unsaved: one higher than stored is still never lower.
                    result[shift.StartDate] = next;
                }
                else
                {
                    lost = true;
                }
            }

            if (!lost)
            {
                return result;
            }
        }
    }

    /// <summary>
    /// Saves a revision; storage refusing the write (throttled, read-only, down after the schedule was read) serves it unsaved
    /// rather than failing the calendar app's poll: one higher than stored is still never lower, and the next poll saves it.
    /// </summary>
    private async Task<bool> TrySaveAsync(FeedRevision next, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            return await revisions.TrySaveAsync(next, etag, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (logger ?? NullLogger<FeedService>.Instance).LogWarning(ex, "Feed revision of {Rotation} {ShiftStart} not saved; served unsaved", next.RotationId, next.ShiftStart);
            return true;
        }
    }

    /// <summary>
    /// Those taken off the roster, for the past weeks that name them (a removal leaves no one on duty now or later): read only when a
    /// shift of <paramref name="shifts"/> names someone the roster no longer has.
    /// </summary>
    private async Task<IReadOnlyList<FormerMember>> FormerAsync(ScheduleInput input, IEnumerable<ScheduledShift> shifts, CancellationToken cancellationToken) =>
        shifts.SelectMany(s => s.MemberIds).Any(id => !input.Roster.ContainsKey(id)) ? await roster.ListFormerMembersAsync(cancellationToken) : [];

    private CalendarEvent Event(ScheduleInput input, ScheduledShift shift, FeedRevision revision, Language language, string? forMemberId, IReadOnlyList<FormerMember> former)
    {
        var text = renderer.Email(new FeedEventNotice(language, input.Rotation, shift, input.Roster, forMemberId) { MovedStarts = input.Calendar().MovedStarts([shift]), Former = former });
        var rotation = input.Rotation;
        var zone = TimeZones.Find(rotation.TimeZone);
        var start = TimeZoneInfo.ConvertTime(shift.StartsAt, zone).DateTime;
        var end = TimeZoneInfo.ConvertTime(shift.EndsAt, zone).DateTime;
        var frozen = input.State.Frozen.FirstOrDefault(f => f.ShiftStart == shift.StartDate);
        var changedAt = new[] { frozen?.FrozenAt, input.State.Overrides.Where(o => o.ShiftStart == shift.StartDate).Select(o => (DateTimeOffset?)o.CreatedAt).Max(), revision.ChangedAt }.Max();
        var e = new CalendarEvent
        {
            Uid = $"{rotation.Id}-{shift.StartDate:yyyy-MM-dd}@onduty",
            DtStart = new CalDateTime(DateTime.SpecifyKind(start, DateTimeKind.Unspecified), rotation.TimeZone, true),
            DtEnd = new CalDateTime(DateTime.SpecifyKind(end, DateTimeKind.Unspecified), rotation.TimeZone, true),
            DtStamp = new CalDateTime(time.GetUtcNow().UtcDateTime, "UTC", true),
            Summary = text.Subject,
            Description = text.Text,
            Sequence = revision.Sequence,
            Transparency = "TRANSPARENT",
        };
        if (changedAt is { } at)
        {
            e.LastModified = new CalDateTime(at.UtcDateTime, "UTC", true);
        }

        return e;
    }

    /// <summary>A cover for part of a shift as its own event, from its start to its end (uid from the cover's id).</summary>
    private CalendarEvent CoverEvent(ScheduleInput input, ScheduledShift shift, Cover cover, Language language)
    {
        var text = renderer.Email(new FeedEventNotice(language, input.Rotation, shift, input.Roster, cover.ReplacementId) { Cover = cover });
        var rotation = input.Rotation;
        var zone = TimeZones.Find(rotation.TimeZone);
        var start = TimeZoneInfo.ConvertTime(cover.From, zone).DateTime;
        var end = TimeZoneInfo.ConvertTime(cover.To, zone).DateTime;
        return new CalendarEvent
        {
            Uid = $"{rotation.Id}-cover-{cover.Id}@onduty",
            DtStart = new CalDateTime(DateTime.SpecifyKind(start, DateTimeKind.Unspecified), rotation.TimeZone, true),
            DtEnd = new CalDateTime(DateTime.SpecifyKind(end, DateTimeKind.Unspecified), rotation.TimeZone, true),
            DtStamp = new CalDateTime(time.GetUtcNow().UtcDateTime, "UTC", true),
            LastModified = new CalDateTime(cover.CreatedAt.UtcDateTime, "UTC", true),
            Summary = text.Subject,
            Description = text.Text,
            Transparency = "TRANSPARENT",
        };
    }

    /// <summary>Who is on the shift and when it runs: what a revision is of.</summary>
    private static string Fingerprint(ScheduledShift shift)
    {
        // Covers for part of it too (none before they existed, so a shift without any keeps its first number).
        var covers = string.Join(",", shift.Covers.Where(c => c.Applies).Select(c => c.Id));
        return $"{string.Join(",", shift.MemberIds)}|{shift.StartsAt.ToUnixTimeSeconds()}|{shift.EndsAt.ToUnixTimeSeconds()}" + (covers.Length == 0 ? "" : $"|{covers}");
    }

    /// <summary>The first revision's number: what earlier versions served as SEQUENCE (a hash of the fingerprint).</summary>
    private static int FirstSequence(ScheduledShift shift) =>
        (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(Fingerprint(shift))), 0) & 0x7FFFFFFF);
}
