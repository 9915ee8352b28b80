namespace OnDuty.Core.Incidents;

/// <summary>
/// What OnDuty itself writes on a timeline, stored in English (the API returns it as stored). The pages put each into the
/// reader's language by matching these forms (<c>OnDuty.Messages.TimelineText</c>); a person's words are shown as written.
/// </summary>
public static class TimelineTexts
{
    public const string PagedDutyMembers = "paged the duty members";

    /// <summary>{0}: the step (as rows written before <see cref="EscalationStepTo"/> say it).</summary>
    public const string EscalationStep = "escalation step {0}";

    /// <summary>{0}: the step; {1}: to whom (the addresses it went to, <c>", "</c>-joined).</summary>
    public const string EscalationStepTo = "escalation step {0} to {1}";

    /// <summary>{0}, {1}: the severities' numbers, from and to.</summary>
    public const string SeverityRaised = "severity raised from SEV{0} to SEV{1}";

    /// <summary>{0}, {1}: the severities' numbers, from and to.</summary>
    public const string SeverityLowered = "severity lowered from SEV{0} to SEV{1}";

    /// <summary>{0}: the channel (<c>email</c>, <c>teams</c>); {1}: the recipient.</summary>
    public const string Delivered = "{0} reached {1}";

    /// <summary>
    /// The PR/CS drafts saved approved (kind <see cref="TimelineKind.DraftsApproved"/>): {0} the drafts' language (<c>ja</c>, <c>en</c>);
    /// {1} who approved them, as typed on the form.
    /// </summary>
    public const string DraftsApproved = "{0} drafts approved by {1}";

    /// <summary>
    /// A member took the incident over (kind <see cref="TimelineKind.TookOver"/>): {0} the new holder's member id; {1} the previous
    /// holder as the incident named them (a member id, an address, or a name typed on an acknowledge link).
    /// </summary>
    public const string TookOver = "{0} took over from {1}";

    /// <summary>A member became the communications lead (kind <see cref="TimelineKind.CommsLead"/>): {0} their member id.</summary>
    public const string CommsLeadSet = "{0} is the communications lead";

    /// <summary>
    /// A merge brought the duplicate's communications lead along to this one, which had none (kind <see cref="TimelineKind.CommsLead"/>):
    /// {0} their member id; {1} the duplicate merged in. The row's <see cref="TimelineEntry.By"/> is who merged it; nobody is mailed (they are the lead already).
    /// </summary>
    public const string CommsLeadByMerge = "{0} is the communications lead, as of {1} merged into it";

    /// <summary>
    /// An undone merge took back the communications lead the merge had brought (kind <see cref="TimelineKind.CommsLead"/>): {0} their
    /// member id; {1} the duplicate split off again, whose lead they are.
    /// </summary>
    public const string CommsLeadGoneByUnmerge = "{0} is no longer the communications lead, back on {1} unmerged from it";

    /// <summary>
    /// An undone merge gave the split-off incident its communications lead back (kind <see cref="TimelineKind.CommsLead"/>): {0} their
    /// member id; {1} the incident it was merged into.
    /// </summary>
    public const string CommsLeadBackByUnmerge = "{0} is the communications lead again, unmerged from {1}";

    /// <summary>
    /// The communications lead was deleted from the roster or made inactive while it was open (kind <see cref="TimelineKind.CommsLead"/>):
    /// {0} their member id. The row's <see cref="TimelineEntry.By"/> is who removed them.
    /// </summary>
    public const string CommsLeadOffRoster = "{0} is no longer the communications lead: taken off the roster";

    /// <summary>The communications lead stood down or was taken off (kind <see cref="TimelineKind.CommsLead"/>): {0} their member id.</summary>
    public const string CommsLeadCleared = "{0} is no longer the communications lead";

    /// <summary>Marked confidential (kind <see cref="TimelineKind.ConfidentialityChanged"/>): {0} who, as the row's <see cref="TimelineEntry.By"/>.</summary>
    public const string MarkedConfidential = "marked confidential by {0}";

    /// <summary>
    /// Made confidential by a merge (kind <see cref="TimelineKind.ConfidentialityChanged"/>): {0} the confidential duplicate merged in; the
    /// row's <see cref="TimelineEntry.By"/> is who merged it.
    /// </summary>
    public const string MarkedConfidentialByMerge = "marked confidential: {0} merged into it was confidential";

