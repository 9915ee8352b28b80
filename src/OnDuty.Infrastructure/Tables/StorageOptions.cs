using System.Text.RegularExpressions;

namespace OnDuty.Infrastructure.Tables;

/// <summary>Where Table Storage is: a connection string (Azurite, account key) or a table service URI with Entra ID.</summary>
public sealed partial class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>E.g. <c>UseDevelopmentStorage=true</c> or an Azurite/account connection string. Setting: <c>Storage__ConnectionString</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>E.g. <c>https://account.table.core.windows.net</c>; authenticates with DefaultAzureCredential (managed identity in Azure).</summary>
    public string? TableServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity, when <see cref="TableServiceUri"/> is used with one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prepended to every table name (letters and digits), so several apps or test classes can share one account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>Retries of a failed request by the SDK before the call fails as unavailable.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Time allowed for one request on the wire.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Write a claim row per member address in the member's transaction, so two parallel creates with one address cannot both be
    /// stored (<c>Storage__MemberEmailClaims</c>). Off by default for one release: a release before 2026-12-02 reads every row
    /// of the members' partition as a member and fails on a claim row, so rolling back to it after claims were written would
    /// stop every roster read, and every page. Turn it on once no rollback to such a release is planned (the next release
    /// turns it on by default); turning it off again leaves the claims, which this release skips and still releases.
    /// Without it the roster's read-then-write check still refuses a duplicate address that is not raced.
    /// </summary>
    public bool MemberEmailClaims { get; set; }

    internal bool HasExactlyOneEndpoint =>
        string.IsNullOrWhiteSpace(ConnectionString) != string.IsNullOrWhiteSpace(TableServiceUri);

    /// <summary>
    /// What is wrong with <see cref="ConnectionString"/>, naming the setting and never the key: null when it is empty or the table
    /// client takes it (an <c>AccountKey</c> that is not base64 used to stop the start with a bare FormatException).
    /// </summary>
    public string? ConnectionStringProblem() =>
        StorageConnectionStrings.Problem("Storage__ConnectionString", ConnectionString, value => _ = new Azure.Data.Tables.TableServiceClient(value));

    internal bool HasValidServiceUri =>
        string.IsNullOrWhiteSpace(TableServiceUri)
        || (Uri.TryCreate(TableServiceUri, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http");

    // Table names: 3-63 letters and digits, starting with a letter; the longest suffix is "RotationState" (13).
    internal bool HasValidPrefix => TablePrefix.Length == 0 || PrefixPattern().IsMatch(TablePrefix);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,49}$")]
    private static partial Regex PrefixPattern();
}
