using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Team;

/// <summary>How long personal data about the roster is kept (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Leave (dates and notes) is deleted this long after it ended; the schedule never looks that far back.</summary>
    [Range(typeof(TimeSpan), "30.00:00:00", "3650.00:00:00", ErrorMessage = "Retention__Leave must be between 30.00:00:00 and 3650.00:00:00.")]
    public TimeSpan Leave { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// A resolved incident's free text (impact, workaround, update messages, alert descriptions, labels and links) is removed
    /// this long after it resolved; its id, title, severity, times and counts stay, and retros keep their own notes.
    /// </summary>
    [Range(typeof(TimeSpan), "30.00:00:00", "3650.00:00:00", ErrorMessage = "Retention__IncidentText must be between 30.00:00:00 and 3650.00:00:00.")]
    public TimeSpan IncidentText { get; set; } = TimeSpan.FromDays(730);
}
