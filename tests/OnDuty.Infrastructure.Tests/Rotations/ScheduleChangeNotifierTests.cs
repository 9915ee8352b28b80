using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Tables;
using OnDuty.Messages;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Rotations;

/// <summary>
/// Who is mailed when a swap, a replacement or leave moves weeks not yet announced, as the app composes it on Azurite's tables:
/// the outbox rows recorded (recipients, ids, texts), once per change.
/// </summary>
public sealed class ScheduleChangeNotifierTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string RotationId = "incident-duty";

    // Thursday 2026-12-03 16:00 in Tokyo: 2026-W49 is on, nothing announced.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero));

    private static readonly Member[] Members =
    [
        Member("yamada", "山田 太郎", Language.Ja),
        Member("sato", "佐藤 花子", Language.Ja),
        Member("emma", "Emma Wilson", Language.En),
        Member("tanaka", "田中 健", Language.Ja),
        Member("liam", "Liam Smith", Language.En),
    ];

    /// <summary>
    /// 山田 trades a week with Emma weeks ahead: both are mailed (the other party always), in their language, with the week they
    /// now have, who entered it and why — and nobody else, since a swap does not move the queue.
    /// </summary>
    [Fact]
    public async Task AddSwapAsync_UnannouncedWeeks_BothPartiesMailedInTheirLanguage_NobodyElse()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var shifts = (await rotations.GetScheduleAsync(RotationId, null, 8, default)).Shifts;
        var (a, weekA, b, weekB) = SwapPair(shifts);

        var result = await rotations.AddSwapAsync(RotationId, a, weekA.Week, b, weekB.Week, "家族の用事", "山田 太郎", default);

        var mails = await ScheduleMailsAsync(services);
        Assert.Equal(new[] { $"{a}@example.com", $"{b}@example.com" }.Order(StringComparer.Ordinal), mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        var swapId = result.Items[0].SwapId;
        Assert.All(mails, m => Assert.StartsWith($"schedule:{RotationId}:change:{swapId}:email:", m.Id, StringComparison.Ordinal));
        foreach (var (reader, gained, lost) in new[] { (a, weekB, weekA), (b, weekA, weekB) })
        {
            var mail = mails.Single(m => m.Recipient == $"{reader}@example.com");
            Assert.Contains(GainedLine(reader, gained), mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(LostLine(reader, lost), mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("家族の用事", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("山田 太郎", mail.TextBody, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Leave in a week not yet announced moves turns (the member skipped, someone else earlier): every member whose coming weeks
    /// differ is mailed once, with the leave and who entered it, and nobody whose weeks stayed.
    /// </summary>
    [Fact]
    public async Task AddLeaveAsync_MovesTurns_EveryMemberMovedIsMailed_AndOnlyThey()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var before = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var week = before[2];
        var away = week.MemberIds[0];

        await services.GetRequiredService<RosterService>().AddLeaveAsync(away, week.StartDate, week.EndDate, "夏季休暇", "高橋 一郎", default);

        var after = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var moved = Members.Select(m => m.Id).Where(id => !WeeksOf(before, id).SequenceEqual(WeeksOf(after, id))).ToList();
        Assert.Contains(away, moved);
        Assert.True(moved.Count >= 2, "leave should move someone into the member's place");
        var mails = await ScheduleMailsAsync(services);
        Assert.Equal(moved.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.StartsWith($"schedule:{RotationId}:change:leave-{away}-", m.Id, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Contains("高橋 一郎", m.TextBody, StringComparison.Ordinal));
        var awayMail = mails.Single(m => m.Recipient == $"{away}@example.com");
        Assert.DoesNotContain(Label(away, week.Week), awayMail.TextBody.Split('\n').Single(l => l.StartsWith(AfterLabel(away), StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    /// <summary>A member made inactive drops out of their coming weeks: whoever that moves is mailed, and the mail says why.</summary>
    [Fact]
    public async Task SaveMemberAsync_MemberMadeInactive_EveryMemberMovedIsMailed()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var before = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var gone = before[2].MemberIds[0];
        var team = services.GetRequiredService<RosterService>();
        var stored = await team.GetMemberAsync(gone, default);

        await team.SaveMemberAsync(stored.Value with { Active = false }, stored.ETag, default);

        var after = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var moved = Members.Select(m => m.Id).Where(id => !WeeksOf(before, id).SequenceEqual(WeeksOf(after, id))).ToList();
        Assert.Contains(gone, moved);
        var mails = await ScheduleMailsAsync(services);
        Assert.Equal(moved.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.StartsWith($"schedule:{RotationId}:change:member-{gone}-", m.Id, StringComparison.Ordinal));
        Assert.All(mails.Where(m => IsJa(m.Recipient.Split('@')[0])), m => Assert.Contains("のメンバー登録（休止・経験など）が変更されたため", m.TextBody, StringComparison.Ordinal));
    }

    /// <summary>The same change told twice (a retry) queues nothing new: one mail per member.</summary>
    [Fact]
    public async Task TellAsync_SameChangeTwice_OneMailPerMember()
    {
        await using var services = await BuildAsync();
        var notifier = services.GetRequiredService<ScheduleChangeNotifier>();
        var before = await notifier.TakeAsync(default);
        var shifts = (await services.GetRequiredService<RotationService>().GetScheduleAsync(RotationId, null, 8, default)).Shifts;
        var (a, weekA, b, weekB) = SwapPair(shifts);
        await services.GetRequiredService<IRotationRepository>().AddOverridesAsync(RotationId,
        [
            new RotationOverride { Id = "s1-a", Kind = OverrideKind.Swap, SwapId = "s1", ShiftStart = weekA.StartDate, MemberId = a, ReplacementId = b, CreatedAt = _time.GetUtcNow() },
            new RotationOverride { Id = "s1-b", Kind = OverrideKind.Swap, SwapId = "s1", ShiftStart = weekB.StartDate, MemberId = b, ReplacementId = a, CreatedAt = _time.GetUtcNow() },
        ], default);
        var cause = new ScheduleChangeCause { Id = "s1", Kind = ScheduleChangeKind.Swap, MemberId = a, OtherMemberId = b, Week = weekA.Week, OtherWeek = weekB.Week };

        Assert.Equal(2, await notifier.TellAsync(before, cause, default));
        Assert.Equal(0, await notifier.TellAsync(before, cause, default));

        Assert.Equal(2, (await ScheduleMailsAsync(services)).Count);
    }

    /// <summary>A replacement in the announced week has its own change notices: no schedule-change mail on top.</summary>
    [Fact]
    public async Task AddOverrideAsync_AnnouncedWeek_NoScheduleChangeMail()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var current = (await rotations.GetScheduleAsync(RotationId, null, 1, default)).Shifts[0];
        await services.GetRequiredService<IRotationRepository>().TryFreezeShiftAsync(RotationId, new FrozenShift
        {
            ShiftStart = current.StartDate,
            Week = current.Week,
            Members = current.MemberIds,
            Status = FrozenShiftStatus.Announced,
            FrozenAt = _time.GetUtcNow(),
        }, default);
        var replacement = Members.Select(m => m.Id).First(id => !current.MemberIds.Contains(id));

        await rotations.AddOverrideAsync(RotationId, current.Week, current.MemberIds[0], replacement, "体調不良", "佐藤 花子", default);

        Assert.Empty(await ScheduleMailsAsync(services));
        Assert.Contains(await services.GetRequiredService<IOutboxStore>().ListAsync(OutboxStatus.Pending, 100, default), m => m.Id.StartsWith($"duty:{RotationId}:{current.Week}:change:", StringComparison.Ordinal));
    }

    /// <summary>Two members each on one later week and not on the other's: who trades.</summary>
    private static (string A, ScheduledShift WeekA, string B, ScheduledShift WeekB) SwapPair(IReadOnlyList<ScheduledShift> shifts)
    {
        var weekA = shifts[1];
        foreach (var weekB in shifts.Skip(3))
        {
            var a = weekA.MemberIds.FirstOrDefault(id => !weekB.MemberIds.Contains(id));
            var b = weekB.MemberIds.FirstOrDefault(id => !weekA.MemberIds.Contains(id));
            if (a is not null && b is not null)
            {
                return (a, weekA, b, weekB);
            }
        }

        throw new InvalidOperationException("no pair to swap");
    }

    private static List<string> WeeksOf(IReadOnlyList<ScheduledShift> shifts, string id) => [.. shifts.Where(s => s.MemberIds.Contains(id)).Select(s => s.Week)];

    private static bool IsJa(string id) => Members.Single(m => m.Id == id).Language == Language.Ja;

    /// <summary>A week as the reader's mail names it: 「12月14日(月)からの週」 in Japanese, the ISO week in English.</summary>
    private static string Label(string reader, string week) =>
        IsJa(reader) ? $"{System.Globalization.ISOWeek.ToDateTime(int.Parse(week[..4]), int.Parse(week[6..]), DayOfWeek.Monday):M月d日}" : week;

    private static string GainedLine(string reader, ScheduledShift week) =>
        IsJa(reader) ? $"{Label(reader, week.Week)}(月)からの週があなたの当番になりました。" : $"You are now on duty in {week.Week}.";

    private static string LostLine(string reader, ScheduledShift week) =>
        IsJa(reader) ? $"{Label(reader, week.Week)}(月)からの週はあなたの当番ではなくなりました。" : $"You are no longer on duty in {week.Week}.";

    private static string AfterLabel(string reader) => IsJa(reader) ? "変更後：" : "Now:";

    private static async Task<List<OutboxMessage>> ScheduleMailsAsync(IServiceProvider services) =>
        [.. (await services.GetRequiredService<IOutboxStore>().ListAsync(OutboxStatus.Pending, 100, default)).Where(m => m.Id.StartsWith("schedule:", StringComparison.Ordinal))];

    private static Member Member(string id, string name, Language language) => new()
    {
        Id = id,
        DisplayName = name,
        Email = $"{id}@example.com",
        Language = language,
        JoinedOn = new DateOnly(2020, 4, 1),
    };

    private async Task<ServiceProvider> BuildAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Provider"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:From"] = "onduty@onduty.example",
            ["Incidents:AckTokenSecret"] = Convert.ToBase64String(new byte[32]),
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = AzuriteFixture.UniquePrefix("schedchg"),
            ["Storage:MaxRetries"] = "0",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging();
        services.AddOnDutyCore();
        services.AddOnDutyInfrastructure();
        services.AddOnDutyMessages();
        // The send queue is not this test's subject: what was recorded in the outbox table is.
        services.AddSingleton<IOutboxQueue, NoSignals>();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<StorageInitializer>().EnsureTablesAsync(default);
        var roster = provider.GetRequiredService<IRosterRepository>();
        foreach (var member in Members)
        {
            await roster.SaveMemberAsync(member, null, default);
        }

        await provider.GetRequiredService<IRotationRepository>().SaveAsync(new Rotation
        {
            Id = RotationId,
            Name = "Incident duty",
            NameJa = "障害当番",
            Strategy = RotationStrategy.Staggered,
            PeoplePerShift = 2,
            HandoffDay = DayOfWeek.Monday,
            HandoffTime = new TimeOnly(10, 0),
            TimeZone = "Asia/Tokyo",
            StartDate = new DateOnly(2026, 11, 2),
            Members = [.. Members.Select(m => m.Id)],
        }, null, default);
        return provider;
    }

    private sealed class NoSignals : IOutboxQueue
    {
        public Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
