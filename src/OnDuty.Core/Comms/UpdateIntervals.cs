using System.Globalization;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Comms;

/// <summary>
/// A time per severity: how long an open incident may go without an update by a person before the duty members are reminded
/// (<c>Comms__UpdateInterval__Sev1</c> …; the defaults below), or how soon after acknowledgement an incident no stakeholder was
/// told of yet is (<see cref="CommsOptions.FirstNoticeReminder"/>): a TimeSpan such as <c>00:30:00</c>, or <c>off</c>.
/// </summary>
public sealed class UpdateIntervals
{
    public const string Off = "off";

    public static readonly TimeSpan Min = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Max = TimeSpan.FromDays(7);

    public string Sev1 { get; set; } = "00:30:00";

    public string Sev2 { get; set; } = "01:00:00";

    public string Sev3 { get; set; } = "04:00:00";

    public string Sev4 { get; set; } = Off;

    /// <summary>The interval for <paramref name="severity"/>; null when reminders are off for it.</summary>
    public TimeSpan? For(AlertSeverity severity) => Parse(severity switch
    {
        AlertSeverity.Sev1 => Sev1,
        AlertSeverity.Sev2 => Sev2,
        AlertSeverity.Sev3 => Sev3,
        _ => Sev4,
    }, out var interval) ? interval : null;

    /// <summary>True for a valid value; <paramref name="interval"/> is null for <c>off</c>.</summary>
    public static bool Parse(string? value, out TimeSpan? interval)
    {
        interval = null;
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value.Trim(), Off, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (TimeSpan.TryParse(value.Trim(), CultureInfo.InvariantCulture, out var parsed) && parsed >= Min && parsed <= Max)
        {
            interval = parsed;
            return true;
        }

        return false;
    }

    internal IEnumerable<(string Name, string Value)> All() => [("Sev1", Sev1), ("Sev2", Sev2), ("Sev3", Sev3), ("Sev4", Sev4)];
}
