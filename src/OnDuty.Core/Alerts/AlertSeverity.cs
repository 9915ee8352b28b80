namespace OnDuty.Core.Alerts;

/// <summary>Our severity scale; Sev1 is the most urgent.</summary>
public enum AlertSeverity
{
    Sev1 = 1,
    Sev2 = 2,
    Sev3 = 3,
    Sev4 = 4,
}
