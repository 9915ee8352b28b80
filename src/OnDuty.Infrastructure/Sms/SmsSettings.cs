using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Email.Acs;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// The SMS provider (section <c>Sms</c>; environment variables <c>Sms__…</c>): Azure Communication Services SMS by default, the
/// sender and a connection string (access key) or an endpoint reached with a managed identity; or Twilio
/// (<c>Sms__Provider=Twilio</c>), the sender or a Messaging Service and the account (<see cref="TwilioSettings"/>). Core reads
/// the same section for which pages go by SMS (<see cref="SmsOptions"/>); with nothing set here SMS is off and no text is queued.
/// </summary>
public sealed class SmsSettings : IValidatableObject
{
    public const string SectionName = "Sms";
    public const string DefaultApiVersion = "2021-03-07";

    /// <summary>Longest alphanumeric sender ID the networks carry.</summary>
    private const int MaxSenderIdLength = 11;

    /// <summary>Which service texts go through (<c>Sms__Provider</c>): <see cref="SmsProvider.Acs"/> unless set.</summary>
    public SmsProvider Provider { get; set; } = SmsProvider.Acs;

    /// <summary>
    /// The number texts come from, in E.164 form (<c>+18001110000</c>), owned by the ACS resource or the Twilio account; or an
    /// alphanumeric sender ID (<c>OnDuty</c>) where the destination country allows one. Empty (and, for Twilio, no Messaging
    /// Service): SMS is off.
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
    /// Replies and delivery reports reach the app (<c>Sms__AcceptReplies</c>, as Core reads it), and a text that could not be
    /// delivered shows on its incident's timeline. With ACS an Event Grid subscription brings the resource's SMS events, and ACS is
    /// asked for a delivery report of each text; with Twilio the number's messaging webhook and each text's <c>StatusCallback</c>
    /// post to <c>{Team__PublicBaseUrl}/api/sms/twilio</c> (<see cref="SmsSettingsValidation"/> checks that origin at start).
    /// </summary>
    public bool AcceptReplies { get; set; }

    /// <summary>
    /// Calls or the duty line use the Twilio account too (<c>Voice__Enabled</c> or <c>Voice__DutyLine</c>, set after binding): the
    /// account without a text sender is then calls only, not a half-done setup.
    /// </summary>
    internal bool ServesVoice { get; set; }

    /// <summary>The Twilio account, used when <see cref="Provider"/> is <see cref="SmsProvider.Twilio"/> (<c>Sms__Twilio__…</c>).</summary>
    public TwilioSettings Twilio { get; set; } = new();

    /// <summary>
    /// Whether pages go by SMS at all: the sender is what turns it on, <c>Sms__From</c>, or for Twilio a Messaging Service
    /// (<c>Sms__Twilio__MessagingServiceSid</c>), which picks the sender itself.
    /// </summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(From) || (Provider == SmsProvider.Twilio && Twilio.HasMessagingService);

    /// <summary>
    /// An alphanumeric sender ID as carriers take it: 1 to 11 ASCII letters, digits and spaces, with at least one letter
    /// (all digits would read as a short code).
    /// </summary>
    internal static bool IsAlphanumericSenderId(string? text) =>
        text is { Length: > 0 and <= MaxSenderIdLength }
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ')
        && text.Any(char.IsAsciiLetter);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Provider switch
    {
        SmsProvider.Acs => ValidateAcs(),
        SmsProvider.Twilio => ValidateTwilio(),
        _ => [new ValidationResult($"Sms__Provider '{Provider}' is not known; use Acs or Twilio.", [nameof(Provider)])],
    };

    private IEnumerable<ValidationResult> ValidateAcs()
    {
        // Twilio's account without Sms__Provider=Twilio would leave SMS silently off, or ask for ACS settings it does not need.
        if (Twilio.AnySet)
        {
            yield return new ValidationResult(
                $"{FirstTwilioSetting()} is set but Sms__Provider is Acs (the default): set Sms__Provider=Twilio to send texts through Twilio, or leave the Sms__Twilio__ settings empty.",
                [nameof(Provider)]);
        }

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
                yield return new ValidationResult(FromProblem(From!, "the resource's number"), [nameof(From)]);
            }

