using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Health;
using OnDuty.Core.Incidents;
using OnDuty.Core.Maintenance;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>AlertIntake, IncidentService and Pager wired to in-memory fakes, a fake clock and the TeamData rotation.</summary>
internal sealed class IncidentHarness
{
    // Tuesday 2026-12-01 10:00 in Tokyo: shift 5 of the staggered rotation, a pair on duty.
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private IncidentHarness(InMemoryRoster roster, InMemoryRotations rotations, IncidentOptions options, CommsOptions comms, OnDuty.Core.Calendar.IWorkingCalendar? working = null, bool teams = true)
    {
        Teams = new RecordingTeamsChannel(teams);
        Options = options;
        Comms = comms;
        Roster = roster;
        RotationStore = rotations;
        var opts = Microsoft.Extensions.Options.Options.Create(options);
        Queue = new InMemoryOutboxQueue(Time);
        Dispatcher = new OutboxDispatcher(Outbox, Queue, [new IncidentMessageSubject(Incidents, Time, opts, Outbox, () => Pager!), new UpdateNudgeSubject(Incidents)], Email, Teams, Time,
            Microsoft.Extensions.Options.Options.Create(OutboxOptions), NullLogger<OutboxDispatcher>.Instance, smsSender: Sms, voiceCaller: Voice, warnings: Warnings);
        // The queue trigger's part: what is signalled is sent (retries wait for the test to move the clock and drain).
        Queue.Consumer = id => Dispatcher.SendAsync(id, default);
        var dispatcher = Dispatcher;
        // As the app wires it: a change saved to the running shift hands unanswered incidents to the new pair at once.
        Rotations = new RotationService(rotations, roster, Time, working, dutyChanges: new HandOverOnDutyChange(() => Pager!, opts, NullLogger<HandOverOnDutyChange>.Instance));
        Pager = NewPager();
        var team = Microsoft.Extensions.Options.Options.Create(new TeamOptions { Language = "ja", PublicBaseUrl = "https://onduty.example" });
        var commsOptions = Microsoft.Extensions.Options.Options.Create(comms);
        var audience = new StakeholderAudience(Directory, roster, Warnings, commsOptions, team, NullLogger<StakeholderAudience>.Instance);
        Following = new IncidentFollowing(Incidents, Followers, roster, Time);
        Stakeholders = new StakeholderNotifier(Incidents, roster, audience, TestRenderer.Instance, dispatcher, Teams, Time, commsOptions, opts, team,
            NullLogger<StakeholderNotifier>.Instance, Following, Drafts);
        FinalReports = new FinalReportService(Incidents, Retros, roster, audience, TestRenderer.Instance, dispatcher, Time, commsOptions, opts, team, NullLogger<FinalReportService>.Instance);
        Recovery = new RecoveryReminder(Incidents, TestRenderer.Instance, dispatcher, Teams, Time, commsOptions, opts, team, NullLogger<RecoveryReminder>.Instance, roster, Pager);
        Nudger = new UpdateNudger(Incidents, Stakeholders, Recovery, TestRenderer.Instance, dispatcher, Time, commsOptions, opts, team, NullLogger<UpdateNudger>.Instance, new AckToken(opts, Time), roster, Pager, working);
        Service = new IncidentService(Incidents, roster, Pager, Time, opts, NullLogger<IncidentService>.Instance, Stakeholders, Firing, Retros, Following);
        Calendar = new MaintenanceCalendar(MaintenanceStore, Time, NullLogger<MaintenanceCalendar>.Instance);
        Maintenance = new MaintenanceService(MaintenanceStore, Calendar, Incidents, Pager, dispatcher, Teams, TestRenderer.Instance, Time, opts, team, NullLogger<MaintenanceService>.Instance, roster);
        Intake = new AlertIntake(Incidents, Inbox, Service, Pager, Time, opts, NullLogger<AlertIntake>.Instance, Firing, Calendar, Recovery);
        VoiceAnswers = new VoiceAnswers(Outbox, Service, Incidents, roster, TestRenderer.Instance, Time, NullLogger<VoiceAnswers>.Instance);
        Merger = new IncidentMerger(Incidents, Pager, Stakeholders, Firing, Time, opts, NullLogger<IncidentMerger>.Instance, Retros, Following);
        Unmerger = new IncidentUnmerger(Incidents, Pager, Firing, Time, NullLogger<IncidentUnmerger>.Instance, Following);
    }

    /// <summary>A pager as the app wires it (an instance's: its own storm count, text and call budgets) on this harness's storage and senders.</summary>
    private Pager NewPager() =>
        new(Incidents, Rotations, Dispatcher, Teams, new IncidentMessages(new AckToken(Microsoft.Extensions.Options.Options.Create(Options), Time), TestRenderer.Instance, Sms, Microsoft.Extensions.Options.Options.Create(SmsOptions),
            new TextBudget(Time, Microsoft.Extensions.Options.Options.Create(SmsOptions)), Voice, Microsoft.Extensions.Options.Options.Create(VoiceOptions),
            new CallBudget(Time, Microsoft.Extensions.Options.Options.Create(VoiceOptions)), Microsoft.Extensions.Options.Options.Create(Comms), Teams), Time, Microsoft.Extensions.Options.Options.Create(Options),
            Microsoft.Extensions.Options.Options.Create(new TeamOptions { Language = "ja" }), Directory, NullLogger<Pager>.Instance, Readers);

