using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Core.Incidents;

/// <summary>
/// What the PR/CS drafts are generated from, one short hash per input, as stored with a saved draft
/// (<see cref="IncidentDraft.Inputs"/>): compared with the incident's now, they tell which inputs changed since the text was saved
/// or approved (<see cref="IncidentDraft.StaleBecause"/>). Hashes, not the texts: the draft's row need not hold a second copy of
/// the incident's texts, and nothing but "same or not" is asked of them.
/// </summary>
public static class DraftInputs
{
    /// <summary>
    /// The inputs in the order the API's <c>staleBecause</c> and the page's warning list them: what the draft templates say
    /// (<c>Templates/draft-*.liquid</c>). Not the severity: no draft tells customers of it, so a change of it alone leaves an
    /// approved text as right as it was (trial 53).
    /// </summary>
    public static readonly IReadOnlyList<string> Names =
        ["status", "title", "startedAt", "resolvedAt", "workaround", "userImpact", "areas", "platforms", "nextSteps"];

    /// <summary>Where a <see cref="Token"/> given before the severity was left out (a page or a GET read before then) had its hash.</summary>
    private const int FormerSeverityAt = 2;

    /// <summary>
    /// The incident's inputs now. The status counts as open or resolved only: the drafts tell customers of an outage going on or
    /// over, and say nothing of 調査中 or 原因特定 (<see cref="IncidentDraft.IsStaleFor"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Of(Incident incident)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["status"] = incident.Status == IncidentStatus.Resolved ? "resolved" : "open",
            ["title"] = incident.Title,
            ["startedAt"] = incident.StartedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["resolvedAt"] = incident.ResolvedAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) ?? "",
            ["areas"] = string.Join("\n", incident.AffectedAreas),
            ["platforms"] = string.Join("\n", incident.Platforms),
            ["userImpact"] = incident.UserImpact ?? "",
            ["workaround"] = incident.Workaround ?? "",
            ["nextSteps"] = incident.NextSteps ?? "",
        };
        return Names.ToDictionary(n => n, n => Hash(values[n]), StringComparer.Ordinal);
    }

    /// <summary>
    /// The inputs whose hash in <paramref name="saved"/> differs from <paramref name="now"/>, in <see cref="Names"/>' order; an input
    /// the saved draft has no hash for (stored before it was recorded) is not taken as changed.
    /// </summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> saved, IReadOnlyDictionary<string, string> now) =>
        [.. Names.Where(n => saved.TryGetValue(n, out var then) && now.TryGetValue(n, out var current) && then != current)];

    /// <summary>
    /// <paramref name="inputs"/> as one string (the hashes in <see cref="Names"/>' order, joined by dots): what a page or an API
    /// client read the incident as, sent back with the save (<see cref="Parse"/>), so that a change made while PR/CS were reviewing
    /// the text still marks the saved text stale.
    /// </summary>
    public static string Token(IReadOnlyDictionary<string, string> inputs) => string.Join(".", Names.Select(n => inputs.GetValueOrDefault(n, "")));

    /// <summary>
    /// A <see cref="Token"/> read back; null when it is not one (a hash per input, 16 lowercase hex digits each). One given before
    /// the severity was left out, with its hash too, is read without it.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Parse(string? token)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length != Names.Count && parts.Length != Names.Count + 1
            || parts.Any(h => h.Length != 16 || !h.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c))))
        {
            return null;
        }

        if (parts.Length > Names.Count)
        {
            parts = [.. parts[..FormerSeverityAt], .. parts[(FormerSeverityAt + 1)..]];
        }

        return Names.Select((n, i) => (n, parts[i])).ToDictionary(x => x.n, x => x.Item2, StringComparer.Ordinal);
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
}