    /// <summary>A person added on a confidential incident (kind <see cref="TimelineKind.ConfidentialityChanged"/>): {0} their address; {1} who added them.</summary>
    public const string ReaderAdded = "may read it: {0}, added by {1}";

    /// <summary>A person added on it taken off (kind <see cref="TimelineKind.ConfidentialityChanged"/>): {0} their address; {1} who.</summary>
    public const string ReaderRemoved = "may no longer read it: {0}, removed by {1}";

    /// <summary>No longer confidential (kind <see cref="TimelineKind.ConfidentialityChanged"/>): {0} who.</summary>
    public const string ConfidentialLifted = "confidentiality lifted by {0}";

    /// <summary>
    /// The security officer's mail could not be queued when it became confidential (kind <see cref="TimelineKind.ConfidentialityChanged"/>,
    /// by <c>system</c>): owed, the update cadence timer queues it (<see cref="Incident.OweOfficerMail"/>).
    /// </summary>
    public const string OfficerMailOwed = "the security officer's mail could not be queued; it is queued again by the next timer run";

    /// <summary>The owed security officer's mail was queued (kind <see cref="TimelineKind.ConfidentialityChanged"/>, by <c>system</c>).</summary>
    public const string OfficerMailQueued = "the security officer's mail owed was queued";

    /// <summary>{0}: the channel; {1}: the recipient; {2}: the provider's error.</summary>
    public const string GaveUp = "{0} gave up on {1}: {2}";

    /// <summary>
    /// A given-up message sent again by a person (kind <see cref="TimelineKind.Resent"/>): {0} the channel; {1} <c>page</c> (a page or
    /// an escalation) or <c>message</c> (anything else of the incident's); {2} the recipient; {3} the error it was given up with.
    /// </summary>
    public const string Resent = "{0} {1} resent to {2} (last time: {3})";

    /// <summary>
    /// <see cref="Resent"/> of a page to someone no longer on duty: the pair on duty now was paged too; {4} their member ids,
    /// <c>", "</c>-joined.
    /// </summary>
    public const string ResentDutyToo = Resent + "; no longer on duty, so the pair on duty now was paged too: {4}";

    /// <summary>
    /// An email its provider took and later reported as not delivered: {0} the recipient; {1} the provider's status (ACS's
    /// <c>Bounced</c>, <c>Suppressed</c>, <c>FilteredSpam</c>, <c>Quarantined</c>, <c>Failed</c>); {2} what it said, or <see cref="NoDetails"/>.
    /// </summary>
    public const string EmailNotDelivered = "email to {0} was not delivered ({1}): {2}";

    public const string NoDetails = "-";

    /// <summary>Nobody step {0} was sent to could be reached, so step {1} is due now, not after the acknowledgement timeout.</summary>
    public const string Unreached = "nobody was reached at step {0}: step {1} is due now";

    public const string EveryAlertResolved = "every alert resolved";

    /// <summary>
    /// Every alert of an incident a person runs resolved, and monitoring left it open (kind <see cref="TimelineKind.AlertsResolved"/>,
    /// <see cref="Incident.RunByPerson"/>): {0} the tools whose alerts they were (<see cref="AlertTool.Format"/>: <c>alertmanager</c>,
    /// <c>grafana, pagerduty via "Datadog"</c>; rows before 12-05 the delivery's route name alone).
    /// </summary>
    public const string AlertsResolvedLeftOpen = "every monitoring alert has resolved ({0}); whether the incident is over is for its owner to decide";

    /// <summary>On an acknowledgement made by replying 1 to a paging text (the phone's owner is who acknowledged).</summary>
    public const string AcknowledgedByText = "by replying to a text message";

    /// <summary>On an acknowledgement made by pressing 1 on a page's phone call.</summary>
    public const string AcknowledgedByCall = "by pressing 1 on a phone call";

    /// <summary>A page's call rang and nobody took it: {0} the number; {1} how it ended (Twilio's <c>no-answer</c>, <c>busy</c>, <c>failed</c>).</summary>
    public const string CallNotAnswered = "call to {0} was not answered ({1})";

