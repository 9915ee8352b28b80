using System.Text.Json.Serialization;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>Why OnDuty refused a delivery from a known source (past the function key): each cause has its own incident per source.</summary>
public enum RefusalCause
{
    /// <summary>413: over <c>Alerts__MaxBodyBytes</c>.</summary>
    TooLarge,

    /// <summary>400: malformed JSON or a shape the source's parser does not read (PagerDuty: "invalid event").</summary>
    Unreadable,

    /// <summary>401: the shared secret or signature is missing or wrong (PagerDuty: also a routing key not configured).</summary>
    Unauthenticated,
}

/// <summary>
/// One delivery OnDuty refused, as the incident about it says it: when, with which status, the problem detail, and what to fix.
/// Kept as data on the incident (<see cref="Incident.Refusal"/>), its alert (<see cref="TrackedAlert.Refusal"/>) and its timeline rows
/// (<see cref="TimelineEntry.Refusal"/>), as <see cref="Stored"/> keeps it: every reader's message words the title, the text and the
/// rows from it in the reader's language (「Alertmanager からの通知を読めませんでした（形式の誤り）」, "Could not read a notification
/// from Alertmanager (wrong format)"); the stored texts stay in the team's language for rows and tools that read text.
/// </summary>
/// <param name="Problems">The problem detail as the sender was answered (each JSON path with its message, or the 401's reason).</param>
/// <param name="Setting">The setting to fix (<c>Incidents__Sources__grafana__SharedSecret</c>), for a 401; else null.</param>
/// <param name="Path">The JSON path of the first problem, for a 400; else null.</param>
/// <param name="Bytes">The size refused, for a 413 (null when the sender did not say it).</param>
/// <param name="Limit"><c>Alerts__MaxBodyBytes</c>, for a 413.</param>
/// <param name="RoutingKey">
/// A PagerDuty event whose <c>routing_key</c> is not one of <c>Incidents__Sources__pagerduty__RoutingKeys</c>: not authenticated,
/// but answered 400 "invalid event" as PagerDuty answers it, so the incident says 400 and names the routing key, not a secret.
/// </param>
/// <param name="PostTo">For a 400, the other source whose shape the body has: the sender's URL names the wrong route, and the text says which is right.</param>
public sealed record RefusedDelivery(
    AlertSource Source, RefusalCause Cause, DateTimeOffset At, IReadOnlyList<string> Problems, string? Setting = null, string? Path = null, long? Bytes = null, int Limit = 0,
    bool RoutingKey = false, AlertSource? PostTo = null)
{
    /// <summary>Characters of the problem detail a stored refusal keeps (the delivery list has it whole): more than any text shows.</summary>
    public const int MaxStoredProblems = 600;

    /// <summary>The status the sender was answered.</summary>
    [JsonIgnore]
    public int Status => RoutingKey ? 400 : StatusOf(Cause);

    /// <summary>The status a refusal of <paramref name="cause"/> answers: 413, 401 or 400.</summary>
    public static int StatusOf(RefusalCause cause) => cause switch
    {
        RefusalCause.TooLarge => 413,
        RefusalCause.Unauthenticated => 401,
        _ => 400,
    };

    /// <summary>The status with what it means, as health says it: <c>413 too large</c>, <c>401 not authenticated</c>, <c>400 unreadable</c>.</summary>
    public static string Described(RefusalCause cause) => $"{StatusOf(cause)} " + cause switch
    {
        RefusalCause.TooLarge => "too large",
        RefusalCause.Unauthenticated => "not authenticated",
        _ => "unreadable",
    };

    /// <summary>
    /// Whether the source's next accepted delivery resolves the incident about a refusal of <paramref name="cause"/>: a 400 or 401
    /// fixed (the secret, the shape). Not a 413 (a later small delivery says nothing of the large group), and nothing on the PagerDuty
    /// route, which several tools share (a cron job, InfluxDB, Alertmanager…): one tool's accepted event says nothing of another's key
    /// or shape (trial 64), so a person resolves those once the sender is fixed.
    /// </summary>
    public static bool ClosesOnAcceptance(AlertSource source, RefusalCause cause) =>
        cause is RefusalCause.Unreadable or RefusalCause.Unauthenticated && source != AlertSource.PagerDuty;

    /// <summary>The group key (and alert key) of the incident about this cause, one per source.</summary>
    [JsonIgnore]
    public string GroupKey => GroupKeyOf(Cause);

    /// <summary>
    /// This refusal as the incident keeps it: the problems joined in one line (「; 」) and cut to <see cref="MaxStoredProblems"/>,
    /// so a delivery with many problems keeps its rows small; every text cuts them shorter still.
    /// </summary>
    public RefusedDelivery Stored() =>
        Problems.Count == 0 ? this : this with { Problems = [TextCut.WithEllipsis(string.Join("; ", Problems), MaxStoredProblems)] };

    /// <summary><c>onduty:refused-too-large</c>, <c>onduty:refused-unreadable</c>, <c>onduty:refused-unauthenticated</c>.</summary>
    public static string GroupKeyOf(RefusalCause cause) => cause switch
    {
        RefusalCause.TooLarge => "onduty:refused-too-large",
        RefusalCause.Unauthenticated => "onduty:refused-unauthenticated",
        _ => "onduty:refused-unreadable",
    };

    /// <summary>The cause whose incident's group is <paramref name="groupKey"/>; null for any other group.</summary>
    public static RefusalCause? CauseOf(string groupKey) =>
        IsRefusalGroup(groupKey) ? Enum.GetValues<RefusalCause>().Select(c => (RefusalCause?)c).FirstOrDefault(c => GroupKeyOf(c!.Value) == groupKey) : null;

    /// <summary>Whether <paramref name="groupKey"/> is the group of an incident about refused deliveries.</summary>
    public static bool IsRefusalGroup(string groupKey) => groupKey.StartsWith("onduty:refused-", StringComparison.Ordinal);
}
