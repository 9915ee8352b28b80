namespace OnDuty.Core.Alerts;

public enum AlertStatus
{
    Firing,
    Resolved,
}
