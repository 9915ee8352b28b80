using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Notifications;

/// <summary>
/// Pages by phone call (section <c>Voice</c>): an escalation nobody acknowledged rings the phones of the people it reaches who
/// have a number; the call speaks the page and pressing 1 acknowledges. The provider's own settings (Twilio, the number calls come
/// from) belong to the adapter; without <see cref="Enabled"/> no call is queued.
/// </summary>
public sealed class VoiceOptions : IValidatableObject
{
    public const string SectionName = "Voice";

    /// <summary>The last escalation step a call can go with: step 3 is the organisation's list address, which has no phone.</summary>
    public const int LastCallingStep = 2;

    /// <summary>Calls are placed (<c>Voice__Enabled</c>); they go through Twilio (<c>Sms__Provider=Twilio</c>).</summary>
    public bool Enabled { get; set; }

    /// <summary>The severities whose pages may ring a phone, comma-separated (<c>sev1,sev2</c>); empty (the default): every severity.</summary>
    public string? Severities { get; set; }

    /// <summary>
    /// The first escalation step that rings (<c>Voice__FromStep</c>): 1 (the default), when the first page was not acknowledged
    /// within the severity's ack timeout; 0 rings with the first page; 2 only the leads.
    /// </summary>
    public int FromStep { get; set; } = 1;

    /// <summary>
    /// The duty line (<c>Voice__DutyLine</c>): calls to OnDuty's number ring the duty members one after another, and one nobody
    /// takes is sent to them as a missed call. Off by default.
    /// </summary>
    public bool DutyLine { get; set; }

    /// <summary>Page calls one member gets within <see cref="CallWindow"/> at most (3; 0 = no limit).</summary>
    public int MaxCallsPerMember { get; set; } = 3;

    /// <summary>The window <see cref="MaxCallsPerMember"/> counts over (00:15:00).</summary>
    public TimeSpan CallWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The severities <see cref="Severities"/> lists, most severe first; empty: every severity rings.</summary>
    public IReadOnlyList<AlertSeverity> Called => SeverityList.Parse(Severities);

    /// <summary>
    /// The options when page calls are on: the setting says so and a caller is there to place them (a provider, or LocalHost's
    /// mail stand-in); null otherwise.
    /// </summary>
    public static VoiceOptions? On(IVoiceCaller? voice, Microsoft.Extensions.Options.IOptions<VoiceOptions>? options) =>
        voice is { Enabled: true } && options?.Value is { Enabled: true } on ? on : null;

    /// <summary>Whether step <paramref name="step"/> of a page about an incident of <paramref name="severity"/> rings the phones it reaches.</summary>
    public bool Covers(AlertSeverity severity, int step) =>
        Enabled && step >= FromStep && step <= LastCallingStep && (Called is not { Count: > 0 } listed || listed.Contains(severity));

    /// <summary>Whether pages about an incident of <paramref name="severity"/> may ring at all (at some step, or by a member's own rule).</summary>
    public bool Rings(AlertSeverity severity) => Enabled && (Called is not { Count: > 0 } listed || listed.Contains(severity));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FromStep is < 0 or > LastCallingStep)
        {
            yield return new ValidationResult($"Voice__FromStep must be 0 (with the first page), 1 (the first escalation, the default) or 2 (the leads' step).", [nameof(FromStep)]);
        }

        if (MaxCallsPerMember < 0)
        {
            yield return new ValidationResult("Voice__MaxCallsPerMember must be 0 (no limit) or more.", [nameof(MaxCallsPerMember)]);
        }

        if (CallWindow < TimeSpan.FromMinutes(1) || CallWindow > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Voice__CallWindow must be between 00:01:00 and 1.00:00:00.", [nameof(CallWindow)]);
        }

        foreach (var problem in SeverityList.Problems("Voice__Severities", Severities))
        {
            yield return new ValidationResult(problem, [nameof(Severities)]);
        }
    }
}
