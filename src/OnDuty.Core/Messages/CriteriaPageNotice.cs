using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The judgement criteria page (判断基準): every criterion with its current version, who changed it last and when; the form
/// to add one; and, for the one opened (<see cref="Editing"/>), its history (every version, who, when, from which retro) and
/// the form to change it at its ETag. Opened from a retro (<see cref="FromRetro"/>), the form starts with that retro's note.
/// <see cref="Stale"/>: someone saved first, so the form keeps what this person typed and the current version is shown.
/// </summary>
public sealed record CriteriaPageNotice(Language Language, IReadOnlyList<Criterion> Criteria, FormToken Token, PageVisitor Visitor, string TimeZone)
    : Notice(Language)
{
    /// <summary>The criterion opened to edit (<c>?edit=</c>), as it stands.</summary>
    public Criterion? Editing { get; init; }

    /// <summary>The ETag of <see cref="Editing"/>: the edit form replaces that version only.</summary>
    public string? EditingETag { get; init; }

    /// <summary>Every version of <see cref="Editing"/>, oldest first.</summary>
    public IReadOnlyList<Criterion> History { get; init; } = [];

    /// <summary>The retro the change comes from (its incident and the note it wrote for this criterion), when opened from one.</summary>
    public CriterionRetroNote? FromRetro { get; init; }

    /// <summary>An id asked for that no criterion has.</summary>
    public string? Missing { get; init; }

    /// <summary>The form a 400 or 409 shows again: <c>add</c> or <c>edit</c>.</summary>
    public string? FailedForm { get; init; }

    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    public bool Stale { get; init; }

    /// <summary>What the last post did (after its redirect): <c>added</c> or <c>changed</c>.</summary>
    public string? Done { get; init; }

    /// <summary>Display names of the roster's members by id, for a change recorded by member id.</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>Those taken off the roster since, named by the name they had (「小林 次郎（退任）」) where <see cref="Names"/> has none.</summary>
    public IReadOnlyList<FormerMember> Former { get; init; } = [];
}

/// <summary>What a retro said about a criterion (「この振り返りで見直す判断基準」): the incident, its title, and the note.</summary>
public sealed record CriterionRetroNote(string IncidentId, string IncidentTitle, string? Note);
