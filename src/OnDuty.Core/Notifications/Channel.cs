namespace OnDuty.Core.Notifications;

public enum Channel
{
    Email,
    Teams,
}
