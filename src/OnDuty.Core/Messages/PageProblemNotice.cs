using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>A PM page that could not do what was asked, in the reader's language (<paramref name="IncidentId"/>: the incident or window asked for).</summary>
public sealed record PageProblemNotice(Language Language, PageProblem Problem, string? IncidentId = null) : Notice(Language)
{
    /// <summary>
    /// For <see cref="PageProblem.BadAddress"/>: what the values named must be, by name (a value read but out of range is said
    /// with its range, not as unreadable).
    /// </summary>
    public IReadOnlyDictionary<string, ValueRule> Rules { get; init; } = new Dictionary<string, ValueRule>();

    /// <summary>For <see cref="PageProblem.NotOnRoster"/>: who was refused (their address) and whom they ask to be added.</summary>
    public PageVisitor? Visitor { get; init; }

    /// <summary>For <see cref="PageProblem.Confidential"/>: the display names of the pair on duty now, whom to ask; none when unknown.</summary>
    public IReadOnlyList<string> DutyNames { get; init; } = [];

    /// <summary>The page to go back to (a local path with its <c>lang</c>), when there is one to read.</summary>
    public string? Back { get; init; }

    /// <summary>
    /// For <see cref="PageProblem.Unavailable"/> answering a form's post: the fields as typed (by form field name), shown to copy so
    /// nothing typed is lost while storage is down (trial 36 M4). Empty for a page read.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Posted { get; init; } = [];

    /// <summary>For <see cref="PageProblem.Unavailable"/>: a page read (a GET) could not be answered, no form was posted.</summary>
    public bool Read { get; init; }
}
