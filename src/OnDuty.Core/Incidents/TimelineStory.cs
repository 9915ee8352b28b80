using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>
/// What a timeline row says beyond its stored words: a stakeholder notice's number and audiences, the status an update moved
/// from and to, the details it changed. Said in the stored English forms of <see cref="TimelineTexts"/>, which the pages and
/// the retro put into the reader's words (<c>OnDuty.Messages.TimelineText</c>); nothing of it is stored, so rows written by
/// earlier releases read the same way where they hold the facts.
/// </summary>
public static class TimelineStory
{
    /// <summary>The status the incident was in before each row of <paramref name="timeline"/> (oldest first); null where the rows read do not tell.</summary>
    public static IReadOnlyList<IncidentStatus?> StatusesBefore(IEnumerable<TimelineEntry> timeline)
    {
        var before = new List<IncidentStatus?>();
        IncidentStatus? current = null;
        foreach (var entry in timeline)
        {
            before.Add(current);
            current = entry.Kind switch
            {
                TimelineKind.Reopened => IncidentStatus.Investigating,
                TimelineKind.Resolved => IncidentStatus.Resolved,
                _ => entry.Status ?? current,
            };
        }

        return before;
    }

    /// <summary>
    /// A stakeholder notice's row: which notice went to which audiences (<see cref="TimelineTexts.StakeholderNotice"/>); null for other
    /// rows and rows without them. With the incident's <paramref name="comms"/>, each audience's number in its own series (as its mail
    /// said it): one number when they share it, else each audience with its own (<see cref="TimelineTexts.StakeholderNoticeEach"/>,
    /// 「経営層（第1報）・サポート（第3報）」, trial day 33 M3).
    /// </summary>
    public static string? Notice(TimelineEntry entry, IncidentComms? comms = null)
    {
        if (entry is not { Kind: TimelineKind.StakeholdersNotified, Step: { } number, Recipients.Count: > 0 })
        {
            return null;
        }

        var theirs = entry.Recipients.Select(a => (Audience: a, Number: comms is null ? number : comms.NumberIn(a, number))).ToList();
        return theirs.Select(t => t.Number).Distinct().Count() == 1
            ? string.Format(CultureInfo.InvariantCulture, TimelineTexts.StakeholderNotice, theirs[0].Number, string.Join(", ", entry.Recipients))
            : string.Format(CultureInfo.InvariantCulture, TimelineTexts.StakeholderNoticeEach,
                string.Join(", ", theirs.Select(t => string.Format(CultureInfo.InvariantCulture, TimelineTexts.StakeholderNoticeOf, t.Audience, t.Number))));
    }

    /// <summary>
    /// A recovery-notice ask's row (<see cref="TimelineKind.RecoveryReminded"/>): whom it asked (<see cref="TimelineTexts.RecoveryAsked"/>), so
    /// the page and the retro say more than that one was sent (trial 39 L2); null for other rows and one that names nobody.
    /// </summary>
    public static string? RecoveryAsked(TimelineEntry entry) =>
        entry is { Kind: TimelineKind.RecoveryReminded, Recipients.Count: > 0 }
            ? string.Format(CultureInfo.InvariantCulture, TimelineTexts.RecoveryAsked, string.Join(", ", entry.Recipients))
            : null;

    /// <summary>An update that moved the status: from and to (<see cref="TimelineTexts.StatusChanged"/>); null when it did not, or the status before is unknown.</summary>
    public static string? StatusChange(TimelineEntry entry, IncidentStatus? before) =>
        entry is { Kind: TimelineKind.Update, Status: { } to } && before is { } from && from != to
            ? string.Format(CultureInfo.InvariantCulture, TimelineTexts.StatusChanged, Name(from), Name(to))
            : null;

    /// <summary>
    /// An update or a correction (<see cref="TimelineKind.Corrected"/>) that changed details: which (<see cref="TimelineTexts.DetailsChanged"/>);
    /// a bare update (<see cref="IsBare"/>) a details edit; else null.
    /// </summary>
    public static string? Changes(TimelineEntry entry) =>
        entry.Kind is not (TimelineKind.Update or TimelineKind.Corrected) ? null
        : entry.Changes.Count > 0 ? string.Format(CultureInfo.InvariantCulture, TimelineTexts.DetailsChanged, string.Join(", ", entry.Changes.Select(c => Name(c))))
        : IsBare(entry) ? TimelineTexts.DetailsEdited
        : null;

