using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>One row of an incident's append-only timeline.</summary>
public sealed record TimelineEntry
{
    public required DateTimeOffset At { get; init; }

    public required TimelineKind Kind { get; init; }

    /// <summary>Who did it: a member id, an email, <c>alert:{source}</c> or <c>system</c>.</summary>
    public string? By { get; init; }

    public string? Message { get; init; }

    public IncidentStatus? Status { get; init; }

    public string? AlertKey { get; init; }

    /// <summary>
    /// On a row of an incident about refused deliveries (its opening, each refusal folded in, the accepted delivery that resolved it):
    /// the refusal as data (<see cref="RefusedDelivery.Stored"/>), so each reader's page words the row (<see cref="Message"/> holds it in
    /// the team's language). Null on other rows and on rows written before it was kept (those read as stored).
    /// </summary>
    public RefusedDelivery? Refusal { get; init; }

    /// <summary>
    /// On a monitoring tool's <see cref="TimelineKind.Acknowledged"/> row: the name the tool gave itself (the Events v2 <c>client</c>,
    /// e.g. Datadog; <see cref="Incident.AcknowledgedVia"/> when it was written), kept on the row so it still names the tool once a
    /// person took the incident over or a raise forgot the tool's acknowledgement. Null on other rows, on a tool's row that named
    /// none, and on rows written before it was recorded (those read the incident's <see cref="Incident.AcknowledgedVia"/> while it stands).
    /// On a tool's <see cref="TimelineKind.Opened"/> row: the name the opening delivery gave (<see cref="Incident.OpenedVia"/>).
    /// </summary>
    public string? Via { get; init; }

    public int? Step { get; init; }

    /// <summary>
    /// The round of a page step's entry (the incident's <see cref="Incident.ReopenCount"/> when the step was sent, or the round
    /// its message's topic names): a late report about an earlier round is not read as news of this one. Null where unknown
    /// (a message listing several incidents, entries written before rounds were recorded), which any round reads.
    /// </summary>
    public int? Round { get; init; }

    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>
    /// On a <see cref="TimelineKind.TookOver"/> row: who handed it to <see cref="By"/> (a lead reassigning it from the incident page or
    /// the API's <c>assignedBy</c>, trial 61) — a member id, or as typed — so the row reads 「山田さんが鈴木さんに割り当てました（佐藤さん
    /// から）」. Null when they took it themselves, and on rows written before it was kept; its <see cref="Message"/> is the takeover's
    /// (<see cref="TimelineTexts.TookOver"/>) either way, so a release that does not know this property reads the row as a takeover.
    /// </summary>
    public string? AssignedBy { get; init; }

    /// <summary>
    /// On a <see cref="TimelineKind.Notified"/> or <see cref="TimelineKind.Escalated"/> row: the step's people who are roster members
    /// (a duty member, a lead configured by an address a member has), with the member id their texts and calls are queued under and
    /// the number they go to, so a lead's text or call is read as a duty member's is (<see cref="PageReach"/>, the incident page's
    /// 「まだ誰にも届いていません」). Null on other rows and on step rows written before 12-06, read as before: the duty members'
    /// texts and calls by the incident's duty members, a lead by their email alone.
    /// </summary>
    public IReadOnlyList<PagedMember>? Members { get; init; }

    /// <summary>
    /// On a person's <see cref="TimelineKind.Update"/> or <see cref="TimelineKind.Corrected"/>: which details it changed (the severity has its own row), in order. Empty on
    /// other rows and on updates written before it was recorded (those read as a details edit when they hold nothing else).
    /// </summary>
    public IReadOnlyList<IncidentChange> Changes { get; init; } = [];

    /// <summary>
    /// On a person's <see cref="TimelineKind.Update"/> or <see cref="TimelineKind.Resolved"/> row: the audiences it asked to tell
    /// besides the severity's (<see cref="IncidentEdit.AlsoTell"/>, 「サポートにも知らせました」). On a <see cref="TimelineKind.StakeholdersNotified"/>
    /// row: the audiences its mail said it now goes to too, to those told before (「この報告からサポートにもお知らせしています。」), for the
    /// 障害の状況 view. Null on other rows, when none, and on rows stored before (update rows before 12-06, notice rows before 12-07).
    /// </summary>
    public IReadOnlyList<string>? AlsoTold { get; init; }

