using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Rotations;

/// <summary>Reminder settings (section <c>Reminders</c>).</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Reminders";

    /// <summary>Local time (in the rotation's time zone) on the working day before a handoff from which the reminder goes out.</summary>
    [Required(ErrorMessage = "Reminders__LocalTime is required (HH:mm).")]
    public TimeOnly? LocalTime { get; set; } = new(10, 0);
}