    /// <summary>
    /// A page step's row (the first page, an escalation, a hand-over page) whose messages no provider has taken yet: no later row of
    /// <paramref name="timeline"/> (in stored order) says its step reached someone, was given up, or was not sent (a change of
    /// duty), and nobody acknowledged or resolved it since (its pages are then cancelled, not waiting). While so, the row reads
    /// as waiting to be sent (「当番への連絡を送信待ちです」) rather than "paged" (trial 30 M4); the delivery rows then say when
    /// each went out.
    /// </summary>
    public static bool AwaitingDelivery(TimelineEntry entry, IReadOnlyList<TimelineEntry> timeline)
    {
        if (!IsPageStep(entry))
        {
            return false;
        }

        var later = Later(entry, timeline).ToList();
        var replaced = Replaced(entry, later);
        return !later.Any(e => e.Kind is TimelineKind.Acknowledged or TimelineKind.Resolved || Settles(e, entry, replaced));
    }

    /// <summary>
    /// A page step's row whose messages were all dropped unsent because someone acknowledged the incident, or it was resolved,
    /// before any provider took one (the outbox cancels them at their next attempt): the row that did it —
    /// <see cref="TimelineKind.Acknowledged"/> or <see cref="TimelineKind.Resolved"/>, the first after the step. No later row says
    /// the step reached anyone, was given up or went elsewhere (a delivery recorded after the acknowledgement counts: it was sent
    /// first). Null for other rows. The page then says 「応答があったため送信を取り消しました」 rather than "paged".
    /// </summary>
    public static TimelineKind? CancelledBy(TimelineEntry entry, IReadOnlyList<TimelineEntry> timeline)
    {
        if (!IsPageStep(entry))
        {
            return null;
        }

        var later = Later(entry, timeline).ToList();
        var replaced = Replaced(entry, later);
        return later.Any(e => Settles(e, entry, replaced)) ? null
            : later.FirstOrDefault(e => e.Kind is TimelineKind.Acknowledged or TimelineKind.Resolved)?.Kind;
    }

    /// <summary>A first page, escalation or hand-over page to people (not the channel's card alone).</summary>
    private static bool IsPageStep(TimelineEntry entry) =>
        entry.Kind is TimelineKind.Notified or TimelineKind.Escalated && entry.Step is not null
        && !entry.Recipients.All(r => string.Equals(r, "teams", StringComparison.Ordinal));

    /// <summary>The rows after <paramref name="entry"/> in stored order (by time when it is not one of them).</summary>
    private static IEnumerable<TimelineEntry> Later(TimelineEntry entry, IReadOnlyList<TimelineEntry> timeline)
    {
        for (var k = 0; k < timeline.Count; k++)
        {
            if (ReferenceEquals(timeline[k], entry))
            {
                return timeline.Skip(k + 1);
            }
        }

        return timeline.Where(e => e.At >= entry.At && !Equals(e, entry));
    }

    /// <summary>
    /// Whether <paramref name="e"/> says the step of <paramref name="page"/> reached a person, was given up or was not sent (a change
    /// of duty). The channel's card is no person: a page waits until a provider took a person's message.
    /// </summary>
    /// A first page replaced by escalation 1 to the same person (<paramref name="replaced"/>, trial 32a M2) waits as long as that
    /// does: its replacement's delivery settles it, not the row saying it was replaced.
    private static bool Settles(TimelineEntry e, TimelineEntry page, bool replaced) =>
        e.Kind is TimelineKind.Delivered or TimelineKind.DeliveryFailed or TimelineKind.DutyChanged or TimelineKind.Unreached
        && (e.Step == page.Step || (replaced && e.Step is { } by && by > page.Step && by <= 1 && e.Kind != TimelineKind.DutyChanged))
        && !TimelineTexts.IsPageReplaced(e)
        && (e.Round is null || page.Round is null || e.Round == page.Round)
        && !(e.Kind is TimelineKind.Delivered or TimelineKind.DeliveryFailed && e.Recipients.All(r => string.Equals(r, "teams", StringComparison.Ordinal)));