    /// <summary>A page's call was answered and ended without 1 (a voicemail, or hung up): {0} the number; {1} how it ended (<c>completed</c>).</summary>
    public const string CallEndedWithoutKey = "call to {0} ended without 1 pressed ({1})";

    public const string FiredWithinReopenWindow = "the alert fired again within the reopen window";

    public const string FiredAsItResolved = "the alert fired again as the incident resolved";

    public const string ReopenedByUpdate = "reopened by an update";

    /// <summary>Monitoring reopened what a person had resolved: its alert still fires.</summary>
    public const string ReopenedOverPersonResolve = "someone resolved it, but monitoring still reports it firing, so it was reopened";

    /// <summary>Monitoring reopened what it had resolved and a person had since confirmed as recovered (an update on it, the recovery notice).</summary>
    public const string ReopenedAfterRecoveryConfirmed = "someone confirmed the recovery, but monitoring reports it firing again, so it was reopened";

    /// <summary>
    /// Monitoring reopened what it had resolved, and the duty member who took it has gone off duty since (the handoff): their
    /// acknowledgement no longer covers it, and the pair on duty now is paged.
    /// </summary>
    public const string ReopenedTakerOffDuty = "monitoring reports it firing again, and the one who took it is no longer on duty, so the pair on duty now was paged";

    /// <summary>
    /// Ends a reopen's reason when monitoring's reopen withdrew the asks to send the recovery notice (<see cref="WithdrawnRecoveryAsk"/>):
    /// 「…（復旧の報告のお願いを取り消しました）」.
    /// </summary>
    public const string RecoveryAskWithdrawnSuffix = "; the request to send the recovery notice was withdrawn";

    /// <summary>A reopen's <paramref name="reason"/> saying the asks to send the recovery notice were withdrawn.</summary>
    public static string WithRecoveryAskWithdrawn(string reason) => reason + RecoveryAskWithdrawnSuffix;

    /// <summary>A reopen or a repeat did not raise a severity a person set: {0} the alert's severity's number; {1} the kept one's.</summary>
    public const string SeverityKept = "the alert's severity is SEV{0}; the SEV{1} a person set was kept";

    public const string UntrackedResolve = "resolve for an alert this incident does not track";

    public const string ResolvedAgain = "resolved again";

    /// <summary>
    /// An Alertmanager or Grafana group left alerts out of its delivery (<c>truncatedAlerts</c>, <c>max_alerts</c>, or over the limit
    /// per notification): {0} how many. Also the summary of the entry that tracks them (<see cref="AlertIntake.UnlistedAlertsKey"/>).
    /// </summary>
    public const string UnlistedAlerts = "{0} alerts not listed (max_alerts): the incident stays open until the group's status is resolved";

    /// <summary>
    /// A firing whose <c>startsAt</c> is not after the resolve recorded for the alert (an Alertmanager HA peer's late delivery):
    /// a timeline row, no reopen, no page.
    /// </summary>
    public const string StaleFiring = "stale firing: it started before the resolve recorded for it (a late delivery, such as from an Alertmanager HA peer); not reopened";

    /// <summary>
    /// A firing of an alert its tool fires once (<see cref="Alerts.AlertInstance.FiresOnce"/>: an Azure Monitor alert instance) after
    /// its resolve was recorded: an action group's retry of an earlier attempt. A timeline row, no reopen, no page.
    /// </summary>
    public const string LateFiringOfResolved = "late firing: monitoring had already resolved this alert and never fires it again (a new firing comes as a new alert), so this is a retried delivery; not reopened";

    /// <summary>The group's status is firing, yet none of the alerts it listed is.</summary>
    public const string GroupStillFiring = "the group is still firing, though none of its listed alerts is: the incident stays open until the group's status is resolved";

    /// <summary>The group's status is resolved (or firing) with every alert listed: its unlisted alerts no longer hold the incident open.</summary>
    public const string EveryAlertListed = "every alert of the group listed again";

    /// <summary>Followed by the alert's summary.</summary>
    public const string FiredAgainPrefix = "fired again: ";

    /// <summary>{0}: the member ids on duty now; {1}: before (either <see cref="Nobody"/>).</summary>
    public const string OnDutyNow = "on duty now: {0} (was {1})";

