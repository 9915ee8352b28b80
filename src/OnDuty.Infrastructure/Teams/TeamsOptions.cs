using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Teams;

/// <summary>Teams settings (section <c>Teams</c>): the channel's Workflows webhook. Empty = Teams off.</summary>
public sealed class TeamsOptions : IValidatableObject
{
    public const string SectionName = "Teams";

    public string? WebhookUrl { get; set; }

    /// <summary>Minimum spacing between posts; Teams allows about 4 posts a second per channel.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public bool Enabled => !string.IsNullOrWhiteSpace(WebhookUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult("Teams__WebhookUrl must be an absolute https URL (or empty to switch Teams off).", [nameof(WebhookUrl)]);
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !LoopbackUri.Is(uri))
        {
            yield return new ValidationResult("Teams__WebhookUrl must use https; http is accepted only for a loopback address (local testing).", [nameof(WebhookUrl)]);
        }
    }
}
