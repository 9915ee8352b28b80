using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Session 52, 「引き継ぐ」: a member takes over an open incident someone else holds (the outgoing 田中 after the handoff): it is theirs
/// from then on, the timeline says who took it from whom, and the one who had it is told once by mail.
/// </summary>
public sealed class TakeOverTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 7, 8, 30, 0, TimeSpan.FromHours(9));

    private static readonly Dictionary<string, string> Names = TeamData.Members().ToDictionary(m => m.Id, m => m.DisplayName);

    /// <summary>A SEV2 monitoring opened at 08:30 and its pages sent; acknowledged 5 minutes later by <paramref name="taker"/> unless null.</summary>
    private static async Task<(IncidentHarness H, string Id)> OpenAsync(string? taker)
    {
        var h = await CreateAsync();
        h.Time.SetUtcNow(Opened);
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        if (taker is not null)
        {
            await h.Service.AcknowledgeAsync(id, taker, null, default);
            await h.DrainQueueAsync();
        }

        h.Time.Advance(TimeSpan.FromMinutes(5));
        return (h, id);
    }

    private static List<OutboxMessage> TookOverMails(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:tookOver:", StringComparison.Ordinal))];

    [Fact]
    public async Task TakingOver_MakesItTheirs_SaysSoOnTheTimeline_AndTellsThePreviousHolderOnce()
    {
        var (h, id) = await OpenAsync("tanaka");

        var taken = await h.Service.TakeOverAsync(id, "sato", null, default);
        await h.DrainQueueAsync();

        Assert.Equal("sato", taken.Value.AcknowledgedBy);
        Assert.Equal("sato", (await h.IncidentAsync(id)).AcknowledgedBy);
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.TookOver);
        Assert.Equal("sato", row.By);
        Assert.Equal("sato took over from tanaka", row.Message);
        Assert.Equal("佐藤 花子さんが田中 健さんから対応を引き継ぎました", TimelineText.For(row.Kind, row.Message, Language.Ja, who => Names.GetValueOrDefault(who)));
        Assert.Equal("佐藤 花子 took over from 田中 健", TimelineText.For(row.Kind, row.Message, Language.En, who => Names.GetValueOrDefault(who)));

        var mail = Assert.Single(TookOverMails(h, id));
        Assert.Equal("tanaka@example.com", mail.Recipient);
        Assert.Equal(Channel.Email, mail.Channel);
        Assert.Contains("対応の引き継ぎ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"{id} の対応を佐藤さんが引き継ぎました。以後の更新のお願いは佐藤さんに届きます。", mail.TextBody, StringComparison.Ordinal);

        // A double click: nothing more is recorded, and the previous holder is not told twice.
        h.Time.Advance(TimeSpan.FromSeconds(2));
        var again = await h.Service.TakeOverAsync(id, "sato", null, default);
        await h.DrainQueueAsync();

        Assert.Equal("sato", again.Value.AcknowledgedBy);
        Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.TookOver);
        Assert.Single(TookOverMails(h, id));
    }

    /// <summary>
    /// Trial 61 (a lead from PagerDuty reaches for "Reassign"): the lead hands 田中's incident to Emma through the API
    /// (<c>{"by":"emma","assignedBy":"yamada"}</c>). Before, only 田中 was told; Emma first heard of it from a request for an update.
    /// Now she gets one mail in her language saying who gave it to her; a member taking it themselves gets none, nor a double click.
    /// </summary>
    [Fact]
    public async Task TakingOver_AssignedByALead_TellsTheNewHolderOnce_InTheirLanguage()
    {
        var (h, id) = await OpenAsync("tanaka");

        await h.Service.TakeOverAsync(id, "emma", null, default, assignedBy: "yamada");
        await h.Service.TakeOverAsync(id, "emma", null, default, assignedBy: "yamada");
        await h.DrainQueueAsync();

        Assert.Equal("emma", (await h.IncidentAsync(id)).AcknowledgedBy);
        var mail = Assert.Single(h.Outbox.All, m => m.Id.StartsWith($"incident:{id}:assigned:", StringComparison.Ordinal));
        Assert.Equal($"incident:{id}:assigned:emma:email:emma@example.com", mail.Id);
        Assert.StartsWith($"[SEV2 assigned to you] {id}: ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("assigned this incident to you. From now on the requests for updates come to you.", mail.TextBody, StringComparison.Ordinal);
        Assert.Single(TookOverMails(h, id));

        // 佐藤 takes it from Emma herself (assignedBy naming her own id): only Emma is told, as any takeover.
        await h.Service.TakeOverAsync(id, "sato", null, default, assignedBy: "sato");
        await h.DrainQueueAsync();
        Assert.DoesNotContain(h.Outbox.All, m => m.Id.StartsWith($"incident:{id}:assigned:sato", StringComparison.Ordinal));
        Assert.Equal(2, TookOverMails(h, id).Count);
    }

    /// <summary>
    /// Session 61 review: handed to a member before any person took it, the incident was acknowledged for her — its escalation stopped
    /// on a mail to someone who may be asleep. Refused now (409, nothing stored, nobody mailed): its pages go on; once someone has taken
    /// it, it can be handed over.
    /// </summary>
    [Fact]
    public async Task Assigned_BeforeAnyPersonTookIt_Refused_PagesGoOn()
    {
        var (h, id) = await OpenAsync(null);

        await Assert.ThrowsAsync<ConflictException>(() => h.Service.TakeOverAsync(id, "emma", null, default, assignedBy: "yamada"));
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(id);
        Assert.Null(incident.AcknowledgedBy);
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.TookOver || e.Kind == TimelineKind.Acknowledged);
        Assert.DoesNotContain(h.Outbox.All, m => m.Id.StartsWith($"incident:{id}:assigned:", StringComparison.Ordinal));

        // Someone took it: now it can be handed to her.
        await h.Service.AcknowledgeAsync(id, "tanaka", null, default);
        await h.Service.TakeOverAsync(id, "emma", null, default, assignedBy: "yamada");
        Assert.Equal("emma", (await h.IncidentAsync(id)).AcknowledgedBy);
    }

    /// <summary>
    /// Trial 61, 「担当を割り当てる」: the takeover row of an assignment keeps who handed it over (<see cref="TimelineEntry.AssignedBy"/>)
    /// and reads 「山田 太郎さんが Emma Wilsonさんに割り当てました（田中 健さんから）」; its message stays the takeover's, so a release that
    /// does not know the property reads it as a takeover. Taken by themselves (assignedBy naming them): no assigner.
    /// </summary>
    [Fact]
    public async Task TakingOver_AssignedByALead_TheRowSaysWhoAssignedItToWhomFromWhom()
    {
        var (h, id) = await OpenAsync("tanaka");

        await h.Service.TakeOverAsync(id, "emma", null, default, assignedBy: "yamada");
        await h.Service.TakeOverAsync(id, "sato", null, default, assignedBy: "sato");

        var rows = (await h.TimelineAsync(id)).Where(e => e.Kind == TimelineKind.TookOver).ToList();
        Assert.Equal([("emma", "emma took over from tanaka", "yamada"), ("sato", "sato took over from emma", null)], rows.Select(r => (r.By, r.Message, r.AssignedBy)));
        var ja = Phrases.For(Language.Ja);
        var en = Phrases.For(Language.En);
        Assert.Equal("山田 太郎さんがEmma Wilsonさんに割り当てました（田中 健さんから）", TimelineText.Assigned(rows[0], ja, who => Names.GetValueOrDefault(who)));
        Assert.Equal("山田 太郎 assigned it to Emma Wilson (from 田中 健)", TimelineText.Assigned(rows[0], en, who => Names.GetValueOrDefault(who)));
        // Named as typed when no member has it (a name typed on the page by a visitor not signed in).
        Assert.Equal("森 由紀さんがEmma Wilsonさんに割り当てました（田中 健さんから）", TimelineText.Assigned(rows[0] with { AssignedBy = "森 由紀" }, ja, who => Names.GetValueOrDefault(who)));
        Assert.Null(TimelineText.Assigned(rows[1], ja, who => Names.GetValueOrDefault(who)));
        Assert.Null(TimelineText.Assigned(rows[0] with { AssignedBy = null }, ja, who => Names.GetValueOrDefault(who)));
    }

    /// <summary>
    /// Session 57: the record keeps when the holder took it over (the API's <c>takenOverAt</c>, the time the pages show beside the
    /// holder) apart from the first acknowledgement, which stays (the reports' time to acknowledge). Acknowledged, never taken over: none.
    /// </summary>
    [Fact]
    public async Task TakingOver_RecordsWhen_KeepsTheFirstAcknowledgementsTime()
    {
        var (h, id) = await OpenAsync("tanaka");
        Assert.Null((await h.IncidentAsync(id)).TakenOverAt);

        await h.Service.TakeOverAsync(id, "sato", null, default);

        var stored = await h.IncidentAsync(id);
        Assert.Equal(Opened.AddMinutes(5), stored.AcknowledgedAt);
        Assert.Equal(Opened.AddMinutes(10), stored.TakenOverAt);
        Assert.Equal(Opened.AddMinutes(10), Incident.Restore(stored.ToSnapshot()).TakenOverAt);
    }

    /// <summary>
    /// Trial 54: 伊藤, on duty, handed what she held to her partner 佐藤 and was told 「以後の更新のお願いは佐藤さんに届きます」 — then got the
    /// next request for an update herself, as one of the pair. A previous holder on duty is told they still get them; one off duty
    /// (the outgoing pair after the handoff) that they go to the new holder.
    /// </summary>
    [Fact]
    public async Task APreviousHolderStillOnDuty_IsToldTheRequestsStillReachThem_OneOffDuty_ThatTheyGoToTheNewHolder()
    {
        var h = await CreateAsync();
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToList();
        var offDuty = TeamData.Members().First(m => !duty.Contains(m.Id) && m.Language == Language.Ja).Id;
        var (onDutyCase, onDutyId) = await OpenAsync(duty[0]);
        await onDutyCase.Service.TakeOverAsync(onDutyId, duty[1], null, default);
        await onDutyCase.DrainQueueAsync();
        var (offDutyCase, offDutyId) = await OpenAsync(offDuty);
        await offDutyCase.Service.TakeOverAsync(offDutyId, duty[1], null, default);
        await offDutyCase.DrainQueueAsync();

        var partner = Names[duty[1]].Split(' ')[0] + "さん";
        var stays = Assert.Single(TookOverMails(onDutyCase, onDutyId));
        Assert.Contains($"{onDutyId} の対応を{partner}が引き継ぎました。以後の更新は{partner}が行います。当番中のあなたにも、更新のお願いは引き続き届きます。", stays.TextBody, StringComparison.Ordinal);
        var leaves = Assert.Single(TookOverMails(offDutyCase, offDutyId));
        Assert.Contains($"{offDutyId} の対応を{partner}が引き継ぎました。以後の更新のお願いは{partner}に届きます。", leaves.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("当番中のあなた", leaves.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APreviousHolderWhoReadsEnglish_IsToldInEnglish_TheNewHolderByTheirRosterName()
    {
        var (h, id) = await OpenAsync("emma");

        await h.Service.TakeOverAsync(id, "tanaka", null, default);
        await h.DrainQueueAsync();

        var mail = Assert.Single(TookOverMails(h, id));
        Assert.Equal("emma@example.com", mail.Recipient);
        Assert.Equal($"[SEV2 taken over] {id}: ", mail.Subject[..($"[SEV2 taken over] {id}: ".Length)]);
        Assert.Contains($"田中 健 took over {id}. From now on the requests for updates go to 田中 健.", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTimelineRow_NamesBothByFullName_InEitherLanguage()
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.TookOver, "ito", "tanaka");
        Func<string, string?> ja = who => who switch { "ito" => "伊藤 さくら", "tanaka" => "田中 健", _ => null };
        Func<string, string?> en = who => who switch { "ito" => "Sakura Ito", "tanaka" => "Ken Tanaka", _ => null };

        Assert.Equal("伊藤 さくらさんが田中 健さんから対応を引き継ぎました", TimelineText.For(TimelineKind.TookOver, text, Language.Ja, ja));
        Assert.Equal("Sakura Ito took over from Ken Tanaka", TimelineText.For(TimelineKind.TookOver, text, Language.En, en));
        // One who acknowledged as an address no member has is named by it, with no honorific.
        Assert.Equal("伊藤 さくらさんがpm-org@example.comから対応を引き継ぎました",
            TimelineText.For(TimelineKind.TookOver, string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.TookOver, "ito", "pm-org@example.com"), Language.Ja, ja));
    }

    [Fact]
    public async Task TakingOverAnUnacknowledgedOne_AcknowledgesIt_AndTellsNobodyOfATakeover()
    {
        var (h, id) = await OpenAsync(null);

        await h.Service.TakeOverAsync(id, "sato@example.com", null, default);
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(id);
        Assert.Equal("sato", incident.AcknowledgedBy);
        Assert.True(incident.AcknowledgedByPerson);
        Assert.Equal(h.Time.GetUtcNow(), incident.AcknowledgedAt);
        var timeline = await h.TimelineAsync(id);
        Assert.Single(timeline, e => e.Kind == TimelineKind.Acknowledged && e.By == "sato");
        Assert.DoesNotContain(timeline, e => e.Kind == TimelineKind.TookOver);
        Assert.Empty(TookOverMails(h, id));

        // Escalation stops as an acknowledgement stops it: an hour on, no step is sent.
        var escalated = timeline.Count(e => e.Kind == TimelineKind.Escalated);
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        Assert.Equal(escalated, (await h.TimelineAsync(id)).Count(e => e.Kind == TimelineKind.Escalated));
    }

    [Fact]
    public async Task AResolvedOne_IsRefused_AndNothingChanges()
    {
        var (h, id) = await OpenAsync("tanaka");
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました。", null, "tanaka", null, null, default);
        await h.DrainQueueAsync();

        var refused = await Assert.ThrowsAsync<ConflictException>(() => h.Service.TakeOverAsync(id, "sato", null, default));

        Assert.Equal("id", refused.Field);
        Assert.Contains("resolved", refused.Message, StringComparison.Ordinal);
        Assert.Equal("tanaka", (await h.IncidentAsync(id)).AcknowledgedBy);
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.TookOver);
        Assert.Empty(TookOverMails(h, id));
    }

    [Fact]
    public async Task AMergedOne_IsRefused_NamingWhereItWent()
    {
        var (h, id) = await OpenAsync("tanaka");
        var keep = (await h.Intake.IntakeAsync(Notification("g2", Alert("payments", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.Merger.MergeAsync(id, keep, "tanaka", default);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => h.Service.TakeOverAsync(id, "sato", null, default));

        Assert.Contains($"merged into {keep}", refused.Message, StringComparison.Ordinal);
        Assert.Equal("tanaka", (await h.IncidentAsync(id)).AcknowledgedBy);
        Assert.Empty(TookOverMails(h, id));
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("  ", "is required")]
    [InlineData("visitor", "not a member of the roster")]
    [InlineData("visitor@example.com", "not a member of the roster")]
    public async Task SomeoneNotOnTheRoster_IsRefused_AndNothingChanges(string? by, string said)
    {
        var (h, id) = await OpenAsync("tanaka");

        var refused = await Assert.ThrowsAsync<ValidationException>(() => h.Service.TakeOverAsync(id, by, null, default));

        Assert.Contains(said, Assert.Single(refused.Errors["by"]), StringComparison.Ordinal);
        Assert.Equal("tanaka", (await h.IncidentAsync(id)).AcknowledgedBy);
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.TookOver);
    }
}
