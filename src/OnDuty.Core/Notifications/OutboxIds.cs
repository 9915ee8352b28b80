using OnDuty.Core.Incidents;

namespace OnDuty.Core.Notifications;

/// <summary>
/// The one place outbox ids are made. An id is what a message is about (its topic) plus for whom; stored rows use it as the
/// idempotency key, so these formats must never change: a changed id would send a second copy of a notice already sent.
/// </summary>
public static class OutboxIds
{
    /// <summary><c>duty:{rotation}:{week}</c> — the weekly announcement.</summary>
    public static string DutyTopic(string rotationId, string week) => $"duty:{rotationId}:{week}";

    /// <summary>
    /// <c>duty:{rotation}:{week}@{yyyy-MM-dd}</c> — the announcement of a shift whose week label another frozen shift of the
    /// rotation had first (a changed cadence): the shift's start date keeps the two apart. Without it, <see cref="DutyTopic(string, string)"/>.
    /// </summary>
    public static string DutyTopic(string rotationId, string week, DateOnly? shiftStart) =>
        shiftStart is { } start ? DutyTopic(rotationId, week) + "@" + start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : DutyTopic(rotationId, week);

    /// <summary><c>duty:{rotation}:{week}:change:{change id}</c> — a person's change to an announced shift.</summary>
    public static string DutyChangeTopic(string rotationId, string week, string changeId) => $"duty:{rotationId}:{week}:change:{changeId}";

    /// <summary>A change a person made that moved members' duty weeks not yet announced (swap, replacement, leave): one mail per member it moved.</summary>
    public static string ScheduleChangeTopic(string rotationId, string changeId) => $"schedule:{rotationId}:change:{changeId}";

    /// <summary>
    /// <c>schedule:{rotation}:change:{change id}:partner</c> — that change replaced the partner of members who stay on a week soon:
    /// one mail per member it did so for.
    /// </summary>
    public static string PartnerChangeTopic(string rotationId, string changeId) => $"{ScheduleChangeTopic(rotationId, changeId)}:partner";

    /// <summary><c>duty:{rotation}:{week}:change:{change id}:cover:{cover id}</c> — a cover that change made unneeded, told to its replacement.</summary>
    public static string CoverCancelledTopic(string rotationId, string week, string changeId, string coverId) => $"{DutyChangeTopic(rotationId, week, changeId)}:cover:{coverId}";

    /// <summary><c>duty:{rotation}:{week}:change:{change id}:cover:{cover id}:restored</c> — a cover that change made apply again, told to its replacement.</summary>
    public static string CoverRestoredTopic(string rotationId, string week, string changeId, string coverId) => $"{CoverCancelledTopic(rotationId, week, changeId, coverId)}:restored";

    /// <summary>
    /// <c>duty:{rotation}:{week}:leave:{member}:{leave id}</c> — leave a member on an announced shift entered for days of it, told to
    /// the others on it and the leads (<paramref name="leaveId"/> is the leave's dates, <c>Leave.IdOf</c>, whatever its source: the
    /// same days entered again, or read from Outlook too, are not told twice).
    /// </summary>
    public static string LeaveDuringDutyTopic(string rotationId, string week, string memberId, string leaveId) => $"{DutyTopic(rotationId, week)}:leave:{memberId}:{leaveId}";

    /// <summary><c>remind:{rotation}:{week}</c> — the reminder to incoming members.</summary>
    public static string ReminderTopic(string rotationId, string week) => $"remind:{rotationId}:{week}";

    /// <summary>
    /// <c>remind:{rotation}:{week}@{yyyy-MM-dd}</c> — the reminder for a shift whose week label another shift of the rotation has
    /// too (the shift a cadence change cut short, or a frozen one under an earlier cadence): its start date keeps the two apart.
    /// Without it, <see cref="ReminderTopic(string, string)"/>.
    /// </summary>
    public static string ReminderTopic(string rotationId, string week, DateOnly? shiftStart) =>
        shiftStart is { } start ? ReminderTopic(rotationId, week) + "@" + start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : ReminderTopic(rotationId, week);

    /// <summary><c>incident:{id}:{notice}</c> — <c>page</c>, <c>escalation:{step}</c> or <c>ack</c>, with <c>:r{n}</c> after the n-th reopen.</summary>
    public static string IncidentTopic(string incidentId, IncidentNotice notice) => $"incident:{incidentId}:{notice.IdPart}";

