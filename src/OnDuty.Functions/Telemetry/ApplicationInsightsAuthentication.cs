using Azure.Core;
using Azure.Identity;
using OnDuty.Core.Common;

namespace OnDuty.Functions.Telemetry;

/// <summary>
/// Reads <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD</c>, optionally <c>;ClientId=…</c> for a
/// user-assigned identity), the same setting the Functions host reads, into the credential the exporter sends with.
/// </summary>
public static class ApplicationInsightsAuthentication
{
    /// <returns>A managed-identity credential for Entra ID auth; null when the setting is empty (key-based ingestion).</returns>
    public static TokenCredential? CredentialFor(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.OrdinalIgnoreCase);

        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new SettingRefusedException("APPLICATIONINSIGHTS_AUTHENTICATION_STRING must be 'Authorization=AAD' (optionally ';ClientId=<user-assigned identity client id>').");
        }

        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrEmpty(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
