namespace OnDuty.Core.Team;

/// <summary>Roster settings (section <c>Roster</c>).</summary>
public sealed class RosterOptions
{
    public const string SectionName = "Roster";

    /// <summary>A member added to the roster gets a welcome mail (<see cref="MemberWelcome"/>); <c>Roster__WelcomeMail=false</c> turns it off.</summary>
    public bool WelcomeMail { get; set; } = true;
}
