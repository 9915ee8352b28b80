using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Messages.Cards;

namespace OnDuty.Messages;

/// <summary>
/// Renders each notice kind: a model of plain values for its Liquid templates (<c>Templates/{kind}.html.liquid</c>,
/// <c>{kind}.txt.liquid</c>), subjects from phrases, cards through <see cref="AdaptiveCardBuilder"/>. The per-kind parts
/// are in the partial files next to this one.
/// </summary>
public sealed partial class NoticeRenderer(TemplateSet templates) : INoticeRenderer
{
    /// <summary>
    /// The mail for <paramref name="notice"/>. Its subject is one line without bidi controls or zero-width characters
    /// (<see cref="PersonText.Plain"/>): a title with an unclosed U+202E would show the rest of the subject backwards.
    /// </summary>
    public RenderedEmail Email(Notice notice)
    {
        var email = EmailOf(notice);
        return email with { Subject = PersonText.Plain(email.Subject) };
    }

    /// <summary>The card for <paramref name="notice"/>; its subject as <see cref="Email"/>'s (the card's texts are plain in the builder).</summary>
    public RenderedCard Card(Notice notice)
    {
        // The channel's readers are not all in the incident: a confidential one's card says no more than that it is open (ForChannel).
        var card = CardOf(ForChannel(notice));
        return card with { Subject = PersonText.Plain(card.Subject) };
    }

    /// <summary>Text messages, calls and other plain texts, without bidi controls or zero-width characters (their lines kept).</summary>
    public string Text(Notice notice) => PersonText.WithoutInvisibleFormat(TextOf(notice));

    private RenderedEmail EmailOf(Notice notice) => notice switch
    {
        IncidentPageNotice n => IncidentEmail(n),
        DutyAnnouncementNotice n => AnnouncementEmail(n),
        DutyReminderNotice n => ReminderEmail(n),
        MemberWelcomeNotice n => WelcomeEmail(n),
        HeartbeatOwnerNotice n => HeartbeatOwnerEmail(n),
        DutyChangedNotice n => DutyChangeEmail(n),
        CoverCancelledNotice n => CoverCancelledEmail(n),
        CoverRestoredNotice n => CoverRestoredEmail(n),
        LeaveDuringDutyNotice n => LeaveDuringDutyEmail(n),
        ScheduleChangedNotice n => ScheduleChangedEmail(n),
        PartnerChangedNotice n => PartnerChangedEmail(n),
        DutyCalendarEventNotice n => CalendarEventEmail(n),
        FeedEventNotice n => FeedEvent(n),
        StakeholderNotice n => StakeholderEmail(n),
        FinalReportNotice n => FinalReportEmail(n),
        UpdateNudgeNotice n => NudgeEmail(n),
        RecoveryNoticeOwedNotice n => RecoveryOwedEmail(n),
        RecoveryAskWithdrawnNotice n => RecoveryAskWithdrawnEmail(n),
        AlertsResolvedNotice n => AlertsResolvedEmail(n),
        RetroDueNotice n => RetroDueEmail(n),
        ActionItemDueNotice n => ActionItemDueEmail(n),
        ActionItemNewOwnerNotice n => ActionItemNewOwnerEmail(n),
        ActionItemAssignedNotice n => ActionItemAssignedEmail(n),
        HandoffBriefNotice n => HandoffBriefEmail(n),
        StillHeldNotice n => StillHeldEmail(n),
        IncidentsAcknowledgedNotice n => AcknowledgedTogetherEmail(n),
        IncidentsMergedNotice n => MergedTogetherEmail(n),
        IncidentsRecoveredNotice n => RecoveredTogetherEmail(n),
        IncidentsEscalatedNotice n => EscalatedTogetherEmail(n),
        MissedCallNotice n => MissedCallEmail(n),
        EmailTestNotice n => EmailTestEmail(n),
        IncidentReportNotice n => IncidentReportEmail(n),
        _ => throw Unsupported(notice, nameof(Email)),
    };