    /// <summary>
    /// <c>acks:{hash}</c> — incidents acknowledged together by <paramref name="by"/>: named by who and which, so a repeat of the
    /// same request queues nothing twice (a repeat that finds some already acknowledged lists only the rest, under its own topic).
    /// </summary>
    public static string AcknowledgementsTopic(string by, IEnumerable<string> incidentIds)
    {
        var key = by + "\n" + string.Join('\n', incidentIds.Order(StringComparer.Ordinal));
        return $"acks:{Hash(key, 24)}";
    }

    /// <summary>
    /// <c>escalations:{step}:{hash}</c> — several incidents that reached escalation step <paramref name="step"/> together, told
    /// in one message: named by the step and which incidents in which round (a reopen starts a new one), so an escalation run
    /// repeated after a crash queues nothing twice.
    /// </summary>
    public static string EscalationsTopic(int step, IEnumerable<Incident> incidents)
    {
        var key = string.Join('\n', incidents.Select(i => $"{i.Id}:r{i.PageRound}").Order(StringComparer.Ordinal));
        return $"escalations:{step}:{Hash(key, 24)}";
    }

    /// <summary>
    /// <c>escalations:1:handover-{hash}</c> — several incidents handed over unanswered to the pair on duty now (members
    /// <paramref name="to"/>, by id), their escalation 1 told in one message (trial 36 L6). An escalations topic to everything that
    /// reads one (deliveries, re-addressing, the call's keys), named by which incidents in which round and to whom, so a repeated run
    /// queues nothing twice and a later hand-over of the same incidents to another pair is a message of its own.
    /// </summary>
    public static string HandoversTopic(IEnumerable<Incident> incidents, IEnumerable<string> to)
    {
        var key = string.Join('\n', incidents.Select(i => $"{i.Id}:r{i.PageRound}").Order(StringComparer.Ordinal))
            + "\nto:" + string.Join(',', to.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return $"escalations:1:{HandoverMark}{Hash(key, 24)}";
    }

    /// <summary>
    /// <c>handedover:{hash}</c> — several incidents handed over unanswered in one run, told together to a member taken off them
    /// (who has them now): named by which incidents in which round, as each one's own <c>incident:{id}:handedOver</c> notice is by
    /// its round, so a repeated run queues nothing twice. Not a page: nothing re-checks or re-addresses it.
    /// </summary>
    public static string HandedOverTopic(IEnumerable<Incident> incidents)
    {
        var key = string.Join('\n', incidents.Select(i => $"{i.Id}:r{i.PageRound}").Order(StringComparer.Ordinal));
        return $"handedover:{Hash(key, 24)}";
    }

    /// <summary>Whether <paramref name="topic"/> was written by <see cref="HandoversTopic"/>.</summary>
    public static bool IsHandoversTopic(string topic) =>
        TryParseEscalationsTopic(topic, out var step) && step == 1 && topic.Split(':')[2].StartsWith(HandoverMark, StringComparison.Ordinal);

    private const string HandoverMark = "handover-";

    /// <summary>
    /// The topic of the "recovered" notice of several incidents told together in a storm (<see cref="Incidents.Pager.AnnounceRecoveriesOwedAsync"/>):
    /// named by which incidents in which round, so a run repeated after a crash queues nothing twice.
    /// </summary>
    public static string RecoveriesTopic(IEnumerable<Incident> incidents)
    {
        var key = string.Join('\n', incidents.Select(i => $"{i.Id}:r{i.PageRound}").Order(StringComparer.Ordinal));
        return $"recoveries:{Hash(key, 24)}";
    }

    /// <summary>
    /// <c>merges:{into}:{hash}</c> — the 統合 notice of several incidents merged into <paramref name="into"/> by one request
    /// (<see cref="Incidents.IncidentMerger.MergeManyAsync"/>), to those told about them and the channel: named by the incident merged
    /// into and every incident the request merged into it, so the same request repeated (after a crash between the merges and the
    /// notice, or after it was sent) queues nothing twice.
    /// </summary>
    public static string MergesTopic(string into, IEnumerable<string> duplicateIds)
    {
        var key = into + "\n" + string.Join('\n', duplicateIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return $"merges:{into}:{Hash(key, 24)}";
    }

    /// <summary>
    /// <c>{merges topic}:notice:email:{language}.{set}[.for.{audience}|.followers]:{batch}</c> — a blind-copied batch of the stakeholders (of
    /// <paramref name="audience"/>; null: followers in no audience) told in one 統合 notice about the incidents <paramref name="duplicateIds"/>
    /// (<c>{set}</c> a hash of them): readers told of other duplicates get a mail of their own.
    /// </summary>
    public static string MergesNoticeBatch(string mergesTopic, string language, string? audience, IEnumerable<string> duplicateIds, int batch) =>
        EmailBatch($"{mergesTopic}:notice", $"{language}.{Hash(string.Join('\n', duplicateIds.Order(StringComparer.Ordinal)), 12)}" + (audience is null ? ".followers" : $".for.{audience}"), batch);

    /// <summary>Reads the step of a topic written by <see cref="EscalationsTopic"/>; false for topics about anything else.</summary>
    public static bool TryParseEscalationsTopic(string topic, out int step)
    {
        step = 0;
        var parts = topic.Split(':');
        return parts is ["escalations", var s, { Length: > 0 }]
            && int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out step);
    }

    /// <summary><c>incident:{id}:notice:{n}</c> — stakeholder notice n (第n報) about an incident. Never a page: nothing cancels it.</summary>
    public static string StakeholderTopic(string incidentId, int number) => $"incident:{incidentId}:notice:{number}";

    /// <summary>
    /// The mail series a message belongs to: <c>incident:{id}:notices</c> for every stakeholder notice of an incident
    /// (<see cref="StakeholderTopic"/>, whatever its number, language or batch); null for any other message.
    /// </summary>
    public static string? EmailThread(string messageId)
    {
        const string Prefix = "incident:";
        var notice = messageId.StartsWith(Prefix, StringComparison.Ordinal) ? messageId.IndexOf(":notice:", Prefix.Length, StringComparison.Ordinal) : -1;
        return notice > Prefix.Length ? $"{messageId[..notice]}:notices" : null;
    }

    /// <summary><c>incident:{id}:nudge:{n}:{k}</c> — the k-th reminder to update after stakeholder notice n (0: none yet).</summary>
    public static string NudgeTopic(string incidentId, int notice, int nudge) => $"incident:{incidentId}:nudge:{notice}:{nudge}";

    /// <summary>
    /// <c>incident:{id}:recovery:{n}:{k}</c> — the k-th reminder (1 at the resolve, 2 after the update interval; 3 and 4 for the
    /// close after a reopen, and so on) that the stakeholders told up to notice n are owed word of the recovery monitoring detected.
    /// </summary>
    public static string RecoveryReminderTopic(string incidentId, int notice, int reminder) => $"incident:{incidentId}:recovery:{notice}:{reminder}";

    /// <summary>
    /// <c>incident:{id}:refired:{n}</c> — the n-th reopen (monitoring's, paging nobody) withdrew the reminders above: those they went to
    /// are told not to send the recovery notice (<see cref="Incidents.WithdrawnRecoveryAsk"/>). One per reopen, so a redelivered alert
    /// or the cadence timer's catch-up queues it once.
    /// </summary>
    public static string RecoveryAskWithdrawnTopic(string incidentId, int reopen) => $"incident:{incidentId}:refired:{reopen}";

    /// <summary>
    /// <c>incident:{id}:alerts-resolved:{yyyyMMddTHHmmssfffZ}</c> — every monitoring alert of an incident a person runs resolved, the last
    /// at <paramref name="resolvedAt"/> (<see cref="Incidents.Incident.RunByPerson"/>): the person on it is asked whether it is over. Named by
    /// that time, so a resolve sent again queues nothing new, and a later firing that resolves again asks again.
    /// </summary>
    public static string AlertsResolvedTopic(string incidentId, DateTimeOffset resolvedAt) =>
        $"incident:{incidentId}:{AlertsResolvedKind}:{resolvedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture)}";

    private const string AlertsResolvedKind = "alerts-resolved";

    /// <summary>The incident an <see cref="AlertsResolvedTopic"/> is about; false for any other topic.</summary>
    public static bool TryParseAlertsResolved(string topic, out string incidentId)
    {
        incidentId = "";
        if (!topic.StartsWith("incident:", StringComparison.Ordinal) || topic["incident:".Length..].Split(':') is not [var id, AlertsResolvedKind, _] || id.Length == 0)
        {
            return false;
        }

        incidentId = id;
        return true;
    }

    /// <summary>
    /// <c>incident:{id}:final:{audience}</c> — the final report (最終報) of an incident to one audience: once an incident and audience,
    /// so a repeated or double-clicked send queues nothing twice. Its mails are <see cref="EmailBatch"/>es of it by language (and zone).
    /// </summary>
    public static string FinalReportTopic(string incidentId, string audience) => $"incident:{incidentId}:final:{audience.ToLowerInvariant()}";

    /// <summary>
    /// <c>incident:{id}:final:{audience}:correction:{n}</c> — correction <paramref name="number"/> of the final report to one audience: once
    /// a correction, so a repeated send of the same correction queues nothing twice; a later correction is another topic.
    /// </summary>
    public static string FinalReportCorrectionTopic(string incidentId, string audience, int number) =>
        $"{FinalReportTopic(incidentId, audience)}:correction:{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary><c>retro:{id}:due</c> — the reminder that an incident's retro is due and not written.</summary>
    public static string RetroDueTopic(string incidentId) => $"retro:{incidentId}:due";

    /// <summary>
    /// <c>retro:{id}:action:{item}:due:{yyyy-MM-dd}</c> — the reminder that an action item is past its due date; the item is
    /// named by a hash of its title and owner (items have no id, and their order may change), a new due date is a new reminder.
    /// </summary>
    public static string ActionItemDueTopic(string incidentId, Retros.ActionItem item)
        => $"retro:{incidentId}:action:{ActionItemKey(item)}:due:{item.Due:yyyy-MM-dd}";

    /// <summary>
    /// <c>retro:{incident}:action:{key}:due:{yyyy-MM-dd}:owner-away</c> — an action item past its due date while its owner is on leave,
    /// to the leads (the owner's own reminder, <see cref="ActionItemDueTopic"/>, waits for their return): once per item and due date.
    /// </summary>
    public static string ActionItemDueOwnerAwayTopic(string incidentId, Retros.ActionItem item) => ActionItemDueTopic(incidentId, item) + ":owner-away";

    /// <summary><c>retro:{incident}:action:{key}:undated</c> — the one reminder to the owner of an open item without a due date.</summary>
    public static string ActionItemUndatedTopic(string incidentId, Retros.ActionItem item)
        => $"retro:{incidentId}:action:{ActionItemKey(item)}:undated";

    /// <summary>
    /// <c>retro:owner-leaves:{yyyy-MM-dd}:{hash}</c> (or <c>retro:owner-left:{hash}</c> for an owner who has left, is off the roster
    /// or inactive) — the leads told of the open action items of one person who leaves or has left, in one mail: named by the owner,
    /// the leaving date and which items (each by its incident and <see cref="ActionItemKey"/>, with its due date once it is
    /// <paramref name="items"/>' Overdue), so the same items are told once; a new leaving date, another item or one now overdue is news.
    /// </summary>
    public static string ActionItemsOfLeaverTopic(string ownerId, DateOnly? leavesOn, IEnumerable<(string IncidentId, Retros.ActionItem Item, bool Overdue)> items)
    {
        var key = ownerId + "\n" + string.Join('\n', items.Select(i => $"{i.IncidentId}:{ActionItemKey(i.Item)}" + (i.Overdue ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $":due:{i.Item.Due:yyyy-MM-dd}") : "")).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var hash = Hash(key, 24);
        return leavesOn is { } day ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"retro:owner-leaves:{day:yyyy-MM-dd}:{hash}") : $"retro:owner-left:{hash}";
    }