    /// <summary>
    /// On a <see cref="TimelineKind.Corrected"/> row: the values the correction replaced, old and new (nobody was told, so the row
    /// is where the old value stays). Null on other rows and on corrections stored before they were kept.
    /// </summary>
    public CorrectedValues? Corrected { get; init; }

    /// <summary>
    /// On a <see cref="TimelineKind.SeverityRaised"/> or <see cref="TimelineKind.SeverityLowered"/> row: the severity before the change.
    /// Null on other rows and on severity rows written before it was recorded (their words say it: <see cref="TimelineStory.SeverityChange"/>).
    /// Kept when the incident text retention removes the words. On a <see cref="TimelineKind.StakeholdersNotified"/> row: the severity
    /// the notices before said when this one said another (its mail's 「重大度を SEV2 から SEV1 に引き上げました」); null when it said no
    /// change, and on notice rows written before 12-03 (the 障害の状況 view then reads the severity rows between notices).
    /// </summary>
    public AlertSeverity? SeverityFrom { get; init; }

    /// <summary>On a severity row: the severity after the change (see <see cref="SeverityFrom"/>).</summary>
    public AlertSeverity? SeverityTo { get; init; }

    /// <summary>
    /// On a <see cref="TimelineKind.StakeholdersNotified"/> row: the start a merge moved that the notice said to the readers told
    /// before (its mail's 「発生日時を 03:09 から 03:05 に訂正しました。」), from the time they were told to the one it gave, so the 障害の状況
    /// view's history says it too. Null when it said none, and on notice rows written before 12-05 (read as saying none).
    /// </summary>
    public Corrected<DateTimeOffset>? StartMoved { get; init; }

    /// <summary>
    /// On a <see cref="TimelineKind.StakeholdersNotified"/> row: how many of the incident's followers (<see cref="IncidentFollowing"/>)
    /// it went to besides its audiences' readers — the page says 「…この障害をフォローしている2人にだけ送りました。」 when no audience
    /// was told. Null when it went to no follower, and on notice rows written before 12-05 (read as before: to the audiences only).
    /// </summary>
    public int? Followers { get; init; }

    /// <summary>
    /// On a <see cref="TimelineKind.StakeholdersNotified"/> row of a recovery notice: the recovery time it said (its mail's opening
    /// 「…に復旧しました。」), so the 障害の状況 view's history says the same one after a correction or a reopen. Null on other notices, and
    /// on notice rows written before 12-06 (the view then reads the time of the resolving row).
    /// </summary>
    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>
    /// On a <see cref="TimelineKind.StakeholdersNotified"/> row that was some readers' first notice: the user impact as it stood (its
    /// mail's opening quotes its first sentence), so the 障害の状況 view's history heads that notice with what it said, not with the
    /// impact as later updates changed it. Null when there was none or no reader's series began there, on notice rows written before
    /// 12-06 (the view then reads the impact now), and once the incident text retention removed it (<see cref="WithoutText"/>).
    /// </summary>
    public string? Impact { get; init; }

    /// <summary>
    /// On a <see cref="TimelineKind.FinalReportSent"/> row: what the final report said; on a <see cref="TimelineKind.FinalReportCorrected"/> row,
    /// what the correction said (a later correction quotes it as what the readers were told) (■概要 ■影響範囲 ■原因 ■再発防止策, as the duty PM
    /// sent it), so the audiences' 障害の状況 view shows it to a reader coming back later (trial 55: a support lead answering a customer a
    /// week on found only 「最終報を送信しました」). Null on other rows, on final report rows written before 12-06 (session 55), and once the
    /// incident text retention removed it (<see cref="WithoutText"/>). Its size is bounded by <see cref="Comms.FinalReportText.MaxStoredChars"/>.
    /// </summary>
    public Comms.FinalReportText? FinalReport { get; init; }

