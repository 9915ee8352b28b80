using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 32b M2: a part-timer on duty (works Monday to Wednesday) is not paged on a weekday they do not work: the page for the
/// pair goes to the partner who works that day, and the timeline says so; when nobody on duty works that day, both are paged.
/// </summary>
public sealed class PartTimePagingTests
{
    // Thursday 2026-12-03 10:00 in Tokyo: the same shift as T0 (Tuesday), a day a Monday-to-Wednesday part-timer does not work.
    private static readonly DateTimeOffset Thursday = T0.AddDays(2);

    /// <summary>The pair on duty at T0, the given members of it working Monday to Wednesday only.</summary>
    private static async Task<(IncidentHarness H, string PartTimer, string Partner)> PairWithPartTimersAsync(bool both = false, OnDuty.Core.Calendar.IWorkingCalendar? working = null, string? zone = null)
    {
        var h = await CreateAsync(working: working);
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        var pair = shift.MemberIds.ToList();
        // Announced: the pair is final (else the queue would not pair two part-timers who leave Thursday and Friday uncovered).
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = shift.StartDate, Week = shift.Week, Members = shift.MemberIds, Status = FrozenShiftStatus.Announced }, default);
        foreach (var id in both ? pair : [pair[0]])
        {
            var stored = (await h.Roster.GetMemberAsync(id, default))!;
            await h.Roster.SaveMemberAsync(stored.Value with { WorkingDays = ["mon", "tue", "wed"], TimeZone = zone ?? stored.Value.TimeZone }, stored.ETag, default);
        }

        return (h, pair[0], pair[1]);
    }

    private static List<string> SentTo(IncidentHarness h, string id, string notice) =>
        [.. h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:{notice}:email:", StringComparison.Ordinal)).Select(s => s.Message.To).Order(StringComparer.Ordinal)];

    private static async Task<string> NameAsync(IncidentHarness h, string id) => (await h.Roster.GetMemberAsync(id, default))!.Value.DisplayName;

    [Fact]
    public async Task OnADayThePartTimerDoesNotWork_ThePageGoesToThePartner_AndTheTimelineSaysWhy()
    {
        var (h, partTimer, partner) = await PairWithPartTimersAsync();
        h.Time.SetUtcNow(Thursday);

        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        await h.DrainQueueAsync();

        var id = created.Value.Id;
        Assert.Equal([$"{partner}@example.com"], SentTo(h, id, "page"));
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.DutyChanged && e.Message == $"{partTimer} not working today: paged {partner}");
        Assert.Null(row.Step); // it settles no page: the page's own deliveries do
        var names = new Dictionary<string, string> { [partTimer] = await NameAsync(h, partTimer), [partner] = await NameAsync(h, partner) };
        var ja = TimelineText.For(row.Kind, row.Message, Language.Ja, id => names.GetValueOrDefault(id));
        Assert.Matches("^.+さんは本日勤務日ではないため、.+さんに連絡しました$", ja);
        Assert.StartsWith(names[partTimer].Split(' ')[0] + "さんは本日勤務日ではないため、", ja, StringComparison.Ordinal);
        Assert.Matches("^.+ does not work today, so .+ was paged$", TimelineText.For(row.Kind, row.Message, Language.En, id => names.GetValueOrDefault(id)));

        // Escalation 1 would only page the partner again, the one person working today: it is passed over, and the leads hear
        // at once (trial 34 H3: a step must reach someone new), the timeline saying why.
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));
        await h.DrainQueueAsync();
        Assert.Empty(SentTo(h, id, "escalation:1"));
        Assert.Equal(["lead@example.com"], SentTo(h, id, "escalation:2"));
        var skipped = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.StepSkipped);
        Assert.Equal($"step 1 reaches nobody new: {partner}@example.com paged already", skipped.Message);
    }

    /// <summary>
    /// Trial 34 H4: a public holiday or closure on one of the team's weekdays is nobody's working day — as on weekends, everyone
    /// on duty is paged, the part-timer too, and nobody is named as not working today.
    /// </summary>
    [Fact]
    public async Task OnAClosureDayThePartTimerWouldNotWork_BothArePaged_AsOnWeekends()
    {
        var closure = new OnDuty.Core.Calendar.WorkingCalendar("none", [new OnDuty.Core.Calendar.ClosureOptions { From = new DateOnly(2026, 12, 3), To = new DateOnly(2026, 12, 3), Name = "臨時休業", NameEn = "Closure" }]);
        var (h, partTimer, partner) = await PairWithPartTimersAsync(working: closure);
        h.Time.SetUtcNow(Thursday);

        var onCall = await h.Rotations.GetOnCallAsync("incident-duty", default);
        Assert.Equal([partTimer, partner], onCall.Members.Select(m => m.Id));
        Assert.Empty(onCall.NotWorkingToday);

        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        await h.DrainQueueAsync();
        Assert.Equal(new[] { $"{partTimer}@example.com", $"{partner}@example.com" }.Order(StringComparer.Ordinal), SentTo(h, created.Value.Id, "page"));
        Assert.DoesNotContain(await h.TimelineAsync(created.Value.Id), e => e.Message?.Contains("working today", StringComparison.Ordinal) == true);

        // The next day (Friday, an ordinary working day) she is off again.
        h.Time.SetUtcNow(Thursday.AddDays(1));
        Assert.Equal([partTimer], (await h.Rotations.GetOnCallAsync("incident-duty", default)).NotWorkingToday.Select(m => m.Id));
    }

    /// <summary>
    /// Trial 59: a Monday-to-Wednesday part-timer in San Francisco on the Tokyo roster works on HER days. Thursday 10:00 JST is her
    /// Wednesday 17:00: she works and is paged (before: judged on Tokyo's Thursday, off); Friday 10:00 JST is her Thursday: off.
    /// </summary>
    [Fact]
    public async Task APartTimerAbroad_IsJudgedOnHerOwnDate()
    {
        var (h, partTimer, partner) = await PairWithPartTimersAsync(zone: "America/Los_Angeles");
        h.Time.SetUtcNow(Thursday);

        var onCall = await h.Rotations.GetOnCallAsync("incident-duty", default);
        Assert.Empty(onCall.NotWorkingToday);
        Assert.Equal(new[] { partTimer, partner }.Order(StringComparer.Ordinal), onCall.Members.Select(m => m.Id).Order(StringComparer.Ordinal));

        h.Time.SetUtcNow(Thursday.AddDays(1));
        Assert.Equal([partTimer], (await h.Rotations.GetOnCallAsync("incident-duty", default)).NotWorkingToday.Select(m => m.Id));
    }

    [Fact]
    public async Task OnADayThePartTimerWorks_BothArePaged_AndNothingIsSaid()
    {
        var (h, partTimer, partner) = await PairWithPartTimersAsync();

        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        await h.DrainQueueAsync();

        Assert.Equal(new[] { $"{partTimer}@example.com", $"{partner}@example.com" }.Order(StringComparer.Ordinal), SentTo(h, created.Value.Id, "page"));
        Assert.DoesNotContain(await h.TimelineAsync(created.Value.Id), e => e.Message?.Contains("working today", StringComparison.Ordinal) == true);
    }

    /// <summary>Pages must reach a person: when neither of the pair works that day, both are paged, and the timeline says so.</summary>
    [Fact]
    public async Task OnADayNobodyOnDutyWorks_BothArePaged_AndTheTimelineSaysSo()
    {
        var (h, first, second) = await PairWithPartTimersAsync(both: true);
        h.Time.SetUtcNow(Thursday);

        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        await h.DrainQueueAsync();

        Assert.Equal(new[] { $"{first}@example.com", $"{second}@example.com" }.Order(StringComparer.Ordinal), SentTo(h, created.Value.Id, "page"));
        var row = Assert.Single(await h.TimelineAsync(created.Value.Id), e => e.Kind == TimelineKind.DutyChanged && e.Message == $"nobody on duty works today ({first}, {second}): paged them all");
        var ja = TimelineText.For(row.Kind, row.Message, Language.Ja, id => id == first ? "山田 太郎" : id == second ? "佐藤 花子" : null);
        Assert.Equal("当番の山田さん・佐藤さんはいずれも本日勤務日ではありませんが、連絡が届くよう全員に連絡しました", ja);
    }

    /// <summary>The on-call answer the pages use changes with the day, also when it is cached for the same shift.</summary>
    [Fact]
    public async Task OnCall_LeavesThePartTimerOutOnlyOnTheirDaysOff()
    {
        var (h, partTimer, partner) = await PairWithPartTimersAsync();

        var tuesday = await h.Rotations.GetOnCallAsync("incident-duty", default);
        h.Time.SetUtcNow(Thursday);
        var thursday = await h.Rotations.GetOnCallAsync("incident-duty", default);
        h.Time.SetUtcNow(Thursday.AddDays(2)); // Saturday: the same for everyone on duty
        var saturday = await h.Rotations.GetOnCallAsync("incident-duty", default);

        Assert.Equal([partTimer, partner], tuesday.Members.Select(m => m.Id));
        Assert.Empty(tuesday.NotWorkingToday);
        Assert.Equal([partner], thursday.Members.Select(m => m.Id));
        Assert.Equal([partTimer], thursday.NotWorkingToday.Select(m => m.Id));
        Assert.Equal([partTimer, partner], thursday.Duty.Select(a => a.MemberId)); // still on duty: the schedule is unchanged
        Assert.Equal([partTimer, partner], saturday.Members.Select(m => m.Id));
    }
}
