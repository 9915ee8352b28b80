using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>The incident's title as every reader's language words it (<see cref="NoticeRenderer.IncidentTitle(Incident, Phrases)"/>), for the lessons index.</summary>
public sealed class LessonWordings : ILessonWordings
{
    public IEnumerable<string> Of(Incident incident) =>
        Enum.GetValues<Language>()
            .Select(l => NoticeRenderer.IncidentTitle(incident, Phrases.For(l)))
            .Where(t => !string.Equals(t, incident.Title, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal);
}
