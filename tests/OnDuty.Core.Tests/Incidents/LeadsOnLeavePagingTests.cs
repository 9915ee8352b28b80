using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Health;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 34 H3: on 1/1 03:00 a SEV1's leads' step went to the only lead, on leave 12/28–1/5 (「家族旅行」), and nothing said he was
/// away. The leads' step passes over a lead on leave at that instant (the team's zone): the other leads are paged, or with none
/// the organisation's list at once; only with nobody after them are the leads on leave paged all the same. The timeline and the
/// mails say who was passed over and why; health and the leave's answer say it before the week.
/// </summary>
public sealed class LeadsOnLeavePagingTests
{
    private static readonly Member Suzuki = TeamData.Member("suzuki", "鈴木 一郎");

    private static readonly Member Takahashi = TeamData.Member("takahashi", "高橋 次郎");

    /// <summary>The harness with <paramref name="leads"/> (roster members not in the rotation) as the leads, Suzuki on leave over T0.</summary>
    private static async Task<IncidentHarness> LeadsAsync(string[] leads, bool organisationList = true, DateOnly? leaveTo = null)
    {
        var h = await CreateAsync(o =>
        {
            o.Leads = [.. leads.Select(l => (string?)$"{l}@example.com")];
            o.OrganisationList = organisationList ? "pm-org@example.com" : null;
        });
        await h.Roster.SaveMemberAsync(Suzuki, null, default);
        await h.Roster.SaveMemberAsync(Takahashi, null, default);
        await h.Roster.AddLeaveAsync(new Leave { Id = "trip", MemberId = "suzuki", From = new DateOnly(2026, 11, 28), To = leaveTo ?? new DateOnly(2026, 12, 5), Note = "家族旅行" }, default);
        return h;
    }