    /// <summary>
    /// Another app instance on the same storage with a pager of its own (its own in-memory counts, as a scaled-out instance has):
    /// its intake and its pager.
    /// </summary>
    public (AlertIntake Intake, Pager Pager) OtherInstance()
    {
        var pager = NewPager();
        var opts = Microsoft.Extensions.Options.Options.Create(Options);
        var service = new IncidentService(Incidents, Roster, pager, Time, opts, NullLogger<IncidentService>.Instance, Stakeholders, new FiringGroupCache(), Retros, Following);
        var intake = new AlertIntake(Incidents, Inbox, service, pager, Time, opts, NullLogger<AlertIntake>.Instance, new FiringGroupCache(),
            new MaintenanceCalendar(MaintenanceStore, Time, NullLogger<MaintenanceCalendar>.Instance), Recovery);
        return (intake, pager);
    }

    /// <summary>Another app instance's intake on the same storage (its own memory of firing groups, its own copy of the maintenance windows).</summary>
    public AlertIntake SecondInstance() => SecondInstance(out _);

    /// <inheritdoc cref="SecondInstance()"/>
    public AlertIntake SecondInstance(out MaintenanceCalendar calendar)
    {
        calendar = new MaintenanceCalendar(MaintenanceStore, Time, NullLogger<MaintenanceCalendar>.Instance);
        return new(Incidents, Inbox, Service, Pager, Time, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<AlertIntake>.Instance, new FiringGroupCache(), calendar, Recovery);
    }

    /// <summary>Gives the first <paramref name="withPhone"/> members on duty now a phone number each: numbers by member id.</summary>
    public async Task<Dictionary<string, string>> PhonesForDutyAsync(int withPhone = 1)
    {
        var duty = (await Rotations.GetOnCallAsync("incident-duty", default)).Members;
        var phones = new Dictionary<string, string>();
        foreach (var (m, i) in duty.Take(withPhone).Select((m, i) => (m, i)))
        {
            var stored = (await Roster.GetMemberAsync(m.Id, default))!;
            var phone = $"+8190123456{i:00}";
            await Roster.SaveMemberAsync(stored.Value with { Phone = phone }, stored.ETag, default);
            phones[m.Id] = phone;
        }

        return phones;
    }

    public FakeTimeProvider Time { get; } = new(T0);

    /// <summary>The people added on incidents, and those a confidential incident's pages and calls for help reached.</summary>
    public InMemoryIncidentReaders Readers { get; } = new();

    /// <summary>This instance's memory of firing groups, shared by its intake, merger and service as the app's DI shares it.</summary>
    public FiringGroupCache Firing { get; } = new();

    /// <summary>Moves the clock forward to <paramref name="at"/>.</summary>
    public void MoveTo(DateTimeOffset at) => Time.Advance(at - Time.GetUtcNow());

    public InMemoryIncidentRepository Incidents { get; } = new();

    /// <summary>The PR/CS drafts saved (what an audience with <c>Drafts</c> on is told the state of).</summary>
    public InMemoryIncidentDraftStore Drafts { get; } = new();

    /// <summary>Who follows which incident (a declarer follows theirs when <c>CreateAsync</c> is told so, as the declare form does).</summary>
    public InMemoryIncidentFollowers Followers { get; } = new();

    public IncidentFollowing Following { get; }

    /// <summary>The inbox every instance's intake shares (as they share the table).</summary>
    public InMemoryAlertInbox Inbox { get; } = new();

    public InMemoryOutbox Outbox { get; } = new();

    public InMemoryOutboxQueue Queue { get; }

    public OutboxOptions OutboxOptions { get; } = new();

    public OutboxDispatcher Dispatcher { get; }

    public RecordingEmailSender Email { get; } = new();

    public RecordingTeamsChannel Teams { get; }

    /// <summary>Texts sent; on, but only members given a phone number get any.</summary>
    public RecordingSmsSender Sms { get; } = new();

    /// <summary>Which severities page by SMS (default: every one); change it before the first page.</summary>
    public SmsOptions SmsOptions { get; } = new();

    public RecordingVoiceCaller Voice { get; } = new();

    /// <summary>Calls are off unless a test turns them on (<c>VoiceOptions.Enabled = true</c>) before it pages.</summary>
    public VoiceOptions VoiceOptions { get; } = new();

    public VoiceAnswers VoiceAnswers { get; }

    public IncidentOptions Options { get; }

