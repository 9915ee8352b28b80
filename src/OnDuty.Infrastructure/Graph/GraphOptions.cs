using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Graph;

/// <summary>
/// Microsoft Graph access (section <c>Graph</c>), app-only. Everything Graph is off while <see cref="TenantId"/> is empty.
/// Credentials: exactly one of a client secret, a certificate file, or a managed identity.
/// </summary>
public sealed class GraphOptions : IValidatableObject
{
    public const string SectionName = "Graph";

    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>Graph's root including the version; <c>http://</c> only for loopback (tests).</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Entra ID tenant (directory) id; empty = Graph features off.</summary>
    public string? TenantId { get; set; }

    /// <summary>App registration's client id (with a secret or certificate).</summary>
    public string? ClientId { get; set; }

    /// <summary>Client secret of the app registration. A secret: keep it in Key Vault.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Path of a PFX/PEM file holding the app's certificate and private key (instead of a secret).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the PFX at <see cref="CertificatePath"/>, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Authenticate with the app's managed identity instead of an app registration secret or certificate.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>How long a group's expanded member list is reused.</summary>
    public TimeSpan GroupCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A group with more members than this is refused (each member gets their own email).</summary>
    public int MaxGroupMembers { get; set; } = 500;

    /// <summary>Per-request timeout, retries included (Graph's retry handler honours Retry-After).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    public bool Enabled => !string.IsNullOrWhiteSpace(TenantId);

    /// <summary>The scope app-only tokens are requested for: <c>{origin of BaseUrl}/.default</c>.</summary>
    public string Scope => Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme == "https"
        ? $"https://{uri.Authority}/.default"
        : "https://graph.microsoft.com/.default";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(baseUri.Query))
        {
            yield return new ValidationResult($"Graph__BaseUrl must be an absolute https URL such as {DefaultBaseUrl}.", [nameof(BaseUrl)]);
        }
        else if (baseUri.Scheme == "http" && !LoopbackUri.Is(baseUri))
        {
            yield return new ValidationResult("Graph__BaseUrl may use http only for a loopback address (tests); use https.", [nameof(BaseUrl)]);
        }

        if (GroupCacheDuration < TimeSpan.Zero)
        {
            yield return new ValidationResult("Graph__GroupCacheDuration must not be negative (e.g. 00:10:00).", [nameof(GroupCacheDuration)]);
        }

        if (MaxGroupMembers is < 1 or > 10_000)
        {
            yield return new ValidationResult("Graph__MaxGroupMembers must be between 1 and 10000.", [nameof(MaxGroupMembers)]);
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Graph__Timeout must be positive (e.g. 00:01:40).", [nameof(Timeout)]);
        }

        if (!Enabled)
        {
            yield break;
        }

        if (!Guid.TryParse(TenantId, out _) && !TenantId!.Contains('.', StringComparison.Ordinal))
        {
            yield return new ValidationResult("Graph__TenantId must be the tenant's id (a GUID) or its domain.", [nameof(TenantId)]);
        }

        var hasSecret = !string.IsNullOrWhiteSpace(ClientSecret);
        var hasCertificate = !string.IsNullOrWhiteSpace(CertificatePath);
        var ways = (hasSecret ? 1 : 0) + (hasCertificate ? 1 : 0) + (UseManagedIdentity ? 1 : 0);
        if (ways != 1)
        {
            yield return new ValidationResult(
                ways == 0
                    ? "Graph__TenantId is set: also set Graph__ClientSecret, Graph__CertificatePath or Graph__UseManagedIdentity=true."
                    : "Set only one of Graph__ClientSecret, Graph__CertificatePath and Graph__UseManagedIdentity.",
                [nameof(ClientSecret), nameof(CertificatePath), nameof(UseManagedIdentity)]);
        }

        if ((hasSecret || hasCertificate) && string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("Graph__ClientId is required with Graph__ClientSecret or Graph__CertificatePath.", [nameof(ClientId)]);
        }

        if (hasCertificate && !File.Exists(CertificatePath))
        {
            yield return new ValidationResult($"Graph__CertificatePath '{CertificatePath}' does not exist.", [nameof(CertificatePath)]);
        }

        if (!UseManagedIdentity && !string.IsNullOrWhiteSpace(ManagedIdentityClientId))
        {
            yield return new ValidationResult("Graph__ManagedIdentityClientId applies only with Graph__UseManagedIdentity=true.", [nameof(ManagedIdentityClientId)]);
        }
    }
}
