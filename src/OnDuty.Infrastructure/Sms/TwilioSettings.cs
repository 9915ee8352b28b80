using System.ComponentModel.DataAnnotations;
using System.Net.Http.Headers;
using System.Text;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// Twilio's account for texts when <c>Sms__Provider</c> is <c>Twilio</c> (environment variables <c>Sms__Twilio__…</c>), and for
/// calls (<see cref="VoiceSettings"/>): the Account SID and Auth Token it authenticates with (and Twilio signs its webhooks with),
/// and optionally a Messaging Service to send texts from instead of <c>Sms__From</c>.
/// </summary>
public sealed class TwilioSettings
{
    public const string DefaultBaseUrl = "https://api.twilio.com";

    /// <summary>The account (<c>AC</c> + 32 hex digits): the user name of HTTP Basic auth and part of the Messages and Calls URLs.</summary>
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
    internal Uri MessagesUri() => ResourceUri("Messages");

    /// <summary>The Call resource list of the account: <c>{BaseUrl}/2010-04-01/Accounts/{AccountSid}/Calls.json</c>.</summary>
    internal Uri CallsUri() => ResourceUri("Calls");

    /// <summary>
    /// A POST of <paramref name="form"/> to one of the account's resources as Twilio's API takes it: form-encoded, HTTP Basic auth
    /// with the Account SID and Auth Token, a JSON answer. Texts and calls go out with the same headers.
    /// </summary>
    internal HttpRequestMessage Post(Uri resource, IEnumerable<KeyValuePair<string, string>> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, resource) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid?.Trim()}:{AuthToken?.Trim()}")));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("OnDuty", null));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>
    /// Why Twilio cannot post back to OnDuty at <c>Team__PublicBaseUrl</c>: null when <paramref name="publicBaseUrl"/> is an absolute
    /// https URL (http only for a loopback host, local testing); else a message naming the setting and saying what <paramref name="needs"/> it.
    /// </summary>
    internal static string? PublicBaseUrlProblem(string? publicBaseUrl, string needs) =>
        string.IsNullOrWhiteSpace(publicBaseUrl)
            ? $"Team__PublicBaseUrl is required {needs}: the app's public origin, e.g. https://onduty.example.com."
            : UrlProblem(publicBaseUrl) is { } problem
                ? $"Team__PublicBaseUrl '{publicBaseUrl}' {problem}, and it is required {needs}."
                : null;

    private Uri ResourceUri(string resource) =>
        new($"{BaseUrl.Trim().TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(AccountSid?.Trim() ?? "")}/{resource}.json");

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

        if (UrlProblem(BaseUrl) is { } problem)
        {
            yield return new ValidationResult($"Sms__Twilio__BaseUrl '{BaseUrl}' {problem} (default {DefaultBaseUrl}).", [$"{nameof(SmsSettings.Twilio)}.{nameof(BaseUrl)}"]);
        }
    }

    /// <summary>Twilio's SIDs: a two-letter prefix naming the kind of resource and 32 hex digits.</summary>
    private static bool IsSid(string? value, string prefix) =>
        value?.Trim() is { Length: 34 } sid && sid.StartsWith(prefix, StringComparison.Ordinal) && sid[2..].All(char.IsAsciiHexDigit);

    /// <summary>
    /// Why <paramref name="url"/> cannot be a root Twilio is called at or calls back to: null for an absolute https URL. Requests to
    /// Twilio carry the Auth Token itself, and Twilio's to OnDuty what a page says: in clear text only to this machine.
    /// </summary>
    private static string? UrlProblem(string? url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute https URL";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !LoopbackUri.Is(uri))
        {
            return "must use https; http is accepted only for a loopback address (local testing)";
        }

        return !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo)
            ? "must not carry a query, fragment or user info"
            : null;
    }
}
