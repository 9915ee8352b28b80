namespace OnDuty.Core.Notifications;

public enum Channel
{
    Email,
    Teams,

    /// <summary>A text message to one phone number (pages only).</summary>
    Sms,
}