    /// <summary>
    /// A page waiting in the outbox was not sent to a member taken off duty since it was queued; the step went to the pair on duty
    /// now (kind <see cref="TimelineKind.DutyChanged"/>): {0} the step (0: the first page); {1} the address or member id.
    /// </summary>
    public const string PageReaddressed = "step {0} not sent to {1}: no longer on duty, sent to the pair on duty now";

    /// <summary>
    /// A page waiting in the outbox was dropped because a later step of the same round already went to the pair on duty
    /// (kind <see cref="TimelineKind.DutyChanged"/>): {0} the step dropped; {1} the address or member id; {2} the later step.
    /// </summary>
    public const string PageSuperseded = "step {0} not sent to {1}: step {2} already went to the pair on duty now";

    /// <summary>
    /// A first page waiting in the outbox was dropped because escalation 1 of the same round went to the same person, who is
    /// still on duty (kind <see cref="TimelineKind.DutyChanged"/>, though nobody's duty changed: the page shows it as 連絡の置き換え):
    /// {0} the step dropped; {1} the address or member id; {2} the step that replaces it.
    /// </summary>
    public const string PageReplaced = "step {0} not sent to {1}: step {2} to the same person replaces it";

    /// <summary>
    /// Whether <paramref name="row"/> says a first page was replaced by escalation 1 to the same person: its
    /// <see cref="TimelineEntry.PageReplaced"/> mark, or, on a row written before the mark was (it has none), its words.
    /// </summary>
    public static bool IsPageReplaced(TimelineEntry row) =>
        row.Kind == TimelineKind.DutyChanged && (row.PageReplaced ?? IsPageReplaced(row.Message));

    /// <summary>Whether a <see cref="TimelineKind.DutyChanged"/> row's text is <see cref="PageReplaced"/> (rows written before <see cref="TimelineEntry.PageReplaced"/>).</summary>
    public static bool IsPageReplaced(string? text) =>
        text is not null && text.StartsWith("step ", StringComparison.Ordinal) && text.EndsWith(" to the same person replaces it", StringComparison.Ordinal);

    /// <summary>
    /// A page to the duty members on a team working day a part-timer among them does not work went to the others (kind
    /// <see cref="TimelineKind.DutyChanged"/>, no step: it settles no page): {0} the member ids not working today; {1} those paged.
    /// </summary>
    public const string NotWorkingToday = "{0} not working today: paged {1}";

    /// <summary>Nobody on duty works today (part-timers all): {0} the member ids, all paged so the page reaches a person.</summary>
    public const string NobodyWorkingToday = "nobody on duty works today ({0}): paged them all";

    /// <summary>
    /// The leads' step passed over leads on leave and paged the others (kind <see cref="TimelineKind.DutyChanged"/>, no step):
    /// {0} the addresses of those on leave; {1} those paged.
    /// </summary>
    public const string LeadsOnLeave = "{0} on leave: paged {1}";

    /// <summary>Every lead on leave and no organisation's list after them: {0} their addresses, paged all the same so the page reaches a person.</summary>
    public const string LeadsOnLeavePagedAnyway = "{0} on leave: paged all the same, nobody else to page";

    /// <summary>The start of <see cref="HandedOverEscalation"/>.</summary>
    public const string HandedOverPrefix = "handed over unanswered: ";

    /// <summary>Escalation 1 to members who came on duty after it went to the pair before (the handoff, an override, leave): {0} their addresses.</summary>
    public const string HandedOverEscalation = HandedOverPrefix + "escalation step 1 to {0}";

    public const string Nobody = "nobody";

    /// <summary>On the incident merged into: {0} the merged incident's id; {1} its title.</summary>
    public const string Merged = "merged {0}: {1}";

    /// <summary>
    /// On the incident merged into, when the merged one said something else of a detail this one had already (this one's stays):
    /// {0} the detail (<see cref="MergeFields"/>); {1} the merged incident's id; {2} what it said.
    /// </summary>
    public const string MergeKept = "kept its own {0}; {1} said: {2}";

    /// <summary>
    /// On the incident merged into, when the merge would have raised its severity and the person merging kept it (trial 39 M2: the
    /// duplicate's SEV1 came from an alert's label mapping, the PM had judged SEV2): {0} the merged incident's id; {1} its severity
    /// number; {2} the severity number kept; {3} who merged (their choice from now on, <see cref="Incident.SeverityChosenByPerson"/>).
    /// </summary>
    public const string MergeSeverityKept = "merged {0} (SEV{1}): severity kept at SEV{2}, as {3} judged";

