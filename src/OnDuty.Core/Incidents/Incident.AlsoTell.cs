namespace OnDuty.Core.Incidents;

/// <summary>
/// Telling an audience the severity did not choose (<see cref="IncidentEdit.AlsoTell"/>): support for a SEV2 that only tells the
/// executives, without raising the severity.
/// </summary>
public sealed partial class Incident
{
    /// <summary>
    /// Keeps the audiences an update asked to tell too (checked against the configured ones by the caller) until its notice is queued
    /// (<see cref="IncidentComms.AlsoTell"/>); returns those it added, leaving out any told already or asked before.
    /// </summary>
    private IReadOnlyList<string> TellAlso(IReadOnlyList<string>? audiences)
    {
        var added = (audiences ?? [])
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => a.Trim())
            .Where(a => !Comms.ToldAudiences.Contains(a, StringComparer.OrdinalIgnoreCase) && !Comms.AlsoTell.Contains(a, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (added.Count > 0)
        {
            Comms = Comms with { AlsoTell = [.. Comms.AlsoTell.Concat(added).Order(StringComparer.OrdinalIgnoreCase)] };
        }

        return added;
    }

    /// <summary>The update's own row (the last update or resolve pending) names the audiences it told too (<see cref="TimelineEntry.AlsoTold"/>).</summary>
    private void NameAlsoTold(IReadOnlyList<string> added)
    {
        if (added.Count == 0)
        {
            return;
        }

        var row = _pending.FindLastIndex(e => e.Kind is TimelineKind.Update or TimelineKind.Resolved);
        if (row >= 0)
        {
            _pending[row] = _pending[row] with { AlsoTold = added };
        }
    }

    /// <summary>What is still to be told too once notice for <paramref name="audiences"/> is queued: those it reached leave the list.</summary>
    private IReadOnlyList<string> AlsoTellAfter(IReadOnlyList<string> audiences) =>
        [.. Comms.AlsoTell.Where(a => !audiences.Contains(a, StringComparer.OrdinalIgnoreCase))];
}
