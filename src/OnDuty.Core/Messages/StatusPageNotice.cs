using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The internal status page: open incidents and those resolved in the last days, newest first.</summary>
/// <remarks>
/// Every open incident is shown; of the resolved ones the newest <see cref="MaxResolvedShown"/>, the rest counted (a storm
/// week resolves thousands, and a board of them all would be a megabyte that nobody reads).
/// </remarks>
public sealed record StatusPageNotice(Language Language, IReadOnlyList<StatusBoardEntry> Incidents, string TimeZone, DateTimeOffset Now) : Notice(Language)
{
    public const int MaxResolvedShown = 50;

    /// <summary>
    /// Open incidents whose holder (the roster member who acknowledged them) is on leave today, by incident id, with their leave's last
    /// day: the row says 「対応者：鈴木 一郎（2026年12月18日(金)まで休暇中）」 (trial 56).
    /// </summary>
    public IReadOnlyDictionary<string, LeaveAbsence> HoldersAway { get; init; } = new Dictionary<string, LeaveAbsence>();

    /// <summary>Maintenance windows running or planned, shown above the incidents (their pages are held).</summary>
    public IReadOnlyList<OnDuty.Core.Maintenance.MaintenanceWindow> Maintenance { get; init; } = [];

    /// <summary>The heartbeats, shown below the incidents: whether monitoring itself is being heard.</summary>
    public IReadOnlyList<OnDuty.Core.Heartbeats.Heartbeat> Heartbeats { get; init; } = [];

    /// <summary>
    /// Pages late by the health check's rule: a banner on top while any is, and the rows of incidents whose pages reached nobody
    /// yet say so (「まだ誰にも届いていません（送信を再試行中）」).
    /// </summary>
    public Notifications.LatePages LatePages { get; init; } = Notifications.LatePages.None;

    /// <summary>
    /// Roster members' display names by id (and by address): who acknowledged reads 「対応者：佐藤 花子」 also when she is not one of the
    /// incident's duty members (a lead or a colleague off duty took it) — not her id. Empty: ids as recorded.
    /// </summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The severities whose incidents stakeholders are told of (<c>Comms__BySeverity__…</c> names an audience): an open one of them
    /// whose stakeholders have heard nothing yet says so, so the pair running two at once sees which still owes its 第1報 (trial 54).
    /// </summary>
    public IReadOnlySet<Alerts.AlertSeverity> SeveritiesTold { get; init; } = new HashSet<Alerts.AlertSeverity>();

    /// <summary>Those taken off the roster since, named by the name they had (「小林 次郎（退任）」) where <see cref="Names"/> has none.</summary>
    public IReadOnlyList<FormerMember> Former { get; init; } = [];
}
