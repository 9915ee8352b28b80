namespace OnDuty.Core.Incidents;

/// <summary>
/// A page of an incident's timeline: the newest rows not yet shown, oldest first within the page, with an alert's repeats
/// among them summarised (<see cref="AlertRepeats"/>) instead of one row each; <see cref="ContinuationToken"/> reads the
/// older rows, null when there are none. A storm adds thousands of repeat rows an hour, so a page reads a bounded number of
/// rows: it may hold fewer entries than asked for (or only repeats), and still continue.
/// </summary>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Entries, IReadOnlyList<AlertRepeats> Repeats, string? ContinuationToken)
{
    /// <summary>How many timeline rows one page reads at most, repeats included.</summary>
    public const int MaxRowsRead = 1000;

    /// <summary>Folds rows read newest first into a page: repeats grouped per alert, the other rows oldest first.</summary>
    public static TimelinePage From(IEnumerable<TimelineEntry> newestFirst, string? continuationToken)
    {
        var entries = new List<TimelineEntry>();
        var repeats = new Dictionary<string, AlertRepeats>(StringComparer.Ordinal);
        foreach (var entry in newestFirst)
        {
            if (entry.Kind != TimelineKind.AlertRepeated)
            {
                entries.Add(entry);
                continue;
            }

            // Per alert and per what repeated: "resolved again ×n" counts resolves only, never a firing's repeats (trial 31b).
            var key = (entry.AlertKey ?? "") + "\u0000" + RepeatClass(entry.Message);
            repeats[key] = repeats.TryGetValue(key, out var seen)
                ? seen with { First = entry.At < seen.First ? entry.At : seen.First, Count = seen.Count + 1 }
                : new AlertRepeats(entry.AlertKey ?? "", entry.At, entry.At, 1, entry.By, entry.Message);
        }

        entries.Reverse();
        return new TimelinePage(entries, [.. repeats.Values.OrderBy(r => r.Last)], continuationToken);
    }

    /// <summary>What a repeat row repeats: a resolve (<see cref="TimelineTexts.ResolvedAgain"/>, <see cref="TimelineTexts.UntrackedResolve"/>), a stale firing, or a firing.</summary>
    private static string RepeatClass(string? message) => message switch
    {
        TimelineTexts.ResolvedAgain => "resolved",
        TimelineTexts.UntrackedResolve => "untracked",
        TimelineTexts.StaleFiring or TimelineTexts.LateFiringOfResolved => "stale",
        _ => "firing",
    };
}
