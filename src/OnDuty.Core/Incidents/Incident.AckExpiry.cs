using System.Globalization;
using OnDuty.Core.Comms;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Acknowledgement expiry and snooze (PagerDuty's acknowledgement timeout and snooze): an incident a person acknowledged and then
/// left quiet pages again. Two phases. When the acknowledgement expires — quiet for the severity's <c>Incidents__AckExpiry__…</c>
/// since the holder's last activity, or at the end of a snooze — the holder alone is asked 「まだ対応中ですか？」 by the channels a
/// page uses (<see cref="RecordAckExpired"/>, <see cref="IncidentNotice.StillYours"/>); the acknowledgement stands. If nothing by a
/// person follows within the severity's ack timeout, the acknowledgement is forgotten and escalation goes on from step 1 in a round of
/// its own (<see cref="ExpireAcknowledgement"/>): the pair, then the leads, then the organisation, as for one nobody took.
/// </summary>
/// <remarks>
/// The acknowledgement is forgotten at the second phase, not kept: kept, every rule that says "acknowledged: stop paging" (the
/// escalation, the outbox's re-check of a page, the board) would have to learn an exception, and the board would show the incident
/// as in hand while its escalation runs. Forgotten, the incident is plainly 未確認 again, and the holder — or anyone paged — takes it
/// with the usual 「対応します」.
/// </remarks>
public sealed partial class Incident
{
    /// <summary>The longest snooze allowed (<see cref="Snooze"/>).</summary>
    public static readonly TimeSpan MaxSnooze = TimeSpan.FromHours(24);

    /// <summary>The shortest snooze allowed.</summary>
    public static readonly TimeSpan MinSnooze = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The holder asked to be reminded then (<see cref="Snooze"/>): their acknowledgement expires at this time whatever
    /// <c>Incidents__AckExpiry__…</c> says, and the update reminders by mail wait until then. Cleared when it expires, when someone
    /// else takes the incident over, or when the acknowledgement is forgotten. Null when not snoozed (and on records stored before 12-07).
    /// </summary>
    public DateTimeOffset? SnoozedUntil { get; private set; }

    /// <summary>Who snoozed it (<see cref="SnoozedUntil"/>).</summary>
    public string? SnoozedBy { get; private set; }

    /// <summary>When the holder answered 「まだ対応中ですか？」 with 「対応します」 (<see cref="Acknowledge"/>): their latest activity then.</summary>
    public DateTimeOffset? AckRenewedAt { get; private set; }

    /// <summary>
    /// When the holder was last asked 「まだ対応中ですか？」 (<see cref="RecordAckExpired"/>). While nothing by a person came after it
    /// (<see cref="StillYoursPending"/>) the acknowledgement is on notice: the severity's ack timeout after this time it is forgotten.
    /// </summary>
    public DateTimeOffset? AckExpiredAt { get; private set; }

    /// <summary>How many times an acknowledgement of it expired: the number in the holder's message id (<c>stillYours:{n}</c>), so each pages once.</summary>
    public int AckExpiries { get; private set; }

    /// <summary>
    /// The holder's latest activity: acknowledging or taking it over, an update by a person (what the update cadence counts,
    /// <see cref="IncidentComms.LastPersonUpdateAt"/>), or answering 「まだ対応中ですか？」. Null when no person holds it.
    /// </summary>
    public DateTimeOffset? HolderActiveAt => !AcknowledgedByPerson ? null
        : new[] { AcknowledgedAt, TakenOverAt, Comms.LastPersonUpdateAt, AckRenewedAt }.Max();

    /// <summary>The holder was asked 「まだ対応中ですか？」 and nothing by a person came since: the second phase is coming.</summary>
    public bool StillYoursPending => IsOpen && AcknowledgedByPerson && AckExpiredAt is { } asked && HolderActiveAt < asked;

    /// <summary>
    /// When the acknowledgement expires: the end of a snooze, or <paramref name="expiry"/>'s time for the severity after the holder's
    /// latest activity. Null when it cannot expire: not open, not held by a person (a tool's acknowledgement is handled by the raise
    /// over it), merged, paging nobody, asked already (<see cref="StillYoursPending"/>), or the setting off and not snoozed.
    /// </summary>
    public DateTimeOffset? AckExpiresAt(UpdateIntervals expiry)
    {
        if (!IsOpen || !AcknowledgedByPerson || MergedInto is not null || PagesNobodyFor is not null || StillYoursPending)
        {
            return null;
        }

        if (SnoozedUntil is { } until)
        {
            // The holder chose the time: an update meanwhile does not end it (as PagerDuty's snooze), nor does the setting come first.
            return until;
        }

        return expiry.For(Severity) is { } quiet ? HolderActiveAt + quiet : null;
    }

    /// <summary>Whether the acknowledgement expires by <paramref name="now"/>; a maintenance window holding its pages holds it too.</summary>
    public bool AckExpiryDue(DateTimeOffset now, UpdateIntervals expiry) =>
        AckExpiresAt(expiry) is { } at && at <= now && !(PagesHeldUntil > now);

    /// <summary>Whether the second phase is due by <paramref name="now"/>: asked, nothing since, and the severity's ack timeout passed.</summary>
    public bool AckExpiryEscalationDue(DateTimeOffset now, AckTimeouts timeouts) =>
        StillYoursPending && AckExpiredAt + timeouts.For(Severity) <= now;

    /// <summary>
    /// The holder (<see cref="AcknowledgedBy"/>, a person) snoozes it for <paramref name="length"/>: their acknowledgement expires at
    /// <paramref name="at"/> + <paramref name="length"/> (<see cref="SnoozedUntil"/>), with a timeline row. Snoozing again replaces
    /// the time; it also answers 「まだ対応中ですか？」. The caller checks it is open and acknowledged (409) and the length (400).
    /// <paramref name="zone"/>: the team's, in which the row says until when.
    /// </summary>
    public void Snooze(string by, TimeSpan length, DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (!IsOpen || !AcknowledgedByPerson)
        {
            throw new InvalidOperationException($"{Id} is not open and acknowledged by a person");
        }

        if (length < MinSnooze || length > MaxSnooze)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "out of range");
        }

        SnoozedUntil = at + length;
        SnoozedBy = by;
        AckRenewedAt = at;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.Snoozed,
            By = by,
            Message = string.Format(CultureInfo.InvariantCulture, TimelineTexts.Snoozed, by, (int)length.TotalMinutes, TimelineTexts.Instant(SnoozedUntil.Value, zone)),
        });
    }

    /// <summary>
    /// The first phase: the acknowledgement expired at <paramref name="at"/> (<see cref="AckExpiryDue"/>), the holder is asked
    /// 「まだ対応中ですか？」 — the caller queued that under <see cref="IncidentNotice.StillYours"/>(<see cref="AckExpiries"/> + 1)
    /// before. A timeline row says how long it was quiet, or that the snooze ended. False (nothing changed) when not due: another
    /// run recorded it first, or the holder acted meanwhile.
    /// </summary>
    public bool RecordAckExpired(DateTimeOffset at, UpdateIntervals expiry)
    {
        if (!AckExpiryDue(at, expiry))
        {
            return false;
        }

        var snoozed = SnoozedUntil is not null;
        var quiet = at - HolderActiveAt!.Value;
        AckExpiries++;
        AckExpiredAt = at;
        SnoozedUntil = null;
        SnoozedBy = null;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.AckExpired,
            By = "system",
            Message = string.Format(CultureInfo.InvariantCulture, snoozed ? TimelineTexts.SnoozeEnded : TimelineTexts.AckExpired, AcknowledgedBy, (int)quiet.TotalMinutes),
        });
        return true;
    }

    /// <summary>
    /// The second phase: the holder did not answer 「まだ対応中ですか？」 within the severity's ack timeout (<see cref="AckExpiryEscalationDue"/>).
    /// The acknowledgement is forgotten and a round of pages of its own starts at <paramref name="at"/> (<see cref="StartPageRound"/>,
    /// as a raise over a tool's acknowledgement does): the pair is paged at once — its page says whose acknowledgement lapsed
    /// (<see cref="AckLapsedRound"/>) — and escalation goes on as for an incident nobody took. A timeline row says why. False (nothing
    /// changed) when not due.
    /// </summary>
    public bool ExpireAcknowledgement(DateTimeOffset at, AckTimeouts timeouts)
    {
        if (!AckExpiryEscalationDue(at, timeouts))
        {
            return false;
        }

        var holder = AcknowledgedBy!;
        ForgetAcknowledgement();
        StartPageRound(at, overToolAck: null);
        AckLapsedRound = PageRound;
        AckLapsedBy = holder;
        RecoveredTold = false;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.AckExpired,
            By = "system",
            Round = PageRound,
            Message = string.Format(CultureInfo.InvariantCulture, TimelineTexts.AckExpiredEscalating, holder),
        });
        return true;
    }

    /// <summary>The round of pages an expired acknowledgement started (<see cref="ExpireAcknowledgement"/>); its first page says so while it is the current one.</summary>
    public int? AckLapsedRound { get; private set; }

    /// <summary>Whose acknowledgement lapsed (<see cref="AckLapsedRound"/>).</summary>
    public string? AckLapsedBy { get; private set; }

    /// <summary>The current round of pages began because <see cref="AckLapsedBy"/>'s acknowledgement lapsed.</summary>
    public bool PagedAfterAckLapsed => AckLapsedRound is { } round && round == PageRound;

    /// <summary>The holder answers 「まだ対応中ですか？」 (an acknowledgement by them while <see cref="StillYoursPending"/>): recorded as activity, with a row.</summary>
    private bool RenewAcknowledgement(string by, DateTimeOffset at, string? how)
    {
        if (!StillYoursPending || !string.Equals(AcknowledgedBy, by, StringComparison.Ordinal))
        {
            return false;
        }

        AckRenewedAt = at;
        Record(new TimelineEntry { At = at, Kind = TimelineKind.Acknowledged, By = by, Message = how ?? TimelineTexts.AckRenewed });
        return true;
    }

    /// <summary>A snooze is the holder's: it ends when the acknowledgement changes hands or is forgotten.</summary>
    private void EndSnooze()
    {
        SnoozedUntil = null;
        SnoozedBy = null;
        AckExpiredAt = null;
    }
}
