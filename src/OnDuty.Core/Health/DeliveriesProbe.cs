using System.Globalization;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Health;

/// <summary>
/// <c>deliveries</c> in <c>/api/health</c>: per webhook source that refused a delivery in the last hour (any 4xx: a bad shape, a
/// wrong secret, too large), how many, the last refusal and the last delivery this instance accepted from it. Only worth knowing
/// (an informative note, health's status stays as it is): one wrong payload from a test, or another test's, must not turn the
/// availability alert red or make a health check depend on what ran before it. A refusal that loses alerts for good is paged
/// otherwise (too large: <c>alert-intake</c> and an incident); a source whose every delivery is refused says so here, "none
/// accepted", and on the delivery page (<c>/api/alerts/deliveries/page</c>).
/// </summary>
public sealed class DeliveriesProbe(DeliveryList deliveries, TimeProvider time) : IHealthProbe
{
    /// <summary>How far back refusals are counted.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public string Name => "deliveries";

    public bool Critical => false;

    public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public async Task<HealthFinding?> ExamineAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lists = await Task.WhenAll(AlertSources.Names.Select(async source => (Source: source, Items: await deliveries.ListAsync(source, cancellationToken))));
        var parts = new List<string>();
        foreach (var (source, items) in lists)
        {
            var refused = items.Where(i => i.Record.Refused && now - i.Record.At <= Window).Select(i => i.Record).ToList();
            if (refused.Count == 0)
            {
                continue;
            }

            var last = refused[0];
            var accepted = items.FirstOrDefault(i => i.Record.Accepted)?.Record;
            var tested = accepted is null ? items.FirstOrDefault(i => i.Record.TestPassed)?.Record : null;
            var acceptedText = accepted is not null ? $"last accepted {Stamp(accepted.At)} (this instance)"
                : tested is not null ? $"none accepted by this instance since it started (a test passed {Stamp(tested.At)})"
                : "none accepted by this instance since it started";
            parts.Add($"{source}: {refused.Count} refused in the last hour, the last {Stamp(last.At)} ({last.Status} {last.Title}); {acceptedText}");
        }

        return parts.Count == 0 ? null : new HealthFinding(string.Join("; ", parts) + " — see /api/alerts/deliveries/page", Informative: true);
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
}
