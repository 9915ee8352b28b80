using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Common;

/// <summary>Team-wide settings (section <c>Team</c>).</summary>
public sealed class TeamOptions : IValidatableObject
{
    public const string SectionName = "Team";

    /// <summary>Language of team-list email and Teams cards: <c>ja</c> or <c>en</c>.</summary>
    [RegularExpression("^(ja|en)$", ErrorMessage = "Team__Language must be 'ja' or 'en'.")]
    public string Language { get; set; } = "ja";

    /// <summary><see cref="Language"/> as the messages' language.</summary>
    public OnDuty.Core.Team.Language TeamLanguage => Language == "en" ? OnDuty.Core.Team.Language.En : OnDuty.Core.Team.Language.Ja;

    /// <summary>Seed the demo roster when storage holds no members and no rotations.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>Public base URL of the app (links in messages); optional.</summary>
    [Url(ErrorMessage = "Team__PublicBaseUrl must be an absolute URL.")]
    public string? PublicBaseUrl { get; set; }

    /// <summary><see cref="PublicBaseUrl"/> without its trailing slash, the origin messages build their links on; null when unset (they link nothing).</summary>
    public string? BaseUrl => string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : PublicBaseUrl.TrimEnd('/');

    /// <summary>
    /// The team's country calling code, digits only (<c>81</c>): a member's number typed as dialled at home (<c>090-1234-5678</c>) on the
    /// contact page or the members API is saved with it (<c>+819012345678</c>). Empty: only numbers written with <c>+</c> and the country code.
    /// Provider events and the sending numbers' settings never use it. Checked at start by the rule the numbers are read with
    /// (<see cref="Notifications.PhoneNumber.IsCountryCode"/>, <see cref="Validate"/>), so the two cannot drift apart.
    /// </summary>
    public string? PhoneCountryCode { get; set; }

    /// <summary><see cref="PhoneCountryCode"/>, null when empty.</summary>
    public string? PhoneCountry => string.IsNullOrWhiteSpace(PhoneCountryCode) ? null : PhoneCountryCode;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Empty turns it off; anything else must be a code PhoneNumber reads national numbers with, or the start stops naming the setting.
        if (!string.IsNullOrEmpty(PhoneCountryCode) && !Notifications.PhoneNumber.IsCountryCode(PhoneCountryCode))
        {
            yield return new ValidationResult(
                "Team__PhoneCountryCode must be the team's country calling code, 1 to 3 digits without + (e.g. 81), or empty.", [nameof(PhoneCountryCode)]);
        }
    }
}
