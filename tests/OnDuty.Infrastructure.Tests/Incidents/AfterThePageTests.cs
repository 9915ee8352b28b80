using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>
/// What people hear after a page, as the app composes it on Azurite's tables: nobody is on duty, so the page goes to the leads at
/// once (a member by address, and an address no member has), and after SEV1's timeouts to the organisation's list. Who got which
/// mail is read from the outbox table and from what the mail sender was handed.
/// </summary>
public sealed class AfterThePageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero); // 00:00 in Tokyo: a page at night

    private readonly FakeTimeProvider _time = new(T0);
    private readonly RecordingEmailSender _email = new();
    private readonly SignalledIds _queue = new();

    /// <summary>
    /// M7: monitoring resolves a SEV1 nobody acknowledged a few minutes after the leads were paged and while the organisation's
    /// list's step was queued but not yet sent. The leads (the member in their language, the address in the team's) get
    /// 「【SEV1 復旧】… 監視で自動復旧しました。対応は不要です」 with the incident's page, once however often the resolve is
    /// delivered; the list, whose page is then dropped unsent, hears nothing.
    /// </summary>
    [Fact]
    public async Task MonitoringResolve_Unacknowledged_ThoseThePagesReachedAreToldOnce_TheQueuedPageIsDropped()
    {
        await using var services = await BuildAsync();
        var intake = services.GetRequiredService<AlertIntake>();
        var pager = services.GetRequiredService<Pager>();
        var outbox = services.GetRequiredService<IOutboxStore>();
        var id = (await intake.IntakeAsync(Notification(AlertStatus.Firing), default)).IncidentId!;
        await SendSignalledAsync(services); // the leads' page goes out
        _time.Advance(TimeSpan.FromMinutes(16)); // SEV1: 3 × 5 min, the organisation's list is due
        await pager.EscalateOpenIncidentsAsync(default);
        Assert.Equal(OutboxStatus.Pending, (await outbox.GetAsync($"incident:{id}:escalation:3:email:pm@onduty.example", default))!.Status);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertIntakeOutcome.Resolved, (await intake.IntakeAsync(Notification(AlertStatus.Resolved), default)).Outcome);
        await intake.IntakeAsync(Notification(AlertStatus.Resolved), default); // redelivered
        await pager.AnnounceRecoveryAsync(id, default); // and told again: same ids, nothing more
        await SendSignalledAsync(services);

        var page = await outbox.GetAsync($"incident:{id}:escalation:3:email:pm@onduty.example", default);
        Assert.Equal(OutboxStatus.Cancelled, page!.Status);
        var recovered = _email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:recovered:", StringComparison.Ordinal)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [$"incident:{id}:recovered:email:leads@onduty.example", $"incident:{id}:recovered:email:tanaka@onduty.example"],
            recovered.Select(s => s.Id));
        var japanese = recovered[0].Message;
        Assert.Equal($"【SEV1 復旧】{id} Checkout errors", japanese.Subject);
        Assert.Contains($"{id} は監視で自動復旧しました。対応は不要です（気になる点があれば障害の状況を確認してください）。", japanese.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/api/incidents/{id}/page", japanese.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/ack/", japanese.TextBody, StringComparison.Ordinal);
        var english = recovered[1].Message;
        Assert.Equal(("Tanaka@OnDuty.example", $"[SEV1 recovered] {id}: Checkout errors"), (english.To, english.Subject));
        Assert.DoesNotContain(_email.Sent, s => s.Message.To == "pm@onduty.example");
    }

    /// <summary>
    /// Storage refuses the "recovered" notice when monitoring resolves a SEV1 only the leads were paged about (the outbox write
    /// fails: a throttled or unreachable table). The resolve still answers, the incident on Azurite still owes the notice, and the
    /// next escalation run queues it under the same ids: each lead gets it once, however many runs follow.
    /// </summary>
    [Fact]
    public async Task MonitoringResolve_RecoveredNoticeFailsToQueue_TheNextEscalationRunSendsItOnce()
    {
        var failing = new FailingEnqueue();
        await using var services = await BuildAsync(failing);
        var intake = services.GetRequiredService<AlertIntake>();
        var pager = services.GetRequiredService<Pager>();
        var incidents = services.GetRequiredService<IncidentService>();
        var id = (await intake.IntakeAsync(Notification(AlertStatus.Firing), default)).IncidentId!;
        await SendSignalledAsync(services); // the leads' page goes out
        _time.Advance(TimeSpan.FromMinutes(2));

        failing.Topic = $"incident:{id}:recovered";
        Assert.Equal(AlertIntakeOutcome.Resolved, (await intake.IntakeAsync(Notification(AlertStatus.Resolved), default)).Outcome);
        await SendSignalledAsync(services);
        Assert.DoesNotContain(_email.Sent, s => s.Id.StartsWith($"incident:{id}:recovered:", StringComparison.Ordinal));
        Assert.True((await incidents.GetRecordAsync(id, default)).Value.OwesRecoveredNotice);

        failing.Topic = null; // storage is back
        _time.Advance(TimeSpan.FromMinutes(1));
        await pager.EscalateOpenIncidentsAsync(default);
        await pager.EscalateOpenIncidentsAsync(default);
        await SendSignalledAsync(services);
        _time.Advance(TimeSpan.FromMinutes(1));
        await pager.EscalateOpenIncidentsAsync(default);
        await SendSignalledAsync(services);

        Assert.Equal(
            [$"incident:{id}:recovered:email:leads@onduty.example", $"incident:{id}:recovered:email:tanaka@onduty.example"],
            _email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:recovered:", StringComparison.Ordinal)).Select(s => s.Id).Order(StringComparer.Ordinal));
        var stored = (await incidents.GetRecordAsync(id, default)).Value;
        Assert.True(stored.RecoveredTold);
        Assert.False(stored.OwesRecoveredNotice);
    }

    /// <summary>
    /// M5 and L4: after the list was paged, someone from it acknowledges from its link giving their name. The 対応開始 mail goes to
    /// every address paged so far — the leads and the list — so the list learns who took it. Then the update reminder goes to
    /// the person who acknowledged, at the address they did it from when it is theirs: from the list's link only the list's
    /// address is known, and the whole list is not reminded as if it were them. On a second incident the lead member
    /// acknowledges on the incident page typing their own name without the space: everyone paged is told, but not them.
    /// </summary>
    [Fact]
    public async Task Acknowledge_AfterTheListWasPaged_EveryAddressPagedIsTold_ButNeverTheOneWhoAcknowledged()
    {
        await using var services = await BuildAsync();
        var intake = services.GetRequiredService<AlertIntake>();
        var pager = services.GetRequiredService<Pager>();
        var incidents = services.GetRequiredService<IncidentService>();
        var outbox = services.GetRequiredService<IOutboxStore>();
        var first = (await intake.IntakeAsync(Notification(AlertStatus.Firing, "g1"), default)).IncidentId!;
        var second = (await intake.IntakeAsync(Notification(AlertStatus.Firing, "g2"), default)).IncidentId!;
        await SendSignalledAsync(services);
        _time.Advance(TimeSpan.FromMinutes(16));
        await pager.EscalateOpenIncidentsAsync(default);
        await SendSignalledAsync(services); // the list's page (both incidents, told together) goes out

        await incidents.AcknowledgeFromAsync(first, "Suzuki Hanako", "pm@onduty.example", null, default);
        await incidents.AcknowledgeFromAsync(second, "田中健", "tanaka@onduty.example", null, default);
        await incidents.AcknowledgeFromAsync(second, "田中健", "tanaka@onduty.example", null, default); // pressed twice
        await SendSignalledAsync(services);

        List<string> AckMails(string id) =>
            [.. _email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:ack:email:", StringComparison.Ordinal)).Select(s => s.Message.To.ToLowerInvariant()).Order(StringComparer.Ordinal)];
        Assert.Equal(["leads@onduty.example", "pm@onduty.example", "tanaka@onduty.example"], AckMails(first));
        Assert.Equal(["leads@onduty.example", "pm@onduty.example"], AckMails(second));
        var toList = _email.Sent.Single(s => s.Id == $"incident:{first}:ack:email:pm@onduty.example").Message;
        var stored = await incidents.GetRecordAsync(first, default);
        var takenAt = TimeZoneInfo.ConvertTime(stored.Value.AcknowledgedAt!.Value, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        Assert.Contains($"Suzuki Hanakoさんが {takenAt.ToString("yyyy年M月d日(ddd) HH:mm", System.Globalization.CultureInfo.GetCultureInfo("ja-JP"))}（JST）に対応を開始しました。", toList.TextBody, StringComparison.Ordinal);

        Assert.Equal(("Suzuki Hanako", "pm@onduty.example"), (stored.Value.AcknowledgedBy, stored.Value.AcknowledgedFrom));

        // 40 minutes without an update (SEV1's interval is 30): the reminder goes to whoever took it, when their address is theirs.
        _time.Advance(TimeSpan.FromMinutes(40));
        var nudger = services.GetRequiredService<UpdateNudger>();
        Assert.True(await nudger.NudgeAsync(first, default));
        Assert.True(await nudger.NudgeAsync(second, default));
        await SendSignalledAsync(services);
        List<string> Reminded(string id) =>
            [.. _email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:nudge:", StringComparison.Ordinal)).Select(s => s.Message.To.ToLowerInvariant())];
        Assert.Empty(Reminded(first)); // nobody on duty, and the list is not the person
        Assert.Equal(["tanaka@onduty.example"], Reminded(second));
    }

    private async Task SendSignalledAsync(IServiceProvider services)
    {
        var dispatcher = services.GetRequiredService<OutboxDispatcher>();
        while (_queue.Ids.TryDequeue(out var id))
        {
            await dispatcher.SendAsync(id, default);
        }
    }

    private static AlertNotification Notification(AlertStatus status, string group = "g1") => new()
    {
        Source = AlertSource.Alertmanager,
        GroupKey = group,
        Status = status,
        Title = "Checkout errors",
        Severity = AlertSeverity.Sev1,
        Alerts = [new AlertInstance { DedupKey = $"{group}-5xx", Status = status, Severity = AlertSeverity.Sev1, Summary = "Checkout 5xx above 5%" }],
    };

    private async Task<ServiceProvider> BuildAsync(FailingEnqueue? failing = null)
    {
        var app = new AzuriteApp(azurite, "after")
            .WithEscalation("pm@onduty.example", "Tanaka@OnDuty.example", "leads@onduty.example")
            .With("Team:PublicBaseUrl", "https://onduty.example")
            .WithTime(_time)
            .WithQueue(_queue)
            .WithEmail(_email);
        if (failing is not null)
        {
            // The table outbox, refusing the writes of one topic while the test says so.
            app.Replace(services => services
                .AddSingleton<TableOutboxStore>()
                .AddSingleton<IOutboxStore>(sp => failing.Wrap(sp.GetRequiredService<TableOutboxStore>())));
        }

        var provider = await app.BuildAsync();
        await provider.GetRequiredService<IRosterRepository>().SaveMemberAsync(new Member
        {
            TimeZone = TestZones.Tokyo,
            Id = "tanaka",
            DisplayName = "田中 健",
            Email = "tanaka@onduty.example",
            Language = Language.En,
            JoinedOn = new DateOnly(2020, 4, 1),
        }, null, default);
        return provider;
    }

    /// <summary>
    /// Fails every write to the outbox of messages of <see cref="Topic"/> as storage does when it is unreachable
    /// (<see cref="DependencyUnavailableException"/>); everything else goes to the table outbox on Azurite.
    /// </summary>
    private sealed class FailingEnqueue
    {
        public string? Topic { get; set; }

        public IOutboxStore Wrap(IOutboxStore inner)
        {
            var proxy = System.Reflection.DispatchProxy.Create<IOutboxStore, Proxy>();
            ((Proxy)(object)proxy).Set(inner, this);
            return proxy;
        }

        public class Proxy : System.Reflection.DispatchProxy
        {
            private IOutboxStore _inner = null!;
            private FailingEnqueue _owner = null!;

            public void Set(IOutboxStore inner, FailingEnqueue owner) => (_inner, _owner) = (inner, owner);

            protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
            {
                var refused = _owner.Topic is { } topic && args?.FirstOrDefault() switch
                {
                    OutboxMessage one => one.Topic == topic,
                    IEnumerable<OutboxMessage> many => many.Any(m => m.Topic == topic),
                    _ => false,
                };
                if (refused && targetMethod!.Name.StartsWith("TryEnqueue", StringComparison.Ordinal))
                {
                    throw new DependencyUnavailableException("Table Storage", new IOException("the outbox table is unreachable"));
                }

                try
                {
                    return targetMethod!.Invoke(_inner, args);
                }
                catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
                    throw;
                }
            }
        }
    }

    /// <summary>The send queue: what was signalled, for the test to send in its own time.</summary>
    private sealed class SignalledIds : IOutboxQueue
    {
        public ConcurrentQueue<string> Ids { get; } = new();

        public Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken)
        {
            foreach (var id in messageIds)
            {
                Ids.Enqueue(id);
            }

            return Task.CompletedTask;
        }
    }
}
