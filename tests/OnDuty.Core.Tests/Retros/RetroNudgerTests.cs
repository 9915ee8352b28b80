using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;
using Opts = Microsoft.Extensions.Options.Options;

namespace OnDuty.Core.Tests.Retros;

/// <summary>
/// Retro reminders under a fake clock, from the harness's Tue 2026-12-01 10:00 Tokyo: an overdue retro reminds the duty pair
/// on its due working day, an overdue action item its owner — each once, however often the timer runs.
/// </summary>
public sealed class RetroNudgerTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    [Fact]
    public async Task Nudge_Sev2WithoutRetro_DutyPairRemindedOnceOnTheThirdWorkingDay()
    {
        var (h, retros, nudger) = await CreateAsync();
        var id = await ResolvedAsync(h, AlertSeverity.Sev2);
        var quiet = await ResolvedAsync(h, AlertSeverity.Sev3);
        var written = await ResolvedAsync(h, AlertSeverity.Sev1);
        await retros.PutAsync(await h.IncidentAsync(written), new RetroContent { Summary = "done" }, h.Time.GetUtcNow());
        var duty = (await h.IncidentAsync(id)).Assignees.Select(a => a.Email).Order(StringComparer.Ordinal).ToList();

        // Resolved Tue 1 Dec: working days Wed 2, Thu 3, Fri 4 → due Fri 4, from 10:00.
        h.MoveTo(new DateTimeOffset(2026, 12, 3, 18, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 9, 59, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.Equal(duty.Count, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 7, 10, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));

        Assert.Equal([.. duty.Select(e => $"retro:{id}:due:email:{e}")], RetroIds(h));
        Assert.DoesNotContain(RetroIds(h), i => i.Contains(quiet, StringComparison.Ordinal) || i.Contains(written, StringComparison.Ordinal));
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.First(s => s.Id.StartsWith($"retro:{id}:due:", StringComparison.Ordinal));
        Assert.StartsWith($"【振り返りのお願い】{id}", sent.Message.Subject, StringComparison.Ordinal);
        Assert.Contains($"https://onduty.example/api/incidents/{id}/retro/page", sent.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("（JST）に復旧した障害の振り返りが", sent.Message.TextBody, StringComparison.Ordinal); // trial 37 L7: the time with its zone
    }

    /// <summary>
    /// A SEV1 lowered to SEV3 before it resolved owes a retro as the SEV1 it was (the monthly report counts it a SEV1): the duty
    /// pair is reminded, and the mail says why — 最大重大度 SEV1. The record keeps the highest severity it held.
    /// </summary>
    [Fact]
    public async Task Nudge_Sev1LoweredToSev3_OwesARetroAndTheMailSaysItsHighestSeverity()
    {
        var (h, _, nudger) = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev1 }, "sato", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "影響は一部", new IncidentEdit { Severity = AlertSeverity.Sev3 }, "sato", null, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        var stored = await h.IncidentAsync(id);
        Assert.Equal((AlertSeverity.Sev3, AlertSeverity.Sev1), (stored.Severity, stored.MaxSeverity));
        var duty = stored.Assignees.Select(a => a.Email).Order(StringComparer.Ordinal).ToList();

        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.Equal(duty.Count, await nudger.NudgeAsync(default));

        Assert.Equal([.. duty.Select(e => $"retro:{id}:due:email:{e}")], RetroIds(h));
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.First(s => s.Id.StartsWith($"retro:{id}:due:", StringComparison.Ordinal));
        Assert.Contains("最大重大度 SEV1 の障害のため、振り返りが必要です（現在の重大度は SEV3）。", sent.Message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// A record stored before the highest severity was kept (no <c>maxSeverity</c>), lowered from SEV1 to SEV3: its timeline says
    /// it was a SEV1, so it is still reminded. A SEV3 never changed owes none, as before.
    /// </summary>
    [Fact]
    public async Task Nudge_RecordStoredBeforeMaxSeverityWasKept_TimelineSaysItWasSev1()
    {
        var (h, _, nudger) = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev1 }, "sato", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "影響は一部", new IncidentEdit { Severity = AlertSeverity.Sev3 }, "sato", null, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        var quiet = await ResolvedAsync(h, AlertSeverity.Sev3);
        var record = (await h.Incidents.GetAsync(id, default))!;
        // Neither kept nor told: the 第1報 that told SEV1 is forgotten too, so only the timeline knows.
        var snapshot = record.Value.ToSnapshot();
        await h.Incidents.SaveAsync(Incident.Restore(snapshot with { MaxSeverity = null, Comms = snapshot.Comms! with { HighestToldSeverity = null } }), record.ETag, null, default);
        var old = await h.IncidentAsync(id);
        Assert.Equal((null, true, AlertSeverity.Sev3), (old.MaxSeverity, old.MaxSeverityUnknown, old.HighestSeverity));

        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.True(await nudger.NudgeAsync(default) > 0);

        Assert.Contains(RetroIds(h), i => i.StartsWith($"retro:{id}:due:", StringComparison.Ordinal));
        Assert.DoesNotContain(RetroIds(h), i => i.Contains(quiet, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nudge_ADuplicateMergedIntoAnother_OwesNoRetroOfItsOwn()
    {
        var (h, _, nudger) = await CreateAsync();
        var (duplicate, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout fails", Severity = AlertSeverity.Sev1 }, "ito", null, default);
        var kept = await ResolvedAsync(h, AlertSeverity.Sev2);
        await h.Service.PostUpdateAsync(kept, IncidentStatus.Investigating, "not fixed after all", null, "sato", null, null, default);
        await h.Merger.MergeAsync(duplicate.Value.Id, kept, "sato", default);
        await h.Service.PostUpdateAsync(kept, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);

        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.True(await nudger.NudgeAsync(default) > 0);

        Assert.Contains(RetroIds(h), i => i.StartsWith($"retro:{kept}:due:", StringComparison.Ordinal));
        Assert.DoesNotContain(RetroIds(h), i => i.Contains(duplicate.Value.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nudge_ClosureInTheWay_DueDayShiftsToTheNextWorkingDay()
    {
        var closure = new ClosureOptions { From = new DateOnly(2026, 12, 3), To = new DateOnly(2026, 12, 3), Name = "創立記念日", NameEn = "Founding day" };
        var (h, _, nudger) = await CreateAsync(closure);
        await ResolvedAsync(h, AlertSeverity.Sev1);

        // Wed 2, (Thu 3 closed), Fri 4, (weekend), Mon 7 → due Mon 7.
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 10, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 5, 12, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 7, 10, 0, 0, Jst));
        Assert.NotEqual(0, await nudger.NudgeAsync(default));
    }

    [Fact]
    public void Day_PublicHoliday_NotCounted()
    {
        var calendar = new WorkingCalendar("JP", []);

        // Resolved Fri 2026-11-20; Mon 23 is 勤労感謝の日: Tue 24, Wed 25, Thu 26.
        Assert.Equal(new DateOnly(2026, 11, 26), RetroDue.Day(new DateOnly(2026, 11, 20), 3, calendar));
        Assert.Equal(new DateOnly(2026, 11, 25), RetroDue.Day(new DateOnly(2026, 11, 20), 3, new WorkingCalendar("none", [])));
    }

    [Fact]
    public async Task Nudge_ActionItemPastDue_OwnerRemindedOnceAndAgainOnlyForANewDueDate()
    {
        var (h, retros, nudger) = await CreateAsync();
        var id = await ResolvedAsync(h, AlertSeverity.Sev3);
        var incident = await h.IncidentAsync(id);
        var late = new ActionItem { Title = "タイムアウト値を見直す", Owner = "sato", Due = new DateOnly(2026, 12, 2) };
        await retros.PutAsync(incident, new RetroContent
        {
            Summary = "s",
            ActionItems =
            [
                late,
                new ActionItem { Title = "done already", Owner = "emma", Due = new DateOnly(2026, 12, 2), Status = ActionItemStatus.Done },
                new ActionItem { Title = "later", Owner = "tanaka", Due = new DateOnly(2026, 12, 10) },
                new ActionItem { Title = "no date", Owner = "yamada" },
            ],
        }, h.Time.GetUtcNow());

        h.MoveTo(new DateTimeOffset(2026, 12, 2, 18, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 3, 10, 0, 0, Jst));
        Assert.Equal(1, await nudger.NudgeAsync(default));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        Assert.Equal([$"{OnDuty.Core.Notifications.OutboxIds.ActionItemDueTopic(id, late)}:email:sato@example.com"], RetroIds(h));

        // Postponed to Fri 4: a new due date is a new reminder once it has passed too.
        await retros.PutAsync(incident, new RetroContent { Summary = "s", ActionItems = [late with { Due = new DateOnly(2026, 12, 4) }] }, h.Time.GetUtcNow());
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 11, 0, 0, Jst));
        Assert.Equal(0, await nudger.NudgeAsync(default));
        h.MoveTo(new DateTimeOffset(2026, 12, 7, 10, 0, 0, Jst));
        Assert.Equal(1, await nudger.NudgeAsync(default));
        Assert.Equal(2, RetroIds(h).Count);

        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Where(s => s.Id.StartsWith($"retro:{id}:action:", StringComparison.Ordinal)).ToList();
        Assert.All(sent, s => Assert.Equal("【期限切れ】タイムアウト値を見直す", s.Message.Subject));
    }

    private static List<string> RetroIds(IncidentHarness h) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith("retro:", StringComparison.Ordinal)).Select(m => m.Id).Order(StringComparer.Ordinal)];

    private static async Task<string> ResolvedAsync(IncidentHarness h, AlertSeverity severity)
    {
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = $"{severity} down", Severity = severity }, "sato", null, default);
        await h.Service.PostUpdateAsync(created.Value.Id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        return created.Value.Id;
    }


    private static async Task<(IncidentHarness, InMemoryRetroRepository, RetroNudger)> CreateAsync(params ClosureOptions[] closures)
    {
        var h = await IncidentHarness.CreateAsync();
        var retros = new InMemoryRetroRepository();
        var options = Opts.Create(new RetroOptions());
        var incidentOptions = Opts.Create(h.Options);
        var backlog = new RetroBacklog(h.Incidents, retros, options, incidentOptions, Opts.Create(new ReportOptions()));
        var nudger = new RetroNudger(
            backlog, h.Roster, new WorkingCalendar("JP", closures), TestRenderer.Instance, h.Dispatcher, h.Time, options, incidentOptions,
            Opts.Create(new TeamOptions { Language = "ja", PublicBaseUrl = "https://onduty.example" }), NullLogger<RetroNudger>.Instance);
        return (h, retros, nudger);
    }
}
