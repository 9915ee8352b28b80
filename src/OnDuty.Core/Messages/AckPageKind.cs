namespace OnDuty.Core.Messages;

public enum AckPageKind
{
    /// <summary>GET of a one-click link: the confirmation page with the button (GET never changes anything).</summary>
    Confirm,

    /// <summary>After the POST: acknowledged.</summary>
    Acknowledged,

    Invalid,
    Expired,
    NotFound,
    Unavailable,
}
