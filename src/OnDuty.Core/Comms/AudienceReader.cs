using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// One entry of a stakeholder audience as its notices reach it, groups not expanded (<see cref="AudienceRoster"/>): an address
/// (lower-cased), a roster member at theirs, or a group (<see cref="Group"/>, keyed <c>group:{id or mail}</c>); the language it is
/// written to in (a roster member's own, else the audience's) and what the team calls it (a member's roster name, else the address
/// or the group as configured).
/// </summary>
public sealed record AudienceReader(string Audience, string Address, Language Language, string Name)
{
    /// <summary>A group (<c>group:…</c>): its members read the audience's language (a roster member among them their own, once expanded).</summary>
    public bool Group { get; init; }

    /// <summary>
    /// Who a notice to <paramref name="audiences"/> reaches, as the fan-out resolves it (<see cref="StakeholderAudience.ResolveAsync"/>):
    /// each address once, in the first audience by name that lists it (which decides a plain address's language).
    /// </summary>
    public static IReadOnlyList<AudienceReader> Reached(IEnumerable<AudienceReader> readers, IEnumerable<string> audiences)
    {
        var told = audiences.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. readers.Where(r => told.Contains(r.Audience)).OrderBy(r => r.Audience, StringComparer.OrdinalIgnoreCase).DistinctBy(r => r.Address, StringComparer.Ordinal)];
    }
}
