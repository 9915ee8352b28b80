using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The duty page (当番表) where PMs handle the weekly pair themselves: the current and coming shifts with why each member is
/// on them, the changes people made to shifts not over (each in effect with a form to take it back), the members' leave from
/// today on (each with a form to cancel it), and the forms to replace a member, swap weeks and enter leave.
/// </summary>
public sealed record DutyPageNotice(
    Language Language,
    RotationSchedule Schedule,
    IReadOnlyList<OverrideEntry> Changes,
    IReadOnlyList<Leave> Leave,
    IReadOnlyList<Member> Members,
    FormToken Token,
    PageVisitor Visitor,
    DateTimeOffset Now)
    : Notice(Language)
{
    /// <summary>How many shifts the page lists, the current one first.</summary>
    public const int ShiftsShown = 8;

    /// <summary>Those taken off the roster since, named by the name they had (「小林 次郎（退任）」) where a change names them.</summary>
    public IReadOnlyList<FormerMember> Former { get; init; } = [];

    /// <summary>The id every form of this showing of the page posts (<c>requestId</c>): the same form posted twice is answered once.</summary>
    public string? RequestId { get; init; }

    /// <summary>The weeks (<see cref="ScheduledShift.Week"/>) in which every lead is on duty, so the leads' escalation step is passed over.</summary>
    public IReadOnlyDictionary<string, LeadsOnDuty> LeadsOnDuty { get; init; } = new Dictionary<string, LeadsOnDuty>();

    /// <summary>The weeks with days every lead is on leave (<see cref="Rotations.LeadsOnLeave.Days"/>): the leads' step is passed over then.</summary>
    public IReadOnlyDictionary<string, LeadsAwayDays> LeadsOnLeave { get; init; } = new Dictionary<string, LeadsAwayDays>();

    /// <summary>
    /// Who could take over in the shift on now, best first with hints (<see cref="ReplacementList"/>): the order of the replace
    /// form's list. Null (before the rotation starts): the list by name as before.
    /// </summary>
    public ReplacementList? Replacements { get; init; }

    /// <summary>The visitor's own roster entry (found by their sign-in mail address): whom the leave and swap forms pick first.</summary>
    public string? VisitorMemberId { get; init; }

    /// <summary>The form a 400 shows again: <c>replace</c>, <c>swap</c>, <c>leave</c>, <c>undo</c> or <c>cancel-leave</c>.</summary>
    public string? FailedForm { get; init; }

    /// <summary>The change (<c>undo</c>) or the leave (<c>cancel-leave</c>, <c>{member}/{leave}</c>) whose form failed.</summary>
    public string? FailedItem { get; init; }

    /// <summary>What the failed form had typed, by field name.</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    /// <summary>The failed form's problems by field: the form's codes, or what the rotation and roster services refused, as they say it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>For some of <see cref="Errors"/>' fields, what the service refused as a code and arguments: said with names and dates.</summary>
    public IReadOnlyDictionary<string, Refusal> Refusals { get; init; } = new Dictionary<string, Refusal>();

    /// <summary>What the last post did (after its redirect): one of <see cref="DoneCodes"/>.</summary>
    public string? Done { get; init; }

    /// <summary>After a replacement or swap: the weeks left with no experienced member (said, never refused).</summary>
    public IReadOnlyList<string> Warned { get; init; } = [];

    /// <summary>
    /// After a replacement or swap: a member it puts on duty for <c>Weeks</c> (3 or more) weeks in a row, from the shift labelled
    /// <c>FromWeek</c> (said, never refused; trial 32b M4).
    /// </summary>
    public (string MemberId, int Weeks, string FromWeek)? LongRun { get; init; }

    /// <summary>After a replacement or swap: the members (ids) put on a shift during their leave (said, never refused).</summary>
    public IReadOnlyList<string> OnLeave { get; init; } = [];

    /// <summary>After a replacement, swap or undo: the covers (ids) it made unneeded, said with their time and people.</summary>
    public IReadOnlyList<string> CoversCancelled { get; init; } = [];

    /// <summary>After a change or an undo: the covers (ids) it made apply again, said with their time and people.</summary>
    public IReadOnlyList<string> CoversRestored { get; init; } = [];

    /// <summary>After leave was entered: the member (id) whose announced shift it falls in, still on duty until replaced.</summary>
    public IReadOnlyList<string> OnDutyDuringLeave { get; init; } = [];

    /// <summary>
    /// After leave was entered partly or wholly before today: its days from today on (<c>leaveAdded</c>: the note of an announced
    /// week names them) or, for leave lying entirely in the past (<c>leavePast</c>), its days (said as recorded only).
    /// </summary>
    public (DateOnly From, DateOnly To)? LeaveDays { get; init; }

    /// <summary>After leave was entered that started before today and runs on: its days already past (said as recorded only).</summary>
    public (DateOnly From, DateOnly To)? PastLeaveDays { get; init; }

    /// <summary>After leave was entered: the weeks (labels) it leaves with fewer members on duty than the pair (said, never refused; trial 34 H3).</summary>
    public IReadOnlyList<string> ShortHanded { get; init; } = [];

    /// <summary>
    /// After leave was entered: each of <see cref="ShortHanded"/> is a week it took the member off, whose others and the leads
    /// are being told by mail (<c>told=1</c>): the note says so, as it says for an announced week.
    /// </summary>
    public bool ShortHandedTold { get; init; }

    /// <summary>
    /// After leave was entered: the weeks (labels) not yet announced it keeps the member on for their handoff morning after their
    /// dates (session 62): said with those hours, and that the week's announcement asks for a cover of them.
    /// </summary>
    public IReadOnlyList<string> Kept { get; init; } = [];

    /// <summary>
    /// Every rotation, in the order the API lists them, for the page's links between the rotations' duty pages (trial 37 M6: a
    /// maintenance rotation's mail led to the paging rotation's page). Empty or one: no links.
    /// </summary>
    public IReadOnlyList<Rotation> Rotations { get; init; } = [];

    /// <summary>The paging rotation's id (<c>Incidents__RotationId</c>): its page is <c>/api/status/duty</c>, every other one's <c>?rotation={id}</c>.</summary>
    public string? PagingRotationId { get; init; }

    /// <summary>
    /// The duty page's <c>&amp;rotation=</c> for <paramref name="rotationId"/> (its forms, its 303s, the links between pages): none
    /// for the paging rotation, whose page is the plain address, nor when which one pages is not known.
    /// </summary>
    public static string RotationParameter(string rotationId, string? pagingRotationId) =>
        pagingRotationId is null || rotationId == pagingRotationId ? "" : "&rotation=" + Uri.EscapeDataString(rotationId);

    /// <summary>What a post may say it did.</summary>
    public static readonly IReadOnlySet<string> DoneCodes = new HashSet<string>(
        ["replaced", "replacedNow", "swapped", "swappedNow", "leaveAdded", "leavePast", "undone", "undoneNow", "leaveCancelled"], StringComparer.Ordinal);
}
