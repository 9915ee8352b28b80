using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>How long an unacknowledged incident waits before each escalation step, per severity.</summary>
public sealed class AckTimeouts
{
    public TimeSpan Sev1 { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Sev2 { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan Sev3 { get; set; } = TimeSpan.FromMinutes(60);

    public TimeSpan Sev4 { get; set; } = TimeSpan.FromHours(4);

    public TimeSpan For(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Sev1 => Sev1,
        AlertSeverity.Sev2 => Sev2,
        AlertSeverity.Sev3 => Sev3,
        _ => Sev4,
    };

    internal IEnumerable<(string Name, TimeSpan Timeout)> All() => [("Sev1", Sev1), ("Sev2", Sev2), ("Sev3", Sev3), ("Sev4", Sev4)];
}
