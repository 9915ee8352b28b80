using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>A person replacing a member of the current, already-announced week: applied at once and announced once.</summary>
public sealed class DutyChangeTests
{
    // Monday 2026-11-30 10:05 in Tokyo: 2026-W49 (shift 4) has just been handed off.
    private static readonly DateTimeOffset AfterHandoff = new(2026, 11, 30, 1, 5, 0, TimeSpan.Zero);
    private static readonly DateOnly W49 = new(2026, 11, 30);

    private readonly FakeTimeProvider _time = new(AfterHandoff);
    private readonly InMemoryOutbox _outbox = new();
    private readonly RecordingEmailSender _email = new();
    private readonly RecordingTeamsChannel _teams = new();

    private sealed record Sut(RotationService Service, DutyWeekAnnouncer Announcer, InMemoryRotations Rotations, IReadOnlyList<string> Announced, string Replacement);

    private async Task<Sut> CreateAnnouncedAsync(IEnumerable<Member>? members = null)
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation(), members);
        var queue = new InMemoryOutboxQueue(_time);
        var dispatcher = new OutboxDispatcher(_outbox, queue, [], _email, _teams, _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        queue.Consumer = id => dispatcher.SendAsync(id, default);
        var announcer = new DutyWeekAnnouncer(rotations, roster, dispatcher, _teams, new AnnouncementComposer(TestRenderer.Instance), _time, Options.Create(new TeamOptions { Language = "ja" }), NullLogger<DutyWeekAnnouncer>.Instance);
        var service = new RotationService(rotations, roster, _time, announcer: announcer);
        await announcer.AnnounceDueAsync(default);
        var announced = (await rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Members;
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !announced.Contains(id));
        _email.Sent.Clear();
        _teams.Cards.Clear();
        return new Sut(service, announcer, rotations, announced, replacement);
    }

    [Fact]
    public async Task AddOverrideAsync_CurrentAnnouncedWeek_AppliesAtOnceAndOnCallAnswersTheNewPair()
    {
        var sut = await CreateAnnouncedAsync();
        var sick = sut.Announced[0];
        var nextBefore = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(7), 2, default)).Shifts.Select(s => s.MemberIds).ToList();

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sick, sut.Replacement, "sick", default);

        Assert.Equal(["2026-W49"], result.ChangedNow);
        var onCall = await sut.Service.GetOnCallAsync("incident-duty", default);
        Assert.Equal(sut.Announced.Select(m => m == sick ? sut.Replacement : m), onCall.Current!.MemberIds);
        Assert.True(onCall.Current.Frozen);
        Assert.Equal("sick", onCall.Current.Members.Single(m => m.MemberId == sut.Replacement).Reason.Parts.Select(p => p.Note).Single(n => n is not null));
        // The replacement serves this week only: the following weeks are as before.
        Assert.Equal(nextBefore, (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(7), 2, default)).Shifts.Select(s => s.MemberIds));
    }

    [Fact]
    public async Task AddOverrideAsync_CurrentAnnouncedWeek_ReplacementReplacedAndChannelToldOnceEachWithTheWeek()
    {
        var sut = await CreateAnnouncedAsync();
        var sick = sut.Announced[0];

        await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sick, sut.Replacement, "sick", default);
        await sut.Announcer.AnnounceDueAsync(default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        Assert.Equal(new[] { $"{sick}@example.com", $"{sut.Replacement}@example.com" }.Order(StringComparer.Ordinal), _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.All(_email.Sent, s => Assert.Contains("2026-W49", s.Message.Subject));
        Assert.All(_email.Sent, s => Assert.Contains("sick", s.Message.TextBody));
        var card = Assert.Single(_teams.Cards);
        Assert.Contains("2026-W49", card);
        Assert.All(_outbox.All.Where(m => m.Topic.Contains(":change:", StringComparison.Ordinal)), m => Assert.StartsWith("duty:incident-duty:2026-W49:change:", m.Id, StringComparison.Ordinal));
        Assert.True((await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Changes.Single().Announced);
    }

    [Fact]
    public async Task AnnounceDueAsync_ChangeStoredButNotAnnounced_TheNextRunAnnouncesItOnce()
    {
        var sut = await CreateAnnouncedAsync();
        var frozen = (await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!;
        var change = new DutyChange { Id = "c1", MemberId = sut.Announced[0], ReplacementId = sut.Replacement, Reason = "sick", At = _time.GetUtcNow() };
        await sut.Rotations.UpdateFrozenShiftAsync("incident-duty", frozen.Value.With(change), frozen.ETag, default); // a crash before announcing

        await sut.Announcer.AnnounceDueAsync(default);
        await sut.Announcer.AnnounceDueAsync(default);

        Assert.Equal(2, _email.Sent.Count);
        Assert.Single(_teams.Cards);
    }

    [Fact]
    public async Task AddOverrideAsync_AnnouncedWeekWithoutReason_NamesReasonAndChangesNothing()
    {
        var sut = await CreateAnnouncedAsync();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, " ", default));

        Assert.Contains("reason", ex.Errors.Keys);
        Assert.Equal(sut.Announced, (await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Members);
        Assert.DoesNotContain(_outbox.All, m => m.Topic.Contains(":change:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddOverrideAsync_AnnouncedWeekThatIsOver_IsRefused()
    {
        var sut = await CreateAnnouncedAsync();
        _time.Advance(TimeSpan.FromDays(8));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default));

        Assert.Contains("is over", ex.Errors["week"][0]);
    }

    [Fact]
    public async Task AddOverrideAsync_LeavesNoExperiencedMember_DoneAnywayAndTheAnswerSaysSo()
    {
        var members = TeamData.Members().Select(m => m with { Level = ExperienceLevel.Junior }).ToList();
        var sut = await CreateAnnouncedAsync(members);

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default);

        Assert.Contains(result.Warnings, w => w.Contains("no experienced member", StringComparison.Ordinal));
        Assert.Contains(sut.Replacement, (await sut.Service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    [Fact]
    public async Task AddSwapAsync_CurrentWeekWithALaterWeek_CurrentHalfNowLaterHalfAsAnOverride()
    {
        var sut = await CreateAnnouncedAsync();
        var later = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(14), 1, default)).Shifts[0];
        var a = sut.Announced.First(id => !later.MemberIds.Contains(id));
        var b = later.MemberIds.First(id => !sut.Announced.Contains(id));

        var result = await sut.Service.AddSwapAsync("incident-duty", a, "2026-W49", b, later.Week, "family matter", default);

        Assert.Equal(["2026-W49"], result.ChangedNow);
        Assert.Contains(b, (await sut.Service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
        Assert.Contains(a, (await sut.Service.GetScheduleAsync("incident-duty", later.StartDate, 1, default)).Shifts[0].MemberIds);
        Assert.Single((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);
        await Assert.ThrowsAsync<ValidationException>(() => sut.Service.DeleteOverrideAsync("incident-duty", result.Items[1].Id, default));
    }
}
