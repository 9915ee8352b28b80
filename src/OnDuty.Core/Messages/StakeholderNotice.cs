using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// Notice number <see cref="Number"/> (第n報, counted in the reader's own series: their first is 第1報) about an incident to
/// internal stakeholders, as of the update that made it: what happened, who is affected, where it stands, the workaround, and
/// when the next update is due; once recovered, when, the cause as far as known and what comes next.
/// </summary>
public sealed record StakeholderNotice(Language Language, Incident Incident, int Number, string TimeZone) : Notice(Language)
{
    /// <summary>What the severity means where <c>Incidents__SeverityMeanings__…</c> sets it; null = the phrase files' wording.</summary>
    public string? SeverityMeaning { get; init; }

    /// <summary>What the person said with this update (null for the declaration, or an update without a note).</summary>
    public string? Update { get; init; }

    /// <summary>
    /// For a reader whose first notice this is, when this update said nothing: the latest status message a person wrote before
    /// (what ■対応状況 repeats, so a reader added by a severity raise learns what the others were told). Null otherwise.
    /// </summary>
    public string? EarlierUpdate { get; init; }

    /// <summary>What this update changed of the details shown (said in the lead: 「回避策を追記しました。」).</summary>
    public IReadOnlyList<IncidentChange> Changes { get; init; } = [];

    /// <summary>
    /// To readers told before: the audiences this notice tells for the first time because an update asked it (<see cref="IncidentComms.AlsoTell"/>),
    /// by the names they read (「この報告からサポートにもお知らせしています。」), so a notice that brings them nothing else says why it came. Empty
    /// for a reader whose first notice it is, and when nobody was added.
    /// </summary>
    public IReadOnlyList<string> AlsoTold { get; init; } = [];

    /// <summary>
    /// For the team's channel: the audiences this notice went to, by the names the team reads (「この報告は経営層にお知らせしています。」),
    /// so someone who follows only the channel knows who was told (trial 58). Empty in an audience's own mail.
    /// </summary>
    public IReadOnlyList<string> SentTo { get; init; } = [];

    /// <summary>
    /// The start time a merge moved since the readers' notice before (<see cref="IncidentComms.StartMovedByMerge"/>): said with the
    /// changes (「発生日時を 03:09 から 03:05 に訂正しました。」) when the record's start still differs from what they were told.
    /// </summary>
    public Corrected<DateTimeOffset>? StartMoved { get; init; }

    /// <summary>
    /// Sent as a correction (【訂正】, <see cref="IncidentComms.CorrectionIssued"/>): what the readers' notice before said of each detail
    /// stated otherwise now, and what is right; empty for any other notice and for a reader whose first notice this is (they never
    /// read the mistake).
    /// </summary>
    public IReadOnlyList<DetailCorrection> Corrections { get; init; } = [];

    /// <summary>With <see cref="Corrections"/>: the number the notice corrected has in the readers' own series (第2報).</summary>
    public int Corrects { get; init; }

    /// <summary>Who posted it, as the timeline names them (a roster member's name where known).</summary>
    public string? UpdatedBy { get; init; }

    /// <summary>When the update was posted.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// When the next update is due: as the writer promised (<see cref="IncidentComms.NextUpdateAt"/>), else the severity's
    /// interval (<c>Comms__UpdateInterval__…</c>) from the update rounded up (<see cref="Comms.NextUpdatePromise"/>); null when resolved, or reminders are off and nothing was promised.
    /// </summary>
    public DateTimeOffset? NextUpdateBy { get; init; }

    /// <summary>The severity the previous notice said, when it has changed since (raised or lowered); null when it has not.</summary>
    public AlertSeverity? SeverityBefore { get; init; }

    /// <summary>The status the previous notice said, when it has changed since (調査中 → 原因特定); null when it has not, and on a first notice.</summary>
    public IncidentStatus? StatusBefore { get; init; }

    /// <summary>
    /// The recovery notice: the highest severity earlier notices said, when higher than the last (SEV1, now SEV2), for readers who
    /// skipped the notice that lowered it; null otherwise.
    /// </summary>
    public AlertSeverity? HighestSeverity { get; init; }

    /// <summary><see cref="HighestSeverity"/> was the first notice's (「当初 SEV1」), not one reached later (「最大 SEV1」).</summary>
    public bool HighestWasFirst { get; init; }

    /// <summary>The cause as far as a person has said (<see cref="Incident.Cause"/>); null: the recovery notice says it is being investigated.</summary>
    public string? Cause { get; init; }

