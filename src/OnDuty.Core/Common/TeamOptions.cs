using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Common;

/// <summary>Team-wide settings (section <c>Team</c>).</summary>
public sealed class TeamOptions
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
}