    /// <summary>
    /// On the incident merged into, when the merge moved its start earlier to the merged incident's alert start (trial 39 M3): {0} the
    /// start before; {1} the start now (both in the team's zone, <see cref="CorrectedValues.StoredTimes"/>); {2} the merged incident's id.
    /// </summary>
    public const string MergeMovedStartToAlert = "start time moved from {0} to {1}: the alert start of merged {2}";

    /// <summary>The same (<see cref="MergeMovedStartToAlert"/>) when a person declared the merged incident: its start as they gave it.</summary>
    public const string MergeMovedStart = "start time moved from {0} to {1}: the start of merged {2}";

    /// <summary>On the merged incident, as it resolves: {0} the incident it was merged into.</summary>
    public const string MergedInto = "merged into {0}";

    /// <summary>On a merged incident whose merge was undone (<see cref="Incident.Unmerge"/>): {0} the incident it had been merged into; {1} who undid it.</summary>
    public const string UnmergedFrom = "merge into {0} undone by {1}";

    /// <summary>On the incident merged into, as a merge is undone (<see cref="Incident.ForgetMerged"/>): {0} the incident merged in; {1} who undid it.</summary>
    public const string Unmerged = "merge of {0} undone by {1}";

    /// <summary>With <see cref="Unmerged"/>: {0} the incident; {1} the values given back as before its merge (<see cref="MergeFields"/>, <see cref="UnmergeFields"/>, comma-separated).</summary>
    public const string UnmergeGaveBack = "as before the merge of {0}: {1}";

    /// <summary>With <see cref="Unmerged"/>: {0} the incident; {1} the values its merge changed that were changed since, left as they are.</summary>
    public const string UnmergeLeft = "left as changed since the merge of {0}: {1}";

    /// <summary>With <see cref="Unmerged"/>, for a merge recorded before 12-06: what it changed is not known, {0} the incident; every value left.</summary>
    public const string UnmergeNothingKnown = "values left as they are: what the merge of {0} changed was not recorded";

    /// <summary>
    /// An incident opened by an announcement pages nobody (<see cref="Incident.PagesNobodyFor"/>): {0} the Azure Service Health class,
    /// <c>Maintenance</c> or <c>Information</c>.
    /// </summary>
    public const string NotPaged = "pages nobody: Azure Service Health {0}";

    /// <summary>
    /// An incident that paged nobody (<see cref="NotPaged"/>) pages from now: a later communication of the same Azure issue is of a
    /// class that pages (kind <see cref="TimelineKind.PagesReleased"/>). {0} the class it opened as (<c>Maintenance</c>,
    /// <c>Information</c>); {1} the class now (<c>Incident</c>, <c>ActionRequired</c>, <c>Security</c>, another word, <c>unknown</c>).
    /// </summary>
    public const string PagesFromNow = "pages go out: Azure Service Health {0} is now {1}";

    /// <summary>
    /// The same (<see cref="PagesFromNow"/>) for an announcement someone had acknowledged: that acknowledgement was of the notice,
    /// so it no longer covers the incident and the pair is paged from step 0. {0} and {1} as there.
    /// </summary>
    public const string PagesFromNowAcknowledged = "pages go out: Azure Service Health {0} is now {1}; the acknowledgement of the notice does not carry over";

    /// <summary>
    /// Raised to SEV1 while only the sending tool had acknowledged it (kind <see cref="TimelineKind.PagesReleased"/>, trial 35 H3):
    /// nobody in OnDuty took it, so the pair is paged from step 0 (<see cref="Incident.RaisedRounds"/>). {0}: the name the tool gave itself.
    /// </summary>
    public const string PagesAfterToolAckRaised = "pages go out: raised to SEV1, and only the sending tool ({0}) had acknowledged it";

    /// <summary>The same (<see cref="PagesAfterToolAckRaised"/>) when the tool gave no name.</summary>
    public const string PagesAfterUnnamedToolAckRaised = "pages go out: raised to SEV1, and only the sending tool had acknowledged it";

