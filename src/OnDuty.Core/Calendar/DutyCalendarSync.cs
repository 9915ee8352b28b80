using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Calendar;

/// <summary>Duty weeks in members' calendars (section <c>Graph:Calendar</c>; environment variables <c>Graph__Calendar__…</c>).</summary>
public sealed class DutyCalendarOptions
{
    public const string SectionName = "Graph:Calendar";

    /// <summary>Shifts kept in members' calendars, the current one included; 0 = off.</summary>
    [Range(0, 26, ErrorMessage = "Graph__Calendar__WeeksAhead must be between 0 (off) and 26.")]
    public int WeeksAhead { get; set; } = 4;
}

/// <summary>A duty week as it should appear in one member's calendar.</summary>
public sealed record DutyEvent(
    string RotationId,
    DateOnly ShiftStart,
    string MemberId,
    string Mailbox,
    string Week,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    string Subject,
    string HtmlBody)
{
    /// <summary><c>{shiftStart}|{memberId}</c>: one event per member and shift.</summary>
    public string Key => CalendarEventRecord.KeyOf(ShiftStart, MemberId);

    /// <summary>Changes when anything shown in the event changes (then the event is updated).</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(
        "\n", Mailbox.ToLowerInvariant(), Subject, StartsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        EndsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), TimeZone, HtmlBody))))[..32];
}

public enum CalendarEventStatus
{
    Active,
    Cancelled,
}

/// <summary>What was put in a member's calendar for a shift (table <c>CalendarEvents</c>, PK rotation, RK <see cref="Key"/>).</summary>
public sealed record CalendarEventRecord
{
    public required string RotationId { get; init; }

    public required DateOnly ShiftStart { get; init; }

    public required string MemberId { get; init; }

    public required string Mailbox { get; init; }

    public required string Week { get; init; }

    /// <summary>The Graph event id returned when the event was created.</summary>
    public required string EventId { get; init; }

    public required string Fingerprint { get; init; }

    public CalendarEventStatus Status { get; init; } = CalendarEventStatus.Active;

    /// <summary>Counts creations for this member and shift; part of the idempotency key so a re-created event is new.</summary>
    public int Generation { get; init; } = 1;

    public DateTimeOffset UpdatedAt { get; init; }

    public string Key => KeyOf(ShiftStart, MemberId);

    public static string KeyOf(DateOnly shiftStart, string memberId) =>
        string.Create(CultureInfo.InvariantCulture, $"{shiftStart:yyyy-MM-dd}|{memberId}");

    /// <summary>Graph's <c>transactionId</c> for creating this event: the same on a retry after a lost answer, new for a new generation.</summary>
    public static string TransactionId(string rotationId, DateOnly shiftStart, string memberId, int generation)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"onduty|{rotationId}|{KeyOf(shiftStart, memberId)}|{generation}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}

/// <summary>Stored calendar events, one partition per rotation.</summary>
public interface ICalendarEventStore
{
    /// <summary>Records of shifts starting on or after <paramref name="from"/> (single-partition range query).</summary>
    Task<IReadOnlyList<CalendarEventRecord>> ListAsync(string rotationId, DateOnly from, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the record.</summary>
    Task SaveAsync(CalendarEventRecord record, CancellationToken cancellationToken);
}

/// <summary>Members' calendars. Implemented over Graph (<c>/users/{mailbox}/events</c>).</summary>
public interface IMemberCalendar
{
    bool Enabled { get; }

    /// <summary>Creates the event; a repeated call with the same <paramref name="transactionId"/> returns the first event's id.</summary>
    Task<string> CreateAsync(DutyEvent duty, string transactionId, CancellationToken cancellationToken);

    /// <summary>Updates subject, times and body. <exception cref="NotFoundException">The event is gone (deleted by the member).</exception></summary>
    Task UpdateAsync(string eventId, DutyEvent duty, CancellationToken cancellationToken);

