using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

public sealed class PagerTests
{
    // Monday 2026-12-07 09:00 in Tokyo: an hour before the weekly handoff.
    private static readonly DateTimeOffset BeforeHandoff = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    private static NewIncident Details(AlertSeverity severity = AlertSeverity.Sev3) => new() { Title = "Checkout down", Severity = severity };

    private static List<string> EmailsOf(IncidentHarness h, string id, string notice) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:{notice}:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task NotifyDue_EscalationAfterTheHandoff_GoesToThePairOnDutyNowWithTheChangeOnTheTimeline()
    {
        var h = await CreateAsync();
        h.Time.SetUtcNow(BeforeHandoff);
        var lastWeek = await h.DutyEmailsAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;

        h.Time.Advance(TimeSpan.FromMinutes(61)); // past the handoff, and past SEV3's first ack timeout
        var thisWeek = await h.DutyEmailsAsync();
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));

        Assert.NotEqual(lastWeek, thisWeek);
        Assert.Equal(lastWeek, EmailsOf(h, id, "page"));
        Assert.Equal(thisWeek, EmailsOf(h, id, "escalation:1"));
        Assert.Equal(thisWeek, (await h.IncidentAsync(id)).Assignees.Select(a => a.Email).Order(StringComparer.Ordinal));
        var change = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.DutyChanged);
        Assert.Equal(thisWeek.Select(e => e.Split('@')[0]).Order(StringComparer.Ordinal), change.Recipients.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A cover for tonight: the first page of an incident inside it goes to the replacement and not to the covered member, its
    /// escalation after the cover ended to the member again, and the incident's duty members follow.
    /// </summary>
    [Fact]
    public async Task NotifyDue_CoverForPartOfTheShift_PagesTheReplacementInsideIt_AndTheMemberAfterIt()
    {
        var h = await CreateAsync();
        var pair = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToList();
        var replacement = OnDuty.Core.Tests.Fakes.TeamData.Members().Select(m => m.Id).First(id => !pair.Contains(id));
        var from = new DateTimeOffset(2026, 12, 2, 19, 0, 0, TimeSpan.FromHours(9));
        await h.Rotations.AddOverrideAsync("incident-duty", null, pair[0], replacement, "通院", "Liam", "2026-12-02T19:00", "2026-12-02T23:00", default);

        h.MoveTo(from.AddHours(3.5)); // 22:30, inside the cover
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(61)); // 23:31: the cover is over, and the SEV3's first ack timeout passed
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));

        Assert.Equal(new[] { $"{replacement}@example.com", $"{pair[1]}@example.com" }.Order(StringComparer.Ordinal), EmailsOf(h, id, "page"));
        Assert.Equal(pair.Select(m => $"{m}@example.com").Order(StringComparer.Ordinal), EmailsOf(h, id, "escalation:1"));
        Assert.Equal(pair.Order(StringComparer.Ordinal), (await h.IncidentAsync(id)).Assignees.Select(a => a.Id).Order(StringComparer.Ordinal));
        var change = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.DutyChanged);
        Assert.Contains(pair[0], change.Recipients);
    }

    [Fact]
    public async Task EscalateOpenIncidents_ReadsOnlyTheRecordsWithAStepDue()
    {
        var h = await CreateAsync();
        var sev3 = (await h.Service.CreateAsync(Details(), "api", null, default)).Incident.Value.Id;
        var sev1 = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id;
        var acked = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id;
        await h.Service.AcknowledgeAsync(acked, "sato", null, default);

        var reads = h.Incidents.RecordReads;
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(reads, h.Incidents.RecordReads); // nothing due: the summaries said so, no record was read

        h.Time.Advance(TimeSpan.FromMinutes(6)); // past SEV1's first ack timeout only
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.NotEmpty(EmailsOf(h, sev1, "escalation:1"));
        Assert.Empty(EmailsOf(h, sev3, "escalation:1"));
        Assert.Empty(EmailsOf(h, acked, "escalation:1"));
    }

    [Fact]
    public async Task EscalateOpenIncidents_AlertOpenedIncidents_TheirSummariesSayThePageIsQueuedSoNoRecordIsRead()
    {
        var h = await CreateAsync();
        var ids = new List<string>();
        foreach (var group in new[] { "g1", "g2", "g3" })
        {
            ids.Add((await h.Intake.IntakeAsync(Notification(group, Alert("cpu")), default)).IncidentId!);
        }

        Assert.All(await h.Incidents.ListBoardAsync(h.Time.GetUtcNow(), default), s => Assert.True(s.StepQueued));
        Assert.Equal(ids.Order(StringComparer.Ordinal), (await h.Incidents.ListYearAsync(2026, 10, null, default)).Items.Select(i => i.Id).Order(StringComparer.Ordinal));

        var reads = h.Incidents.RecordReads;
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(reads, h.Incidents.RecordReads); // every minute, however many are open

        h.Time.Advance(TimeSpan.FromMinutes(61)); // past SEV3's first ack timeout: escalation still finds them from the summaries
        Assert.Equal(ids.Count, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.All(ids, id => Assert.Equal(1, h.IncidentAsync(id).GetAwaiter().GetResult().NotifiedStep));
        Assert.All(Together(h, 1), m => Assert.Equal(ids.Order(StringComparer.Ordinal), m.About.Order(StringComparer.Ordinal)));
    }

    /// <summary>The messages telling several incidents' step <paramref name="step"/> together.</summary>
    private static List<OnDuty.Core.Notifications.OutboxMessage> Together(IncidentHarness h, int step) =>
        [.. h.Outbox.All.Where(m => m.Topic.StartsWith($"escalations:{step}:", StringComparison.Ordinal))];

    [Fact]
    public async Task EscalateOpenIncidents_StormNobodyAnswers_EachStepIsOneEmailPerRecipientAndOneCardListingThemAll()
    {
        var h = await CreateAsync(o =>
        {
            o.Leads = ["lead@example.com", "cto@example.com"];
            o.AckTimeouts.Sev2 = TimeSpan.FromMinutes(10);
        });
        var ids = new List<string>();
        foreach (var (title, severity) in new[] { ("Search slow", AlertSeverity.Sev2), ("Checkout down", AlertSeverity.Sev1), ("Login errors", AlertSeverity.Sev1) })
        {
            ids.Add((await h.Service.CreateAsync(new NewIncident { Title = title, Severity = severity }, "api", null, default)).Incident.Value.Id);
            h.Time.Advance(TimeSpan.FromSeconds(10));
        }

        var sev2 = ids[0];
        var sev1 = ids[1..];
        var duty = await h.DutyEmailsAsync();
        var cardsBefore = h.Teams.Cards.Count;

        h.Time.Advance(TimeSpan.FromMinutes(5)); // SEV1's first ack timeout: the two SEV1s reach step 1 together
        Assert.Equal(2, await h.Pager.EscalateOpenIncidentsAsync(default));
        var step1 = Together(h, 1);
        Assert.Equal(duty, step1.Where(m => m.Channel == OnDuty.Core.Notifications.Channel.Email).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.Single(step1, m => m.Channel == OnDuty.Core.Notifications.Channel.Teams);
        Assert.All(step1, m => Assert.Equal(sev1, m.About)); // most severe first, then as detected
        Assert.All(step1, m => Assert.Equal(OnDuty.Core.Notifications.OutboxPriority.Page, m.Priority));
        Assert.All(sev1, id => Assert.DoesNotContain(h.OutboxIds(id), m => m.Contains(":escalation:", StringComparison.Ordinal)));
        Assert.Equal(cardsBefore + 1, h.Teams.Cards.Count);

        // Each reader's email has their own one-click link for each incident.
        var tokens = new AckToken(Microsoft.Extensions.Options.Options.Create(h.Options), h.Time);
        foreach (var email in step1.Where(m => m.Channel == OnDuty.Core.Notifications.Channel.Email))
        {
            var links = System.Text.RegularExpressions.Regex.Matches(email.TextBody, @"/api/ack/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)").Select(x => tokens.Verify(x.Groups[1].Value)).ToList();
            Assert.Equal(sev1, links.Select(l => l.IncidentId));
            var member = (await h.IncidentAsync(sev1[0])).Assignees.Single(a => a.Email == email.Recipient).Id;
            Assert.All(links, l => Assert.Equal((AckTokenStatus.Valid, member), (l.Status, l.MemberId)));
            Assert.Contains("/api/status/ack", email.TextBody);
        }

        // The deliveries are on each incident's timeline.
        Assert.All(sev1, id => Assert.Equal(
            [.. duty.Append("teams").Order(StringComparer.Ordinal)],
            h.TimelineAsync(id).GetAwaiter().GetResult().Where(e => e.Kind == TimelineKind.Delivered && e.Step == 1).SelectMany(e => e.Recipients).Order(StringComparer.Ordinal)));

        // Five minutes on: step 2, the two leads, each one email; the SEV2 reaches its own step 1 alone, told as before.
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        var step2 = Together(h, 2);
        Assert.Equal(["cto@example.com", "lead@example.com"], step2.Where(m => m.Channel == OnDuty.Core.Notifications.Channel.Email).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.Contains("2 ", step2[0].Subject);
        Assert.Equal(duty, EmailsOf(h, sev2, "escalation:1"));
        Assert.All(sev1, id => Assert.Equal(2, h.IncidentAsync(id).GetAwaiter().GetResult().NotifiedStep));

        // The same run again sends nothing more.
        var queued = h.Outbox.All.Count;
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(queued, h.Outbox.All.Count);
    }

    /// <summary>
    /// Two incidents reach step 1 together, a SEV2 (10-minute timeout) and a SEV1 (5-minute): the one email each duty member gets,
    /// and the card, say for each incident when its own next step goes to the lead, and link its own page.
    /// </summary>
    [Fact]
    public async Task EscalateOpenIncidents_TwoIncidentsTogether_EachSaysItsOwnNextStepAndLinksItsPage()
    {
        var h = await CreateAsync(o =>
        {
            o.Leads = ["tanaka@example.com"]; // on the roster: named 田中 健
            o.AckTimeouts.Sev2 = TimeSpan.FromMinutes(10);
        });
        var sev2 = (await h.Service.CreateAsync(new NewIncident { Title = "Search slow", Severity = AlertSeverity.Sev2 }, "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var sev1 = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(5)); // the SEV2's first timeout and the SEV1's: both reach step 1 in this run

        Assert.Equal(2, await h.Pager.EscalateOpenIncidentsAsync(default));

        var step1 = Together(h, 1);
        Assert.Contains(step1, m => m.Channel == OnDuty.Core.Notifications.Channel.Teams);
        Assert.Contains(step1, m => m.Channel == OnDuty.Core.Notifications.Channel.Email);
        foreach (var message in step1)
        {
            var english = message.TextBody.Contains("Nobody has acknowledged", StringComparison.Ordinal);
            var blocks = message.TextBody.Split("\n\n");
            string Block(string id) => Assert.Single(blocks, b => b.Contains($" {id} ", StringComparison.Ordinal));
            Assert.Contains(english ? "If nobody acknowledges within 5 min, the lead (田中 健) is paged too." : "5分以内に応答がなければ、リーダー（田中さん）にも連絡します。", Block(sev1));
            Assert.Contains(english ? "If nobody acknowledges within 10 min, the lead (田中 健) is paged too." : "10分以内に応答がなければ、リーダー（田中さん）にも連絡します。", Block(sev2));
            Assert.Contains($"/api/incidents/{sev1}/page", Block(sev1));
            Assert.Contains($"/api/incidents/{sev2}/page", Block(sev2));
        }

        // The card's sections: each incident's next step and a button to its page.
        var card = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(step1, m => m.Channel == OnDuty.Core.Notifications.Channel.Teams).CardJson!)!
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("5分以内に応答がなければ、リーダー（田中さん）にも連絡します。", card);
        Assert.Matches($"\"url\":\\s*\"[^\"]*/api/incidents/{sev2}/page\"", card);
    }

    [Fact]
    public async Task EscalateOpenIncidents_TellingThemTogetherFails_EachIsToldOnItsOwn()
    {
        var h = await CreateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id);
        }

        h.Time.Advance(TimeSpan.FromMinutes(5));
        h.Outbox.BeforeEnqueue = m =>
        {
            if (m.Topic.StartsWith("escalations:", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("cannot tell these together");
            }
        };
        Assert.Equal(3, await h.Pager.EscalateOpenIncidentsAsync(default));

        var duty = await h.DutyEmailsAsync();
        Assert.All(ids, id => Assert.Equal(duty, EmailsOf(h, id, "escalation:1")));
        Assert.All(ids, id => Assert.True(h.IncidentAsync(id).GetAwaiter().GetResult().StepQueued));
    }

    [Fact]
    public async Task EscalateOpenIncidents_MarkingOneQueuedFailsAfterTheyWereToldTogether_TheOthersAreNotToldAgain()
    {
        var h = await CreateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id);
        }

        h.Time.Advance(TimeSpan.FromMinutes(5));
        h.Incidents.FailSave = i => i.Id == ids[1] && i.NotifiedStep == 1 && i.StepQueued ? new DependencyUnavailableException("storage down", new IOException("reset")) : null;
        await h.Pager.EscalateOpenIncidentsAsync(default);

        var duty = await h.DutyEmailsAsync();
        Assert.Equal(duty.Count + 1, Together(h, 1).Count);
        Assert.All(ids, id => Assert.Empty(EmailsOf(h, id, "escalation:1"))); // not told again one by one
        Assert.False((await h.IncidentAsync(ids[1])).StepQueued);

        h.Incidents.FailSave = null;
        await h.Pager.EscalateOpenIncidentsAsync(default); // its step is still claimed by the run that told it: left alone
        Assert.Empty(EmailsOf(h, ids[1], "escalation:1"));
        h.Time.Advance(Pager.StepClaimLease);
        await h.Pager.EscalateOpenIncidentsAsync(default); // the one not marked is queued again (its own notice), the others not
        Assert.Equal(duty, EmailsOf(h, ids[1], "escalation:1"));
        Assert.Empty(EmailsOf(h, ids[0], "escalation:1"));
        Assert.True((await h.IncidentAsync(ids[1])).StepQueued);
    }

    /// <summary>
    /// Trial 51: at night the first three incidents of a storm page one by one (the database failover among them), then the rest
    /// come in one mail. That mail names the ones paged just before it, still open, so the reader sees the whole storm in one place
    /// and can tell which is the cause; the listed ones are not named twice.
    /// </summary>
    [Fact]
    public async Task StormHold_TheMailListingTheHeldPages_NamesTheIncidentsPagedOnTheirOwnBeforeIt()
    {
        var h = await CreateAsync(o => o.StormPages = 3);
        var first = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            first.Add((await h.Service.CreateAsync(new NewIncident { Title = $"DB failover {i}", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id);
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        var held = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        var alsoHeld = (await h.Intake.IntakeAsync(Notification("g2", Alert("disk", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        var duty = await h.DutyEmailsAsync();
        var mails = h.Email.Sent.Where(s => s.Id.StartsWith("escalations:0:", StringComparison.Ordinal)).Select(s => s.Message).ToList();
        Assert.Equal(duty, mails.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(mails, m =>
        {
            var line = m.TextBody.ReplaceLineEndings("\n").Split('\n').Single(l => l.StartsWith("対応中の障害がほかにあります：", StringComparison.Ordinal));
            Assert.Equal(
                $"対応中の障害がほかにあります：{first[2]} DB failover 2（SEV1・未対応・1分以内に起票）、{first[1]} DB failover 1（SEV1・未対応・1分以内に起票）、{first[0]} DB failover 0（SEV1・未対応・1分以内に起票）。",
                line);
            Assert.DoesNotContain(held, line, StringComparison.Ordinal);
            Assert.DoesNotContain(alsoHeld, line, StringComparison.Ordinal);
            Assert.Contains("対応中の障害がほかにあります：", m.HtmlBody, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task StormHold_AfterThreeFirstPages_TheRestAreHeldAndToldTogetherByTheNextRun()
    {
        var h = await CreateAsync(o => o.StormPages = 3);
        var manual = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            manual.Add((await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id);
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        var fromAlert = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", severity: AlertSeverity.Sev1)), default)).IncidentId!;
        var duty = await h.DutyEmailsAsync();
        var cards = h.Teams.Cards.Count;

        Assert.All(manual[..3], id => Assert.Equal(duty, EmailsOf(h, id, "page")));
        var held = new[] { manual[3], fromAlert };
        Assert.All(held, id => Assert.Empty(h.OutboxIds(id)));
        Assert.All(held, id => Assert.False(h.IncidentAsync(id).GetAwaiter().GetResult().StepQueued));
        Assert.Equal(held.Order(StringComparer.Ordinal), (await h.Incidents.ListBoardAsync(h.Time.GetUtcNow(), default)).Where(s => !s.StepQueued).Select(s => s.Id).Order(StringComparer.Ordinal));

        // The next run (within a minute): one email per duty member and one card listing both; nothing else.
        h.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        var told = Together(h, 0);
        Assert.Equal(duty, told.Where(m => m.Channel == OnDuty.Core.Notifications.Channel.Email).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(told, m => Assert.Equal(held, m.About));
        Assert.Equal(cards + 1, h.Teams.Cards.Count);
        Assert.All(held, id => Assert.True(h.IncidentAsync(id).GetAwaiter().GetResult().StepQueued));
        Assert.All(held, id => Assert.Empty(h.OutboxIds(id)));

        // Once the storm has passed (no first page within the window), a new incident is paged at once again.
        h.Time.Advance(h.Options.StormWindow);
        var calm = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id;
        Assert.Equal(duty, EmailsOf(h, calm, "page"));
    }

    /// <summary>
    /// Session 59 (the channel reader's leftovers): an Alertmanager storm split into ten groups, the hold at three as deployed. The
    /// channel follows the mail: the pair is mentioned on the first three pages and once more on the one card listing the seven held
    /// — four notifications, not ten — and every incident is in the channel with its id and its page.
    /// </summary>
    [Fact]
    public async Task StormHold_TenGroups_TheChannelMentionsThePairOnTheFirstThreeAndOnTheListOnly()
    {
        var h = await CreateAsync(o => o.StormPages = 3);
        var upns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in await h.Pager.CurrentDutyAsync(default))
        {
            h.Directory.UserIds[member.Email!] = upns[member.Email!] = Guid.NewGuid().ToString();
        }

        var ids = new List<string>();
        for (var g = 0; g < 10; g++)
        {
            ids.Add((await h.Intake.IntakeAsync(Notification($"storm{g}", Alert($"node{g}", severity: AlertSeverity.Sev2)), default)).IncidentId!);
            h.Time.Advance(TimeSpan.FromSeconds(6));
        }

        await h.DrainQueueAsync();
        Assert.Equal(3, h.Teams.Cards.Count);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        var cards = h.Teams.Cards.Select(c => System.Text.Json.Nodes.JsonNode.Parse(c)!).ToList();
        Assert.Equal(4, cards.Count);
        Assert.All(cards, c => Assert.Equal(upns.Values.Order(), c["msteams"]!["entities"]!.AsArray().Select(e => e!["mentioned"]!["id"]!.GetValue<string>()).Order()));
        var texts = cards.Select(c => string.Join("\n", OnDuty.Testing.CardTexts.Plain(c.ToJsonString()))).ToList();
        Assert.All(ids[..3].Select((id, n) => (id, n)), x => Assert.Contains(x.id, texts[x.n], StringComparison.Ordinal));
        Assert.All(ids[3..], id =>
        {
            Assert.Contains(id, texts[3], StringComparison.Ordinal);
            Assert.Contains($"/api/incidents/{id}/page", cards[3].ToJsonString(), StringComparison.Ordinal);
        });
    }

    /// <summary>
    /// Session 60: the intake scaled out under a storm. Two instances (each its own pager, as the Functions host scales out) take eight
    /// new groups between them, one after the other: three pages go out one by one in all — not three on each — and the next
    /// escalation run, on either, tells the other five together. Before, each instance counted its own: six pages one by one.
    /// </summary>
    [Fact]
    public async Task StormHold_TwoInstances_CountTogether_AtMostStormPagesOneByOne_TheRestToldTogether()
    {
        var h = await CreateAsync(o => o.StormPages = 3);
        var (otherIntake, otherPager) = h.OtherInstance();
        var duty = await h.DutyEmailsAsync();
        var ids = new List<string>();
        for (var g = 0; g < 8; g++)
        {
            var intake = g % 2 == 0 ? h.Intake : otherIntake;
            ids.Add((await intake.IntakeAsync(Notification($"storm{g}", Alert($"node{g}", severity: AlertSeverity.Sev2)), default)).IncidentId!);
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        var paged = ids.Where(id => EmailsOf(h, id, "page").Count > 0).ToList();
        Assert.Equal(ids[..3], paged);
        Assert.All(paged, id => Assert.Equal(duty, EmailsOf(h, id, "page")));
        var held = ids[3..];
        Assert.All(held, id => Assert.Empty(h.OutboxIds(id)));
        Assert.All(held, id => Assert.False(h.IncidentAsync(id).GetAwaiter().GetResult().StepQueued));

        h.Time.Advance(TimeSpan.FromSeconds(20));
        await otherPager.EscalateOpenIncidentsAsync(default);
        var told = Together(h, 0);
        Assert.Equal(duty, told.Where(m => m.Channel == OnDuty.Core.Notifications.Channel.Email).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(told, m => Assert.Equal(held.Order(StringComparer.Ordinal), m.About.Order(StringComparer.Ordinal)));
        Assert.All(held, id => Assert.True(h.IncidentAsync(id).GetAwaiter().GetResult().StepQueued));

        // Once the storm has passed on every instance, a new incident is paged at once again, on either.
        h.Time.Advance(h.Options.StormWindow);
        var calm = (await otherIntake.IntakeAsync(Notification("calm", Alert("calm", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        Assert.Equal(duty, EmailsOf(h, calm, "page"));
    }

    /// <summary>
    /// Session 60 review: a storm's new groups delivered at the same moment (Alertmanager flushes them together after group_wait), on
    /// two instances. Each is listed before it is counted, so each saw every other listed and every one was held — nobody paged until
    /// the next escalation run, up to a minute later. Counted in the storm's order (time, then id), the first page at once: at least
    /// the first in that order, the rest told together. Not at most the limit: a row written late lets one more page (its neighbours
    /// counted before it was there) — the safe side, a page too many rather than none; one after the other it is exactly the limit
    /// (<see cref="StormHold_TwoInstances_CountTogether_AtMostStormPagesOneByOne_TheRestToldTogether"/>). Session 61: a clean run under
    /// load paged 4 of 8 here, which the range 1–3 refused.
    /// </summary>
    [Fact]
    public async Task StormHold_EightDeliveriesAtOnce_OnTwoInstances_TheFirstInOrderPageAtOnce_TheRestToldTogether()
    {
        var h = await CreateAsync(o => o.StormPages = 3);
        var (otherIntake, otherPager) = h.OtherInstance();
        var duty = await h.DutyEmailsAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(g =>
            Task.Run(() => (g % 2 == 0 ? h.Intake : otherIntake).IntakeAsync(Notification($"burst{g}", Alert($"node{g}", severity: AlertSeverity.Sev2)), default))));
        var ids = results.Select(r => r.IncidentId!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(8, ids.Distinct().Count());

        var paged = ids.Where(id => EmailsOf(h, id, "page").Count > 0).ToList();
        Assert.NotEmpty(paged);
        Assert.Equal(ids[0], paged[0]);
        Assert.All(paged, id => Assert.Equal(duty, EmailsOf(h, id, "page")));
        var held = ids.Except(paged).ToList();
        Assert.All(held, id => Assert.Empty(h.OutboxIds(id)));

        h.Time.Advance(TimeSpan.FromSeconds(20));
        await otherPager.EscalateOpenIncidentsAsync(default);
        var told = Together(h, 0);
        Assert.Equal(duty, told.Where(m => m.Channel == OnDuty.Core.Notifications.Channel.Email).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(told, m => Assert.Equal(held, m.About.Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// The shared count cannot be read (storage failing for that query): the page is not held on it — it goes out now, as this
    /// instance's own count allows — and is counted; once the count reads again, the storm the other instance paged holds the next.
    /// An instance at the limit by its own count holds without reading.
    /// </summary>
    [Fact]
    public async Task StormHold_SharedCountFails_ThePageGoesOutNow_ThenTheNextIsHeldByTheOthersCount()
    {
        var h = await CreateAsync(o => o.StormPages = 3);
        var (otherIntake, _) = h.OtherInstance();
        var duty = await h.DutyEmailsAsync();
        for (var g = 0; g < 3; g++)
        {
            await h.Intake.IntakeAsync(Notification($"first{g}", Alert($"a{g}")), default);
        }

        h.Incidents.FailStormCount = () => new DependencyUnavailableException("Table Storage", new IOException("503 from the board"));
        var sent = (await otherIntake.IntakeAsync(Notification("failing", Alert("b")), default)).IncidentId!;
        Assert.Equal(duty, EmailsOf(h, sent, "page"));
        Assert.True((await h.IncidentAsync(sent)).StepQueued);

        h.Incidents.FailStormCount = null;
        var held = (await otherIntake.IntakeAsync(Notification("after", Alert("c")), default)).IncidentId!;
        Assert.Empty(h.OutboxIds(held));
        Assert.False((await h.IncidentAsync(held)).StepQueued);

        // This instance paged three itself: at its own limit it holds without asking storage, so a failure then changes nothing.
        h.Incidents.FailStormCount = () => new DependencyUnavailableException("Table Storage", new IOException("503 from the board"));
        var reads = h.Incidents.StormCounts;
        var alsoHeld = (await h.Intake.IntakeAsync(Notification("own", Alert("d")), default)).IncidentId!;
        Assert.Empty(h.OutboxIds(alsoHeld));
        Assert.Equal(reads, h.Incidents.StormCounts);
    }

    /// <summary>Incidents whose opening paged nobody (held by a maintenance window) are not first pages: the storm hold does not count them.</summary>
    [Fact]
    public async Task StormHold_IncidentsHeldByMaintenance_AreNotCounted()
    {
        var h = await CreateAsync(o => o.StormPages = 2);
        var (otherIntake, _) = h.OtherInstance();
        await h.Maintenance.PlanAsync(new OnDuty.Core.Maintenance.MaintenanceRequest
        {
            Title = "決済DBのメンテナンス",
            To = h.Time.GetUtcNow() + TimeSpan.FromHours(1),
            Sources = ["alertmanager"],
            Labels = new Dictionary<string, string> { ["service"] = "payments" },
        }, "sato", default);
        for (var g = 0; g < 3; g++)
        {
            var covered = Alert($"m{g}") with { Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["service"] = "payments" } };
            var quiet = (await otherIntake.IntakeAsync(Notification($"maint{g}", covered), default)).IncidentId!;
            Assert.NotNull((await h.IncidentAsync(quiet)).PagesHeldBy);
        }

        var duty = await h.DutyEmailsAsync();
        var declared = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id;
        Assert.Equal(duty, EmailsOf(h, declared, "page"));
    }

    [Fact]
    public async Task StormHold_Off_EveryFirstPageGoesOutAtOnce()
    {
        var h = await CreateAsync();
        Assert.Equal(0, h.Options.StormPages);
        var duty = await h.DutyEmailsAsync();
        for (var i = 0; i < 6; i++)
        {
            var id = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id;
            Assert.Equal(duty, EmailsOf(h, id, "page"));
        }
    }

    [Fact]
    public async Task EscalateOpenIncidents_CrashAfterRecordingStepsTogether_TheNextRunQueuesTheSameMessagesOnce()
    {
        var h = await CreateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id);
        }

        h.Time.Advance(TimeSpan.FromMinutes(5));
        h.Outbox.BeforeEnqueue = m => throw new DependencyUnavailableException("storage down", new IOException("connection refused"));
        Assert.Equal(3, await h.Pager.EscalateOpenIncidentsAsync(default)); // recorded; queuing failed (logged)
        Assert.All(ids, id => Assert.False(h.IncidentAsync(id).GetAwaiter().GetResult().StepQueued));
        Assert.Empty(Together(h, 1));

        h.Outbox.BeforeEnqueue = null;
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default)); // nothing newly recorded: the same step queued now
        var duty = await h.DutyEmailsAsync();
        Assert.Equal(duty.Count + 1, Together(h, 1).Count);
        Assert.All(ids, id => Assert.True(h.IncidentAsync(id).GetAwaiter().GetResult().StepQueued));

        // And once queued, a further run (the crash came after the outbox took them, before the marks) queues nothing new.
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(duty.Count + 1, Together(h, 1).Count);
        Assert.Equal(duty.Count, h.Email.Sent.Count(s => s.Id.StartsWith("escalations:1:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EscalateOpenIncidents_SummarySaysNotQueuedItsRecordSaysQueued_ReadOnceAndBroughtUpToDateThenNoMore()
    {
        var h = await CreateAsync();

        // As versions before this one stored an alert-opened incident: created with its first page recorded (the summaries say
        // "not queued"), then the page's "queued" mark saved to the record alone.
        var now = h.Time.GetUtcNow();
        var incident = Incident.Open("INC-2026-0042", Details(), [], "alert:alertmanager", now);
        h.Pager.RecordFirstStep(incident, await h.Pager.CurrentDutyAsync(default), now);
        await h.Incidents.SetOpenAsync(incident.Id, true, default);
        var etag = (await h.Incidents.TryCreateAsync(incident, [], summaries: true, default))!;
        incident.MarkStored();
        Assert.True(incident.MarkStepQueued(incident.NotifiedStep));
        await h.Incidents.SaveRecordAloneAsync(incident, etag);
        Assert.False(Assert.Single(await h.Incidents.ListBoardAsync(now, default)).StepQueued);

        var reads = h.Incidents.RecordReads;
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(reads + 1, h.Incidents.RecordReads); // read once, nothing to do (no page queued again)...
        Assert.Empty(h.Outbox.All);
        Assert.True(Assert.Single(await h.Incidents.ListBoardAsync(now, default)).StepQueued); // ...and its summary brought up to date

        reads = h.Incidents.RecordReads;
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(reads, h.Incidents.RecordReads);
    }

    [Fact]
    public async Task NotifyDue_SamePairStillOnDuty_NoDutyChangeOnTheTimeline()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);

        h.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(created.Value.Id, default));

        Assert.DoesNotContain(await h.TimelineAsync(created.Value.Id), t => t.Kind == TimelineKind.DutyChanged);
    }

    [Fact]
    public async Task NotifyDue_NobodyOnDuty_FallsThroughToTheLeadsAtOnce()
    {
        var h = await CreateAsync(o => o.RotationId = "no-such-rotation");

        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;

        Assert.Equal(["lead@example.com"], EmailsOf(h, id, "escalation:2"));
        Assert.Empty(EmailsOf(h, id, "page"));
        Assert.Equal(["lead@example.com"], h.Email.Sent.Select(s => s.Message.To));
        var timeline = await h.TimelineAsync(id);
        Assert.Equal([0, 1], timeline.Where(t => t.Kind == TimelineKind.StepSkipped).Select(t => t.Step!.Value));
        Assert.All(timeline.Where(t => t.Kind == TimelineKind.StepSkipped), t => Assert.Equal(SkippedStep.NobodyToPage, t.Message));
        Assert.DoesNotContain(timeline, t => t.Kind == TimelineKind.Notified);
        Assert.Equal(2, Assert.Single(timeline, t => t.Kind == TimelineKind.Escalated).Step);
    }

    [Fact]
    public async Task NotifyDue_AfterDowntime_SendsOnlyTheLatestDueStepOnceAndNotesTheSkippedOnes()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default);
        var id = created.Value.Id;
        var paged = h.Email.Sent.Count;

        h.Time.Advance(TimeSpan.FromMinutes(20)); // SEV1: steps 1, 2 and 3 all overdue
        Assert.Equal([3], await h.Pager.NotifyDueAsync(id, default));
        Assert.Empty(await h.Pager.NotifyDueAsync(id, default));

        Assert.Equal(["pm-org@example.com"], h.Email.Sent.Skip(paged).Select(s => s.Message.To));
        Assert.Empty(EmailsOf(h, id, "escalation:1"));
        Assert.Empty(EmailsOf(h, id, "escalation:2"));
        var skipped = (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.StepSkipped).ToList();
        Assert.Equal([1, 2], skipped.Select(t => t.Step!.Value));
        Assert.All(skipped, t => Assert.Equal(SkippedStep.Overdue, t.Message));
    }

    [Fact]
    public async Task Reopen_Unacknowledged_RestartsFromStepZeroWithThePairOnDutyThen()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(61));
        await h.Pager.NotifyDueAsync(id, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);

        h.Time.Advance(TimeSpan.FromDays(7)); // next week: a new pair
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "it is back", null, "sato", null, null, default);
        Assert.Empty(await h.Pager.NotifyDueAsync(id, default)); // the reopen paged at once

        var pair = await h.DutyEmailsAsync();
        Assert.Equal(pair, EmailsOf(h, id, "page:r1"));
        Assert.Equal(0, (await h.IncidentAsync(id)).NotifiedStep);
        Assert.Equal([.. pair.Select(e => $"incident:{id}:page:r1:email:{e}"), $"incident:{id}:page:r1:teams"], h.Outbox.All.Where(m => m.Id.Contains(":r1:", StringComparison.Ordinal)).Select(m => m.Id));
    }

    [Fact]
    public async Task NotifyDue_StepIsRecordedBeforeItsMessagesAreQueued()
    {
        var h = await CreateAsync();
        var seen = new List<(string Id, int Step)>();
        h.Outbox.BeforeEnqueue = m => seen.Add((m.Id, h.IncidentAsync(m.Id.Split(':')[1]).GetAwaiter().GetResult().NotifiedStep));

        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        h.Time.Advance(TimeSpan.FromMinutes(61));
        await h.Pager.NotifyDueAsync(created.Value.Id, default);

        Assert.NotEmpty(seen);
        Assert.All(seen.Where(s => s.Id.Contains(":page:", StringComparison.Ordinal)), s => Assert.Equal(0, s.Step));
        Assert.All(seen.Where(s => s.Id.Contains(":escalation:1:", StringComparison.Ordinal)), s => Assert.Equal(1, s.Step));
    }

    [Fact]
    public async Task NotifyDue_StepRecordedButCrashedBeforeQueuing_TheNextRunQueuesItOnce()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(61));
        var pair = await h.DutyEmailsAsync();
        await h.Incidents.MutateAsync(id, i => i.RecordNotified(1, pair, h.Time.GetUtcNow()), default); // the crash: recorded, nothing queued

        Assert.Empty(await h.Pager.NotifyDueAsync(id, default));
        await h.Pager.NotifyDueAsync(id, default);

        Assert.Equal(pair, EmailsOf(h, id, "escalation:1"));
        Assert.True((await h.IncidentAsync(id)).StepQueued);
        Assert.Equal(pair.Count, h.Email.Sent.Count(s => s.Id.Contains(":escalation:1:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NotifyDue_MemberReplacedAfterTheAnnouncement_EscalationGoesToTheNewPair()
    {
        var h = await CreateAsync();
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = shift.StartDate, Week = shift.Week, Members = shift.MemberIds, Status = FrozenShiftStatus.Announced }, default);
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        var sick = shift.MemberIds[0];
        var replacement = new[] { "yamada", "sato", "emma", "tanaka" }.First(m => !shift.MemberIds.Contains(m));

        await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default);
        h.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));

        var pair = await h.DutyEmailsAsync();
        Assert.Contains($"{replacement}@example.com", pair);
        Assert.Equal(pair, EmailsOf(h, id, "escalation:1"));
        Assert.Contains($"{sick}@example.com", EmailsOf(h, id, "page"));
        Assert.DoesNotContain($"{sick}@example.com", EmailsOf(h, id, "escalation:1"));
    }

    [Fact]
    public async Task CallForHelp_EmailAndCard_LinkToTheIncidentPageWherePeopleJoin()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;

        await h.Service.CallForHelpAsync(id, "Liam", "need a DB person", null, default);

        var page = $"{Pager.DefaultBaseUrl}/api/incidents/{id}/page"; // the harness pager has no PublicBaseUrl
        var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:help:1:email:pm-org@example.com").Message;
        Assert.Contains(page, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{page}\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(page, h.Outbox.All.Single(m => m.Id == $"incident:{id}:help:1:teams").CardJson, StringComparison.Ordinal);
    }

    /// <summary>
    /// L3 (trial 33): two calls for help 25 seconds apart, the second with no words, went out as the same mail twice. The second
    /// says it is the second call, in its subject and first line; the first reads as before.
    /// </summary>
    [Fact]
    public async Task CallForHelp_Again_SaysWhichCall_InSubjectAndLead()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(AlertSeverity.Sev2), "api", null, default);
        var id = created.Value.Id;

        await h.Service.CallForHelpAsync(id, "sato", "決済に詳しい方", null, default);
        h.Time.Advance(TimeSpan.FromSeconds(25));
        await h.Service.CallForHelpAsync(id, "sato", null, null, default);
        await h.DrainQueueAsync();

        var first = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:help:1:email:pm-org@example.com").Message;
        var second = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:help:2:email:pm-org@example.com").Message;
        Assert.StartsWith("【SEV2 応援要請】", first.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("回目", first.TextBody, StringComparison.Ordinal);
        Assert.StartsWith($"【SEV2 応援要請・2回目】{id} ", second.Subject, StringComparison.Ordinal);
        Assert.Contains("2回目の呼び出しです。対応中のメンバーがまだ応援を求めています。", second.TextBody, StringComparison.Ordinal);
        Assert.NotEqual(first.Subject, second.Subject);
    }

    /// <summary>
    /// Trial 61 (a lead coming from PagerDuty, "add responders"): the help form could only call the whole PM organisation. Asking
    /// one member by name mails that member alone, in their language, saying who asks; no list, no channel card; the timeline row
    /// keeps whom.
    /// </summary>
    [Fact]
    public async Task CallForHelp_AskedByName_OnlyThatMemberIsMailed_InTheirLanguage()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(AlertSeverity.Sev2), "api", null, default);
        var id = created.Value.Id;
        Assert.DoesNotContain(created.Value.Assignees, a => a.Id == "emma");

        await h.Service.CallForHelpAsync(id, "sato", "決済に詳しい方", null, default, asked: "emma");
        await h.DrainQueueAsync();

        var help = h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:help:", StringComparison.Ordinal)).ToList();
        var mail = Assert.Single(help);
        Assert.Equal($"incident:{id}:help:1:email:emma@example.com", mail.Id);
        Assert.StartsWith($"[SEV2 help needed] {id}: ", mail.Message.Subject, StringComparison.Ordinal);
        Assert.Contains("is asking you to help with this incident. If you can join, open the incident page.", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Outbox.All, m => m.Id == $"incident:{id}:help:1:teams");
        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.HelpCalled);
        Assert.Equal(["emma"], row.Recipients);
    }

    /// <summary>Asking someone who is not an active roster member: 400 naming <c>ask</c>, nothing recorded, nobody told.</summary>
    [Fact]
    public async Task CallForHelp_AskedSomeoneNotOnTheRoster_RefusedNothingRecorded()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(AlertSeverity.Sev2), "api", null, default);
        var id = created.Value.Id;

        var refused = await Assert.ThrowsAsync<ValidationException>(() => h.Service.CallForHelpAsync(id, "sato", null, null, default, asked: "kimura"));
        await h.DrainQueueAsync();

        Assert.Contains("ask", refused.Errors.Keys);
        Assert.Equal(0, (await h.IncidentAsync(id)).HelpCalls);
        Assert.DoesNotContain(h.Outbox.All, m => m.Id.StartsWith($"incident:{id}:help:", StringComparison.Ordinal));
    }

    /// <summary>The language a test member reads (anyone else, a lead or a list, reads the team's: Japanese).</summary>
    private static bool ReadsJapanese(string email) =>
        OnDuty.Core.Tests.Fakes.TeamData.Members().FirstOrDefault(m => m.Email == email)?.Language is not OnDuty.Core.Team.Language.En;

    private static List<(string To, string Text, string Html)> MailsOf(IncidentHarness h, string id, string notice) =>
        [.. h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:{notice}:email:", StringComparison.Ordinal)).Select(s => (s.Message.To, s.Message.TextBody, s.Message.HtmlBody ?? ""))];

    /// <summary>The channel card's buttons (title → url) and its texts.</summary>
    private static (Dictionary<string, string> Buttons, List<string> Texts) CardOf(IncidentHarness h, string id, string notice)
    {
        var card = System.Text.Json.Nodes.JsonNode.Parse(h.Outbox.All.Single(m => m.Id == $"incident:{id}:{notice}:teams").CardJson!)!;
        var nodes = new List<System.Text.Json.Nodes.JsonObject>();
        void Walk(System.Text.Json.Nodes.JsonNode? n)
        {
            switch (n)
            {
                case System.Text.Json.Nodes.JsonObject o:
                    nodes.Add(o);
                    foreach (var (_, v) in o)
                    {
                        Walk(v);
                    }

                    break;
                case System.Text.Json.Nodes.JsonArray a:
                    foreach (var v in a)
                    {
                        Walk(v);
                    }

                    break;
            }
        }

        Walk(card);
        var buttons = nodes.Where(o => (string?)o["type"] == "Action.OpenUrl").GroupBy(o => (string)o["title"]!).ToDictionary(g => g.Key, g => (string)g.First()["url"]!);
        return (buttons, [.. nodes.Where(o => (string?)o["type"] == "TextRun").Select(o => (string)o["text"]!)]);
    }

    /// <summary>
    /// The page, by email and in the channel, and the acknowledgement link the incident page, where the duty member acknowledges
    /// and posts the first update; the channel card, which has no one-click link, asks them to open it; the acknowledgement says who.
    /// </summary>
    [Fact]
    public async Task PageAndAcknowledgement_LinkTheIncidentPage_AndTheAcknowledgementSaysWhoTookIt()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        var page = $"{Pager.DefaultBaseUrl}/api/incidents/{id}/page";

        var paged = MailsOf(h, id, "page");
        Assert.Equal(2, paged.Count);
        Assert.All(paged, m =>
        {
            Assert.Contains(page, m.Text, StringComparison.Ordinal);
            Assert.Contains($"href=\"{page}\"", m.Html, StringComparison.Ordinal);
            Assert.Contains("/api/ack/", m.Text, StringComparison.Ordinal); // the one-click link stays
        });
        var (buttons, texts) = CardOf(h, id, "page");
        Assert.Equal(page, buttons["障害ページを開く"]);
        Assert.Contains("障害が起票されました。当番の方は障害ページを開いて「対応します」を押してください。", texts);
        Assert.DoesNotContain(texts, t => t.Contains("確認して「対応します」", StringComparison.Ordinal));

        var acker = created.Value.Assignees[0];
        var other = created.Value.Assignees[1];
        await h.Service.AcknowledgeAsync(id, acker.Id, null, default);

        var ack = Assert.Single(MailsOf(h, id, "ack"));
        Assert.Equal(other.Email, ack.To);
        Assert.Contains(page, ack.Text, StringComparison.Ordinal);
        // Who, and when (T0, Tuesday 2026-12-01 10:00 in Tokyo), as the acknowledge page says it.
        Assert.Equal(IncidentHarness.T0, h.Time.GetUtcNow());
        Assert.Contains(
            ReadsJapanese(other.Email)
                ? $"{(acker.Language == OnDuty.Core.Team.Language.Ja ? OnDuty.Core.Team.Member.ShortNameOf(acker.DisplayName) : acker.DisplayName)}さんが 2026年12月1日(火) 10:00（JST）に対応を開始しました。"
                : $"{acker.DisplayName} acknowledged it at Tue 1 Dec 2026 10:00 (JST).",
            ack.Text,
            StringComparison.Ordinal);
        Assert.Equal(page, CardOf(h, id, "ack").Buttons["障害ページを開く"]);
    }

    /// <summary>
    /// Each escalation says what happens if nobody answers it: within the severity's ack timeout, the leads (by name when on the
    /// roster), then the whole organisation's list; the last step says it is the last.
    /// </summary>
    [Fact]
    public async Task NotifyDue_EachEscalationSaysWhenAndToWhomTheNextStepGoes_TheLastThatItIsTheLast()
    {
        var h = await CreateAsync(o => o.Leads = ["tanaka@example.com"]);
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default); // SEV3: an hour per step
        var id = created.Value.Id;

        h.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        var first = MailsOf(h, id, "escalation:1");
        Assert.NotEmpty(first);
        Assert.All(first, m => Assert.Contains(
            ReadsJapanese(m.To) ? "1時間以内に応答がなければ、リーダー（田中さん）にも連絡します。" : "If nobody acknowledges within 1 h, the lead (田中 健) is paged too.",
            m.Text,
            StringComparison.Ordinal));
        Assert.Contains("1時間以内に応答がなければ、リーダー（田中さん）にも連絡します。", CardOf(h, id, "escalation:1").Texts);

        h.Time.Advance(TimeSpan.FromMinutes(60));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));
        var toLead = Assert.Single(MailsOf(h, id, "escalation:2"));
        Assert.Equal("tanaka@example.com", toLead.To);
        Assert.Contains("1時間以内に応答がなければ、PM 組織の全員（pm-org@example.com）に連絡します。", toLead.Text, StringComparison.Ordinal);
        // The channel's card says who this step pages and why: the pair (by family name) silent for two ack timeouts, the lead by name.
        var pair = string.Join("・", (await h.IncidentAsync(id)).Assignees.Select(a => a.DisplayName.Split(' ')[0] + "さん"));
        var card2 = string.Join("\n", CardOf(h, id, "escalation:2").Texts);
        Assert.Contains($"当番（{pair}）から2時間以上応答がないため、リーダー（田中さん）に連絡しました。対応できる方は障害ページを開いて「対応します」を押してください。", card2, StringComparison.Ordinal);
        // Said once: the sentence before says nobody answered, so the general 「まだ誰も応答していません」 is not repeated after it.
        Assert.DoesNotContain("まだ誰も応答していません", card2, StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromMinutes(60));
        Assert.Equal([3], await h.Pager.NotifyDueAsync(id, default));
        var last = Assert.Single(MailsOf(h, id, "escalation:3"));
        Assert.Equal("pm-org@example.com", last.To);
        Assert.Contains("これが最後のエスカレーションです。", last.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("以内に応答がなければ", last.Text, StringComparison.Ordinal);
        // Step 3's card says whom it pages and why, as step 2's does: the pair silent three ack timeouts, the lead silent too.
        var card3 = string.Join("\n", CardOf(h, id, "escalation:3").Texts);
        Assert.Contains($"当番（{pair}）から3時間以上応答がなく、リーダーからも応答がないため、PM 組織の全員（pm-org@example.com）に連絡しました。", card3, StringComparison.Ordinal);
        Assert.DoesNotContain("まだ誰も応答していません", card3, StringComparison.Ordinal);
    }

    /// <summary>
    /// A lead configured by address (any case) that a roster member has is paged as that member: the mail goes to the address
    /// configured, named and in the member's language, and its one-click link names the member, so pressing it acknowledges as
    /// them (no typed name) and the pair hear who by name. A lead no member has stays an address whose link asks for a name.
    /// </summary>
    [Fact]
    public async Task NotifyDue_ALeadByAddressOnTheRoster_IsPagedAsThatMember_AndTheirLinkAcknowledgesAsThem()
    {
        var h = await CreateAsync();
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToHashSet();
        var stored = (await h.Roster.ListMembersAsync(default)).First(m => !duty.Contains(m.Value.Id));
        var lead = stored.Value with { Language = OnDuty.Core.Team.Language.En };
        await h.Roster.SaveMemberAsync(lead, stored.ETag, default);
        var configured = lead.Email.ToUpperInvariant();
        h.Options.Leads = [configured, "outside-lead@example.com"];
        var id = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(6));
        await h.Pager.NotifyDueAsync(id, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));

        var tokens = new AckToken(Microsoft.Extensions.Options.Options.Create(h.Options), h.Time);
        string LinkSubject(string text) =>
            tokens.Verify(System.Text.RegularExpressions.Regex.Match(text, @"/api/ack/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)").Groups[1].Value).MemberId!;
        var toMember = h.Outbox.All.Single(m => m.Id == $"incident:{id}:escalation:2:email:{lead.Email}");
        Assert.Equal((configured, lead.DisplayName), (toMember.Recipient, toMember.RecipientName));
        Assert.Equal(lead.Id, LinkSubject(toMember.TextBody));
        Assert.Contains("If nobody acknowledges within 5 min", toMember.TextBody, StringComparison.Ordinal); // the member reads English
        var toAddress = h.Outbox.All.Single(m => m.Id == $"incident:{id}:escalation:2:email:outside-lead@example.com");
        Assert.Null(toAddress.RecipientName);
        Assert.Equal("outside-lead@example.com", LinkSubject(toAddress.TextBody));
        Assert.Contains("5分以内に応答がなければ", toAddress.TextBody, StringComparison.Ordinal); // an address reads the team's language

        var holder = await h.Service.AckLinkHolderAsync(LinkSubject(toMember.TextBody), default);
        Assert.False(holder.AsksName);
        Assert.True((await h.Service.AckLinkHolderAsync("outside-lead@example.com", default)).AsksName);
        await h.Service.AcknowledgeAsync(id, holder.AcknowledgesAs, null, default);
        await h.DrainQueueAsync();

        Assert.Equal(lead.Id, (await h.IncidentAsync(id)).AcknowledgedBy);
        Assert.Equal(lead.Id, Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Acknowledged).By);
        var told = MailsOf(h, id, "ack");
        Assert.NotEmpty(told);
        Assert.All(told, m => Assert.Contains(lead.DisplayName, m.Text, StringComparison.Ordinal));
        Assert.All(told, m => Assert.DoesNotContain(lead.Email, m.Text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A lead on duty this week is paged with the pair already: the escalation names only the other leads (trial day 27). When every
    /// lead is on duty, the leads' step would tell nobody new: the step-1 mail names the step really reached next, the organisation,
    /// one ack timeout on, and never 「リーダー（自分）にもう一度」 (trial day 28, H1).
    /// </summary>
    [Fact]
    public async Task NotifyDue_LeadOnDutyThisWeek_NextStepNamesOnlyTheOtherLeads_OrTheStepAfterWhenNoneIsNew()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default); // SEV3: an hour per step
        var onDuty = (await h.IncidentAsync(created.Value.Id)).Assignees[0];
        h.Options.Leads = [onDuty.Email!.ToUpperInvariant(), "tanaka@example.com"];
        var (second, _) = await h.Service.CreateAsync(Details() with { Title = "二件目" }, "api", null, default);

        h.Time.Advance(TimeSpan.FromMinutes(61));
        await h.Pager.NotifyDueAsync(created.Value.Id, default);
        var first = MailsOf(h, created.Value.Id, "escalation:1").First(m => ReadsJapanese(m.To));
        Assert.Contains("1時間以内に応答がなければ、リーダー（田中さん）にも連絡します。", first.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(onDuty.DisplayName + "さん）", first.Text, StringComparison.Ordinal);

        h.Options.Leads = [" " + onDuty.Email!.ToUpperInvariant() + " "];
        await h.Pager.NotifyDueAsync(second.Value.Id, default);
        var toPair = MailsOf(h, second.Value.Id, "escalation:1").First(m => ReadsJapanese(m.To));
        Assert.Contains("1時間以内に応答がなければ、PM 組織の全員（pm-org@example.com）に連絡します。", toPair.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("もう一度", toPair.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("リーダー（", toPair.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The only lead is on duty (configured by address in another case): step 2 would page them again, so when it is due it is
    /// passed over at once and the organisation hears then, not a timeout later; the timeline says why, naming the lead. The pair
    /// and the lead get no second mail for the skipped step, and a later run sends nothing more.
    /// </summary>
    [Fact]
    public async Task NotifyDue_TheOnlyLeadIsOnDuty_TheLeadsStepIsSkippedAndTheOrganisationIsPagedWhenItWasDue()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default); // SEV1: five minutes a step
        var id = created.Value.Id;
        var onDuty = (await h.IncidentAsync(id)).Assignees[0];
        h.Options.Leads = [onDuty.Email!.ToUpperInvariant()];

        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([3], await h.Pager.NotifyDueAsync(id, default));
        Assert.Empty(await h.Pager.NotifyDueAsync(id, default));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await h.Pager.NotifyDueAsync(id, default));

        Assert.Empty(EmailsOf(h, id, "escalation:2"));
        Assert.Equal(["pm-org@example.com"], EmailsOf(h, id, "escalation:3"));
        var timeline = await h.TimelineAsync(id);
        var skipped = Assert.Single(timeline, t => t.Kind == TimelineKind.StepSkipped);
        Assert.Equal((2, $"step 2 reaches nobody new: {onDuty.Email!.ToUpperInvariant()} paged already"), (skipped.Step!.Value, skipped.Message));
        Assert.Equal(
            $"リーダー（{onDuty.DisplayName}）はすでに呼び出し済みのため省略し、すぐ次の段階に進みました",
            OnDuty.Messages.TimelineText.For(TimelineKind.StepSkipped, skipped.Message, OnDuty.Core.Team.Language.Ja, a => a.Trim().Equals(onDuty.Email, StringComparison.OrdinalIgnoreCase) ? onDuty.DisplayName : null));
        Assert.Equal([1, 3], timeline.Where(t => t.Kind == TimelineKind.Escalated).Select(t => t.Step!.Value));
        Assert.Equal("escalation step 3 to pm-org@example.com", timeline.Single(t => t.Kind == TimelineKind.Escalated && t.Step == 3).Message);

        // The channel's card gives the pair's silence as it was when the step went (two ack timeouts), not three.
        var card = h.Outbox.All.Single(m => m.Channel == OnDuty.Core.Notifications.Channel.Teams && m.Id.StartsWith($"incident:{id}:escalation:3:", StringComparison.Ordinal)).CardJson!;
        var texts = System.Text.Json.Nodes.JsonNode.Parse(card)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("から10分以上応答がないため、PM 組織の全員（pm-org@example.com）に連絡しました。", texts, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two leads, one on duty: the leads' step tells someone new, so it goes as before, to both (a reminder to the one on duty).
    /// </summary>
    [Fact]
    public async Task NotifyDue_OneOfTwoLeadsOnDuty_TheLeadsStepGoesToBoth()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default);
        var id = created.Value.Id;
        var onDuty = (await h.IncidentAsync(id)).Assignees[0];
        h.Options.Leads = [onDuty.Email!, "tanaka@example.com"];

        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Pager.NotifyDueAsync(id, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));

        Assert.Equal([onDuty.Email!, "tanaka@example.com"], EmailsOf(h, id, "escalation:2").OrderBy(e => e == "tanaka@example.com"));
        Assert.DoesNotContain(await h.TimelineAsync(id), t => t.Kind == TimelineKind.StepSkipped);
    }

    /// <summary>
    /// The lead's mail at step 2 reads as theirs: it comes to them as the lead, because the pair (named) has not answered for two
    /// ack timeouts; the pair's own step-1 mail keeps the general wording.
    /// </summary>
    [Fact]
    public async Task NotifyDue_TheLeadsMail_SaysItComesAsTheLeadAndWhoseSilence()
    {
        var h = await CreateAsync(o => o.Leads = ["tanaka@example.com"]);
        var (created, _) = await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default);
        var id = created.Value.Id;
        var pair = (await h.IncidentAsync(id)).Assignees;

        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Pager.NotifyDueAsync(id, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));

        var toLead = Assert.Single(MailsOf(h, id, "escalation:2"));
        Assert.Contains($"リーダー宛てのエスカレーションです。当番（{San(pair[0])}・{San(pair[1])}）から10分以上応答がありません。", toLead.Text, StringComparison.Ordinal);
        Assert.All(MailsOf(h, id, "escalation:1"), m => Assert.DoesNotContain("リーダー宛て", m.Text, StringComparison.Ordinal));
        Assert.Equal("escalation step 2 to tanaka@example.com", Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Escalated && t.Step == 2).Message);
    }

    /// <summary>
    /// Two incidents reaching step 2 in the same run: the lead's one mail about both reads as theirs, as the single mail and the
    /// grouped text do — it comes to them as the lead, because the pair (named) has not answered for two ack timeouts — and not as
    /// the general 「まだ誰も応答していません。対応できる方は…」 of a step to the pair; and the channel's one card says who is paged now and why.
    /// </summary>
    [Fact]
    public async Task EscalateOpenIncidents_StepTwoTogether_TheLeadsOneMail_SaysItComesAsTheLeadAndWhoseSilence()
    {
        var h = await CreateAsync(o => o.Leads = ["tanaka@example.com"]);
        var first = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id;
        await h.Service.CreateAsync(Details(AlertSeverity.Sev1) with { Title = "カード決済ができない" }, "api", null, default);
        var pair = (await h.IncidentAsync(first)).Assignees;

        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Pager.EscalateOpenIncidentsAsync(default);

        var together = h.Email.Sent.Where(s => s.Id.StartsWith("escalations:2:", StringComparison.Ordinal)).ToList();
        var toLead = Assert.Single(together, s => s.Message.To == "tanaka@example.com").Message;
        Assert.Contains(
            $"リーダー宛てのエスカレーションです。次の障害2件に、当番（{San(pair[0])}・{San(pair[1])}）から10分以上応答がありません。状況を確認し、対応できる場合はそれぞれ「対応します」を押すか、まとめて対応してください。",
            toLead.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("まだ誰も応答していません", toLead.TextBody, StringComparison.Ordinal);

        // The channel's one card about both says who is paged now and why, as each incident's single card does.
        var texts = GroupedCardText(h, 2);
        var lead = OnDuty.Core.Tests.Fakes.TeamData.Members().Single(m => m.Email == "tanaka@example.com");
        Assert.Contains(
            $"次の障害2件に当番（{San(pair[0])}・{San(pair[1])}）から10分以上応答がないため、リーダー（{OnDuty.Core.Team.Member.ShortNameOf(lead.DisplayName)}さん）に連絡しました。対応できる方はそれぞれの障害ページを開いて「対応します」を押すか、まとめて対応してください。",
            texts, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two incidents reaching step 3 (the whole PM organisation) in the same run, after the lead was paged: the organisation's one
    /// mail says the pair (named) and the lead paged before (named) have not answered, and for how long (three ack timeouts), as the
    /// step-2 mail says its part — not the general 「まだ誰も応答していません」; the channel's one card says so too, and whom it pages now.
    /// </summary>
    [Fact]
    public async Task EscalateOpenIncidents_StepThreeTogether_TheOrganisationsMailAndCard_SayThePairAndTheLeadDidNotAnswer()
    {
        var h = await CreateAsync(o => o.Leads = ["tanaka@example.com"]);
        var first = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id;
        await h.Service.CreateAsync(Details(AlertSeverity.Sev1) with { Title = "カード決済ができない" }, "api", null, default);
        var pair = (await h.IncidentAsync(first)).Assignees;

        for (var i = 0; i < 3; i++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(5));
            await h.Pager.EscalateOpenIncidentsAsync(default);
        }

        var lead = OnDuty.Core.Tests.Fakes.TeamData.Members().Single(m => m.Email == "tanaka@example.com");
        AssertStepThreeTogetherSays(
            h,
            $"PM 組織の全員へのエスカレーションです。次の障害2件に、当番（{San(pair[0])}・{San(pair[1])}）から15分以上応答がなく、先に連絡したリーダー（{OnDuty.Core.Team.Member.ShortNameOf(lead.DisplayName)}さん）からも応答がありません。対応できる方は、それぞれ「対応します」を押すか、まとめて対応してください。",
            $"次の障害2件に当番（{San(pair[0])}・{San(pair[1])}）から15分以上応答がなく、リーダーからも応答がないため、PM 組織の全員（pm-org@example.com）に連絡しました。");
    }

    /// <summary>
    /// The organisation's one mail (to its list) about the incidents that reached step 3 together says <paramref name="mail"/>, and the
    /// channel's one card <paramref name="card"/>; neither the general 「まだ誰も応答していません」.
    /// </summary>
    private static string AssertStepThreeTogetherSays(IncidentHarness h, string mail, string card)
    {
        var toOrganisation = Assert.Single(h.Email.Sent, s => s.Id.StartsWith("escalations:3:", StringComparison.Ordinal)).Message;
        Assert.Equal("pm-org@example.com", toOrganisation.To);
        Assert.Contains(mail, toOrganisation.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("まだ誰も応答していません", toOrganisation.TextBody, StringComparison.Ordinal);
        var texts = GroupedCardText(h, 3);
        Assert.Contains(card, texts, StringComparison.Ordinal);
        Assert.DoesNotContain("まだ誰も応答していません", texts, StringComparison.Ordinal);
        return toOrganisation.TextBody;
    }

    /// <summary>A colleague as the Japanese texts call them: a Japanese name's family name, else the display name, with さん.</summary>
    private static string San(AssignedMember a) =>
        (a.Language == OnDuty.Core.Team.Language.Ja ? OnDuty.Core.Team.Member.ShortNameOf(a.DisplayName) : a.DisplayName) + "さん";

    /// <summary>The channel's one card about the incidents that reached <paramref name="step"/> together, as JSON with its text unescaped.</summary>
    private static string GroupedCardText(IncidentHarness h, int step) =>
        System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(h.Outbox.All,
            m => m.Channel == OnDuty.Core.Notifications.Channel.Teams && m.Id.StartsWith($"escalations:{step}:", StringComparison.Ordinal)).CardJson!)!
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>
    /// Two incidents reaching the organisation's step together when the leads' step was passed over — the only lead is on duty, or
    /// no lead is configured: the organisation's one mail and the channel's one card say no lead was paged first, and the pair's
    /// silence as it was when the step went out (two ack timeouts: it went when the leads' step was due) — not the general
    /// 「まだ誰も応答していません」.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EscalateOpenIncidents_StepThreeTogetherWithoutTheLeadsStep_TheOrganisationsMailAndCard_SayNoLeadWasPagedFirst(bool leadOnDuty)
    {
        var h = await CreateAsync();
        var first = (await h.Service.CreateAsync(Details(AlertSeverity.Sev1), "api", null, default)).Incident.Value.Id;
        await h.Service.CreateAsync(Details(AlertSeverity.Sev1) with { Title = "カード決済ができない" }, "api", null, default);
        var pair = (await h.IncidentAsync(first)).Assignees;
        h.Options.Leads = leadOnDuty ? [pair[0].Email!] : [];

        for (var i = 0; i < 2; i++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(5));
            await h.Pager.EscalateOpenIncidentsAsync(default);
        }

        Assert.DoesNotContain(h.Email.Sent, s => s.Id.StartsWith("escalations:2:", StringComparison.Ordinal));
        var mail = AssertStepThreeTogetherSays(
            h,
            $"PM 組織の全員へのエスカレーションです。次の障害2件に、当番（{San(pair[0])}・{San(pair[1])}）から10分以上応答がありません。当番のほかに連絡できるリーダーがいないため、リーダーには先に連絡していません。",
            $"次の障害2件に当番（{San(pair[0])}・{San(pair[1])}）から10分以上応答がなく、当番のほかに連絡できるリーダーもいないため、PM 組織の全員（pm-org@example.com）に連絡しました。");
        Assert.DoesNotContain("先に連絡したリーダー", mail, StringComparison.Ordinal);
    }

    /// <summary>
    /// An incident a person reported: the page says who (a member by display name, a typed name as typed) in its first line and
    /// its source, and the record keeps who opened it; the JSON API's stand-in names nobody.
    /// </summary>
    [Theory]
    [InlineData("sato", "佐藤さんが障害を起票しました。", "発生元：手動起票（佐藤 花子）")]
    [InlineData("外部 次郎", "外部さんが障害を起票しました。", "発生元：手動起票（外部 次郎）")]
    [InlineData("api", "障害が起票されました。", "発生元：手動起票\n")]
    public async Task Create_ByAPerson_ThePageSaysWhoReportedIt(string by, string lead, string source)
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(Details(), by, null, default)).Incident.Value.Id;

        var japanese = MailsOf(h, id, "page").Where(m => ReadsJapanese(m.To)).ToList();
        Assert.NotEmpty(japanese);
        Assert.All(japanese, m =>
        {
            Assert.Contains(lead, m.Text, StringComparison.Ordinal);
            Assert.Contains(source, m.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        });
        Assert.Equal(by, (await h.IncidentAsync(id)).OpenedBy);
    }

    [Fact]
    public async Task NotifyDue_ReplacementTakenBack_EscalationGoesToTheAnnouncedPairAgain()
    {
        var h = await CreateAsync();
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = shift.StartDate, Week = shift.Week, Members = shift.MemberIds, Status = FrozenShiftStatus.Announced }, default);
        var sick = shift.MemberIds[0];
        var replacement = new[] { "yamada", "sato", "emma", "tanaka" }.First(m => !shift.MemberIds.Contains(m));
        var change = await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default);
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;

        await h.Rotations.DeleteOverrideAsync("incident-duty", change.Items[0].Id, "feeling better", default);
        h.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));

        Assert.Contains($"{replacement}@example.com", EmailsOf(h, id, "page"));
        Assert.Equal(shift.MemberIds.Select(m => $"{m}@example.com").Order(StringComparer.Ordinal), EmailsOf(h, id, "escalation:1"));
    }
}
