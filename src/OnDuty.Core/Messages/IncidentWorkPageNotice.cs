using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The incident as the duty PMs work it: state, who is on it, alerts, timeline, and the forms to post an update,
/// acknowledge, edit the details and call for help.
/// </summary>
public sealed record IncidentWorkPageNotice(Language Language, IncidentDetails Details, string ETag, FormToken Token, PageVisitor Visitor, string TimeZone, DateTimeOffset Now)
    : Notice(Language)
{
    /// <summary>
    /// A merged duplicate: whether the incident it was merged into is open now — its status then reads 「統合済み（… で対応中）」,
    /// else 「… に統合（復旧済み）」; null when it is no duplicate or the other could not be read (its own status is shown).
    /// </summary>
    public bool? MergedIntoOpen { get; init; }

    /// <summary>
    /// The roster member who holds it (acknowledged it) is on leave today, to this day: the page says so beside 対応者 and asks the
    /// visitor to take it over (trial 56). Null when they are not, or nobody does.
    /// </summary>
    public LeaveAbsence? HolderAwayUntil { get; init; }

    /// <summary>Its pages of this round have reached nobody yet (<see cref="Incidents.PagesUndelivered"/>): a line near the top says so.</summary>
    public Incidents.PagesUndelivered? Undelivered { get; init; }

    /// <summary>Give-ups on its timeline whose message can be re-sent (<see cref="Notifications.OutboxResender.ResendableAsync"/>): each row gets a button.</summary>
    public IReadOnlyList<Notifications.ResendableDelivery> Resendable { get; init; } = [];

    /// <summary>Display names of the roster's members by id, for people the timeline names who are not on the incident (a lead, a replaced member).</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>Those taken off the roster since (<see cref="Team.FormerMember"/>): someone the timeline names by an id the roster no longer has, by the name they had.</summary>
    public IReadOnlyList<Team.FormerMember> Former { get; init; } = [];

    /// <summary>
    /// Who follows it (<see cref="Incidents.IncidentFollowing"/>), active roster members: the page lists them, and offers the
    /// visitor 「この障害をフォローする」 or, when they are among them (<see cref="Following"/>), 「フォローをやめる」.
    /// </summary>
    public IReadOnlyList<Member> Followers { get; init; } = [];

    /// <summary>
    /// Whom the help form can ask by name besides the whole organisation (trial 61: "add responders"): active members with an
    /// address who are not on it already. Empty: the form asks the organisation only.
    /// </summary>
    public IReadOnlyList<Member> HelpChoices { get; init; } = [];

    /// <summary>The help form's field naming the member asked (a member id; empty: the whole organisation).</summary>
    public const string HelpAskField = "ask";

    /// <summary>
    /// Whom 「担当を割り当てる」 can hand the open incident to (trial 61: PagerDuty's "Reassign"): active members with an address, not the
    /// one holding it nor the visitor. Empty: no such form.
    /// </summary>
    public IReadOnlyList<Member> AssignChoices { get; init; } = [];

    /// <summary>The assign form's field naming the member it is handed to (a member id).</summary>
    public const string AssignField = "member";

    /// <summary>Whom 「連絡担当を割り当てる」 can make the communications lead: active members with an address, not the lead already. Empty: no such form.</summary>
    public IReadOnlyList<Member> CommsLeadChoices { get; init; } = [];

    /// <summary>The communications-lead form's field naming the member (a member id).</summary>
    public const string CommsLeadField = "member";

    /// <summary>
    /// The <see cref="Followers"/> a stakeholder notice is sent to: not its duty members (<see cref="Incidents.IncidentFollowing.NotResponding"/>),
    /// so the forms' 「…フォローしている人（…）にも届きます。」 names only those it reaches.
    /// </summary>
    public IReadOnlyList<Member> FollowersTold => [.. Incidents.IncidentFollowing.NotResponding(Details.Incident.Value, Followers)];

    /// <summary>The visitor (a roster member) follows it.</summary>
    public bool Following { get; init; }

    /// <summary>A confidential incident's people added to read it (<see cref="Incidents.IncidentReaders"/>), listed with their remove buttons.</summary>
    public IReadOnlyList<Incidents.IncidentReader> AddedReaders { get; init; } = [];

    /// <summary>
    /// A confidential incident's people its pages, escalation steps and calls for help reached (<see cref="Incidents.ReachedReader"/>),
    /// not added too: listed with how they were reached, with no remove button (taking them off would refuse the page a mail linked them to).
    /// </summary>
    public IReadOnlyList<Incidents.ReachedReader> ReachedReaders { get; init; } = [];

    /// <summary>
    /// The roster member who declared it on the form (its <see cref="Incidents.Incident.OpenedBy"/>): named with their contact —
    /// mail, and phone when the roster has one — for the duty pair and leads to reach them; null for anyone else (monitoring, a
    /// name typed without sign-in, someone not on the roster).
    /// </summary>
    public Member? Declarer { get; init; }

    /// <summary>Stakeholder audiences' display names by configured name (<c>Comms__Audiences__{name}__DisplayName</c>); one without is shown by its name.</summary>
    public IReadOnlyDictionary<string, string> AudienceNames { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Every configured audience's readers, groups not expanded (<see cref="Comms.AudienceRoster.All"/>): the update and details forms say
    /// who among their notice's readers reads another language than the page's, as typed (trial 33, M2), counted per reader — a roster
    /// member reads their own language whatever the audience's (trial 39, M5).
    /// </summary>
    public IReadOnlyList<Comms.AudienceReader> Readers { get; init; } = [];

    /// <summary>
    /// The audiences the next stakeholder notice would go to (configured names): those told so far and the severity's. Empty:
    /// saving the details tells nobody, and the form offers no choice.
    /// </summary>
    public IReadOnlyList<string> NoticeAudiences { get; init; } = [];

    /// <summary>
    /// The audiences a raise to each higher severity would add to <see cref="NoticeAudiences"/> (configured names), for the severities
    /// that add any: the details form says who else a raise tells (review day 28, L4).
    /// </summary>
    public IReadOnlyDictionary<AlertSeverity, IReadOnlyList<string>> RaiseAudiences { get; init; } = new Dictionary<AlertSeverity, IReadOnlyList<string>>();

    /// <summary>
    /// The audiences the update form offers to tell too (「ほかにも知らせる：」, <see cref="Comms.CommsOptions.AlsoTellChoices"/>): configured,
    /// neither told so far nor the severity's. Empty: the choice is not shown.
    /// </summary>
    public IReadOnlyList<string> AlsoTellChoices { get; init; } = [];

    /// <summary>The update form's checkbox per audience offered: <c>alsoTell.{audience}</c> = <c>true</c>.</summary>
    public const string AlsoTellPrefix = "alsoTell.";

    /// <summary>The details form's choice whether saving tells the stakeholders: <see cref="NotifyTell"/> or <see cref="NotifyQuiet"/>.</summary>
    public const string NotifyField = "notify";

    public const string NotifyTell = "tell";

    /// <summary>「関係者には知らせない（記録の訂正）」: saved as a correction, nobody told.</summary>
    public const string NotifyQuiet = "quiet";

    /// <summary>
    /// The merge form's confirm step (trial day 33): the error code <c>mergeRaises:{into}|{from}|{to}</c> says what the merge does
    /// to the severity of the incident merged into, and the form posts <see cref="MergeConfirmField"/> (hidden, that incident's id)
    /// to go ahead.
    /// </summary>
    public const string MergeRaises = "mergeRaises";

    public const string MergeConfirmField = "confirmSeverity";

    /// <summary>
    /// The undo-merge form's confirm step: the error code <c>unmergeAsks:{duplicate}|{into}</c> names both incidents, and the form posts
    /// <see cref="UnmergeConfirmField"/> (hidden, the duplicate's id) to go ahead.
    /// </summary>
    public const string UnmergeAsks = "unmergeAsks";

    public const string UnmergeConfirmField = "confirmUnmerge";

    /// <summary>The undo-merge form's choice on the page of the incident merged into: which merged incident (its id).</summary>
    public const string UnmergeField = "duplicate";

    /// <summary>
    /// The confirm step's second button (trial 39 M2): its name, posted with that incident's id, merges keeping the severity of the
    /// incident merged into (a person's choice from then on).
    /// </summary>
    public const string MergeKeepField = "keepSeverity";

    /// <summary>
    /// Posted (hidden, <c>1</c>) by a details form that showed the choice: without <see cref="NotifyField"/> it is refused, not
    /// taken as "tell". A page rendered before the choice existed posts neither, and is told as before.
    /// </summary>
    public const string NotifyAskedField = "notifyAsked";

    /// <summary>The team's incident bridge (<c>Incidents__BridgeUrl</c>): offered while the incident is open; null = none.</summary>
    public string? BridgeLink { get; init; }

    /// <summary>When the next update is due if the writer promises no other time (the severity's update interval from now); null when reminders are off.</summary>
    public DateTimeOffset? NextUpdateDefault { get; init; }

    /// <summary>
    /// While it is open: the next update the last stakeholder notice promised (as it said it, <see cref="Comms.NextUpdatePromise.LastTold"/>);
    /// null when none was told or it gave no time. The facts say it with the time left or 期限超過, and the update form offers it
    /// while it is ahead (trial 31a, M5).
    /// </summary>
    public DateTimeOffset? StakeholderPromise { get; init; }

    /// <summary>A fresh id per page shown, sent back by each form: a second submit of the same form changes nothing more.</summary>
    public required string RequestId { get; init; }

    /// <summary>The form a 400 re-renders (<c>update</c>, <c>details</c>, <c>help</c>), what was typed there and what is wrong.</summary>
    public string? FailedForm { get; init; }

    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The update form's post (409) came from a page shown before this update of another person's: the form is shown again with
    /// what was typed, saying whose update and what it said; null otherwise.
    /// </summary>
    public StaleUpdate? UpdateStale { get; init; }

    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The PR/CS drafts in the page's language (saved, or generated now) and the saved version's ETag (null: never saved).</summary>
    public IncidentDraft? Draft { get; init; }

    public string? DraftETag { get; init; }

    /// <summary><see cref="Draft"/> was generated afresh from the incident's latest state in place of the saved one (which stays until saved over).</summary>
    public bool DraftRegenerated { get; init; }

    /// <summary>The merge-many form's checkbox of each incident offered: this prefix and its id (value <c>true</c> when ticked).</summary>
    public const string MergeManyPrefix = "mergeId.";

    /// <summary>
    /// With <see cref="Done"/> <c>mergedMany</c>: the incidents merged into this one (<c>&amp;merged=</c>) and those not, each with the
    /// reason (<c>&amp;skipped=id:reason</c>, <see cref="SkippedMerge.Reason"/>).
    /// </summary>
    public IReadOnlyList<string> MergedMany { get; init; } = [];

    /// <inheritdoc cref="MergedMany"/>
    public IReadOnlyList<SkippedMerge> SkippedMany { get; init; } = [];

    /// <summary>What the last post did (after its redirect): <c>declared</c>, <c>updated</c>, <c>acknowledged</c>, <c>helpCalled</c>, <c>edited</c>, <c>corrected</c>, <c>draftsSaved</c>, <c>draftsApproved</c>.</summary>
    public string? Done { get; init; }

    /// <summary>
    /// With <see cref="Done"/> <c>updated</c>: the stakeholder notice number that update issued (<c>&amp;notice=</c>), so the page
    /// says which notice went to whom (its timeline row), or that nobody was told; null: the update alone is said.
    /// </summary>
    public int? DoneNotice { get; init; }

    /// <summary>
    /// The status the update form starts at instead of the incident's (<c>?status=resolved</c>: the resolve link of
    /// 【アラート解消・要確認】 and of the page's own banner); null: the incident's status. Only <see cref="IncidentStatus.Resolved"/> is offered.
    /// </summary>
    public IncidentStatus? PresetStatus { get; init; }

    /// <summary>What each severity means where <c>Incidents__SeverityMeanings__…</c> sets it; the phrase files' wording otherwise.</summary>
    public SeverityMeanings SeverityMeanings { get; init; } = new();

    /// <summary>
    /// The active judgement criteria relevant to this incident (or the most recently updated ones), shown next to the severity
    /// choice with a link to them all (the duty PM decides by today's rule).
    /// </summary>
    public Retros.CriteriaSelection Criteria { get; init; } = Retros.CriteriaSelection.None;

    /// <summary>The saved retro's latest version (the page links to it and its printable report); null while none is saved.</summary>
    public Retros.RetroVersion? Retro { get; init; }

    /// <summary>
    /// The day its retro is due (<see cref="Retros.RetroDue.Of"/>) when it owes one (<see cref="Retros.RetroDue.IsOwed"/>: a SEV1 however
    /// briefly it lasted); the page says so beside the link while none is saved. Null when it owes none.
    /// </summary>
    public DateOnly? RetroDueOn { get; init; }

    /// <summary>How <see cref="RetroDueOn"/> was counted: the page says which holidays and closure days it left out. Null: not said.</summary>
    public Retros.RetroDueCount? RetroDueCount { get; init; }

    /// <summary>A SEV2 blip that owes no retro (<see cref="Retros.RetroDue.SelfResolvedMinutes"/>): how long it lasted; the page says why a retro is optional.</summary>
    public int? RetroSelfResolvedMinutes { get; init; }

    /// <summary>Past incidents like this one, best first ("last time this broke, this is what we did").</summary>
    public IReadOnlyList<Retros.LessonHit> Similar { get; init; } = [];

    /// <summary>
    /// The visitor may read confidential incidents (<see cref="Incidents.ConfidentialAccess.ReadsConfidentialBySetting"/>): a confidential
    /// one among <see cref="Similar"/> is shown whole, with the 「非公開」 badge, and one among <see cref="MergeTargets"/> by its title;
    /// false (the default): named 「非公開の障害」 (the merge form's choices 「非公開の障害 INC-…（SEV2）」).
    /// </summary>
    public bool ReadsConfidential { get; init; }

    /// <summary>
    /// The visitor decides who else reads confidential incidents (<see cref="Incidents.ConfidentialAccess.ManagesReaders"/>, the security
    /// officer): a confidential incident's readers form is theirs although they may not act otherwise.
    /// </summary>
    public bool ManagesReaders { get; init; }

    /// <summary>
    /// The confidential incidents the visitor was added on (<see cref="Incidents.IIncidentReaders.AddedOnAsync"/>): listed whole to them
    /// although they do not read every one (<see cref="ReadsConfidential"/>).
    /// </summary>
    public IReadOnlySet<string> AddedOn { get; init; } = new HashSet<string>();

    /// <summary>The visitor may read confidential incident <paramref name="incidentId"/> here: every one, or one they were added on.</summary>
    public bool Reads(string incidentId) => ReadsConfidential || AddedOn.Contains(incidentId);

    /// <summary>Other incidents open now, newest first (at most <see cref="MaxMergeTargets"/>): offered as the merge form's choices.</summary>
    public IReadOnlyList<Incidents.Incident> MergeTargets { get; init; } = [];

    public const int MaxMergeTargets = 50;

    /// <summary>
    /// How close to this one another source's open incident was detected for the merge form to name it as a likely duplicate
    /// (「ほかに対応中の障害：INC-…（3 分前、Alertmanager 連携）」, trial day 33, M7): alert grouping never joins two sources.
    /// </summary>
    public static readonly TimeSpan SiblingWindow = TimeSpan.FromMinutes(15);
}
