using System.ComponentModel.DataAnnotations;
using OnDuty.Infrastructure.Email.Acs;

namespace OnDuty.Infrastructure.Email;

/// <summary>Azure Communication Services Email: a connection string (access key) or an endpoint reached with a managed identity.</summary>
public sealed class AcsSettings
{
    public const string DefaultApiVersion = "2025-09-01";

    /// <summary><c>endpoint=https://&lt;resource&gt;.communication.azure.com/;accesskey=&lt;base64&gt;</c>. A secret: keep it in Key Vault.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The resource endpoint, for Entra ID (managed identity / DefaultAzureCredential) instead of a key.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>How long one send waits for ACS to finish the operation before reporting it as still running (Transient).</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Wait between status polls when ACS sends no retry-after.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Status polls this process makes a minute, across all sends (ACS limits polls too: about 60 a minute
    /// for a custom domain, about 10 for an Azure-managed one; leave room for other instances).</summary>
    public int MaxPollsPerMinute { get; set; } = 30;

    public string ApiVersion { get; set; } = DefaultApiVersion;

    internal IEnumerable<ValidationResult> Validate()
    {
        foreach (var problem in AcsConnectionString.Problems("Email__Acs__", "Acs.", ConnectionString, Endpoint, "when Email__Provider is Acs"))
        {
            yield return problem;
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString) && !string.IsNullOrWhiteSpace(ManagedIdentityClientId))
        {
            yield return new ValidationResult("Email__Acs__ManagedIdentityClientId applies only with Email__Acs__Endpoint, not with a connection string.", ["Acs.ManagedIdentityClientId"]);
        }

        if (PollTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Email__Acs__PollTimeout must be positive (e.g. 00:02:00).", ["Acs.PollTimeout"]);
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Email__Acs__PollInterval must be positive (e.g. 00:00:05).", ["Acs.PollInterval"]);
        }

        if (MaxPollsPerMinute <= 0)
        {
            yield return new ValidationResult("Email__Acs__MaxPollsPerMinute must be positive (e.g. 30; 5 for an Azure-managed domain).", ["Acs.MaxPollsPerMinute"]);
        }

        if (string.IsNullOrWhiteSpace(ApiVersion))
        {
            yield return new ValidationResult($"Email__Acs__ApiVersion must not be empty (default {DefaultApiVersion}).", ["Acs.ApiVersion"]);
        }
    }
}
