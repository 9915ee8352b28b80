using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Email.Acs;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// The SMS provider, Azure Communication Services SMS (section <c>Sms</c>; environment variables <c>Sms__…</c>): the sender
/// and a connection string (access key) or an endpoint reached with a managed identity. Core reads the same section for which
/// pages go by SMS (<see cref="SmsOptions"/>); with nothing set here SMS is off and no text is queued.
/// </summary>
public sealed class SmsSettings : IValidatableObject
{
    public const string SectionName = "Sms";
    public const string DefaultApiVersion = "2021-03-07";

    /// <summary>Longest alphanumeric sender ID the networks carry.</summary>
    private const int MaxSenderIdLength = 11;

    /// <summary>
    /// The number texts come from, in E.164 form (<c>+18001110000</c>), owned by the ACS resource; or an alphanumeric
    /// sender ID (<c>OnDuty</c>) where the destination country allows one. Empty: SMS is off.
    /// </summary>
    public string? From { get; set; }

    /// <summary><c>endpoint=https://&lt;resource&gt;.communication.azure.com/;accesskey=&lt;base64&gt;</c>. A secret: keep it in Key Vault.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The resource endpoint, for Entra ID (managed identity / DefaultAzureCredential) instead of a key.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>
    /// An Event Grid subscription brings the resource's SMS events to the app (<c>Sms__AcceptReplies</c>, as Core reads it): ACS is
    /// then asked for a delivery report of each text, and a text it could not deliver shows on its incident's timeline.
    /// </summary>
    public bool AcceptReplies { get; set; }

    /// <summary>Whether pages go by SMS at all: the sender is what turns it on.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(From);

    /// <summary>
    /// An alphanumeric sender ID as carriers take it: 1 to 11 ASCII letters, digits and spaces, with at least one letter
    /// (all digits would read as a short code).
    /// </summary>
    internal static bool IsAlphanumericSenderId(string? text) =>
        text is { Length: > 0 and <= MaxSenderIdLength }
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ')
        && text.Any(char.IsAsciiLetter);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasEndpoint = !string.IsNullOrWhiteSpace(Endpoint);
        if (!Enabled)
        {
            // A connection without a sender is a half-done setup: say so instead of silently sending no texts.
            if (hasConnectionString || hasEndpoint)
            {
                yield return new ValidationResult(
                    $"Sms__From is required when {(hasConnectionString ? "Sms__ConnectionString" : "Sms__Endpoint")} is set: the E.164 number (e.g. +18001110000) or alphanumeric sender ID texts are sent from; leave both empty to turn SMS off.",
                    [nameof(From)]);
            }
        }
        else
        {
            if (!PhoneNumber.IsValid(From) && !IsAlphanumericSenderId(From))
            {
                yield return new ValidationResult(FromProblem(From!), [nameof(From)]);
            }

            if (hasConnectionString == hasEndpoint)
            {
                yield return new ValidationResult(
                    hasConnectionString
                        ? "Set only one of Sms__ConnectionString (access key) and Sms__Endpoint (managed identity), not both."
                        : "Sms__ConnectionString or Sms__Endpoint is required when Sms__From is set.",
                    [nameof(ConnectionString), nameof(Endpoint)]);
            }
            else if (hasConnectionString && !AcsConnectionString.TryParse(ConnectionString, out _, out var error))
            {
                yield return new ValidationResult(
                    $"Sms__ConnectionString is not a valid ACS connection string ({error}); expected endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>.",
                    [nameof(ConnectionString)]);
            }
            else if (hasEndpoint && !AcsConnectionString.TryParseEndpoint(Endpoint, out _, out error))
            {
                yield return new ValidationResult($"Sms__Endpoint {error}.", [nameof(Endpoint)]);
            }
            else if (hasEndpoint && !Endpoint!.Trim().StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                // Azure.Core refuses to send a bearer token without TLS, loopback or not.
                yield return new ValidationResult("Sms__Endpoint must use https with a managed identity; use Sms__ConnectionString for a local http fake.", [nameof(Endpoint)]);
            }
        }

        if (!hasEndpoint && !string.IsNullOrWhiteSpace(ManagedIdentityClientId))
        {
            yield return new ValidationResult("Sms__ManagedIdentityClientId applies only with Sms__Endpoint, not with a connection string.", [nameof(ManagedIdentityClientId)]);
        }

        if (string.IsNullOrWhiteSpace(ApiVersion))
        {
            yield return new ValidationResult($"Sms__ApiVersion must not be empty (default {DefaultApiVersion}).", [nameof(ApiVersion)]);
        }
    }

    private static string FromProblem(string from)
    {
        const string Rule = "must be the resource's number in E.164 form (+ and the country code, e.g. +18001110000) or an alphanumeric sender ID (1 to 11 letters, digits and spaces, at least one letter)";
        return PhoneNumber.Normalize(from) is { } e164
            ? $"Sms__From '{from}' {Rule}: write it as {e164}."
            : $"Sms__From '{from}' {Rule}.";
    }
}
