using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Where telling stakeholders about an incident stands. A notice is numbered (第n報) when a person declares the incident or
/// posts an update, and queued right after; <see cref="Queued"/> behind <see cref="Issued"/> means the queuing is still
/// owed (a crash or an unreachable directory in between) and is done again, under the same outbox ids.
/// </summary>
public sealed record IncidentComms
{
    /// <summary>Notices issued by people so far; the last one's number.</summary>
    public int Issued { get; init; }

    /// <summary>The highest notice number whose messages are in the outbox.</summary>
    public int Queued { get; init; }

    /// <summary>When a person last declared or updated it; null while only monitoring has spoken.</summary>
    public DateTimeOffset? LastPersonUpdateAt { get; init; }

    /// <summary>Every audience told so far: a later notice goes to them too, so a severity change only ever widens it.</summary>
    public IReadOnlyList<string> ToldAudiences { get; init; } = [];

    /// <summary>
    /// Audiences a person's update asked to tell besides the severity's (<see cref="IncidentEdit.AlsoTell"/>) that no notice was queued
    /// for yet: the notice owed goes to them too (<see cref="Comms.CommsOptions.NextNoticeAudiences"/>), composed later from the stored
    /// record, so neither the asynchronous send nor a crash between the update and the queuing loses them. Once queued they are in
    /// <see cref="ToldAudiences"/> (every later notice, the recovery notice and the final report reach them) and leave this list.
    /// Empty on records stored before 12-06.
    /// </summary>
    public IReadOnlyList<string> AlsoTell { get; init; } = [];

