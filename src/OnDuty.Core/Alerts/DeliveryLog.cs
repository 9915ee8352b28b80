using System.Collections.Concurrent;

namespace OnDuty.Core.Alerts;

/// <summary>One webhook delivery as the intake answered it (<c>GET /api/alerts/deliveries</c>).</summary>
public sealed record DeliveryRecord
{
    public required DateTimeOffset At { get; init; }

    /// <summary>Route name of the source (alertmanager, grafana, azure, pagerduty, generic).</summary>
    public required string Source { get; init; }

    /// <summary>Body size in bytes; for a 413 the limit it exceeded (the rest was never read).</summary>
    public required long Bytes { get; init; }

    /// <summary>opened, folded, grouped, reopened, resolved, ignored, acknowledged, duplicate, busy, test or refused.</summary>
    public required string Outcome { get; init; }

    public required int Status { get; init; }

    /// <summary>The problem detail's title of a refusal ("Invalid alert payload", "Not authenticated", "Payload too large").</summary>
    public string? Title { get; init; }

    /// <summary>Errors of a refusal, or warnings (what was dropped or shortened) of an accepted delivery; at most 10, each cut to 300 characters.</summary>
    public IReadOnlyList<string> Messages { get; init; } = [];

    /// <summary>
    /// A refusal of the body as a whole as its code (<c>jsonMalformed</c>, <c>bodyMissing</c>, <c>bodyTooLarge</c> …, as the answer
    /// carried it): the page says it in the reader's language instead of the first of <see cref="Messages"/>; null for any other
    /// (a field's problem, a refusal kept before 12-07).
    /// </summary>
    public Common.Refusal? Problem { get; init; }

    public string? IncidentId { get; init; }

    /// <summary>Why an <c>ignored</c> delivery changed nothing, or a test delivery would (<see cref="Incidents.IgnoredReasons"/>: <c>resolveWithoutIncident</c>…); null otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>The group key as stored (<see cref="AlertNotification.GroupIdentity"/>); null when the body could not be parsed.</summary>
    public string? GroupKey { get; init; }

    /// <summary>A test delivery (<c>?test=true</c>, or the tool's own test notification: <see cref="ToolTest"/>): nothing was written.</summary>
    public bool Test { get; init; }

    /// <summary>
    /// The tool's own test notification (an Azure Monitor action group's Test button, a Grafana contact point's; <see cref="AlertNotification.ToolTest"/>) by its
    /// sample's alert type (<c>Metric alert - Static threshold</c>): no incident, nobody paged. Null for any other delivery.
    /// </summary>
    public string? ToolTest { get; init; }

    /// <summary>
    /// A test delivery's prediction (<see cref="Incidents.AlertTrialResult"/>), as the API names it (<c>opened</c>, <c>alertsResolved</c>):
    /// the page says it in the reader's language; the API lists it first among the messages (<see cref="Answered"/>).
    /// </summary>
    public string? WouldBe { get; init; }

    /// <summary>What would hold the predicted page (<see cref="Incidents.AlertTrialResult.HeldBy"/>: a maintenance window's id, or the storm hold).</summary>
    public string? WouldBeHeldBy { get; init; }

    /// <summary>
    /// The messages as the API lists them: a test delivery's prediction first, in the API's words ("would be opened; first page held by
    /// the storm hold …"), then <see cref="Messages"/>.
    /// </summary>
    public IReadOnlyList<string> Answered =>
        ToolTest is { } sample ? [ToolTestArrived(Source, sample), .. Messages]
        : WouldBe is null ? Messages : [Prediction(WouldBe, WouldBeHeldBy), .. Messages];

    /// <summary>The tool's test notification in the API's words: "Azure Monitor's test notification arrived (Log alert V2): …".</summary>
    public static string ToolTestArrived(string source, string sample) =>
        $"{(source switch { AlertSources.AzureMonitor => "Azure Monitor", AlertSources.Grafana => "Grafana", _ => source })}'s test notification arrived ({sample}): no incident was opened and nobody was paged";

