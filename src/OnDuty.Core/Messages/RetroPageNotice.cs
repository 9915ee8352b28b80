using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// An incident's retro as a page with one form for every field (timeline rows, action items with owners from the roster,
/// the judgement criteria it changes). <see cref="Values"/> is what the form shows — the saved retro, the pre-filled one,
/// or what the person typed (<see cref="RetroFormFields"/> names the fields). <see cref="Stale"/>: someone saved first,
/// so the page shows what this person typed in the form and the current version (<see cref="RetroState.Saved"/>) beside it.
/// </summary>
public sealed record RetroPageNotice(
    Language Language, RetroState State, IReadOnlyList<Member> Members, IReadOnlyList<Criterion> Criteria, FormToken Token, PageVisitor Visitor, string TimeZone)
    : Notice(Language)
{
    public required IReadOnlyDictionary<string, string> Values { get; init; }

    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    public bool Stale { get; init; }

    /// <summary>The team's day the page is shown: an open action item due before it is marked 期限切れ (null: none is).</summary>
    public DateOnly? Today { get; init; }

    /// <summary>Stakeholder audiences' display names by configured name, for the lines that say which notice went to whom.</summary>
    public IReadOnlyDictionary<string, string> AudienceNames { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Those taken off the roster since (<see cref="FormerMember"/>): an author, owner or actor the roster no longer has, by the name they had.</summary>
    public IReadOnlyList<FormerMember> Former { get; init; } = [];

    /// <summary>
    /// A SEV2 blip monitoring resolved by itself in this many minutes that no person acted on: it owes no retro, and the page
    /// says so (<see cref="RetroDue.SelfResolvedMinutes"/>); null when the usual rule applies.
    /// </summary>
    public int? SelfResolvedMinutes { get; init; }

    /// <summary>What the last post did (after its redirect): <c>saved</c>.</summary>
    public string? Done { get; init; }

    /// <summary>With <see cref="Done"/> <c>saved</c>: the display names of the action-item owners that save queued a mail for.</summary>
    public IReadOnlyList<string> DoneOwnersTold { get; init; } = [];

    /// <summary>The 「関係者への最終報」 section (<see cref="FinalReportSection"/>); null: not shown.</summary>
    public FinalReportSection? FinalReport { get; init; }
}