    /// <summary>
    /// The notice each audience was first told in: their own series of notices starts there (a reader added by a severity raise
    /// reads 第1報 first, not 第3報). An audience told before this was recorded counts from notice 1.
    /// </summary>
    public IReadOnlyDictionary<string, int> FirstNotices { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// The series of notices that began on incidents merged into this one (<see cref="Incident.MergeIn"/>): each audience told about
    /// a duplicate reads its next notice here as the one after those (an audience told 第1報 and the 【統合】 第2報 reads 第3報), and
    /// that notice says once which incident it was told about before.
    /// </summary>
    public IReadOnlyList<ContinuedSeries> Continued { get; init; } = [];

    /// <summary>The final report (最終報) sent after the retro (<see cref="Incident.MarkFinalReportSent"/>); null until then, one an incident.</summary>
    public SentFinalReport? FinalReport { get; init; }

    /// <summary>
    /// The incident <paramref name="audiences"/> were told about before it was merged into this one, when notice <paramref name="number"/>
    /// is the first here that continues their series; null otherwise (one said once).
    /// </summary>
    public string? ContinuesFrom(IEnumerable<string> audiences, int number)
    {
        var told = audiences.ToList();
        return Continued.FirstOrDefault(c => c.At == number && told.Contains(c.Audience, StringComparer.OrdinalIgnoreCase))?.From;
    }

    /// <summary>
    /// These comms with the series of <paramref name="duplicate"/> (merged into this incident) going on here: each audience it told
    /// and this one did not is told from the next notice on, numbered after what it was told there (its notices plus the 【統合】
    /// notice the duplicate owes as it is merged); one this incident told already keeps its own series. Where nobody was told
    /// anything here yet, the duplicate's last promise of the next update, and the severity it said, stand for this incident.
    /// </summary>
    internal IncidentComms ContinueSeriesOf(string duplicateId, IncidentComms duplicate)
    {
        if (duplicate.Issued == 0 || duplicate.ToldAudiences.Count == 0)
        {
            return this;
        }

        // The number the next notice queued here has: an owed one is queued under the last number issued.
        var next = Queued < Issued ? Issued : Issued + 1;
        var mergeNotice = duplicate.Issued + 1;
        var firsts = new Dictionary<string, int>(FirstNotices, StringComparer.OrdinalIgnoreCase);
        var told = ToldAudiences.ToList();
        var continued = Continued.ToList();
        foreach (var audience in duplicate.ToldAudiences)
        {
            if (!told.Contains(audience, StringComparer.OrdinalIgnoreCase))
            {
                // Told k notices there (the merge notice included): the next one here reads k + 1.
                var toldThere = duplicate.NumberIn(audience, mergeNotice);
                firsts[audience] = next - toldThere;
                told.Add(audience);
            }

            if (!continued.Any(c => c.From == duplicateId && string.Equals(c.Audience, audience, StringComparison.OrdinalIgnoreCase)))
            {
                continued.Add(new ContinuedSeries(audience, duplicateId, next));
            }
        }

        var silent = LastPersonUpdateAt is null && Issued == 0;
        return this with
        {
            ToldAudiences = told,
            FirstNotices = firsts,
            Continued = continued,
            ToldSeverity = ToldSeverity ?? duplicate.ToldSeverity,
            ToldStatus = ToldStatus ?? duplicate.ToldStatus,
            FirstToldSeverity = FirstToldSeverity ?? duplicate.FirstToldSeverity,
            HighestToldSeverity = HighestToldSeverity ?? duplicate.HighestToldSeverity,
            LastPersonUpdateAt = silent ? duplicate.LastPersonUpdateAt : LastPersonUpdateAt,
            NextUpdateAt = silent ? duplicate.NextUpdateAt : NextUpdateAt,
            LastNoticeSaid = silent ? duplicate.LastNoticeSaid : LastNoticeSaid,
        };
    }

    /// <summary>The severity the last notice queued said; null before the first (or on a record from before this was kept).</summary>
    public AlertSeverity? ToldSeverity { get; init; }

    /// <summary>
    /// The status the last notice queued said (■対応状況's 調査中 / 原因特定 …): the next one says a change from it (「状況が「調査中」から「原因特定」に
    /// 変わりました。」); null before the first notice, and on a record stored before 12-06 (then no change is said, as before).
    /// </summary>
    public IncidentStatus? ToldStatus { get; init; }

    /// <summary>The severity the first notice said; null before it (or on a record from before this was kept).</summary>
    public AlertSeverity? FirstToldSeverity { get; init; }

    /// <summary>
    /// The highest severity any notice said (SEV1 over SEV2): the recovery notice says it beside the last one when they differ
    /// (「SEV2（当初 SEV1）」); null before the first notice (or on a record from before this was kept).
    /// </summary>
    public AlertSeverity? HighestToldSeverity { get; init; }

    /// <summary>The notice <paramref name="audience"/> was first told in; <paramref name="number"/> (the one being queued) when never.</summary>
    public int FirstNoticeOf(string audience, int number)
    {
        foreach (var (name, first) in FirstNotices)
        {
            if (string.Equals(name, audience, StringComparison.OrdinalIgnoreCase))
            {
                return first;
            }
        }

        return ToldAudiences.Contains(audience, StringComparer.OrdinalIgnoreCase) ? 1 : number;
    }

    /// <summary>
    /// The number notice <paramref name="number"/> has in <paramref name="audience"/>'s own series, as its mail says it (第n報): 1 for
    /// the notice that first told it, so an audience a raise added reads 第1報 first.
    /// </summary>
    public int NumberIn(string audience, int number) => number - FirstNoticeOf(audience, number) + 1;

    /// <summary>
    /// The next update the last person's update promised (<see cref="IncidentEdit.NextUpdateAt"/>); null: none was promised, so
    /// the severity's update interval from <see cref="LastPersonUpdateAt"/> applies (as for records stored before this was kept).
    /// </summary>
    public DateTimeOffset? NextUpdateAt { get; init; }

    /// <summary>
    /// What the last notice queued said of the next update (■次回の更新予定), exactly as its text gave it; null on a record stored
    /// before this was kept (then it is worked out again from <see cref="LastPersonUpdateAt"/>, <see cref="NextUpdateAt"/> and the
    /// severity's interval), or before the first notice.
    /// </summary>
    public NoticePromise? LastNoticeSaid { get; init; }

    /// <summary>What the last person's update changed of the details the notice shows (<see cref="IncidentChange"/>), in order.</summary>
    public IReadOnlyList<IncidentChange> Changes { get; init; } = [];

    /// <summary>
    /// The start time a merge (<see cref="Incident.MergeIn"/>, trial 39 M3) or a person's edit (session 55) moved since the last notice: from what the readers were told,
    /// to the record's then. The next notice says it (「発生日時を 03:09 から 03:05 に訂正しました。」) and clears it; null when none moved
    /// (and on records stored before 12-04).
    /// </summary>
    public Corrected<DateTimeOffset>? StartMovedByMerge { get; init; }

    /// <summary>
    /// For a duplicate merged with others by one request (<see cref="IncidentMerger.MergeManyAsync"/>): the topic of the one 統合 notice
    /// its own went out in (<see cref="Notifications.OutboxIds.MergesTopic"/>), recorded as it was marked queued. The request repeated
    /// lists it again under the same ids (a no-op), so a crash between marking one duplicate and the next changes no reader's list;
    /// null for any other incident.
    /// </summary>
    public string? ToldTogetherIn { get; init; }

    /// <summary>
    /// What the last notice queued said of the details a correction may put right (<see cref="ToldDetails"/>): a correction
    /// (<see cref="CorrectionIssued"/>) quotes it. Null before the first notice, on records stored before 12-06 (session 56), and
    /// once the incident text retention removed it.
    /// </summary>
    public ToldDetails? Told { get; init; }

    /// <summary>
    /// The notice a person's update issued as a correction of the one before (<c>"correction": true</c>, 【訂正】): it says, for each
    /// detail now stated otherwise than <see cref="Told"/>, what the readers were told and what is right; 0 when none was.
    /// </summary>
    public int CorrectionIssued { get; init; }

    /// <summary>Reminders to update sent since <see cref="LastPersonUpdateAt"/> (or detection): one per missed interval.</summary>
    public int Nudges { get; init; }

    /// <summary>
    /// Of <see cref="Nudges"/>, those that reached the communications lead (<see cref="Incident.CommsLead"/>), who is sent them alone; 0 again
    /// when a person updates it or the lead changes. From <see cref="IncidentComms.LeadNudgesAlone"/> unanswered, the pair, the holder and
    /// whoever declared it are reminded with the lead again (a reminder must reach someone who acts). 0 on a record from before 12-07.
    /// </summary>
    public int LeadNudges { get; init; }

    /// <summary>How many reminders in a row go to the communications lead alone before the others are reminded too.</summary>
    public const int LeadNudgesAlone = 2;

    /// <summary>
    /// Reminders sent since the last notice that the stakeholders are owed word of its recovery (<see cref="Incident.RecoveryNoticeOwed"/>):
    /// 1 when monitoring resolved it, 2 once more after the severity's update interval; never more. 0 on a record from before this was kept.
    /// </summary>
    public int RecoveryReminders { get; init; }

    /// <summary>When the last of <see cref="RecoveryReminders"/> went: the one more reminder counts its interval from it.</summary>
    public DateTimeOffset? RecoveryRemindedAt { get; init; }

    /// <summary>
    /// The asks of <see cref="RecoveryReminders"/> that the last reopen by monitoring withdrew (the recovery came back); null when it
    /// withdrew none, and on records stored before 12-07. Its page, or a mail of its own when it paged nobody, tells those asked.
    /// </summary>
    public WithdrawnRecoveryAsk? RecoveryAskWithdrawn { get; init; }
}

/// <summary>What a stakeholder notice said of the next one: the time it gave, or none.</summary>
public sealed record NoticePromise
{
    /// <summary>The time the notice said the next update would come by (頃); null: it gave none (状況に変化があり次第, or it said the incident was over).</summary>
    public DateTimeOffset? NextUpdateBy { get; init; }

    /// <summary>The notice said the incident was over: recovered (resolved by a person) or merged into another.</summary>
    public bool Closed { get; init; }

    /// <summary>When the notice was queued (the time the stakeholders were told); null on a record stored before 12-03 (trial 33).</summary>
    public DateTimeOffset? ToldAt { get; init; }

    /// <summary>
    /// A recovery notice: the 復旧日時 it said (the record's recovery time then); null for any other notice, or a record stored before
    /// 12-03. The incident page says when the record's recovery time differs from it (a reopen resolved again later, a correction).
    /// </summary>
    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>
    /// How often the incident had reopened when the notice was queued (<see cref="Incident.ReopenCount"/>): a recovery notice of an
    /// earlier round was told before a reopen nobody has told them of. Null on a record stored before 12-03.
    /// </summary>
    public int? Round { get; init; }
}

/// <summary>
/// An audience's series of notices that began on <paramref name="From"/> (merged into this incident) and goes on here from notice
/// <paramref name="At"/>, which says so (「{From} としてお知らせしていた障害の続報です。」).
/// </summary>
public sealed record ContinuedSeries(string Audience, string From, int At);