    /// <summary>
    /// <c>retro:{incident}:assigned:{owner}:{hash}</c> — an owner told of the action items a retro save gave them, named by the items
    /// (each by <see cref="ActionItemKey"/> and its due date): saving the same retro again queues nothing; another item is news.
    /// </summary>
    public static string ActionItemsAssignedTopic(string incidentId, string ownerId, IEnumerable<Retros.ActionItem> items) =>
        $"retro:{incidentId}:assigned:{ownerId}:" + Hash(string.Join('\n', items.Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ActionItemKey(i)}:{i.Due:yyyy-MM-dd}")).Order(StringComparer.Ordinal)), 24);

    private static string ActionItemKey(Retros.ActionItem item) =>
        Hash($"{item.Owner}\n{item.Title}", 12);

    /// <summary><c>brief:{rotation}:{week}</c> — the handoff brief to the incoming duty members.</summary>
    public static string BriefTopic(string rotationId, string week) => $"brief:{rotationId}:{week}";

    /// <summary>
    /// <c>brief:{rotation}:{week}:held</c> — at the handoff, to a member off duty from it who still holds open incidents: one mail per
    /// week and holder (<c>…:held:email:{address}</c>), whichever incidents it lists.
    /// </summary>
    public static string StillHeldTopic(string rotationId, string week) => $"{BriefTopic(rotationId, week)}:held";

    /// <summary>
    /// <c>welcome:{member}</c> — the welcome mail to a member added to the roster, once per member id; one taken off the roster
    /// and added again has <c>welcome:{member}@{removed at, UTC}</c>: welcomed again once per removal, never twice for one.
    /// </summary>
    public static string WelcomeTopic(string memberId, DateTimeOffset? removedAt = null) =>
        removedAt is { } at ? $"welcome:{memberId}@" + at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture) : $"welcome:{memberId}";