    /// <summary>What the team will do next (<see cref="Incident.NextSteps"/>); null: the recovery notice says they will report back.</summary>
    public string? NextSteps { get; init; }

    /// <summary>
    /// The incident its readers were told about before it was merged into this one, on the first notice here that continues their
    /// series (「INC-2026-0006 としてお知らせしていた障害の続報です。」); null otherwise.
    /// </summary>
    public string? ContinuesFrom { get; init; }

    /// <summary>
    /// A merged incident's notice: when the next update is due on the incident it was merged into (what its last notice promised),
    /// so 「INC-… の続報で」 says by when (trial day 29, L8); null when that one is over or promised no time.
    /// </summary>
    public DateTimeOffset? ContinuedNextUpdateBy { get; init; }

    /// <summary>
    /// A merged incident's notice: the severity of the incident it was merged into, the one its readers follow from now on (■重大度
    /// says it, trial day 33, M8); null when that one could not be read or is over.
    /// </summary>
    public AlertSeverity? ContinuedSeverity { get; init; }

    /// <summary>
    /// The copy for the incident's followers in no audience (<see cref="IncidentFollowing"/>): a merged incident's says they follow
    /// the one it was merged into now (<see cref="IncidentMerger"/> carried them over), so its updates come to them from there.
    /// </summary>
    public bool ToFollowers { get; init; }

    /// <summary>
    /// The zone the readers live in when it is not the team's (<c>Comms__Audiences__{name}__TimeZone</c>): each time is given there
    /// with the team's beside it (「13:50 GMT (22:50 JST)」); null: in <see cref="TimeZone"/> only, as before.
    /// </summary>
    public string? ReaderTimeZone { get; init; }

    /// <summary>The incident's read-only view (<c>…/overview</c>) for people who want more; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }

    /// <summary>
    /// Whom the readers ask, as their audience configures it (<c>Comms__Audiences__{name}__Contact</c>); null: the incident's duty
    /// pair (<see cref="Incident.Assignees"/>) by name and mail — never their phone numbers (a notice is forwarded).
    /// </summary>
    public string? Contact { get; init; }

    /// <summary>
    /// Who holds the incident when not one of its duty members (a lead who took it over, <see cref="Comms.ContactHolder"/>): named
    /// first in ■お問い合わせ先, before the pair; null when a duty member holds it (they come first among the pair).
    /// </summary>
    public AssignedMember? Holder { get; init; }

    /// <summary>The communications lead (連絡担当, <see cref="Comms.ContactHolder.CommsLeadAsync"/>): named first in ■お問い合わせ先; null with none.</summary>
    public AssignedMember? CommsLead { get; init; }

    /// <summary>
    /// Of the duty members and <see cref="Holder"/>, the member ids on leave today: ■お問い合わせ先 leaves them out while someone else
    /// is named (trial 56); everyone on leave, they are named as before.
    /// </summary>
    public IReadOnlySet<string> ContactsAway { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// For an audience whose job is what customers are told (<c>Comms__Audiences__{name}__Drafts</c>): the customer drafts on the
    /// incident page (<c>…/page?lang=ja#h-drafts</c>) in the notice's language; null for others, and without <c>Team__PublicBaseUrl</c>.
    /// </summary>
    public string? DraftsLink { get; init; }

    /// <summary>Where those drafts stand, as the incident page's drafts section says it: 未承認, 承認済み, or approved before the incident changed.</summary>
    public StakeholderDraftsState DraftsState { get; init; }

    /// <summary>
    /// The readers' audience answers customers (<c>Comms__Audiences__{name}__Drafts</c>, PR and support): the recovery notice tells them
    /// what to answer those who wrote in (■お客様からのお問い合わせ). Executives are not asked to (trial 54: their 復旧 notice pointed them
    /// at drafts on a page they cannot open).
    /// </summary>
    public bool AnswersCustomers { get; init; }
}

/// <summary>The customer drafts' state as a PR/support notice says it beside their link (<see cref="StakeholderNotice.DraftsLink"/>).</summary>
public enum StakeholderDraftsState
{
    /// <summary>Generated or saved, not approved (未承認).</summary>
    NotApproved,

    /// <summary>Approved, and nothing they were written from changed since (承認済み).</summary>
    Approved,

    /// <summary>
    /// Approved, but the incident changed since (its state, workaround, impact…): the page says 「承認後に…が変わりました。文案を見直してください。」
    /// under the approver's name, so the notice says the same, not 未承認.
    /// </summary>
    ChangedSinceApproved,
}
