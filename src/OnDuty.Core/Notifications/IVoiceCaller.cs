using OnDuty.Core.Team;

namespace OnDuty.Core.Notifications;

/// <summary>
/// Places one phone call that speaks a page and takes the key 1 as its acknowledgement (<see cref="VoiceCall"/>). Escalations go
/// by phone too, to members with a phone number, when a provider is configured (<c>Voice__Enabled</c>); <see cref="Enabled"/> is
/// false otherwise and no call is queued. <paramref name="messageId"/> of <see cref="CallAsync"/> is stable across retries of the
/// same call, and is what the provider's callbacks name (the key pressed, the call's end).
/// </summary>
public interface IVoiceCaller
{
    bool Enabled { get; }

    /// <summary>Calls reach real phones (false for a local stand-in such as LocalHost's mail sink).</summary>
    bool ReachesPhones => Enabled;

    /// <summary>
    /// Asks the provider to place the call. <see cref="SendResult.Delivered"/> means the provider took it on (it rings later);
    /// whether it was answered arrives by callback (<see cref="VoiceAnswers"/>).
    /// </summary>
    Task<SendResult> CallAsync(VoiceCall call, string messageId, CancellationToken cancellationToken);
}

/// <summary>No voice provider configured: nothing is queued for calls, and a row queued while one was is given up, visibly.</summary>
public sealed class NoVoiceCaller : IVoiceCaller
{
    public bool Enabled => false;

    public Task<SendResult> CallAsync(VoiceCall call, string messageId, CancellationToken cancellationToken) =>
        Task.FromResult<SendResult>(new SendResult.Permanent("Phone calls are not configured (Voice__Enabled is false, or Sms__Provider is not Twilio)"));
}

/// <summary>
/// One phone call to one number in E.164 form: <see cref="Text"/> is spoken in <see cref="Language"/>, and it already asks the
/// listener to press 1 to acknowledge (the provider repeats it once and listens for the key).
/// </summary>
public sealed record VoiceCall(string To, string Text, Language Language)
{
    /// <summary>Attempts recorded before this one.</summary>
    public int PriorAttempts { get; init; }

    /// <summary>When the call was queued; null when unknown.</summary>
    public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>
    /// The language a call's text is spoken in: Japanese when it has any kana or kanji (the ja templates always do), else English.
    /// The outbox keeps only the text, so the language is read back from it.
    /// </summary>
    public static Language SpokenLanguageOf(string text) =>
        text.Any(c => c is >= '\u3040' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF') ? Language.Ja : Language.En;
}
