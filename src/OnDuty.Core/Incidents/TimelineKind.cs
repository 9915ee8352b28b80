namespace OnDuty.Core.Incidents;

public enum TimelineKind
{
    Opened,
    AlertFired,
    AlertRepeated,
    AlertResolved,
    Acknowledged,
    Update,
    Escalated,
    Notified,
    Resolved,
    Reopened,
    SeverityRaised,

    /// <summary>A page or escalation reached a recipient (<see cref="TimelineEntry.Recipients"/>) on one channel.</summary>
    Delivered,

    /// <summary>A page or escalation was given up for a recipient on one channel.</summary>
    DeliveryFailed,
    /// <summary>The duty members were resolved again when a step was sent, and had changed (handoff, replacement).</summary>
    DutyChanged,

    /// <summary>An escalation step that was not sent: nobody to send it to, or overdue when a later one was due (catch-up).</summary>
    StepSkipped,

    /// <summary>A person called the whole PM organisation for help (<see cref="TimelineEntry.Step"/> = which call).</summary>
    HelpCalled,
    /// <summary>Stakeholder notice <see cref="TimelineEntry.Step"/> was queued for the audiences in <see cref="TimelineEntry.Recipients"/>.</summary>
    StakeholdersNotified,

    /// <summary>The duty members were reminded to post an update (reminder <see cref="TimelineEntry.Step"/> since the last one).</summary>
    UpdateNudged,

    /// <summary>A new alert group joined the incident by alert grouping (<see cref="TimelineEntry.Message"/> = its group key): no page of its own.</summary>
    GroupJoined,

    /// <summary>A person merged another incident into this one (<see cref="TimelineTexts.Merged"/>): its alert groups and alerts are tracked here now.</summary>
    Merged,

    /// <summary>Opened or reopened by an alert a maintenance window covers: its pages are held until the window ends (<see cref="TimelineTexts.PagesHeld"/>).</summary>
    PagesHeld,

    /// <summary>The maintenance window holding its pages ended early: they go out now (<see cref="TimelineTexts.PagesReleased"/>).</summary>
    PagesReleased,

    /// <summary>
    /// Every person escalation step <see cref="TimelineEntry.Step"/> was sent to could not be reached (each email, text or call
    /// given up or reported undelivered): the next step is due at once (<see cref="TimelineTexts.Unreached"/>).
    /// </summary>
    Unreached,

    /// <summary>A person lowered the severity with an update (<see cref="TimelineTexts.SeverityLowered"/>); a raise is <see cref="SeverityRaised"/>.</summary>
    SeverityLowered,

    /// <summary>
    /// The duty members were reminded that the stakeholders told it started have not been told it recovered (monitoring resolved it;
    /// <see cref="TimelineEntry.Step"/>: 1 at the resolve, 2 after the severity's update interval).
    /// </summary>
    RecoveryReminded,

    /// <summary>
    /// A person corrected the record's details without telling the stakeholders (<see cref="Incident.Correct"/>): what changed
    /// in <see cref="TimelineEntry.Changes"/>; no notice was issued, and the update clock did not restart.
    /// </summary>
    Corrected,

    /// <summary>
    /// An alert reopened it at a severity above the one a person set, which was kept (<see cref="TimelineTexts.SeverityKept"/>):
    /// monitoring's word, not a status update, so no count or notice takes it for one. Rows written before this kind are
    /// <see cref="Update"/> rows by the tool with those words, and read as they did.
    /// </summary>
    SeverityKept,

    /// <summary>
    /// A maintenance window was planned that covers this incident's alerts, but the incident was open and unacknowledged before it:
    /// a window holds only the pages of incidents opened in it, so this one's pages go on (<see cref="TimelineTexts.MaintenanceNotHeld"/>).
    /// </summary>
    MaintenanceNotHeld,

    /// <summary>
    /// Opened by an announcement, not an outage (Azure planned maintenance, a health advisory): it pages nobody
    /// (<see cref="TimelineTexts.NotPaged"/>, <see cref="Incident.PagesNobodyFor"/>).
    /// </summary>
    NotPaged,

    /// <summary>
    /// A person re-sent a given-up message of the incident (<see cref="TimelineTexts.Resent"/>; <see cref="TimelineEntry.Recipients"/>:
    /// its recipient; no step, so no rule about a step's deliveries reads it). A previous release reads the row as an update with its text.
    /// </summary>
    Resent,

    /// <summary>
    /// The sending tool acknowledged again in a round of pages a raise to SEV1 over its acknowledgement started
    /// (<see cref="Incident.RaisedOverToolAck"/>): recorded, not counted — only a person's acknowledgement stops that round's
    /// escalation (<see cref="TimelineTexts.ToolAckNotCounted"/>). A previous release reads the row as an update with its text.
    /// </summary>
    ToolAckNotCounted,

