namespace OnDuty.Core.Retros;

/// <summary>
/// The codes of what saving a retro through the API is refused for (<see cref="RetroService"/>): the problem details carry them as
/// <c>code</c> and say them in the reader's words (<c>Refusal.{code}</c> in OnDuty.Messages), times in the team's zone with its
/// name. A code never changes once published; its English message may.
/// </summary>
public static class RetroRefusals
{
    /// <summary>
    /// Saved with an <c>If-Match</c> that is no longer the latest: someone else's version (<c>member</c>: who saved it, as recorded;
    /// <c>at</c> in <c>timeZone</c>, the team's; <c>version</c>) is kept.
    /// </summary>
    public const string SavedMeanwhile = "retroSavedMeanwhile";

    /// <summary>Every code, for the catalogs' completeness test.</summary>
    public static IReadOnlyList<string> All { get; } = [SavedMeanwhile];
}
