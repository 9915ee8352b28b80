namespace OnDuty.Core.Alerts;

/// <summary>Well-known <see cref="AlertLink.Kind"/> values.</summary>
public static class AlertLinkKinds
{
    public const string Generator = "generator";
    public const string Dashboard = "dashboard";
    public const string Panel = "panel";
    public const string Silence = "silence";
    public const string Image = "image";
    public const string Runbook = "runbook";
    public const string Portal = "portal";
    public const string Resource = "resource";
    public const string SearchResults = "search-results";
    public const string ServiceHealth = "service-health";
    public const string Link = "link";
}