    private static List<string> SentTo(IncidentHarness h, string id, string notice) =>
        [.. h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:{notice}:email:", StringComparison.Ordinal)).Select(s => s.Message.To).Order(StringComparer.Ordinal)];

    /// <summary>Opens a SEV3 at the harness's clock and runs escalation to the leads' step: the steps sent on the way.</summary>
    private static async Task<(string Id, List<int> Steps)> UnansweredToTheLeadsAsync(IncidentHarness h)
    {
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        await h.DrainQueueAsync();
        var steps = new List<int>();
        var timeout = h.Options.AckTimeouts.For(AlertSeverity.Sev3);
        for (var i = 0; i < 2; i++)
        {
            h.Time.Advance(timeout);
            steps.AddRange(await h.Pager.NotifyDueAsync(created.Value.Id, default));
            await h.DrainQueueAsync();
        }

        return (created.Value.Id, steps);
    }

    private static string? Names(string address) => address switch
    {
        "suzuki@example.com" or "suzuki" => Suzuki.DisplayName,
        "takahashi@example.com" or "takahashi" => Takahashi.DisplayName,
        _ => null,
    };

    /// <summary>
    /// Escalation 1 says who comes next: it named the lead on leave (「リーダー（鈴木さん、高橋さん）にも連絡します」) although the
    /// leads' step passes him over; with every lead away, the organisation's list is next.
    /// </summary>
    [Theory]
    [InlineData(new[] { "suzuki", "takahashi" }, "リーダー（高橋さん）にも連絡します。")]
    [InlineData(new[] { "suzuki" }, "PM 組織の全員（pm-org@example.com）に連絡します。")]
    public async Task Escalation1_NextLine_LeavesOutTheLeadOnLeave(string[] leads, string next)
    {
        var h = await LeadsAsync(leads);

        var (id, _) = await UnansweredToTheLeadsAsync(h);

        foreach (var mail in h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:escalation:1:email:", StringComparison.Ordinal)))
        {
            Assert.Contains(next, mail.Message.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("鈴木", mail.Message.TextBody, StringComparison.Ordinal);
        }

        Assert.NotEmpty(SentTo(h, id, "escalation:1"));
    }

    /// <summary>With nobody after the leads, the lead on leave is paged all the same: escalation 1 still names him next.</summary>
    [Fact]
    public async Task Escalation1_NextLine_NamesTheLeadOnLeave_WhenHeIsPagedAllTheSame()
    {
        var h = await LeadsAsync(["suzuki"], organisationList: false);

        var (id, _) = await UnansweredToTheLeadsAsync(h);

        var mail = h.Email.Sent.First(s => s.Id.StartsWith($"incident:{id}:escalation:1:email:", StringComparison.Ordinal));
        Assert.Contains("1時間以内に応答がなければ、リーダー（鈴木さん）にも連絡します。", mail.Message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALeadOnLeave_IsPassedOver_TheOtherLeadIsPaged_AndTheTimelineAndMailSayWhy()
    {
        var h = await LeadsAsync(["suzuki", "takahashi"]);

        var (id, steps) = await UnansweredToTheLeadsAsync(h);

        Assert.Equal([1, 2], steps);
        Assert.Equal(["takahashi@example.com"], SentTo(h, id, "escalation:2"));
        Assert.Equal(["suzuki@example.com"], (await h.IncidentAsync(id)).LeadsOnLeave);
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.DutyChanged && e.Message == "suzuki@example.com on leave: paged takahashi@example.com");
        Assert.Null(row.Step); // it settles no page
        Assert.Equal("鈴木さんは休暇中のため、高橋さんに連絡しました", TimelineText.For(row.Kind, row.Message, Language.Ja, Names));
        Assert.Matches("^.*Suzuki.* is on leave, so .*Takahashi.* was paged$|^鈴木.* is on leave, so 高橋.* was paged$", TimelineText.For(row.Kind, row.Message, Language.En, Names));

        var mail = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:escalation:2:email:", StringComparison.Ordinal));
        Assert.Contains("リーダーの鈴木さんは休暇中のため、連絡していません。", mail.Message.TextBody, StringComparison.Ordinal);

        // Nobody asks the lead on leave later either: the organisation's step says the leads were paged (Takahashi) and Suzuki was not.
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3));
        Assert.Equal([3], await h.Pager.NotifyDueAsync(id, default));
        await h.DrainQueueAsync();
        Assert.Equal(["pm-org@example.com"], SentTo(h, id, "escalation:3"));
        Assert.DoesNotContain(h.Email.Sent, s => s.Message.To == "suzuki@example.com");
    }

    [Fact]
    public async Task TheOnlyLeadOnLeave_TheStepGoesOnToTheOrganisationAtOnce_SaidOnTheTimelineAndInItsMail()
    {
        var h = await LeadsAsync(["suzuki"]);

        var (id, steps) = await UnansweredToTheLeadsAsync(h);

        Assert.Equal([1, 3], steps);
        Assert.Empty(SentTo(h, id, "escalation:2"));
        Assert.Equal(["pm-org@example.com"], SentTo(h, id, "escalation:3"));
        var skipped = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.StepSkipped);
        Assert.Equal("step 2 passed over: suzuki@example.com on leave", skipped.Message);
        Assert.Equal("リーダーの鈴木さんは休暇中のため、エスカレーション2段階目を省略し、すぐ次の段階に進みました", TimelineText.For(skipped.Kind, skipped.Message, Language.Ja, Names));
        Assert.Matches("^.+ \\(lead\\) is on leave, so step 2 was passed over and the next step paged at once$", TimelineText.For(skipped.Kind, skipped.Message, Language.En, Names));
        var mail = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:escalation:3:email:", StringComparison.Ordinal));
        Assert.Contains("リーダーの鈴木さんは休暇中のため、連絡していません。", mail.Message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOnlyLeadOnLeave_NobodyAfterThem_TheyArePagedAllTheSame_AndTheTimelineSaysSo()
    {
        var h = await LeadsAsync(["suzuki"], organisationList: false);

        var (id, steps) = await UnansweredToTheLeadsAsync(h);

        Assert.Equal([1, 2], steps);
        Assert.Equal(["suzuki@example.com"], SentTo(h, id, "escalation:2"));
        Assert.Empty((await h.IncidentAsync(id)).LeadsOnLeave);
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.DutyChanged && e.Message?.Contains("on leave", StringComparison.Ordinal) == true);
        Assert.Equal("suzuki@example.com on leave: paged all the same, nobody else to page", row.Message);
        Assert.Equal("鈴木さんは休暇中ですが、ほかに連絡できる人がいないため連絡しました", TimelineText.For(row.Kind, row.Message, Language.Ja, Names));
    }

    /// <summary>Leave is whole days in the team's zone: at 00:30 in Tokyo the day after it ends, the lead is back (it is still that day in UTC).</summary>
    [Fact]
    public async Task LeaveIsReadInTheTeamsZone_TheDayAfterItEnds_TheLeadIsPaged()
    {
        var h = await LeadsAsync(["suzuki"], leaveTo: new DateOnly(2026, 12, 1));
        // Escalation 2 falls at 2026-12-02 00:30 in Tokyo (2026-12-01 15:30 UTC).
        var timeout = h.Options.AckTimeouts.For(AlertSeverity.Sev3);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 15, 30, 0, TimeSpan.Zero) - (timeout * 2));

        var (id, steps) = await UnansweredToTheLeadsAsync(h);

        Assert.Equal([1, 2], steps);
        Assert.Equal(["suzuki@example.com"], SentTo(h, id, "escalation:2"));
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Message?.Contains("on leave", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Health_NotesAComingWeekWithEveryLeadOnLeave_AndWhoIsPagedThen_AndTheLeadsLeaveSaysSo()
    {
        var h = await CreateAsync(o => o.Leads = ["suzuki@example.com"]);
        await h.Roster.SaveMemberAsync(Suzuki, null, default);
        var probe = new LeadsOnLeaveProbe(h.Rotations, h.Roster, Options.Create(h.Options));
        Assert.False(probe.Critical);
        Assert.Null(await probe.ExamineAsync(default));

        // W51 (the third shift from now) partly, and W01 (beyond four).
        await h.Roster.AddLeaveAsync(new Leave { Id = "w51", MemberId = "suzuki", From = new DateOnly(2026, 12, 16), To = new DateOnly(2026, 12, 18) }, default);
        await h.Roster.AddLeaveAsync(new Leave { Id = "w01", MemberId = "suzuki", From = new DateOnly(2027, 1, 4), To = new DateOnly(2027, 1, 8) }, default);

        Assert.Equal(
            new HealthFinding("every lead (Incidents__Leads) is on leave in 2026-W51 (2026-12-16 to 2026-12-18): the leads' escalation step is passed over and an unanswered page goes straight to the organisation's list (pm-org@example.com)", Informative: true),
            await probe.ExamineAsync(default));
        Assert.Null(await probe.CheckAsync(default));

        var roster = (await h.Roster.ListMembersAsync(default)).Select(m => m.Value).ToList();
        var leave = await h.Roster.ListLeaveAsync(default);
        Assert.Equal(
            ["every lead (Incidents__Leads) is on leave from 2026-12-16 to 2026-12-18 with this leave: the leads' escalation step is passed over and an unanswered page goes straight to the organisation's list (pm-org@example.com)"],
            LeadsOnLeave.WarningsFor("suzuki", new DateOnly(2026, 12, 16), new DateOnly(2026, 12, 18), h.Options, roster, leave));
        // Not a lead, or a lead with another lead around: nothing to say.
        Assert.Empty(LeadsOnLeave.WarningsFor("yamada", new DateOnly(2026, 12, 16), new DateOnly(2026, 12, 18), h.Options, roster, leave));
        h.Options.Leads.Add("takahashi@example.com");
        Assert.Empty(LeadsOnLeave.WarningsFor("suzuki", new DateOnly(2026, 12, 16), new DateOnly(2026, 12, 18), h.Options, roster, leave));
    }
}
