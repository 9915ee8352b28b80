using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Health;
using OnDuty.Core.Messages;

namespace OnDuty.Core.Incidents;

/// <summary>
/// A delivery from a known source (its sender holds the function key) that OnDuty refuses is a notification lost: Alertmanager,
/// Grafana and PagerDuty senders do not retry a 4xx. So each refusal — too large (413), unreadable (400: malformed JSON, a wrong
/// shape, PagerDuty's "invalid event"), not authenticated (401: shared secret or signature wrong or missing, a PagerDuty routing
/// key not configured) — opens one incident per source and cause that pages the duty pair like any alert
/// (<see cref="RefusedAsync"/>). Later refusals of the same source and cause fold into it while it is open (a repeat row each:
/// count and last time on its timeline), so a flood of them opens one incident and pages once.
/// <para>
/// The next delivery this source gets accepted resolves its 400 and 401 incidents with a timeline row (<see cref="AcceptedAsync"/>):
/// the secret or the shape was fixed. A 413 incident is resolved by a person: a later small delivery says nothing of the large
/// group; so are PagerDuty's, whose route several tools share (<see cref="RefusedDelivery.ClosesOnAcceptance"/>). Titles and texts are stored in the team's language (<c>Team__Language</c>) for rows and tools that read text, and the
/// refusal itself as data beside them (<see cref="RefusedDelivery.Stored"/>): every reader's page and mail words the title, the text
/// and the timeline rows from it in the reader's language, as the heartbeat incidents' alerts are.
/// </para>
/// <para>
/// Health: <c>alert-intake</c> is degraded while such an incident is open (read from the open index at most once a minute per instance).
/// </para>
/// </summary>
public sealed class RefusedDeliveries(
    AlertIntake intake,
    IIncidentRepository incidents,
    INoticeRenderer renderer,
    IOptions<TeamOptions> team,
    IOptions<IncidentOptions> options,
    TimeProvider time,
    ILogger<RefusedDeliveries> logger) : IDegradationCheck
{
    /// <summary>How long this instance trusts what it read of a refusal incident's group (closed, or open for health).</summary>
    public static readonly TimeSpan ReadEvery = TimeSpan.FromMinutes(1);

    /// <summary>The causes an accepted delivery shows fixed.</summary>
    private static readonly RefusalCause[] FixedByAcceptance = [RefusalCause.Unreadable, RefusalCause.Unauthenticated];

    private readonly Lock _gate = new();

    /// <summary>When this instance last read that a source's refusal group had no open incident (and refused nothing of it since).</summary>
    private readonly Dictionary<(AlertSource, RefusalCause), DateTimeOffset> _closedAt = [];

    /// <summary>The last health answer (a reference, so concurrent health calls read it whole).</summary>
    private volatile HealthAnswer? _health;

    public string Name => "alert-intake";

    /// <summary>
    /// Opens (or folds into) the incident about <paramref name="refused"/>'s source and cause: it pages the duty pair when it opens.
    /// </summary>
    public Task<AlertIntakeResult> RefusedAsync(RefusedDelivery refused, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _closedAt.Remove((refused.Source, refused.Cause));
        }

        _health = null;
        var title = Text(refused, RefusedDeliveryText.Title);
        var alert = new AlertInstance
        {
            DedupKey = refused.GroupKey,
            Status = AlertStatus.Firing,
            Severity = AlertSeverity.Sev2,
            Summary = title,
            Description = Text(refused, RefusedDeliveryText.Description),
            TimelineNote = Text(refused, RefusedDeliveryText.Row),
            Refusal = refused.Stored(),
        };
        return intake.IntakeAsync(new AlertNotification
        {
            Source = refused.Source,
            GroupKey = refused.GroupKey,
            Status = AlertStatus.Firing,
            Title = title,
            Severity = AlertSeverity.Sev2,
            Alerts = [alert],
        }, cancellationToken);
    }

    /// <summary>
    /// A delivery of <paramref name="source"/> was accepted (authenticated and read): its open 400 and 401 incidents resolve,
    /// each with a row saying so. Reads storage only when this instance refused one of them since, or has not looked for a minute.
    /// </summary>
    /// <returns>The incidents resolved.</returns>
    public async Task<IReadOnlyList<string>> AcceptedAsync(AlertSource source, CancellationToken cancellationToken)
    {
        var resolved = new List<string>();
        var now = time.GetUtcNow();
        foreach (var cause in FixedByAcceptance.Where(c => RefusedDelivery.ClosesOnAcceptance(source, c)))
        {
            lock (_gate)
            {
                if (_closedAt.TryGetValue((source, cause), out var closed) && now - closed < ReadEvery)
                {
                    continue;
                }
            }

            var groupKey = RefusedDelivery.GroupKeyOf(cause);
            var claim = await incidents.GetOpenGroupAsync(source.ToRouteName(), groupKey, cancellationToken);
            if (claim is { IncidentId: { } id })
            {
                var accepted = new RefusedDelivery(source, cause, now, []);
                var title = Text(accepted, RefusedDeliveryText.Title);
                var result = await intake.IntakeAsync(new AlertNotification
                {
                    Source = source,
                    GroupKey = groupKey,
                    Status = AlertStatus.Resolved,
                    Title = title,
                    Severity = AlertSeverity.Sev2,
                    Alerts =
                    [
                        new AlertInstance
                        {
                            DedupKey = groupKey,
                            Status = AlertStatus.Resolved,
                            Severity = AlertSeverity.Sev2,
                            Summary = title,
                            TimelineNote = Text(accepted, RefusedDeliveryText.Accepted),
                            Refusal = accepted,
                        },
                    ],
                }, cancellationToken);
                logger.LogInformation("{Source} delivery accepted: incident {IncidentId} about its {Cause} refusals {Outcome}", source, id, cause, result.Outcome);
                if (result.Outcome == AlertIntakeOutcome.Resolved)
                {
                    resolved.Add(id);
                }

                _health = null;
            }
            else if (claim is not null)
            {
                continue; // being opened right now: the next accepted delivery looks again
            }

            lock (_gate)
            {
                _closedAt[(source, cause)] = now;
            }
        }

        return resolved;
    }

    /// <summary>Degraded while an incident about refused deliveries is open: which, for which source and cause.</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_health is { } last && now - last.At < ReadEvery)
        {
            return last.Result;
        }

        // One query of the open index (its summaries hold each incident's groups), not one group row per source and cause;
        // a refusal incident merged into another is found in the one that holds its group now, as its group row says.
        var open = (await incidents.ListBoardAsync(now, cancellationToken))
            .Where(i => i.IsOpen)
            .SelectMany(i => i.HeldGroups.Select(g => (i.Id, g.Source, Cause: RefusedDelivery.CauseOf(g.GroupKey))))
            .Where(x => x.Cause is not null && AlertSources.Names.Contains(x.Source))
            .OrderBy(x => AlertSources.Names.ToList().IndexOf(x.Source)).ThenBy(x => x.Cause)
            .Select(x => $"{x.Id} ({x.Source}, {RefusedDelivery.Described(x.Cause!.Value)})")
            .ToList();

        var result = open.Count == 0
            ? null
            : $"open incidents about refused alert deliveries: {string.Join(", ", open)}; the senders do not retry a 4xx, so those alerts are not in OnDuty";
        _health = new HealthAnswer(now, result);
        return result;
    }

    private string Text(RefusedDelivery refused, RefusedDeliveryText part) =>
        renderer.Text(new RefusedDeliveryNotice(team.Value.TeamLanguage, refused, part, options.Value.TimeZone));

    private sealed record HealthAnswer(DateTimeOffset At, string? Result);
}
