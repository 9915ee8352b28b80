using System.ComponentModel.DataAnnotations;
using System.Net;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// Twilio's account for texts when <c>Sms__Provider</c> is <c>Twilio</c> (environment variables <c>Sms__Twilio__…</c>): the
/// Account SID and Auth Token it authenticates with, and optionally a Messaging Service to send from instead of <c>Sms__From</c>.
/// </summary>
public sealed class TwilioSettings
{
    public const string DefaultBaseUrl = "https://api.twilio.com";

    /// <summary>The account (<c>AC</c> + 32 hex digits): the user name of HTTP Basic auth and part of the Messages URL.</summary>
    public string? AccountSid { get; set; }

    /// <summary>The account's Auth Token, the password of HTTP Basic auth. A secret: keep it in Key Vault.</summary>
    public string? AuthToken { get; set; }

    /// <summary>A Messaging Service (<c>MG</c> + 32 hex digits) that picks the sender from its pool; sent instead of <c>Sms__From</c> when set.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>Twilio's API root; <c>http://</c> only for a loopback host (tests).</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    internal bool HasMessagingService => !string.IsNullOrWhiteSpace(MessagingServiceSid);

    /// <summary>Whether any of the account's settings is given (the base URL has a default and does not count).</summary>
    internal bool AnySet =>
        !string.IsNullOrWhiteSpace(AccountSid) || !string.IsNullOrWhiteSpace(AuthToken) || HasMessagingService;

    /// <summary>The Message resource list of the account: <c>{BaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>.</summary>
    internal Uri MessagesUri() =>
        new($"{BaseUrl.Trim().TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(AccountSid?.Trim() ?? "")}/Messages.json");

    /// <summary>The account as the sender uses it; <see cref="SmsSettings"/> says when it is needed. Never echoes the token.</summary>
    internal IEnumerable<ValidationResult> Validate()
    {
        if (!IsSid(AccountSid, "AC"))
        {
            yield return new ValidationResult(
                string.IsNullOrWhiteSpace(AccountSid)
                    ? "Sms__Twilio__AccountSid is required when Sms__Provider is Twilio: the Account SID (AC followed by 32 hex digits) from the Twilio console."
                    : $"Sms__Twilio__AccountSid '{AccountSid}' is not an Account SID: AC followed by 32 hex digits (an API key SID SK… is not one).",
                [$"{nameof(SmsSettings.Twilio)}.{nameof(AccountSid)}"]);
        }

        if (string.IsNullOrWhiteSpace(AuthToken))
        {
            yield return new ValidationResult(
                "Sms__Twilio__AuthToken is required when Sms__Provider is Twilio: the account's Auth Token (a secret: keep it in Key Vault).",
                [$"{nameof(SmsSettings.Twilio)}.{nameof(AuthToken)}"]);
        }

        if (HasMessagingService && !IsSid(MessagingServiceSid, "MG"))
        {
            yield return new ValidationResult(
                $"Sms__Twilio__MessagingServiceSid '{MessagingServiceSid}' is not a Messaging Service SID: MG followed by 32 hex digits; leave it empty to send from Sms__From.",
                [$"{nameof(SmsSettings.Twilio)}.{nameof(MessagingServiceSid)}"]);
        }

        if (BaseUrlProblem() is { } problem)
        {
            yield return new ValidationResult($"Sms__Twilio__BaseUrl '{BaseUrl}' {problem} (default {DefaultBaseUrl}).", [$"{nameof(SmsSettings.Twilio)}.{nameof(BaseUrl)}"]);
        }
    }

    /// <summary>Twilio's SIDs: a two-letter prefix naming the kind of resource and 32 hex digits.</summary>
    private static bool IsSid(string? value, string prefix) =>
        value?.Trim() is { Length: 34 } sid && sid.StartsWith(prefix, StringComparison.Ordinal) && sid[2..].All(char.IsAsciiHexDigit);

    private string? BaseUrlProblem()
    {
        if (!Uri.TryCreate(BaseUrl?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute https URL";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !(uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address))))
        {
            // Basic auth carries the Auth Token itself: in clear text only to this machine.
            return "must use https; http is accepted only for a loopback address (local testing)";
        }

        return !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo)
            ? "must not carry a query, fragment or user info"
            : null;
    }
}
