using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Retros;

/// <summary>Reminders about retros (section <c>Retros</c>).</summary>
public sealed class RetroOptions
{
    public const string SectionName = "Retros";

    /// <summary>Working days after a SEV1–SEV2 incident resolved by which its retro is due; the duty pair is reminded on that day.</summary>
    [Range(1, 30, ErrorMessage = "Retros__DueWorkingDays must be between 1 and 30.")]
    public int DueWorkingDays { get; set; } = 3;

    /// <summary>Local time (<c>Incidents__TimeZone</c>) from which reminders go out on a working day.</summary>
    public TimeOnly NudgeLocalTime { get; set; } = new(10, 0);

    /// <summary>
    /// Incidents resolved this many days ago at most are looked at (retros not written, action items past due): each run
    /// reads the incidents of this window, not the whole history.
    /// </summary>
    [Range(7, 366, ErrorMessage = "Retros__LookBackDays must be between 7 and 366.")]
    public int LookBackDays { get; set; } = 120;

    /// <summary>
    /// An open action item without a due date is never past due: its owner is reminded once, this many days after the retro
    /// version listing it was saved (session 48; before, such items were never reminded).
    /// </summary>
    [Range(1, 90, ErrorMessage = "Retros__UndatedReminderDays must be between 1 and 90.")]
    public int UndatedReminderDays { get; set; } = 14;

    public const int DefaultSelfResolvedGraceMinutes = 10;

    /// <summary>
    /// A SEV2 that monitoring opened and resolved by itself within this many minutes, and that no person acted on, owes no retro
    /// (<see cref="RetroDue.SelfResolvedMinutes"/>): a heartbeat's late ping or a short blip. 0: every SEV1–SEV2 owes one.
    /// </summary>
    [Range(0, 120, ErrorMessage = "Retros__SelfResolvedGraceMinutes must be between 0 and 120.")]
    public int SelfResolvedGraceMinutes { get; set; } = DefaultSelfResolvedGraceMinutes;

    public TimeSpan SelfResolvedGrace => TimeSpan.FromMinutes(SelfResolvedGraceMinutes);
}
