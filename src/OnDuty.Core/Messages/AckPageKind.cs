namespace OnDuty.Core.Messages;

public enum AckPageKind
{
    /// <summary>GET of a signed acknowledge link: the confirmation page with the button (GET never changes anything).</summary>
    Confirm,

    /// <summary>After the POST: acknowledged.</summary>
    Acknowledged,

    /// <summary>
    /// GET of a link whose incident a person already acknowledged (the partner, or the holder earlier): who and when, the way to the
    /// incident page, no button — a press would record nothing, and the escalation it would stop has stopped.
    /// </summary>
    Taken,

    /// <summary>The incident recovered before the link was used: nothing to acknowledge, no button (GET and POST alike).</summary>
    Resolved,

    Invalid,
    Expired,
    NotFound,
    Unavailable,
}
