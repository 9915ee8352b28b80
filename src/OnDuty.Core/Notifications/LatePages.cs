using OnDuty.Core.Incidents;

namespace OnDuty.Core.Notifications;

/// <summary>
/// The pages <see cref="LatePagesCheck"/> finds late (queued over <see cref="LatePagesCheck.Late"/> ago, not yet taken by a provider:
/// the health check's <c>pages</c>), and among their incidents the open ones nobody acknowledged whose pages of this round reached
/// nobody yet (<see cref="PagesUndelivered"/>). What the status page's banner and rows and 「届かなかった連絡」's retrying section
/// say while mail is down (trial 36 M2): those read 「未対応」 and 「届かなかった連絡はありません」 otherwise.
/// </summary>
/// <param name="Pages">The late pages, oldest first (at most <see cref="LatePagesCheck.Counted"/>).</param>
/// <param name="Unreached">By incident id: the open, unacknowledged incidents among them whose pages reached nobody yet.</param>
public sealed record LatePages(IReadOnlyList<OutboxMessage> Pages, IReadOnlyDictionary<string, PagesUndelivered> Unreached)
{
    public static readonly LatePages None = new([], new Dictionary<string, PagesUndelivered>(StringComparer.Ordinal));

    /// <summary>More were late than were read.</summary>
    public bool More => Pages.Count >= LatePagesCheck.Counted;

    /// <summary>The late pages a provider already failed at least once: being retried, not merely waiting their turn.</summary>
    public IReadOnlyList<OutboxMessage> Retrying => [.. Pages.Where(p => p.Attempts > 0)];

    /// <summary>The incidents a page speaks for: those it lists (a digest), else the one its topic names.</summary>
    public static IReadOnlyList<string> IncidentsOf(OutboxMessage message) =>
        message.About.Count > 0 ? message.About : IncidentNotice.IncidentOf(message.Topic) is { } one ? [one] : [];
}

/// <summary>Reads <see cref="LatePages"/>: the health check's query, then a timeline read per incident among them still waiting for a person.</summary>
public sealed class LatePagesReader(IOutboxStore outbox, IIncidentRepository incidents, TimeProvider time)
{
    /// <summary>At most this many incidents' timelines are read (a storm's first pages: the rest stay 「未対応」, the banner counts them all).</summary>
    private const int MaxIncidents = 20;

    /// <param name="waiting">The open incidents nobody acknowledged, as the caller read them (the status board); others are not looked at.</param>
    public async Task<LatePages> ReadAsync(IReadOnlyCollection<Incident> waiting, CancellationToken cancellationToken)
    {
        var pages = await LatePagesCheck.ListAsync(outbox, time.GetUtcNow(), cancellationToken);
        if (pages.Count == 0)
        {
            return LatePages.None;
        }

        var byId = waiting.Where(i => i.IsOpen && !i.IsAcknowledged).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var unreached = new Dictionary<string, PagesUndelivered>(StringComparer.Ordinal);
        foreach (var id in pages.SelectMany(LatePages.IncidentsOf).Distinct(StringComparer.Ordinal).Where(byId.ContainsKey).Take(MaxIncidents))
        {
            var timeline = await incidents.GetTimelineAsync(id, cancellationToken);
            if (PagesUndelivered.Of(byId[id], timeline, [.. pages.Where(p => LatePages.IncidentsOf(p).Contains(id, StringComparer.Ordinal))]) is { } nobody)
            {
                unreached[id] = nobody;
            }
        }

        return new LatePages(pages, unreached);
    }

    /// <summary>The late pages alone (no incident read): 「届かなかった連絡」 lists them.</summary>
    public async Task<LatePages> ReadPagesAsync(CancellationToken cancellationToken) =>
        new(await LatePagesCheck.ListAsync(outbox, time.GetUtcNow(), cancellationToken), LatePages.None.Unreached);
}
