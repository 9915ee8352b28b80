namespace OnDuty.Core.Messages;

public enum PageProblem
{
    /// <summary>A post without a valid anti-forgery token: forged cross-site, or the form was too old. Nothing was saved.</summary>
    Forged,

    NotFound,

    Unavailable,

    /// <summary>A link whose secret is revoked, mistyped or cut short (the schedule page a phone keeps): ask for a new one.</summary>
    LinkInvalid,

    /// <summary>A maintenance window's form posted for a window that does not exist (the id is in the notice).</summary>
    MaintenanceNotFound,

    /// <summary>A value in the page's address it cannot read (<c>?lang=</c>, a report's <c>from</c>/<c>to</c>): the names are in the notice.</summary>
    BadAddress,

    /// <summary>A duty page asked for a rotation (<c>?rotation=</c>) that does not exist.</summary>
    RotationNotFound,

    /// <summary>A post to a page's form that does not exist (the duty page's <c>/api/status/duty/{form}</c>).</summary>
    FormNotFound,

    /// <summary>The duty page's undo for a change that does not exist (the id is in the notice).</summary>
    DutyChangeNotFound,

    /// <summary>
    /// A post to a form that acts, by a signed-in person not on the roster while <c>Pages__RequireRosterMember</c> is on: nothing
    /// was done; the notice's visitor says who and whom to ask.
    /// </summary>
    NotOnRoster,

    /// <summary>
    /// A confidential incident's page (or a form on it) opened by a signed-in person who may not read it
    /// (<see cref="Incidents.ConfidentialAccess"/>): its id only, never its title, and whom to ask (<see cref="PageProblemNotice.DutyNames"/>).
    /// </summary>
    Confidential,

    /// <summary>The duty page's cancel for leave that does not exist (the id is in the notice).</summary>
    LeaveNotFound,
}