            foreach (var problem in AcsConnectionString.Problems("Sms__", "", ConnectionString, Endpoint, "when Sms__From is set"))
            {
                yield return problem;
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

    private IEnumerable<ValidationResult> ValidateTwilio()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(Endpoint))
        {
            yield return new ValidationResult(
                "Sms__ConnectionString and Sms__Endpoint are ACS settings, and Sms__Provider is Twilio: leave both empty (Twilio uses Sms__Twilio__AccountSid and Sms__Twilio__AuthToken), or set Sms__Provider=Acs.",
                [nameof(ConnectionString), nameof(Endpoint)]);
        }

        if (!string.IsNullOrWhiteSpace(ManagedIdentityClientId))
        {
            yield return new ValidationResult("Sms__ManagedIdentityClientId is an ACS setting, and Sms__Provider is Twilio: leave it empty.", [nameof(ManagedIdentityClientId)]);
        }

        if (!Enabled)
        {
            // An account without a sender is a half-done setup (unless it serves calls or the duty line only, which check it
            // themselves): say so instead of silently sending no texts.
            if (Twilio.AnySet && !ServesVoice)
            {
                yield return new ValidationResult(
                    $"Sms__From or Sms__Twilio__MessagingServiceSid is required when {FirstTwilioSetting()} is set: the Twilio number (E.164, e.g. +18001110000) or alphanumeric sender ID texts are sent from, or the Messaging Service that picks one; leave the Sms__Twilio__ settings empty to turn SMS off.",
                    [nameof(From), $"{nameof(Twilio)}.{nameof(TwilioSettings.MessagingServiceSid)}"]);
            }

            yield break;
        }

        if (!string.IsNullOrWhiteSpace(From) && !PhoneNumber.IsValid(From) && !IsAlphanumericSenderId(From))
        {
            yield return new ValidationResult(FromProblem(From, "a Twilio number of the account"), [nameof(From)]);
        }

        foreach (var problem in Twilio.Validate())
        {
            yield return problem;
        }
    }

    private string FirstTwilioSetting() =>
        !string.IsNullOrWhiteSpace(Twilio.AccountSid) ? "Sms__Twilio__AccountSid"
        : !string.IsNullOrWhiteSpace(Twilio.AuthToken) ? "Sms__Twilio__AuthToken"
        : "Sms__Twilio__MessagingServiceSid";

    private static string FromProblem(string from, string owner)
    {
        var rule = $"must be {owner} in E.164 form (+ and the country code, e.g. +18001110000) or an alphanumeric sender ID (1 to 11 letters, digits and spaces, at least one letter)";
        return PhoneNumber.Normalize(from) is { } e164
            ? $"Sms__From '{from}' {rule}: write it as {e164}."
            : $"Sms__From '{from}' {rule}.";
    }
}

/// <summary>
/// What the SMS settings need from the team settings, checked at start: with Twilio, replies and delivery reports
/// (<c>Sms__AcceptReplies</c>) are posted to the app's public origin, so <c>Team__PublicBaseUrl</c> must be one Twilio can reach.
/// </summary>
internal sealed class SmsSettingsValidation(IOptions<TeamOptions> team) : IValidateOptions<SmsSettings>
{
    public ValidateOptionsResult Validate(string? name, SmsSettings options)
    {
        // A text that asks to reply 1 promises an acknowledgement: Twilio must have somewhere to post the reply.
        if (options is not { Provider: SmsProvider.Twilio, AcceptReplies: true, Enabled: true })
        {
            return ValidateOptionsResult.Skip;
        }

        return TwilioSettings.PublicBaseUrlProblem(
                team.Value.PublicBaseUrl,
                "when Sms__AcceptReplies is true with Sms__Provider=Twilio, because Twilio posts replies and delivery reports to {base}/api/sms/twilio") is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }
}