    public CommsOptions Comms { get; }

    public InMemoryRoster Roster { get; }

    /// <summary>Groups for audiences, and the users a member without a UPN is looked up in (none until a test adds them).</summary>
    public InMemoryGroupDirectory Directory { get; } = new();

    public DependencyWarnings Warnings { get; } = new();

    public StakeholderNotifier Stakeholders { get; }

    /// <summary>The final report (最終報) after the retro, over the same audiences, outbox and retros.</summary>
    public FinalReportService FinalReports { get; }

    public UpdateNudger Nudger { get; }

    /// <summary>Reminds the duty members of a recovery notice owed (monitoring resolved an incident stakeholders were told about).</summary>
    public RecoveryReminder Recovery { get; }

    public RotationService Rotations { get; }

    public InMemoryRotations RotationStore { get; }

    public Pager Pager { get; }

    public IncidentService Service { get; }

    public AlertIntake Intake { get; }

    public IncidentMerger Merger { get; }

    public IncidentUnmerger Unmerger { get; }

    /// <summary>The retros the service and the merger keep titled in the action-item index (not the retro tests' own unless they take this one).</summary>
    public Fakes.InMemoryRetroRepository Retros { get; } = new();

    public InMemoryMaintenanceWindowStore MaintenanceStore { get; } = new();

    /// <summary>This instance's copy of the maintenance windows (the intake's).</summary>
    public MaintenanceCalendar Calendar { get; }

    public MaintenanceService Maintenance { get; }

    /// <param name="working">The team's holidays and closures, as the app has them (<c>Calendar__*</c>); none by default.</param>
    /// <param name="teams">Whether a Teams channel is set up (<c>Teams__WebhookUrl</c>): off, pages go by email (and phones) only.</param>
    public static async Task<IncidentHarness> CreateAsync(Action<IncidentOptions>? configure = null, Action<CommsOptions>? comms = null, OnDuty.Core.Calendar.IWorkingCalendar? working = null, bool teams = true)
    {
        var options = new IncidentOptions
        {
            AckTokenSecret = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            Leads = ["lead@example.com"],
            OrganisationList = "pm-org@example.com",
        };
        configure?.Invoke(options);
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var commsOptions = new CommsOptions();
        comms?.Invoke(commsOptions);
        return new IncidentHarness(roster, rotations, options, commsOptions, working, teams);
    }

    /// <summary>The duty pair's emails right now, sorted.</summary>
    public async Task<List<string>> DutyEmailsAsync() =>
        [.. (await Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Email).Order(StringComparer.Ordinal)];

    public static AlertInstance Alert(string key, AlertStatus status = AlertStatus.Firing, AlertSeverity severity = AlertSeverity.Sev3) => new()
    {
        DedupKey = key,
        Status = status,
        Severity = severity,
        Summary = $"{key} is {status.ToString().ToLowerInvariant()}",
    };

    public static AlertNotification Notification(string group, params AlertInstance[] alerts) => new()
    {
        Source = AlertSource.Alertmanager,
        GroupKey = group,
        Status = alerts.Any(a => a.Status == AlertStatus.Firing) ? AlertStatus.Firing : AlertStatus.Resolved,
        Title = $"Group {group}",
        Severity = alerts.Min(a => a.Severity),
        Alerts = alerts,
    };

    /// <summary>The queue trigger's turn: sends every signalled message whose delay has passed on the clock.</summary>
    /// <summary>ACS's delivery reports heard as the app hears them: the same subjects as the dispatcher's (the incident's, the reminders').</summary>
    public EmailDeliveryReports EmailReports() =>
        new(Outbox, [new IncidentMessageSubject(Incidents, Time, Microsoft.Extensions.Options.Options.Create(Options), Outbox), new UpdateNudgeSubject(Incidents)], Time, NullLogger<EmailDeliveryReports>.Instance);

    public Task DrainQueueAsync() => Queue.DrainAsync(id => Dispatcher.SendAsync(id, default));

    public async Task<Incident> IncidentAsync(string id) => (await Incidents.GetAsync(id, default))!.Value;

    /// <summary>
    /// Stores <paramref name="id"/>'s record as a release before 12-05 stored it, without <see cref="Incident.DeclaredMergedIn"/>: a declared
    /// incident merged into it then did not make it a person's, and monitoring still resolves it.
    /// </summary>
    public async Task StoreAsMergedBeforeDeclaredMergedInAsync(string id)
    {
        var stored = (await Incidents.GetAsync(id, default))!;
        await Incidents.SaveAsync(Incident.Restore(stored.Value.ToSnapshot() with { DeclaredMergedIn = null }), stored.ETag, null, default);
    }

    public Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string id) => Incidents.GetTimelineAsync(id, default);

    public List<string> OutboxIds(string incidentId) =>
        [.. Outbox.All.Where(m => m.Id.StartsWith($"incident:{incidentId}:", StringComparison.Ordinal)).Select(m => m.Id)];
}
