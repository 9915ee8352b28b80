namespace OnDuty.Core.Team;

public enum ExperienceLevel
{
    /// <summary>Experience is worked out from the joined date (experienced after <see cref="Member.ExperiencedAfter"/>).</summary>
    Auto,
    Junior,
    Senior,
}