    /// <summary>A member asked by name to help pressed 1 on the request's call (kind <see cref="TimelineKind.HelpAccepted"/>): {0} their name.</summary>
    public const string HelpAcceptedByCall = "{0} answered the request for help (phone call)";

    /// <summary>A duty member's own rule rang them (kind <see cref="TimelineKind.PersonalCall"/>): {0} their name, {1} the minutes they set.</summary>
    public const string PersonalCall = "{0} asked to be called {1} minutes after a page nobody acknowledged: called";

    /// <summary>The same (<see cref="PersonalCall"/>) for a member who asked to be called with the first page: {0} their name.</summary>
    public const string PersonalCallAtFirstPage = "{0} asked to be called at the first page: called";

    /// <summary>A duty member's own rule came due while a storm had spent their call budget (<c>Voice__MaxCallsPerMember</c>): {0} their name.</summary>
    public const string PersonalCallWithheld = "{0}'s own call rule came due: not called, the most calls a member gets within the call window reached";

    /// <summary>The holder snoozed it (kind <see cref="TimelineKind.Snoozed"/>): {0} who, {1} whole minutes, {2} until when (<see cref="Instant"/>).</summary>
    public const string Snoozed = "{0} snoozed it for {1} minutes (until {2})";

    /// <summary>
    /// An acknowledgement expired (kind <see cref="TimelineKind.AckExpired"/>): {0} the holder, asked whether it is still theirs;
    /// {1} whole minutes since their last activity.
    /// </summary>
    public const string AckExpired = "no activity by {0} for {1} minutes: asked whether it is still theirs";

    /// <summary>The same (<see cref="AckExpired"/>) at the end of a snooze.</summary>
    public const string SnoozeEnded = "the snooze of {0} ended ({1} minutes since their last activity): asked whether it is still theirs";

    /// <summary>Unanswered (kind <see cref="TimelineKind.AckExpired"/>): {0} the holder; the acknowledgement no longer holds and the pair is paged.</summary>
    public const string AckExpiredEscalating = "{0} did not answer: the acknowledgement lapsed, pages go out";

    /// <summary>The holder answered 「まだ対応中ですか？」 (kind <see cref="TimelineKind.Acknowledged"/>).</summary>
    public const string AckRenewed = "still on it";

    /// <summary>
    /// The sending tool acknowledged again after a raise to SEV1 over its acknowledgement (kind <see cref="TimelineKind.ToolAckNotCounted"/>):
    /// the SEV1 was paged because nobody in OnDuty had taken it, so the tool's word does not stop the pages now either. {0}: the name
    /// the tool gave itself.
    /// </summary>
    public const string ToolAckNotCounted = "acknowledged again in the sending tool ({0}), not counted: raised to SEV1, only a person's acknowledgement stops the pages";

    /// <summary>The same (<see cref="ToolAckNotCounted"/>) when the tool gave no name.</summary>
    public const string UnnamedToolAckNotCounted = "acknowledged again in the sending tool, not counted: raised to SEV1, only a person's acknowledgement stops the pages";

    /// <summary>{0}: the maintenance window's id; {1}: its title.</summary>
    public const string PagesHeld = "pages held by maintenance {0}: {1}";

    /// <summary>
    /// An incident open and paged before the window, held because the window was planned with <c>holdOpen</c>: {0} the window's
    /// id; {1} its title; {2} who planned it so.
    /// </summary>
    public const string PagesHeldOpen = "pages held while maintenance {0}: {1} runs, as {2} asked (open before it)";

    /// <summary>The window that held an incident paged already is over and it is still unanswered: {0} the window's id; {1} the step sent now.</summary>
    public const string PagesResumed = "maintenance {0} is over: paging resumes now with step {1}, the next step a full ack timeout later";

    /// <summary>{0}: the maintenance window's id; {1}: its title.</summary>
    public const string MaintenanceNotHeld = "covered by maintenance {0}: {1}, but open before it: pages go on";

    /// <summary>{0}: the maintenance window's id.</summary>
    public const string PagesReleased = "maintenance {0} ended early: pages go out";

    /// <summary>
    /// The end of the window holding its pages moved later (kind <see cref="TimelineKind.PagesHeld"/>): {0} the window's id; {1} the new end,
    /// <see cref="Instant"/> in the team's zone.
    /// </summary>
    public const string HoldExtended = "maintenance {0} now ends at {1}: pages held until then";