    /// <summary>
    /// On a <see cref="TimelineKind.DutyChanged"/> row saying a first page was not sent because escalation 1 to the same person
    /// replaces it (<see cref="TimelineTexts.PageReplaced"/>): true, so the row is read as a replacement, not a change of duty,
    /// without its words (kept when the incident text retention removes them). Null on other rows and on rows written before it
    /// was recorded (their words say it: <see cref="TimelineTexts.IsPageReplaced(TimelineEntry)"/>).
    /// </summary>
    public bool? PageReplaced { get; init; }

    /// <summary>
    /// On a <see cref="TimelineKind.Delivered"/> row of a page its provider failed before it went through (a mail outage, trial 36
    /// M3): how many attempts failed first. Null when the first attempt went through, and on rows written before it was recorded.
    /// </summary>
    public int? FailedAttempts { get; init; }

    /// <summary>
    /// With <see cref="FailedAttempts"/>: when the page was queued — its first attempt, which failed, was then — so the row says how
    /// late it arrived (「12分遅れ」) and the report counts it as late.
    /// </summary>
    public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>With <see cref="FailedAttempts"/>: the provider's last error before it went through (why it was late), at most <see cref="MaxLastErrorLength"/> characters.</summary>
    public string? LastError { get; init; }

    public const int MaxLastErrorLength = 300;

    /// <summary>
    /// This delivery row with how its page was late (<see cref="FailedAttempts"/>, <see cref="QueuedAt"/>, <see cref="LastError"/>),
    /// when it failed before; as it is otherwise.
    /// </summary>
    public TimelineEntry DeliveredAfter(int failedAttempts, DateTimeOffset queuedAt, string? lastError) =>
        Kind != TimelineKind.Delivered || failedAttempts <= 0 ? this : this with
        {
            FailedAttempts = failedAttempts,
            QueuedAt = queuedAt,
            LastError = string.IsNullOrWhiteSpace(lastError) ? null : lastError.Length > MaxLastErrorLength ? lastError[..MaxLastErrorLength] : lastError,
        };

    /// <summary>How long after it was queued a page that failed first arrived (<see cref="DeliveredAfter"/>); null for one that went through at once.</summary>
    public TimeSpan? Late => Kind == TimelineKind.Delivered && FailedAttempts > 0 && QueuedAt is { } queued && At > queued ? At - queued : null;

    /// <summary>The entry without what was written in it (after the incident text retention): what happened, when, by whom stay.</summary>
    /// <summary>
    /// On a <see cref="TimelineKind.StakeholdersNotified"/> row of a notice sent as a correction (【訂正】, <see cref="IncidentComms.CorrectionIssued"/>):
    /// the notice it corrected and what it put right, quoted as its mail quoted them, for the incident page and the 障害の状況 view.
    /// Null on other rows, on rows written before 12-06 (session 56), and once the incident text retention removed it (<see cref="WithoutText"/>).
    /// </summary>
    public NoticeCorrection? Correction { get; init; }

    /// <summary>
    /// Whether this row is a page or escalation step (<see cref="TimelineKind.Notified"/>, <see cref="TimelineKind.Escalated"/>) that went
    /// to <paramref name="member"/>: naming them as a paged member (<see cref="Members"/>, by id — their address may have changed since)
    /// or listing their address among its recipients (<see cref="Team.Member.IsMailedAt"/>: trimmed, in any case). The one rule the duty
    /// report and the load report count a member's pages by.
    /// </summary>
    public bool PagesMember(Team.Member member) =>
        Kind is TimelineKind.Notified or TimelineKind.Escalated
        && (Members?.Any(m => string.Equals(m.Id, member.Id, StringComparison.Ordinal)) == true
            || (!string.IsNullOrEmpty(member.Email) && Recipients.Any(member.IsMailedAt)));

    public TimelineEntry WithoutText() => Message is null && LastError is null && Refusal is null && Impact is null && FinalReport is null && Correction is null
        ? this
        : this with { Message = null, LastError = null, Refusal = null, Impact = null, FinalReport = null, Correction = null };
}
