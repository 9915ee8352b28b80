using OnDuty.Core.Notifications;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Whom one page or escalation step reached, by the one rule every "reached" and "unreached" of OnDuty reads (the early
/// escalation, the incident page's 「まだ誰にも届いていません」, the status board, "paged already"): the step's delivery rows on the
/// timeline since it was sent (<see cref="Incident.DeliveryEntry"/>, <see cref="Incident.UndeliveredEntry"/>), every channel alike —
/// an email, a text, a call — and for each address or number the latest word: delivered, or given up or reported undelivered
/// afterwards (a text its provider took and then could not deliver did not reach them). The Teams card is no person. A person
/// asked about without a number (a lead, as configured by address) is known by the number the step's row gave them
/// (<see cref="TimelineEntry.Members"/>), so a lead's text or call counts as a duty member's does.
/// </summary>
public sealed class PageReach
{
    /// <summary>The Teams channel as a step's rows name it: no person.</summary>
    public const string TeamsChannel = "teams";

    private static readonly PageReach Nothing = new(new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase), null);

    /// <summary>By address or number: whether the latest word on it is a delivery.</summary>
    private readonly IReadOnlyDictionary<string, bool> _latest;

    /// <summary>The step's row's members (<see cref="TimelineEntry.Members"/>); null on rows written before they were recorded.</summary>
    private readonly IReadOnlyList<PagedMember>? _members;

    /// <summary>
    /// By number in E.164 form (<see cref="PhoneNumber.Normalize(string?)"/>), however the rows wrote it: whether the latest word on
    /// some writing of it is a delivery.
    /// </summary>
    private readonly Dictionary<string, bool> _byNumber = new(StringComparer.Ordinal);

    private PageReach(IReadOnlyDictionary<string, bool> latest, IReadOnlyList<PagedMember>? members)
    {
        (_latest, _members) = (latest, members);
        foreach (var (r, reached) in latest)
        {
            if (!r.Contains('@', StringComparison.Ordinal) && PhoneNumber.Normalize(r) is { } number)
            {
                _byNumber[number] = _byNumber.GetValueOrDefault(number) || reached;
            }
        }
    }

    /// <summary>
    /// Step <paramref name="step"/> as <paramref name="timeline"/> (stored order) has it: its last <c>notified</c>/<c>escalated</c> row
    /// (of round <paramref name="round"/> when given) and the delivery rows of the step since; a late report of another round (its
    /// round known and not the step's) is no news of this one. Nothing reached for a step not on the timeline.
    /// </summary>
    public static PageReach OfStep(IReadOnlyList<TimelineEntry> timeline, int step, int? round = null)
    {
        var sent = Sent(timeline, step, round);
        if (sent is null)
        {
            return Nothing;
        }

        var of = round ?? sent.Round;
        var latest = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in timeline.Where(e => e.Step == step && e.At >= sent.At && e.Kind is TimelineKind.Delivered or TimelineKind.DeliveryFailed
                                              && (e.Round is null || of is null || e.Round == of)))
        {
            foreach (var r in e.Recipients.Where(IsPerson))
            {
                latest[r.Trim()] = e.Kind == TimelineKind.Delivered;
            }
        }

        return new PageReach(latest, sent.Members);
    }

    /// <summary>Each step recorded for round <paramref name="round"/> (<see cref="OfStep"/>), in the order they were sent.</summary>
    public static IEnumerable<PageReach> OfRound(IReadOnlyList<TimelineEntry> timeline, int round) =>
        timeline.Where(e => e.Kind is TimelineKind.Notified or TimelineKind.Escalated && e.Step is not null && (e.Round ?? 0) == round)
            .Select(e => e.Step!.Value).Distinct().Select(step => OfStep(timeline, step, round));

    /// <summary>The step's last <c>notified</c>/<c>escalated</c> row (of round <paramref name="round"/> when given); null when not on the timeline.</summary>
    public static TimelineEntry? Sent(IReadOnlyList<TimelineEntry> timeline, int step, int? round = null) =>
        timeline.LastOrDefault(e => e.Step == step && e.Kind is TimelineKind.Notified or TimelineKind.Escalated && (round is null || e.Round is null || e.Round == round));

    /// <summary>A recipient of a step's row that is a person (an address, a number): not the Teams channel.</summary>
    public static bool IsPerson(string recipient) => !string.Equals(recipient, TeamsChannel, StringComparison.Ordinal);

    /// <summary>
    /// The delivery rows of <paramref name="timeline"/>'s page steps that reached a person by this rule: an email, a text or a call
    /// (not the Teams card) whose address or number has a delivery as the latest word of its step (not reported undelivered since).
    /// </summary>
    public static IEnumerable<TimelineEntry> Deliveries(IReadOnlyList<TimelineEntry> timeline) =>
        timeline.Where(e => e.Kind == TimelineKind.Delivered && e.Step is { } step && e.Recipients.Any(IsPerson)
                            && OfStep(timeline, step, e.Round) is var reach && e.Recipients.Any(r => reach.On(r) == true));

    /// <summary>It reached someone: the latest word on some address or number is a delivery.</summary>
    public bool Anyone => _latest.Values.Any(reached => reached);

    /// <summary>The latest word on <paramref name="recipient"/> (an address or a number as the rows name it): true delivered, false not, null none yet.</summary>
    public bool? On(string recipient) => _latest.TryGetValue(recipient.Trim(), out var reached) ? reached : null;

    /// <summary>It reached <paramref name="recipient"/>: the latest word on their address, or on their number, is a delivery.</summary>
    public bool Reached(PageRecipient recipient) => On(recipient.Email) == true || PhoneWord(recipient) == true;

    /// <summary>
    /// It gave up on <paramref name="recipient"/>: the latest word on their address is a failure (given up, bounced) and no text or
    /// call to their number got through. False while anything is unsettled (queued, retrying: it may still reach them).
    /// </summary>
    public bool GaveUpOn(PageRecipient recipient) => On(recipient.Email) == false && PhoneWord(recipient) != true;

    /// <summary>
    /// The latest word on <paramref name="recipient"/>'s number however it is written (<c>+81 90-…</c>, <c>+8190…</c>) — theirs, or
    /// the one the step's row gave their address; null without one.
    /// </summary>
    private bool? PhoneWord(PageRecipient recipient) =>
        PhoneNumber.Normalize(recipient.Phone ?? _members?.FirstOrDefault(m => Team.Member.SameAddress(m.Address, recipient.Email))?.Phone) is { } number
        && _byNumber.TryGetValue(number, out var reached) ? reached : null;
}
