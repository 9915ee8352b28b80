using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Notifications;

/// <summary>
/// Pages by SMS (section <c>Sms</c>): which pages also go as a text message to a duty member with a phone number. The provider's
/// own settings (<c>Sms__From</c>, <c>Sms__ConnectionString</c> or <c>Sms__Endpoint</c>) belong to the adapter; without
/// them no SMS is queued.
/// </summary>
public sealed class SmsOptions : IValidatableObject
{
    public const string SectionName = "Sms";

    /// <summary>
    /// The severities whose pages also go by SMS, comma-separated (<c>sev1,sev2</c>); empty (the default): every page. A page
    /// that does not go by SMS still goes by email and Teams.
    /// </summary>
    public string? Severities { get; set; }

    /// <summary>The number texts go from (checked by the provider's adapter): a text to another number of the resource is not OnDuty's.</summary>
    public string? From { get; set; }

    /// <summary>
    /// Replies to the sending number reach OnDuty (an Event Grid subscription for <c>Microsoft.Communication.SMSReceived</c> to
    /// <c>POST /api/sms/inbound</c>; the deployment makes it): page texts then say that replying 1 acknowledges. Off by default:
    /// an alphanumeric sender cannot be replied to.
    /// </summary>
    public bool AcceptReplies { get; set; }

    /// <summary>Page texts one member gets within <see cref="TextWindow"/> at most (10; 0 = no limit): an alert storm pages by email beyond it.</summary>
    public int MaxTextsPerMember { get; set; } = 10;

    /// <summary>The window <see cref="MaxTextsPerMember"/> counts over (00:15:00).</summary>
    public TimeSpan TextWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether a page of an incident of <paramref name="severity"/> goes by SMS too.</summary>
    public bool Covers(AlertSeverity severity) => Texted is not { Count: > 0 } listed || listed.Contains(severity);

    /// <summary>The severities <see cref="Severities"/> lists, most severe first; empty: every page is texted.</summary>
    public IReadOnlyList<AlertSeverity> Texted => SeverityList.Parse(Severities);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxTextsPerMember < 0)
        {
            yield return new ValidationResult("Sms__MaxTextsPerMember must be 0 (no limit) or more.", [nameof(MaxTextsPerMember)]);
        }

        if (TextWindow < TimeSpan.FromMinutes(1) || TextWindow > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Sms__TextWindow must be between 00:01:00 and 1.00:00:00.", [nameof(TextWindow)]);
        }

        foreach (var problem in SeverityList.Problems("Sms__Severities", Severities))
        {
            yield return new ValidationResult(problem, [nameof(Severities)]);
        }
    }
}
