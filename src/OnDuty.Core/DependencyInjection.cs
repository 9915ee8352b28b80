using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Health;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Retros;
using OnDuty.Core.Rotations;
using OnDuty.Core.Seeding;
using OnDuty.Core.Team;

namespace OnDuty.Core;

public static class DependencyInjection
{
    public static IServiceCollection AddOnDutyCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TeamOptions>().BindSettings(TeamOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddOptions<OutboxOptions>().BindSettings(OutboxOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddOptions<AlertParserOptions>().BindSettings(AlertParserOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddOptions<IncidentOptions>().BindSettings(IncidentOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddOptions<CalendarOptions>().BindSettings(CalendarOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddOptions<ReminderOptions>().BindSettings(ReminderOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.TryAddSingleton<IWorkingCalendar, WorkingCalendar>();
        services.AddSingleton<ReaderLanguage>();
        services.AddSingleton<ScheduleChangeNotifier>();
        services.AddSingleton<StartedShiftFreezer>();
        services.AddOptions<RosterOptions>().BindSettings(RosterOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddSingleton<MemberWelcome>();
        services.AddSingleton<RosterService>();
        services.AddSingleton<MemberRemoval>();
        services.AddSingleton<ContactDetails>();
        services.AddOptions<RetentionOptions>().BindSettings(RetentionOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddSingleton<LeaveRetention>();
        services.AddSingleton<IncidentTextRetention>();
        services.AddSingleton<OnDuty.Core.Alerts.WebhookReceiptRetention>();
        services.AddSingleton<Incidents.AlertGroupRetention>();
        services.TryAddSingleton<ScheduleInputCache>();
        services.AddSingleton<RotationService>();
        services.AddSingleton<LeaveDutyNotifier>();
        services.AddSingleton<LeaveEntry>();
        services.AddSingleton<AnnouncementComposer>();
        services.AddSingleton<DutyWeekAnnouncer>();
        services.AddSingleton<IncomingDutyReminder>();
        services.AddSingleton<FeedService>();
        services.AddSingleton<OutboxMetrics>();
        services.AddOptions<SmsOptions>().BindSettings(SmsOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.TryAddSingleton<ISmsSender, NoSmsSender>();
        services.AddSingleton<TextBudget>();
        services.AddOptions<VoiceOptions>().BindSettings(VoiceOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.TryAddSingleton<IVoiceCaller, NoVoiceCaller>();
        services.AddSingleton<CallBudget>();
        services.AddSingleton<SmsDeliveryReports>();
        services.AddSingleton<EmailDeliveryReports>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<OutboxRetention>();
        services.AddSingleton<OnDuty.Core.Health.IDegradationCheck, OutboxFailuresCheck>();
        services.AddSingleton<OnDuty.Core.Health.IDegradationCheck, LatePagesCheck>();
        services.AddSingleton<OnDuty.Core.Health.IDegradationCheck, AlertBacklogCheck>();
        services.AddSingleton<OnDuty.Core.Health.IDegradationCheck, UnreadableDeliveriesCheck>();
        services.TryAddSingleton<AlertIntakeRefusals>();
        services.AddSingleton<OnDuty.Core.Health.IDegradationCheck>(sp => sp.GetRequiredService<AlertIntakeRefusals>());
        services.AddSingleton<RefusedDeliveries>();
        services.AddSingleton<OnDuty.Core.Health.IDegradationCheck>(sp => sp.GetRequiredService<RefusedDeliveries>());
        services.AddSingleton<OnDuty.Core.Health.IDegradationCheck, EscalationBacklogCheck>();
        services.AddSingleton<OnDuty.Core.Health.IDegradationCheck, OnDuty.Core.Health.HeartbeatCheck>();
        services.TryAddSingleton<OnDuty.Core.Health.UnknownSettingsCheck>();
        services.AddSingleton<OnDuty.Core.Health.IDegradationCheck>(sp => sp.GetRequiredService<OnDuty.Core.Health.UnknownSettingsCheck>());
        services.AddSingleton<DemoRoster>();
        services.AddSingleton<AckToken>();
        services.AddSingleton<IncidentMessages>();
        services.AddSingleton<Pager>();
        // Told by the rotation service when a running shift changes; asks the pager (which reads the rotation service) lazily.
        services.AddSingleton<IDutyChangeObserver>(sp => new HandOverOnDutyChange(
            () => sp.GetRequiredService<Pager>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<IncidentOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<HandOverOnDutyChange>>()));
        // The pager is asked lazily (it sends through the dispatcher, which checks with this subject): who is on duty now.
        services.AddSingleton<IOutboxSubject>(sp => new IncidentMessageSubject(
            sp.GetRequiredService<IIncidentRepository>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<IncidentOptions>>(),
            sp.GetRequiredService<IOutboxStore>(), () => sp.GetRequiredService<Pager>()));
        services.AddSingleton<FiringGroupCache>();
        services.AddSingleton<IncidentFollowing>();
        services.AddSingleton<IncidentReaders>();
        services.AddSingleton<IncidentService>();
        services.AddSingleton<PagesUndeliveredReader>();
        services.AddSingleton<OnDuty.Core.Notifications.LatePagesReader>();
        services.AddSingleton(sp => new OutboxResender(
            sp.GetRequiredService<IOutboxStore>(), sp.GetRequiredService<OutboxDispatcher>(), sp.GetRequiredService<IIncidentRepository>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<OutboxResender>>(), () => sp.GetRequiredService<Pager>()));
        services.AddSingleton<IncidentMerger>();
        services.AddSingleton<IncidentUnmerger>();
        services.AddSingleton<SmsReplies>();
        services.AddSingleton<VoiceAnswers>();
        services.AddSingleton<DutyLine>();
        services.AddSingleton<IncidentDraftService>();
        services.AddSingleton<AlertIntake>();
        services.AddSingleton<AlertTrial>();
        services.AddSingleton<Alerts.DeliveryLog>();
        services.AddSingleton<Alerts.DeliveryList>();
        services.AddSingleton<Health.IHealthProbe, Health.DeliveriesProbe>();
        services.AddSingleton<Maintenance.MaintenanceCalendar>();
        services.AddSingleton<Maintenance.MaintenanceService>();
        services.AddSingleton<Heartbeats.HeartbeatMonitor>();
        services.AddSingleton<WebhookAuthentication>();
        services.AddSingleton<Health.IHealthProbe, Health.DutyCoverageProbe>();
        services.AddSingleton<Health.IHealthProbe, Health.LeadsCoverageProbe>();
        services.AddSingleton<Health.IHealthProbe, Health.ShortHandedProbe>();
        services.AddSingleton<Health.IHealthProbe, Health.LeadsOnLeaveProbe>();
        services.AddSingleton<Health.IHealthProbe, Health.SmsCoverageProbe>();
        services.AddSingleton<Health.IHealthProbe, Health.PagingNoteProbe>();

        // Stakeholder comms: audiences per severity, notices with every update by a person, the update cadence.
        services.AddOptions<OnDuty.Core.Comms.CommsOptions>().BindSettings(OnDuty.Core.Comms.CommsOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddSingleton<OnDuty.Core.Comms.StakeholderAudience>();
        services.AddSingleton<Health.IWarningRefresh, OnDuty.Core.Comms.AudienceRosterCheck>();
        services.AddSingleton<OnDuty.Core.Comms.StakeholderNotifier>();
        services.AddSingleton<OnDuty.Core.Comms.FinalReportService>();
        services.AddSingleton<OnDuty.Core.Comms.RecoveryReminder>();
        services.AddSingleton<OnDuty.Core.Comms.UpdateNudger>();
        services.AddSingleton<OnDuty.Core.Comms.IncidentOverviewService>();
        services.AddSingleton<IOutboxSubject, OnDuty.Core.Comms.UpdateNudgeSubject>();

        // Retros, judgement criteria, lessons search and the fair-load report.
        services.AddOptions<ReportOptions>().BindSettings(ReportOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddSingleton<ActionItemAssignments>();
        services.AddSingleton<RetroService>();
        services.AddOptions<RetroOptions>().BindSettings(RetroOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddSingleton<RetroBacklog>();
        services.AddSingleton<PastDueRetroService>();
        services.AddSingleton<RetroNudger>();
        services.AddSingleton<OpenActionItemList>();
        services.AddSingleton<HandoffBriefer>();
        services.AddSingleton<IHandoffBriefs>(sp => sp.GetRequiredService<HandoffBriefer>());
        services.AddSingleton<CriteriaService>();
        services.AddSingleton<CriterionProposals>();
        services.AddSingleton<LessonSearch>();
        services.AddSingleton<CriteriaSearch>();
        services.AddSingleton<LessonIndexer>();
        services.AddSingleton<LoadReportService>();
        services.AddSingleton<DutyReportService>();
        services.AddSingleton<IncidentReportService>();
        services.AddSingleton<IncidentReportMailer>();

        // Microsoft 365: group expansion, Outlook leave and calendars. Off (no-op ports) unless Infrastructure provides Graph.
        services.AddOptions<OutlookLeaveOptions>().BindSettings(OutlookLeaveOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.AddOptions<DutyCalendarOptions>().BindSettings(DutyCalendarOptions.SectionName).ValidateSettings().ValidateOnStart();
        services.TryAddSingleton<IGroupDirectory, NoGroupDirectory>();
        services.TryAddSingleton<IAvailabilitySource, NoAvailabilitySource>();
        services.TryAddSingleton<DependencyWarnings>();
        services.AddSingleton<AudienceExpander>();
        services.AddSingleton<OutlookLeaveSync>();
        services.AddSingleton<DutyCalendarSync>();
        return services;
    }
}