    /// <summary>
    /// Every monitoring alert of an incident a person runs (<see cref="Incident.RunByPerson"/>) has resolved, and monitoring left it
    /// open: whether it is over is the person's call (<see cref="TimelineTexts.AlertsResolvedLeftOpen"/>, {0} the source). A previous
    /// release reads the row as an update with its text.
    /// </summary>
    AlertsResolved,

    /// <summary>
    /// A person saved the PR/CS drafts approved (<see cref="TimelineTexts.DraftsApproved"/>: which language's drafts, who approved them;
    /// <see cref="TimelineEntry.By"/> who saved). Not a status update: no count or notice takes it for one. A previous release reads
    /// the row as an update with its text.
    /// </summary>
    DraftsApproved,

    /// <summary>
    /// A member took over the incident from the person who held it (<see cref="Incident.TakeOver"/>, <see cref="TimelineTexts.TookOver"/>:
    /// the new holder, then the previous one; <see cref="TimelineEntry.By"/> the new holder). Not a status update. A previous release
    /// reads the row as an update with its text.
    /// </summary>
    TookOver,

    /// <summary>
    /// A person undid a merge (<see cref="TimelineTexts.UnmergedFrom"/> on the incident merged, <see cref="TimelineTexts.Unmerged"/> and
    /// what it gave back or left on the incident it had been merged into). Not a status update. A previous release reads the row as an
    /// update with its text.
    /// </summary>
    Unmerged,

    /// <summary>
    /// A person sent the final report (最終報) to the audiences told about it (<see cref="Incident.MarkFinalReportSent"/>): which audiences in
    /// <see cref="TimelineEntry.Recipients"/>, said as <see cref="TimelineTexts.FinalReportSent"/>.
    /// </summary>
    FinalReportSent,

    /// <summary>
    /// A person sent a correction of the final report (【訂正】 最終報, <see cref="Incident.MarkFinalReportCorrected"/>) to the audiences the
    /// final report went to: which in <see cref="TimelineEntry.Recipients"/>, said as <see cref="TimelineTexts.FinalReportCorrected"/>, the
    /// corrected text in <see cref="TimelineEntry.FinalReport"/>.
    /// </summary>
    FinalReportCorrected,

    /// <summary>
    /// A person marked the incident confidential or lifted it (<see cref="Incident.MarkConfidential"/>, <see cref="TimelineTexts.MarkedConfidential"/>,
    /// <see cref="TimelineTexts.ConfidentialLifted"/>; <see cref="TimelineEntry.By"/> who). Not a status update.
    /// </summary>
    ConfidentialityChanged,

    /// <summary>
    /// The holder snoozed it (<see cref="Incident.Snooze"/>, <see cref="TimelineTexts.Snoozed"/>): their acknowledgement expires at the
    /// time said. Not a status update. A previous release reads the row as an update with its text.
    /// </summary>
    Snoozed,

    /// <summary>
    /// An acknowledgement expired (<see cref="Incident.RecordAckExpired"/>: the holder asked 「まだ対応中ですか？」, <see cref="TimelineTexts.AckExpired"/>,
    /// <see cref="TimelineTexts.SnoozeEnded"/>), or lapsed unanswered (<see cref="Incident.ExpireAcknowledgement"/>, <see cref="TimelineTexts.AckExpiredEscalating"/>).
    /// <see cref="TimelineEntry.Members"/>: the holder. A previous release reads the row as an update with its text.
    /// </summary>
    AckExpired,

    /// <summary>
    /// A duty member's own call rule rang them (<see cref="Incident.RecordPersonalCalls"/>, <see cref="TimelineTexts.PersonalCall"/>,
    /// <see cref="TimelineTexts.PersonalCallAtFirstPage"/>); <see cref="TimelineEntry.Members"/>: who. A previous release reads the row as an update with its text.
    /// </summary>
    PersonalCall,

    /// <summary>
    /// A person became the communications lead (連絡担当) or stopped being it (<see cref="Incident.SetCommsLead"/>,
    /// <see cref="TimelineTexts.CommsLeadSet"/>, <see cref="TimelineTexts.CommsLeadCleared"/>; <see cref="TimelineEntry.AssignedBy"/> who
    /// made them it when someone else). Not a status update. A previous release reads the row as an update with its text.
    /// </summary>
    CommsLead,

    /// <summary>
    /// A member asked by name to help pressed 1 on the request's phone call (<see cref="IncidentService.AnswerHelpAsync"/>,
    /// <see cref="TimelineTexts.HelpAcceptedByCall"/>; <see cref="TimelineEntry.By"/> who, <see cref="TimelineEntry.Step"/> which call for
    /// help). Not an acknowledgement, not a status update. A previous release reads the row as an update with its text.
    /// </summary>
    HelpAccepted,
}
