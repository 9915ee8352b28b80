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

/// <summary>Outbox delivery settings (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    [Range(1, 50, ErrorMessage = "Outbox__MaxAttempts must be between 1 and 50.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubles each attempt up to <see cref="MaxDelay"/>, never sooner than a provider's Retry-After.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a sender holds a message before another instance may try it. Longer than any adapter's worst case
    /// for one attempt (ACS polls up to 2 min after a 30 s send; Graph's retry handler waits out Retry-After), so a
    /// slow send is never taken over and sent twice; the price is that a crashed sender's message waits this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "Outbox__LeaseDuration must be between 00:01:00 and 01:00:00.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 1000, ErrorMessage = "Outbox__BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 100;
}