    /// <summary>Removes the event from the member's calendar (it has no attendees, so it is deleted rather than cancelled as a meeting);
    /// an event already gone is fine. <paramref name="comment"/> says why, for the log.</summary>
    Task CancelAsync(string mailbox, string eventId, string comment, CancellationToken cancellationToken);
}

public enum CalendarChangeKind
{
    Create,
    Update,
    Cancel,
}

/// <summary>One step to bring a calendar in line: <see cref="Desired"/> is null for Cancel, <see cref="Existing"/> null for a first Create.</summary>
public sealed record CalendarChange(CalendarChangeKind Kind, DutyEvent? Desired, CalendarEventRecord? Existing);

/// <summary>The pure diff between the events the schedule wants and the ones stored.</summary>
public static class CalendarReconciler
{
    /// <summary>
    /// Per member and shift: wanted and not active → Create (a new generation if one was cancelled); active with another
    /// fingerprint → Update (same mailbox) or Cancel + Create (the member's mailbox changed); active and not wanted → Cancel.
    /// Cancels come first so a member never holds two events for one week.
    /// </summary>
    public static IReadOnlyList<CalendarChange> Diff(IEnumerable<DutyEvent> desired, IEnumerable<CalendarEventRecord> existing)
    {
        var stored = existing.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var wanted = desired.ToDictionary(d => d.Key, StringComparer.Ordinal);
        var cancels = new List<CalendarChange>();
        var rest = new List<CalendarChange>();
        foreach (var record in stored.Values.Where(r => r.Status == CalendarEventStatus.Active && !wanted.ContainsKey(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            cancels.Add(new CalendarChange(CalendarChangeKind.Cancel, null, record));
        }

        foreach (var duty in wanted.Values.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var record = stored.GetValueOrDefault(duty.Key);
            if (record is null || record.Status == CalendarEventStatus.Cancelled)
            {
                rest.Add(new CalendarChange(CalendarChangeKind.Create, duty, record));
            }
            else if (!string.Equals(record.Mailbox, duty.Mailbox, StringComparison.OrdinalIgnoreCase))
            {
                cancels.Add(new CalendarChange(CalendarChangeKind.Cancel, null, record));
                rest.Add(new CalendarChange(CalendarChangeKind.Create, duty, record with { Status = CalendarEventStatus.Cancelled }));
            }
            else if (record.Fingerprint != duty.Fingerprint)
            {
                rest.Add(new CalendarChange(CalendarChangeKind.Update, duty, record));
            }
        }

        return [.. cancels, .. rest];
    }
}

/// <summary>What one calendar sync did.</summary>
public sealed record CalendarSyncResult(int Created, int Updated, int Cancelled, IReadOnlyList<string> Errors);

/// <summary>
/// Keeps each member's Outlook calendar in step with the schedule: an event per member and shift for the current shift and
/// the next <c>Graph__Calendar__WeeksAhead</c> − 1, created once (Graph's transactionId makes a retried create return the
/// same event), updated when its details change (the partner swapped, times moved), cancelled when the week changes hands.
/// Runs hourly (<c>SyncDutyCalendars</c>). Past shifts are never touched. One failing change is logged and retried next run.
/// </summary>
public sealed class DutyCalendarSync(
    IRotationRepository rotations,
    IRosterRepository roster,
    ICalendarEventStore store,
    IMemberCalendar calendars,
    IWorkingCalendar workingCalendar,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<DutyCalendarOptions> options,
    ILogger<DutyCalendarSync> logger)
{
    private readonly ScheduleLoader _schedules = new(rotations, roster, workingCalendar);

    private int WeeksAhead => options.Value.WeeksAhead;

    public bool Enabled => calendars.Enabled && WeeksAhead > 0;

    public async Task<CalendarSyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        var result = new CalendarSyncResult(0, 0, 0, []);
        if (!Enabled)
        {
            return result;
        }

        var team = await _schedules.LoadRosterAsync(cancellationToken).ConfigureAwait(false);
        var members = team.Members;
        foreach (var rotation in await rotations.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            // Loaded like mail, feeds and the page (working calendar included): an Outlook event starts at the moved handoff too.
            var desired = Desired(await _schedules.LoadAsync(rotation.Value, team, cancellationToken).ConfigureAwait(false), out var from);
            if (from is null)
            {
                continue;
            }

            var existing = await store.ListAsync(rotation.Value.Id, from.Value, cancellationToken).ConfigureAwait(false);
            foreach (var change in CalendarReconciler.Diff(desired, existing))
            {
                result = await ApplyAsync(change, members, result, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    /// <summary>The events the schedule wants from the current shift on; <paramref name="from"/> is the current shift's start.</summary>
    internal IReadOnlyList<DutyEvent> Desired(ScheduleInput input, out DateOnly? from)
    {
        var rotation = input.Rotation;
        var calendar = input.Calendar();
        var index = Math.Max(0, calendar.ShiftIndexAt(time.GetUtcNow()));
        from = calendar.ShiftStartDate(index);
        var events = new List<DutyEvent>();
        foreach (var shift in ScheduleCalculator.Compute(input, index, WeeksAhead))
        {
            foreach (var id in shift.MemberIds)
            {
                if (input.Roster.TryGetValue(id, out var member) && EmailAddress.IsValid(member.Email))
                {
                    events.Add(Compose(rotation, shift, member, input.Roster));
                }
            }
        }

        return events;
    }

    internal DutyEvent Compose(Rotation rotation, ScheduledShift shift, Member member, IReadOnlyDictionary<string, Member> roster)
    {
        var partners = shift.MemberIds.Where(id => id != member.Id).Select(id => roster.TryGetValue(id, out var m) ? m.DisplayName : id).ToList();
        var rendered = renderer.Email(new DutyCalendarEventNotice(member.Language, rotation, shift, partners));
        return new DutyEvent(rotation.Id, shift.StartDate, member.Id, member.Email, shift.Week, shift.StartsAt, shift.EndsAt, rotation.TimeZone, rendered.Subject, rendered.Html);
    }

    private async Task<CalendarSyncResult> ApplyAsync(CalendarChange change, IReadOnlyDictionary<string, Member> members, CalendarSyncResult result, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            switch (change.Kind)
            {
                case CalendarChangeKind.Create:
                    var duty = change.Desired!;
                    var generation = (change.Existing?.Generation ?? 0) + 1;
                    var eventId = await calendars.CreateAsync(duty, CalendarEventRecord.TransactionId(duty.RotationId, duty.ShiftStart, duty.MemberId, generation), cancellationToken).ConfigureAwait(false);
                    await store.SaveAsync(Record(duty, eventId, generation, now), cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Calendar event for {Member} in {Week} of {Rotation} created", duty.MemberId, duty.Week, duty.RotationId);
                    return result with { Created = result.Created + 1 };

                case CalendarChangeKind.Update:
                    var updated = change.Desired!;
                    var existing = change.Existing!;
                    try
                    {
                        await calendars.UpdateAsync(existing.EventId, updated, cancellationToken).ConfigureAwait(false);
                        await store.SaveAsync(Record(updated, existing.EventId, existing.Generation, now), cancellationToken).ConfigureAwait(false);
                        return result with { Updated = result.Updated + 1 };
                    }
                    catch (NotFoundException)
                    {
                        // The member deleted it: put a new one in.
                        var id = await calendars.CreateAsync(updated, CalendarEventRecord.TransactionId(updated.RotationId, updated.ShiftStart, updated.MemberId, existing.Generation + 1), cancellationToken).ConfigureAwait(false);
                        await store.SaveAsync(Record(updated, id, existing.Generation + 1, now), cancellationToken).ConfigureAwait(false);
                        return result with { Created = result.Created + 1 };
                    }

                default:
                    var record = change.Existing!;
                    var comment = renderer.Text(new DutyEventCancelledNotice(members.TryGetValue(record.MemberId, out var member) ? member.Language : Language.En, record.Week));
                    await calendars.CancelAsync(record.Mailbox, record.EventId, comment, cancellationToken).ConfigureAwait(false);
                    await store.SaveAsync(record with { Status = CalendarEventStatus.Cancelled, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Calendar event for {Member} in {Week} of {Rotation} cancelled", record.MemberId, record.Week, record.RotationId);
                    return result with { Cancelled = result.Cancelled + 1 };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var what = change.Desired?.Key ?? change.Existing?.Key;
            logger.LogWarning(ex, "Calendar {Change} for {Key} failed; the next run tries again", change.Kind, what);
            return result with { Errors = [.. result.Errors, $"{change.Kind} {what}: {ex.Message}"] };
        }
    }

    private static CalendarEventRecord Record(DutyEvent duty, string eventId, int generation, DateTimeOffset now) => new()
    {
        RotationId = duty.RotationId,
        ShiftStart = duty.ShiftStart,
        MemberId = duty.MemberId,
        Mailbox = duty.Mailbox,
        Week = duty.Week,
        EventId = eventId,
        Fingerprint = duty.Fingerprint,
        Generation = generation,
        UpdatedAt = now,
    };
}