    /// <summary>
    /// <c>hbowner:{heartbeat}:{down|back}@{since, UTC}</c> — the mail telling a heartbeat's owner it went silent (keyed by when it
    /// stopped) or was heard again (keyed by when that was decided): once each, however often the check sends its report again.
    /// </summary>
    public static string HeartbeatOwnerTopic(string heartbeat, bool back, DateTimeOffset since) =>
        $"hbowner:{heartbeat}:{(back ? "back" : "down")}@" + since.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The monthly incident report of the month starting <paramref name="month"/>: each reader gets it once.</summary>
    public static string MonthlyReportTopic(DateOnly month) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"report:{month:yyyy-MM}");

    /// <summary><c>{topic}:email:{ja|en}:{batch}</c> — one blind-copied batch of a notice's readers of one language.</summary>
    public static string EmailBatch(string topic, string language, int batch) => $"{topic}:email:{language}:{batch}";

    /// <summary>
    /// A stakeholder notice's batch for readers whose series began in notice <paramref name="firstNotice"/>: <see cref="EmailBatch"/>
    /// for those told from notice 1, <c>{topic}:email:{language}.from{k}:{batch}</c> for readers a later notice added (or, k of 0 or less, readers whose series began on an incident merged into this one).
    /// </summary>
    public static string StakeholderEmailBatch(string topic, string language, int firstNotice, int batch) =>
        firstNotice == 1 ? EmailBatch(topic, language, batch) : EmailBatch(topic, $"{language}.from{firstNotice}", batch);

    /// <summary><c>{topic}:email:{address}</c>, the address lower-cased so case variants are one recipient.</summary>
    public static string Email(string topic, string address) => $"{topic}:email:{address.ToLowerInvariant()}";

    /// <summary>
    /// <c>{topic}:sms:{member id}</c> — a page's text message to a duty member: named by the member, not the number, so a
    /// number changed meanwhile does not text them twice.
    /// </summary>
    public static string Sms(string topic, string memberId) => $"{topic}:sms:{memberId}";

    /// <summary><c>{topic}:voice:{member id}</c> — a page's phone call to a member, named by the member like <see cref="Sms"/>.</summary>
    public static string Voice(string topic, string memberId) => $"{topic}:voice:{memberId}";

    /// <summary>The member a text or a call (<see cref="Sms"/>, <see cref="Voice"/>) is for, read back from its id; null for any other id.</summary>
    public static string? PhoneMember(string messageId)
    {
        foreach (var marker in (ReadOnlySpan<string>)[":voice:", ":sms:"])
        {
            var at = messageId.LastIndexOf(marker, StringComparison.Ordinal);
            if (at > 0 && at + marker.Length < messageId.Length)
            {
                return messageId[(at + marker.Length)..];
            }
        }

        return null;
    }

    /// <summary>
    /// A provider's id of a message or a call (<c>Incoming_2026…</c>, <c>CA…</c>) as part of an outbox id: as it is when short and
    /// plain, else a hash of it (a table key takes neither '/' nor '#', nor any length).
    /// </summary>
    public static string ProviderKey(string providerId) =>
        providerId.Length is > 0 and <= 100 && providerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? providerId
            : Hash(providerId, 32);

    /// <summary>
    /// <c>resend:{n}:{original id}</c> — the n-th re-send of a given-up message (<see cref="OutboxResender"/>). In front, so what is
    /// read from the end of an id (<see cref="PhoneMember"/>) reads the same; <paramref name="originalId"/> is the first message's id.
    /// </summary>
    public static string Resend(string originalId, int n) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ResendPrefix}{n}:{originalId}");

    /// <summary>
    /// The first message's id and which re-send <paramref name="id"/> is (0 for a message that is no re-send), read from an id
    /// <see cref="Resend"/> wrote.
    /// </summary>
    public static (string OriginalId, int N) ResendOf(string id)
    {
        if (id.StartsWith(ResendPrefix, StringComparison.Ordinal) && id.IndexOf(':', ResendPrefix.Length) is var colon and > 0
            && int.TryParse(id.AsSpan(ResendPrefix.Length, colon - ResendPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return (id[(colon + 1)..], n);
        }

        return (id, 0);
    }

    private const string ResendPrefix = "resend:";

    /// <summary><c>{topic}:teams</c> — the one channel post of a topic.</summary>
    public static string Teams(string topic) => $"{topic}:teams";

    /// <summary>The first <paramref name="length"/> hex digits of the SHA-256 of <paramref name="key"/> (UTF-8): the name part of an id built from many values.</summary>
    private static string Hash(string key, int length) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..length];
}
