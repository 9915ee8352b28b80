using OnDuty.Core.Health;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Degraded while accepted alert deliveries sit set aside as unreadable (<see cref="IAlertInbox.SetAsideAsync"/>): each was a
/// repeat of an open incident, answered 202 and never applied, so its incident's timeline and severity miss it. A person should
/// look (the notification is kept with why it could not be read). Read from storage at most once a minute per instance.
/// </summary>
public sealed class UnreadableDeliveriesCheck(IAlertInbox inbox, TimeProvider time) : IDegradationCheck
{
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMinutes(1);

    /// <summary>The last answer (a reference, so concurrent health calls read it whole).</summary>
    private volatile Answer? _last;

    public string Name => "alert-inbox";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_last is { } last && now - last.At < ReadEvery)
        {
            return last.Result;
        }

        var setAside = await inbox.ListSetAsideAsync(101, cancellationToken).ConfigureAwait(false);
        var result = setAside.Count == 0
            ? null
            : $"{(setAside.Count > 100 ? "over 100" : setAside.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} accepted alert deliveries could not be read by any build for an hour and were set aside "
                + $"(table AlertGroups, partition unreadable|…; incidents {string.Join(", ", setAside.Select(d => d.IncidentId).Distinct(StringComparer.Ordinal).Take(5))}): "
                + "their incidents were open and paged, but these repeats are missing from their timelines and severity";
        _last = new Answer(now, result);
        return result;
    }

    private sealed record Answer(DateTimeOffset At, string? Result);
}
