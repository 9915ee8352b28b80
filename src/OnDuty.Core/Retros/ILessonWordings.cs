using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// The other wordings of an incident's stored text that readers of another language read (the message layer words them): a
/// heartbeat incident's title is stored in the team's language (「ハートビート途絶：夜間バッチ」) and read in English as
/// "Heartbeat missed: 夜間バッチ". The lessons index holds these too, so a search in either language finds the incident.
/// </summary>
public interface ILessonWordings
{
    /// <summary>The incident's title as readers of each language read it, those that differ from the stored one; none when it is worded alike.</summary>
    IEnumerable<string> Of(Incident incident);
}
