namespace OnDuty.Core.Retros;

/// <summary>Who saved a version of a retro, and when (version 1 is the first save).</summary>
public sealed record RetroVersion(int Version, string SavedBy, DateTimeOffset SavedAt);
