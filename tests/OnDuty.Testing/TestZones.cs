namespace OnDuty.Testing;

/// <summary>
/// The zone the tests' members and rotations are in when a case is not about zones: <see cref="OnDuty.Core.Team.Member"/> and
/// <see cref="OnDuty.Core.Rotations.Rotation"/> have no default zone (session 59), so each test says its own.
/// </summary>
public static class TestZones
{
    /// <summary>The first team's zone (JST).</summary>
    public const string Tokyo = "Asia/Tokyo";
}
