using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>A cover that applies, with the covered member and the replacement as a notice names them.</summary>
public sealed record NamedCover(Cover Cover, Member Member, Member Replacement)
{
    /// <summary>
    /// The shift's covers that apply, oldest first, with their people from <paramref name="roster"/> (one no longer on it in
    /// <paramref name="timeZone"/>, the rotation's).
    /// </summary>
    public static IReadOnlyList<NamedCover> Of(ScheduledShift shift, IReadOnlyDictionary<string, Member> roster, string timeZone) =>
    [
        .. shift.Covers.Where(c => c.Applies).Select(c => new NamedCover(c, Find(roster, c.MemberId, timeZone), Find(roster, c.ReplacementId, timeZone))),
    ];

    private static Member Find(IReadOnlyDictionary<string, Member> roster, string id, string timeZone) =>
        roster.TryGetValue(id, out var member) ? member : Member.Missing(id, timeZone);
}
