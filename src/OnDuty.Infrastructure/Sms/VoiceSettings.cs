using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// How page calls are placed (section <c>Voice</c>; environment variables <c>Voice__…</c>): through the Twilio account texts use
/// (<c>Sms__Provider=Twilio</c>, <c>Sms__Twilio__…</c>), from <see cref="From"/> or else <c>Sms__From</c>, speaking with Amazon
/// Polly's voices. Core reads the same section for which pages ring (<see cref="VoiceOptions"/>). What these settings need from the
/// SMS and team settings is checked at start too (<see cref="VoiceSettingsValidation"/>).
/// </summary>
public sealed class VoiceSettings : IValidatableObject
{
    public const string SectionName = VoiceOptions.SectionName;
    public const int DefaultRingSeconds = 30;
    public const int MinRingSeconds = 5;
    public const int MaxRingSeconds = 600;
    public const string DefaultJapaneseVoice = "Polly.Mizuki";
    public const string DefaultEnglishVoice = "Polly.Joanna";

    /// <summary>Calls are placed (<c>Voice__Enabled</c>, the key Core reads too); nothing else here is checked while it and <see cref="DutyLine"/> are false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The duty line answers calls to the Twilio number (<c>Voice__DutyLine</c>, the key Core reads too): it needs Twilio's account to check the requests.</summary>
    public bool DutyLine { get; set; }

    /// <summary>
    /// The Twilio number calls come from, in E.164 form (<c>+18001110000</c>); empty: <c>Sms__From</c>. An alphanumeric sender ID or
    /// a Messaging Service cannot place calls.
    /// </summary>
    public string? From { get; set; }

    /// <summary>How long a call rings before Twilio gives up on it, in seconds (<c>Voice__RingSeconds</c>, 30; 5 to 600).</summary>
    public int RingSeconds { get; set; } = DefaultRingSeconds;

    /// <summary>The voice a Japanese page is spoken in (<c>Voice__JapaneseVoice</c>, <c>Polly.Mizuki</c>).</summary>
    public string JapaneseVoice { get; set; } = DefaultJapaneseVoice;

    /// <summary>The voice an English page is spoken in (<c>Voice__EnglishVoice</c>, <c>Polly.Joanna</c>).</summary>
    public string EnglishVoice { get; set; } = DefaultEnglishVoice;

    /// <summary>The voice text in <paramref name="language"/> is spoken in.</summary>
    public string VoiceFor(Language language) => (language == Language.En ? EnglishVoice : JapaneseVoice).Trim();

    /// <summary>The number calls come from: <see cref="From"/>, else <c>Sms__From</c>; null when both are empty.</summary>
    internal string? CallerNumber(SmsSettings sms) =>
        From?.Trim() is { Length: > 0 } from ? from : sms.From?.Trim() is { Length: > 0 } text ? text : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The duty line rings and speaks with these too (TwiML.Dial, TwiML.Say), calls or not.
        if (!Enabled && !DutyLine)
        {
            yield break;
        }

        if (RingSeconds is < MinRingSeconds or > MaxRingSeconds)
        {
            yield return new ValidationResult(
                $"Voice__RingSeconds must be between {MinRingSeconds} and {MaxRingSeconds} (default {DefaultRingSeconds}): how long a call rings before Twilio gives up on it.",
                [nameof(RingSeconds)]);
        }

        if (string.IsNullOrWhiteSpace(JapaneseVoice))
        {
            yield return new ValidationResult($"Voice__JapaneseVoice must not be empty (default {DefaultJapaneseVoice}).", [nameof(JapaneseVoice)]);
        }

        if (string.IsNullOrWhiteSpace(EnglishVoice))
        {
            yield return new ValidationResult($"Voice__EnglishVoice must not be empty (default {DefaultEnglishVoice}).", [nameof(EnglishVoice)]);
        }
    }
}

/// <summary>
/// What calls need beyond their own section, checked at start when <c>Voice__Enabled</c> is true: the Twilio account of the SMS
/// settings, a caller number that can place calls, and a public https origin Twilio posts the key pressed back to.
/// </summary>
internal sealed class VoiceSettingsValidation(IOptions<SmsSettings> sms, IOptions<TeamOptions> team) : IValidateOptions<VoiceSettings>
{
    private const string Example = "+18001110000";

    public ValidateOptionsResult Validate(string? name, VoiceSettings options)
    {
        if (!options.Enabled && !options.DutyLine)
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = (options.Enabled ? Problems(options, sms.Value, team.Value.PublicBaseUrl) : []).Concat(DutyLineProblems(options, sms.Value)).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static IEnumerable<string> Problems(VoiceSettings voice, SmsSettings sms, string? publicBaseUrl)
    {
        if (sms.Provider != SmsProvider.Twilio)
        {
            yield return "Voice__Enabled needs Sms__Provider=Twilio: calls go only through Twilio, with its account (Sms__Twilio__AccountSid and Sms__Twilio__AuthToken); set Sms__Provider=Twilio, or Voice__Enabled=false.";
        }
        else
        {
            foreach (var problem in sms.Twilio.Validate())
            {
                yield return $"Voice__Enabled calls through the Twilio account: {problem.ErrorMessage}";
            }
        }

        if (CallerProblem(voice, sms) is { } caller)
        {
            yield return caller;
        }

        if (TwilioSettings.PublicBaseUrlProblem(publicBaseUrl, "when Voice__Enabled is true, because Twilio posts the key pressed on a call to {base}/api/voice/twilio") is { } url)
        {
            yield return url;
        }
    }

    /// <summary>The duty line is reached through the Twilio number's webhook, checked with the account's auth token.</summary>
    private static IEnumerable<string> DutyLineProblems(VoiceSettings voice, SmsSettings sms)
    {
        if (voice.DutyLine && (sms.Provider != SmsProvider.Twilio || string.IsNullOrWhiteSpace(sms.Twilio.AuthToken)))
        {
            yield return "Voice__DutyLine needs Sms__Provider=Twilio with Sms__Twilio__AuthToken: calls to the duty line come through the Twilio number's voice webhook, which OnDuty checks with the account's auth token; set them, or Voice__DutyLine=false.";
        }
    }

    private static string? CallerProblem(VoiceSettings voice, SmsSettings sms)
    {
        const string Rule = $"a Twilio number of the account in E.164 form (+ and the country code, e.g. {Example})";
        if (!string.IsNullOrWhiteSpace(voice.From))
        {
            return PhoneNumber.IsValid(voice.From)
                ? null
                : $"Voice__From '{voice.From}' must be {Rule}{WhyNot(voice.From)}.";
        }

        if (string.IsNullOrWhiteSpace(sms.From))
        {
            return sms.Twilio.HasMessagingService
                ? $"Voice__From is required when Voice__Enabled is true and texts go through a Messaging Service (Sms__Twilio__MessagingServiceSid), which cannot place calls: {Rule}."
                : $"Voice__From (or Sms__From) is required when Voice__Enabled is true: {Rule}.";
        }

        return PhoneNumber.IsValid(sms.From)
            ? null
            : $"Voice__From is required when Voice__Enabled is true and Sms__From '{sms.From}' is not {Rule}{WhyNot(sms.From)}.";
    }

    /// <summary>What is wrong with a caller that is not E.164: an alphanumeric sender ID can only text; a number in another form has one.</summary>
    private static string WhyNot(string from) =>
        SmsSettings.IsAlphanumericSenderId(from) ? ": an alphanumeric sender ID can send texts but cannot place calls"
        : PhoneNumber.Normalize(from) is { } e164 ? $": write it as {e164}"
        : "";
}