    /// <summary>Whether a later row says <paramref name="page"/>'s step was replaced by escalation 1 to the same person.</summary>
    private static bool Replaced(TimelineEntry page, IEnumerable<TimelineEntry> later) =>
        later.Any(e => e.Step == page.Step && TimelineTexts.IsPageReplaced(e));

    /// <summary>
    /// The members who stayed on duty through the last change of the pair (<see cref="TimelineTexts.OnDutyNow"/> rows: on duty now,
    /// and before) — a staggered handover keeps one; empty when the whole pair changed or no change is on <paramref name="timeline"/>.
    /// </summary>
    public static IReadOnlyList<string> StayedOnDuty(IEnumerable<TimelineEntry> timeline)
    {
        var last = timeline.LastOrDefault(e => e is { Kind: TimelineKind.DutyChanged, Message: { } m } && m.StartsWith(OnDutyNowPrefix, StringComparison.Ordinal));
        var text = last?.Message ?? "";
        var was = text.LastIndexOf(" (was ", StringComparison.Ordinal);
        if (last is null || was < 0 || !text.EndsWith(')'))
        {
            return [];
        }

        var before = text[(was + " (was ".Length)..^1].Split(", ");
        return [.. last.Recipients.Intersect(before, StringComparer.Ordinal)];
    }

    private static readonly string OnDutyNowPrefix = TimelineTexts.OnDutyNow[..TimelineTexts.OnDutyNow.IndexOf('{', StringComparison.Ordinal)];

    /// <summary>An update with no words, status or changed details: a details edit (recorded before changes were), or one that only changed the severity.</summary>
    public static bool IsBare(TimelineEntry entry) =>
        entry is { Kind: TimelineKind.Update, Message: null, Status: null, Changes.Count: 0 };

    /// <summary>
    /// A row another row beside it (same moment, same person) already tells: a bare update beside the severity row its edit
    /// wrote (the severity row tells that change); a severity lowered by a quiet correction whose row keeps the old and new
    /// severity (<see cref="CorrectedValues.Severity"/>: the correction row tells it, with what else it corrected). A
    /// correction stored before it kept values leaves the severity row to say it.
    /// </summary>
    public static bool SaysNothing(TimelineEntry entry, IEnumerable<TimelineEntry> timeline) =>
        (IsBare(entry) && timeline.Any(e => e.Kind is TimelineKind.SeverityRaised or TimelineKind.SeverityLowered && e.At == entry.At && e.By == entry.By))
        || (entry.Kind == TimelineKind.SeverityLowered
            && timeline.Any(e => e is { Kind: TimelineKind.Corrected, Corrected.Severity: not null } && e.At == entry.At && e.By == entry.By));

    /// <summary>
    /// A severity row (<see cref="TimelineKind.SeverityRaised"/>, <see cref="TimelineKind.SeverityLowered"/>): from and to, as recorded
    /// on it (<see cref="TimelineEntry.SeverityFrom"/>, <see cref="TimelineEntry.SeverityTo"/>), or for a row written before they were,
    /// read from its stored words (<see cref="TimelineTexts.SeverityRaised"/>); null for other rows and words that are not those.
    /// </summary>
    public static (AlertSeverity From, AlertSeverity To)? SeverityChange(TimelineEntry entry) =>
        entry.Kind is not (TimelineKind.SeverityRaised or TimelineKind.SeverityLowered) ? null
        : entry is { SeverityFrom: { } from, SeverityTo: { } to } ? (from, to)
        : entry.Message is { } text && SeverityWords.Match(text) is { Success: true } m
            ? (Sev(m.Groups[1].Value), Sev(m.Groups[2].Value))
            : null;

    private static AlertSeverity Sev(string digit) => (AlertSeverity)int.Parse(digit, CultureInfo.InvariantCulture);

    private static readonly Regex SeverityWords = new(@"^severity (?:raised|lowered) from SEV([1-4]) to SEV([1-4])\b", RegexOptions.CultureInvariant);

    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
