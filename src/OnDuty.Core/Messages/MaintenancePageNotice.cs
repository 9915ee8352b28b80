using OnDuty.Core.Maintenance;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The page where PMs plan maintenance windows, move their end and end them: the windows running or planned (each with how
/// many incidents it holds and its forms), those ended in the last <see cref="EndedShown"/> days, and the plan form.
/// </summary>
public sealed record MaintenancePageNotice(
    Language Language, IReadOnlyList<MaintenanceWindow> Current, IReadOnlyList<MaintenanceWindow> Ended, FormToken Token, PageVisitor Visitor, string TimeZone, DateTimeOffset Now)
    : Notice(Language)
{
    /// <summary>How far back ended windows are listed.</summary>
    public static readonly TimeSpan EndedShown = TimeSpan.FromDays(7);

    /// <summary>How many open incidents each window of <see cref="Current"/> holds right now, by window id (none listed: none).</summary>
    public IReadOnlyDictionary<string, int> Holding { get; init; } = new Dictionary<string, int>();

    /// <summary>The open incidents each window of <see cref="Current"/> holds right now, by window id (none listed: none): the row names them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MaintenanceMatch>> HoldingMatches { get; init; } = new Dictionary<string, IReadOnlyList<MaintenanceMatch>>();

    /// <summary>
    /// The open, unacknowledged incidents each window of <see cref="Current"/> would cover but does not hold, by window id: their
    /// pages go on (<see cref="MaintenanceService.OpenMatchesAsync"/>); none listed: none.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MaintenanceMatch>> OpenMatches { get; init; } = new Dictionary<string, IReadOnlyList<MaintenanceMatch>>();

    /// <summary>
    /// The open incidents each window of <see cref="Current"/> holds because it was planned with <c>holdOpen</c> (open before it,
    /// paged already), by window id: the row and the confirmation name them, a SEV1 among them with a warning line.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MaintenanceMatch>> HeldOpen { get; init; } = new Dictionary<string, IReadOnlyList<MaintenanceMatch>>();

    /// <summary>Whether any open, unacknowledged incident monitoring opened exists: only then does the plan form offer <c>holdOpen</c>.</summary>
    public bool OpenIncidents { get; init; }

    /// <summary>After <c>planned</c> or <c>held</c>: the window just planned or asked to hold its open matches, whose matches the confirmation names.</summary>
    public string? PlannedWindow { get; init; }

    /// <summary>
    /// Display names of the roster's members by id, for who planned or ended a window when that was recorded as a member id
    /// (the API's <c>by</c>); anyone else is shown as recorded.
    /// </summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>Those taken off the roster since, named by the name they had (「小林 次郎（退任）」) where <see cref="Names"/> has none.</summary>
    public IReadOnlyList<FormerMember> Former { get; init; } = [];

    /// <summary>The form a 400 shows again: <c>plan</c>, <c>hold</c>, <c>end</c> or <c>move</c>.</summary>
    public string? FailedForm { get; init; }

    /// <summary>The window whose <c>hold</c>, <c>end</c> or <c>move</c> form failed.</summary>
    public string? FailedWindow { get; init; }

    /// <summary>What the failed form had typed, by field name.</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    /// <summary>The failed form's problems by field: the form's codes, or what <see cref="MaintenanceWindow"/> refused, as it says it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>What the last post did (after its redirect): <c>planned</c>, <c>held</c>, <c>ended</c> or <c>moved</c>.</summary>
    public string? Done { get; init; }

    /// <summary>After <c>ended</c>: how many held incidents were paged then.</summary>
    public int? Paged { get; init; }

    /// <summary>After <c>held</c>: how many open incidents the window just held.</summary>
    public int? Held { get; init; }
}
