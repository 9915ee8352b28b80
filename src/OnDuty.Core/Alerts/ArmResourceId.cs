namespace OnDuty.Core.Alerts;

/// <summary>An Azure Resource Manager id (<c>/subscriptions/…/providers/Microsoft.Web/sites/app-login-prod</c>) as people name it.</summary>
public static class ArmResourceId
{
    /// <summary>The last segment of an ARM id (<c>…/workspaces/prod-law</c> → <c>prod-law</c>); any other name as it is.</summary>
    public static string? ShortName(string? name)
    {
        var trimmed = name?.Trim().TrimEnd('/');
        return trimmed is not null && trimmed.StartsWith('/') && trimmed.LastIndexOf('/') is var slash and >= 0 && slash < trimmed.Length - 1
            ? trimmed[(slash + 1)..]
            : trimmed;
    }
}