    /// <summary>
    /// A test delivery's prediction in the API's words: "would be opened", with what would hold its page ("; first page held by the
    /// storm hold …", "; pages held by maintenance window …"); <paramref name="incidentId"/>, when given, after the outcome.
    /// </summary>
    public static string Prediction(string wouldBe, string? heldBy, string? incidentId = null) =>
        $"would be {wouldBe}" + (incidentId is null ? "" : $" ({incidentId})") + heldBy switch
        {
            null => "",
            Incidents.AlertTrialResult.StormHold => "; first page held by the storm hold (told together by the next escalation run)",
            var window => $"; pages held by maintenance window {window}",
        };

    /// <summary>A 4xx: refused, and also persisted (<see cref="IDeliveryRefusals"/>).</summary>
    public bool Refused => Status is >= 400 and < 500;

    /// <summary>Accepted: answered 2xx and not a test (its alerts were stored or folded).</summary>
    public bool Accepted => !Test && Status is >= 200 and < 300;

    /// <summary>
    /// A test that passed what a real delivery must (answered 2xx: the URL, the secret, the shape): nothing was stored, but the wiring
    /// works — the tool's Test button on a source that has not fired yet (trial 63, a Grafana engineer: the page said nothing was accepted).
    /// </summary>
    public bool TestPassed => Test && Status is >= 200 and < 300;

    public const int MaxMessages = 10;
    public const int MaxMessageLength = 300;

    public static IReadOnlyList<string> Trim(IEnumerable<string> messages) =>
        [.. messages.Take(MaxMessages).Select(m => m.Length <= MaxMessageLength ? m : string.Concat(m.AsSpan(0, MaxMessageLength - 1), "…"))];
}

/// <summary>Refused deliveries kept in storage (bounded per source), so they outlive a restart and are seen by every instance.</summary>
public interface IDeliveryRefusals
{
    /// <summary>How many refusals are kept per source; older ones are removed.</summary>
    public const int KeptPerSource = 100;

    Task RecordAsync(DeliveryRecord refusal, CancellationToken cancellationToken);

    /// <summary>The source's kept refusals, newest first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> ListAsync(string source, CancellationToken cancellationToken);
}

/// <summary>
/// The last deliveries per source on this instance, in memory: a bounded ring per source (and one for those answered 5xx), so
/// recording an accepted alert adds no storage request to its path, and a delivery storage could not take is still listed. Lost on restart and not shared between instances; refusals are persisted besides
/// (<see cref="IDeliveryRefusals"/>).
/// </summary>
public sealed class DeliveryLog
{
    public const int KeptPerSource = 50;

    /// <summary>
    /// How many deliveries answered 5xx (storage down or contended: the sender retries) are kept per source, apart from the
    /// others: a sender retrying through an outage does not push the accepted deliveries out of the list.
    /// </summary>
    public const int FailedKeptPerSource = 200;

    private readonly ConcurrentDictionary<string, Ring> _rings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Ring> _failed = new(StringComparer.Ordinal);

    public void Record(DeliveryRecord delivery)
    {
        var failed = delivery.Status >= 500;
        (failed ? _failed : _rings).GetOrAdd(delivery.Source, _ => new Ring(failed ? FailedKeptPerSource : KeptPerSource)).Add(delivery);
    }

    /// <summary>This instance's deliveries of <paramref name="source"/>, newest first.</summary>
    public IReadOnlyList<DeliveryRecord> Recent(string source) =>
        [.. NewestFirst(_rings, source).Concat(NewestFirst(_failed, source)).OrderByDescending(r => r.At)];

    private static IReadOnlyList<DeliveryRecord> NewestFirst(ConcurrentDictionary<string, Ring> rings, string source) =>
        rings.TryGetValue(source, out var ring) ? ring.NewestFirst() : [];

    private sealed class Ring(int size)
    {
        private readonly Lock _gate = new();
        private readonly DeliveryRecord[] _items = new DeliveryRecord[size];
        private int _next;
        private int _count;

        public void Add(DeliveryRecord delivery)
        {
            lock (_gate)
            {
                _items[_next] = delivery;
                _next = (_next + 1) % _items.Length;
                _count = Math.Min(_count + 1, _items.Length);
            }
        }

        public IReadOnlyList<DeliveryRecord> NewestFirst()
        {
            lock (_gate)
            {
                var list = new List<DeliveryRecord>(_count);
                for (var i = 1; i <= _count; i++)
                {
                    list.Add(_items[(_next - i + _items.Length) % _items.Length]);
                }

                return list;
            }
        }
    }
}
