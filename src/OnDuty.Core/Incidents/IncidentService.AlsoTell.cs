using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>An update's <c>alsoTell</c> (<see cref="IncidentEdit.AlsoTell"/>).</summary>
public sealed partial class IncidentService
{
    /// <summary>
    /// <paramref name="edit"/> with its <c>alsoTell</c> as configured (<paramref name="asked"/>, checked before anything is read) and only
    /// those <paramref name="incident"/>'s next notice would not reach anyway. An update that asks nothing but to tell audiences it
    /// reaches already (no status, message or other field) would send a notice saying nothing: 400 naming <c>alsoTell</c>, nothing saved.
    /// </summary>
    private IncidentEdit? AlsoTelling(Incident incident, IncidentEdit? edit, IReadOnlyList<string> asked, IncidentStatus? status, string? message)
    {
        if (edit?.AlsoTell is null)
        {
            return edit;
        }

        var added = stakeholders.Comms.NotReachedOf(incident, asked);
        if (added.Count == 0 && status is null && string.IsNullOrWhiteSpace(message) && edit with { AlsoTell = null } == new IncidentEdit())
        {
            throw new ValidationException(Comms.CommsOptions.AlsoTellField, $"names only audiences this incident's next notice reaches already ({string.Join(", ", asked)}): nothing to send");
        }

        return edit with { AlsoTell = added.Count == 0 ? null : added };
    }
}