    /// <summary>The same (<see cref="HoldExtended"/>) for an end moved earlier: pages go out at the new end.</summary>
    public const string HoldShortened = "maintenance {0} now ends earlier, at {1}: pages held until then";

    /// <summary>An instant as a row stores it, in <paramref name="zone"/> with its offset (<c>2026-12-13T04:00+09:00</c>): the pages say it in the reader's words.</summary>
    public static string Instant(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// One held incident released by hand while the window goes on holding the others (<c>POST /api/incidents/{id}/release-hold</c>,
    /// trial 55: a covered SEV1 that was the migration going wrong). {0}: the maintenance window's id; who released it is the row's by.
    /// </summary>
    public const string PagesReleasedByHand = "released from maintenance {0} by hand: pages go out";

    /// <summary>{0}: the maintenance window's id.</summary>
    public const string PagesReleasedByAlert = "an alert maintenance {0} does not cover fired: pages go out";

    /// <summary>Said of a recovery-notice ask's row (<see cref="TimelineKind.RecoveryReminded"/>; not stored: its recipients are): {0} the member ids asked, <c>", "</c>-joined.</summary>
    public const string RecoveryAsked = "asked {0} for the recovery notice";

    /// <summary>Said of a final report's row (<see cref="TimelineKind.FinalReportSent"/>, stored): {0} the audiences it went to, <c>", "</c>-joined.</summary>
    public const string FinalReportSent = "final report sent to {0}";

    /// <summary>
    /// Said of a final report correction's row (<see cref="TimelineKind.FinalReportCorrected"/>, stored): {0} its number (1 for the first), {1}
    /// the audiences it went to, <c>", "</c>-joined.
    /// </summary>
    public const string FinalReportCorrected = "final report correction {0} sent to {1}";

    /// <summary>Said of a stakeholder notice's row (not stored: its number and audiences are): {0} the notice's number; {1} the audiences, <c>", "</c>-joined.</summary>
    public const string StakeholderNotice = "notice {0} sent to {1}";

    /// <summary>
    /// Said of a stakeholder notice's row whose audiences read it under different numbers (a raise added one, or one's series began on
    /// a duplicate merged in): {0} each audience with its own number (<see cref="StakeholderNoticeOf"/>), <c>", "</c>-joined.
    /// </summary>
    public const string StakeholderNoticeEach = "notices sent to {0}";

    /// <summary>One audience of <see cref="StakeholderNoticeEach"/>: {0} the audience; {1} the notice's number in its series.</summary>
    public const string StakeholderNoticeOf = "{0} (notice {1})";

    /// <summary>Said of a person's update that changed details (not stored: its <see cref="TimelineEntry.Changes"/> are): {0} their names, <c>", "</c>-joined.</summary>
    public const string DetailsChanged = "changed {0}";

    /// <summary>
    /// A value a quiet correction replaced (<see cref="CorrectedValues.Lines"/>): the field (<c>startedAt</c>, <c>resolvedAt</c>,
    /// <c>severity</c>, <c>title</c>, <c>userImpact</c>), as it was and as it became.
    /// </summary>
    public const string CorrectedValue = "corrected {0}: {1} → {2}";

    /// <summary>Said of a person's update that holds no words, status or changes (a details edit recorded before changes were).</summary>
    public const string DetailsEdited = "details edited";

    /// <summary>Said of a person's update that changed the status (not stored: the row's status and the one before are): {0} from; {1} to.</summary>
    public const string StatusChanged = "status {0} to {1}";
}

/// <summary>The values an undone merge gives back besides <see cref="MergeFields"/> (<see cref="TimelineTexts.UnmergeGaveBack"/>'s {1}).</summary>
public static class UnmergeFields
{
    public const string Severity = "severity";
    public const string StartedAt = "startedAt";
}

/// <summary>The details a merge may keep instead of the merged incident's (<see cref="TimelineTexts.MergeKept"/>'s {0}).</summary>
public static class MergeFields
{
    public const string Title = "title";
    public const string UserImpact = "userImpact";
    public const string AffectedAreas = "affectedAreas";
    public const string Platforms = "platforms";
    public const string Workaround = "workaround";
}
