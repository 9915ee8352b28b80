namespace OnDuty.Functions.Pages;

/// <summary>Who may use the PM pages (section <c>Pages</c>).</summary>
public sealed class PagesOptions
{
    public const string SectionName = "Pages";

    /// <summary>App Service sets this when App Service Authentication (Easy Auth) runs in front of the app.</summary>
    public const string EasyAuthSetting = "WEBSITE_AUTH_ENABLED";

    /// <summary>
    /// Local use only: anyone may use the pages and each form asks for a name. Refused at start outside the Development
    /// environment, where the signed-in person comes from App Service Authentication.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// True when <c>WEBSITE_AUTH_ENABLED</c> says Easy Auth is on: only then is <c>X-MS-CLIENT-PRINCIPAL</c> trusted, because
    /// only then does Easy Auth strip that header from what clients send.
    /// </summary>
    public bool EasyAuthEnabled { get; set; }

    /// <summary>
    /// When true, a signed-in person whose mail address or UPN is no active roster member's may read the PM pages but not use
    /// the forms that act on incidents, duty, maintenance, criteria or retros (403, and the pages show why instead of those
    /// forms). Declaring an incident and a member's own contact page stay open. Off by default so an existing deployment keeps
    /// working; on in the Bicep app settings. No effect on anonymous local use, which has no address to match.
    /// </summary>
    public bool RequireRosterMember { get; set; }
}