    private RenderedCard CardOf(Notice notice) => notice switch
    {
        IncidentPageNotice n => IncidentCard(n),
        DutyAnnouncementNotice n => AnnouncementCard(n),
        DutyChangedNotice n => DutyChangeCard(n),
        StakeholderNotice n => StakeholderCard(n),
        RecoveryNoticeOwedNotice n => RecoveryOwedCard(n),
        RecoveryAskWithdrawnNotice n => RecoveryAskWithdrawnCard(n),
        AlertsResolvedNotice n => AlertsResolvedCard(n),
        IncidentsAcknowledgedNotice n => AcknowledgedTogetherCard(n),
        IncidentsMergedNotice n => MergedTogetherCard(n),
        IncidentsRecoveredNotice n => RecoveredTogetherCard(n),
        IncidentsEscalatedNotice n => EscalatedTogetherCard(n),
        MaintenanceNotice n => MaintenanceCard(n),
        IncidentReportNotice n => IncidentReportCard(n),
        _ => throw Unsupported(notice, nameof(Card)),
    };

    public string Page(Notice notice) => notice switch
    {
        SchedulePageNotice n => SchedulePage(n),
        AckPageNotice n => AckPage(n),
        IncidentFormPageNotice n => IncidentFormPage(n),
        IncidentWorkPageNotice n => IncidentWorkPage(n),
        IncidentOverviewNotice n => IncidentOverviewPage(n),
        StatusPageNotice n => StatusPage(n),
        AckTogetherPageNotice n => AckTogetherPage(n),
        MaintenancePageNotice n => MaintenancePage(n),
        DutyPageNotice n => DutyPage(n),
        PageProblemNotice n => PageProblemPage(n),
        RetroPageNotice n => RetroPage(n),
        LoadReportPageNotice n => LoadReportPage(n),
        DutyReportPageNotice n => DutyReportPage(n),
        ActionItemsPageNotice n => ActionItemsPage(n),
        CriterionProposalsPageNotice n => CriterionProposalsPage(n),
        DeliveriesPageNotice n => DeliveriesPage(n),
        UndeliveredPageNotice n => UndeliveredPage(n),
        IncidentReportNotice n => IncidentReportPage(n),
        RetroReportNotice n => RetroReportPage(n),
        ContactPageNotice n => ContactPage(n),
        CriteriaPageNotice n => CriteriaPage(n),
        LessonsPageNotice n => LessonsPage(n),
        _ => throw Unsupported(notice, nameof(Page)),
    };

    private string TextOf(Notice notice) => notice switch
    {
        HandoffMoveNotice n => HandoffMoveText.Describe(n.Move, n.HandoffTime, n.TimeZone, Phrases.For(n.Language)),
        DutyEventCancelledNotice n => EventCancelled(n),
        MemberFeedNameNotice n => Phrases.For(n.Language).Format("Feed.MemberCalendar", n.MemberName),
        IncidentDraftNotice n => DraftText(n),
        PageTextNotice n => PageText(n),
        PagesTextNotice n => PagesText(n),
        RecoveredTextNotice n => RecoveredText(n),
        AskedTextNotice n => AskedText(n),
        IncidentsRecoveredTextNotice n => RecoveredTogetherText(n),
        SmsReplyNotice n => SmsReplyText(n),
        SmsTestNotice n => SmsTestText(n),
        PageCallNotice n => PageCall(n),
        PagesCallNotice n => PagesCall(n),
        CallAnswerNotice n => CallAnswer(n),
        HelpCallNotice n => HelpCall(n),
        HelpCallAnswerNotice n => Phrases.For(n.Language)[n.Resolved ? "Call.Help.Resolved" : "Call.Help.Answered"],
        CallTestNotice n => CallTest(n),
        CallTestPassedNotice n => CallTestPassed(n),
        DutyLineSpeech n => DutyLineSpeechText(n),
        MissedCallNotice n => MissedCallText(n),
        HeartbeatAlertNotice n => HeartbeatAlertText(n),
        RefusedDeliveryNotice n => RefusedDeliveryPart(n),
        IncidentReportCsvNotice n => IncidentReportCsv(n),
        DutyReportCsvNotice n => DutyReportCsv(n),
        _ => throw Unsupported(notice, nameof(Text)),
    };

    private static string LanguageTag(Language language) => language == Language.Ja ? "ja" : "en";

    private static NotSupportedException Unsupported(Notice notice, string form) =>
        new($"{notice.GetType().Name} has no {form} rendering; add it in OnDuty.Messages (see DESIGN.md).");
}
