using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using OnDuty.Testing;

namespace OnDuty.Benchmarks.Scenarios;

/// <summary>
/// Time to page under a storm: for every incident an alert opened (its 202 said <c>"outcome": "opened"</c>), the time from that
/// 202 until the provider (the loopback ACS) took on the incident's first email, read from the message id each email carries
/// (<c>X-OnDuty-Message: incident:{id}:…</c>). What a person on duty waits for while the storm goes on; a page still missing when
/// the wait ends is counted, not dropped.
/// </summary>
internal sealed class PageClock
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _opened = new(StringComparer.Ordinal);

    public int Opened => _opened.Count;

    /// <summary>Posts <paramref name="payload"/> as <see cref="ScenarioBench.PostAsync"/> does; an incident it opened starts a clock.</summary>
    public async Task<bool> PostAsync(HttpClient http, (string Source, string Json) payload)
    {
        using var response = await ScenarioBench.SendAlertAsync(http, payload);
        var answered = DateTimeOffset.UtcNow;
        if ((int)response.StatusCode != 202)
        {
            return false;
        }

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        if (string.Equals(body?["outcome"]?.GetValue<string>(), "opened", StringComparison.OrdinalIgnoreCase) && body?["incidentId"]?.GetValue<string>() is { Length: > 0 } incidentId)
        {
            _opened.TryAdd(incidentId, answered);
        }

        return true;
    }

    /// <summary>
    /// Waits until <paramref name="acs"/> has taken on an email for every incident opened so far (<paramref name="limit"/> at
    /// most), then the time to page of each: p50, p99, the longest, how many were still missing, and how long after the call the
    /// last one came.
    /// </summary>
    public async Task<PageTimes> MeasureAsync(LoopbackAcsServer acs, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        Dictionary<string, DateTimeOffset> paged;
        while (true)
        {
            paged = FirstEmails(acs);
            if (_opened.Keys.All(paged.ContainsKey) || waited.Elapsed > limit)
            {
                break;
            }

            await Task.Delay(50);
        }

        var latencies = _opened.Where(o => paged.ContainsKey(o.Key)).Select(o => Math.Max(0, (paged[o.Key] - o.Value).TotalMilliseconds)).ToList();

        // The slowest, a missing one first: what to read the host's log for.
        var slowest = _opened
            .Select(o => new SlowPage(o.Key, o.Value, paged.TryGetValue(o.Key, out var at) ? at : null))
            .OrderByDescending(p => p.PagedAt is { } at ? (at - p.OpenedAt).TotalMilliseconds : double.MaxValue)
            .Take(3)
            .ToList();
        return new PageTimes(_opened.Count, _opened.Count - latencies.Count, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99),
            latencies.Count == 0 ? double.NaN : latencies.Max(), waited.Elapsed.TotalMilliseconds, slowest);
    }

    /// <summary>Each incident's first email the provider took on, by incident id.</summary>
    private static Dictionary<string, DateTimeOffset> FirstEmails(LoopbackAcsServer acs)
    {
        var first = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var delivery in acs.Deliveries)
        {
            if (delivery.Headers.TryGetValue("X-OnDuty-Message", out var id) && id.StartsWith("incident:", StringComparison.Ordinal)
                && id.IndexOf(':', "incident:".Length) is var end and > 0)
            {
                var incidentId = id["incident:".Length..end];
                if (!first.TryGetValue(incidentId, out var at) || delivery.AcceptedAt < at)
                {
                    first[incidentId] = delivery.AcceptedAt;
                }
            }
        }

        return first;
    }
}

/// <summary>Time to page of the incidents a storm opened (ms from the opening alert's 202 to the provider taking the first email).</summary>
internal sealed record PageTimes(int Incidents, int Missing, double P50Ms, double P99Ms, double MaxMs, double WaitedMs, IReadOnlyList<SlowPage> Slowest);

/// <summary>One incident's page: when its alert was answered 202, and when the provider took its first email (null: not yet).</summary>
internal sealed record SlowPage(string IncidentId, DateTimeOffset OpenedAt, DateTimeOffset? PagedAt);
