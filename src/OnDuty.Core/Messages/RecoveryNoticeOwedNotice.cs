using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// A reminder to the duty members (email) or the team's channel (card): monitoring resolved <see cref="Incident"/>, the
/// stakeholders who were told it started have not been told it is over (<see cref="Incidents.Incident.RecoveryNoticeOwed"/>),
/// and a person should send them the recovery notice with the cause and what comes next.
/// </summary>
public sealed record RecoveryNoticeOwedNotice(Language Language, Incident Incident, string TimeZone) : Notice(Language)
{
    /// <summary>Which reminder: 1 when monitoring resolved it, 2 once more after the severity's update interval.</summary>
    public int Reminder { get; init; } = 1;

    /// <summary>For the second reminder, the severity's update interval that has passed since the recovery; null for the first.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>The incident page, where the recovery notice is posted; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }

    /// <summary>Audiences' display names by name (<c>Comms__Audiences__{name}__DisplayName</c>), for those that have one.</summary>
    public IReadOnlyDictionary<string, string> AudienceNames { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Who acknowledged it (a person, by display name), whose the recovery notice is to send; null when nobody or only a tool did.</summary>
    public string? TakenBy { get; init; }

    /// <summary>The reader is the one who acknowledged it (<see cref="TakenBy"/>); false for the partner, the others and the channel.</summary>
    public bool ReaderTookIt { get; init; }

    /// <summary>Who sent the stakeholders' 第1報 (display name); null when not known.</summary>
    public string? FirstNoticeBy { get; init; }

    /// <summary>
    /// When <see cref="TakenBy"/> took it over from the one who held it (「対応を引き継ぐ」); null when they acknowledged it themselves.
    /// Then the mail says they took it over and when, not when it was first acknowledged (by someone else).
    /// </summary>
    public DateTimeOffset? TookOverAt { get; init; }
}
