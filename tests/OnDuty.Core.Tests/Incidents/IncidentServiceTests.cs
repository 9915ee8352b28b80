using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

public sealed class IncidentServiceTests
{
    private static NewIncident Details(string title = "Checkout down", AlertSeverity severity = AlertSeverity.Sev2) => new() { Title = title, Severity = severity };

    [Fact]
    public async Task Create_SameIdempotencyKeyTwice_OneIncidentPagedOnce()
    {
        var h = await CreateAsync();

        var (first, created) = await h.Service.CreateAsync(Details(), "api", "key-1", default);
        var (second, createdAgain) = await h.Service.CreateAsync(Details(), "api", "key-1", default);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Value.Id, second.Value.Id);
        Assert.Equal(1, h.Incidents.Count);
        Assert.Equal((await h.DutyEmailsAsync()).Count, h.Email.Sent.Count);
        var (other, _) = await h.Service.CreateAsync(Details(), "api", "key-2", default);
        Assert.NotEqual(first.Value.Id, other.Value.Id);
    }

    /// <summary>
    /// Each text within its limit, yet together past what the record can hold once stored ('&amp;' is stored as six characters;
    /// real storage would refuse the row): refused before an id is spent or the idempotency key bound, naming the longest text,
    /// in words a person can act on. Nothing is stored or sent, and the same key then opens the shortened incident as new.
    /// </summary>
    [Fact]
    public async Task Create_TextsWithinLimitsButTogetherTooLargeToStore_400NamingTheLongestNothingStoredThenTheKeyOpensIt()
    {
        var h = await CreateAsync();
        var ampersands = new string('&', Incident.MaxTextLength);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            h.Service.CreateAsync(Details() with { UserImpact = ampersands, Workaround = ampersands[..3000] }, "api", "key-1", default));

        var message = Assert.Single(Assert.Single(error.Errors).Value);
        Assert.Equal("userImpact", Assert.Single(error.Errors).Key);
        Assert.Matches(@"together they take 420[0-9]{2} characters as stored .*at most 20000; shorten it", message);
        Assert.Equal(0, h.Incidents.Count);
        Assert.Empty(h.Outbox.All);
        var (shortened, created) = await h.Service.CreateAsync(Details() with { UserImpact = "a & b", Workaround = ampersands[..1000] }, "api", "key-1", default);
        Assert.True(created);
        Assert.Equal("a & b", (await h.IncidentAsync(shortened.Value.Id)).UserImpact);
        Assert.Equal(1, h.Incidents.Count);
        Assert.Equal((await h.DutyEmailsAsync()).Count, h.Email.Sent.Count);
    }

    /// <summary>An update's texts count with what the record keeps: cause and next steps that fit alone, not with the impact kept.</summary>
    [Fact]
    public async Task Update_TextsFitAloneButNotWithWhatTheRecordKeeps_400NamingTheLongestNothingChanged()
    {
        var h = await CreateAsync();
        var ampersands = new string('&', Incident.MaxTextLength);
        var (incident, _) = await h.Service.CreateAsync(Details() with { UserImpact = ampersands[..2500] }, "api", null, default);
        var before = await h.TimelineAsync(incident.Value.Id);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            h.Service.PostUpdateAsync(incident.Value.Id, null, "原因を特定しました", new IncidentEdit { Cause = ampersands[..1000], NextSteps = ampersands[..300] }, "sato", null, null, default));

        Assert.Equal("cause", Assert.Single(error.Errors).Key);
        var stored = await h.IncidentAsync(incident.Value.Id);
        Assert.Null(stored.Cause);
        Assert.Equal(before.Count, (await h.TimelineAsync(incident.Value.Id)).Count);
        await h.Service.PostUpdateAsync(incident.Value.Id, null, "原因を特定しました", new IncidentEdit { Cause = "a & b" }, "sato", null, null, default);
        Assert.Equal("a & b", (await h.IncidentAsync(incident.Value.Id)).Cause);
    }

    /// <summary>
    /// A record stored before the limit with texts past it (allowed then, up to what a property holds) can still be updated and
    /// resolved by an update that does not make its texts larger; one that adds to them is refused (review).
    /// </summary>
    [Fact]
    public async Task Update_RecordPastTheLimitStoredBefore_ResolvingWithAShortMessageIsAccepted_AddingIsRefused()
    {
        var h = await CreateAsync();
        var ampersands = new string('&', Incident.MaxTextLength);
        var (incident, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var stored = await h.Incidents.GetAsync(incident.Value.Id, default);
        var past = Incident.Restore(stored!.Value.ToSnapshot() with { UserImpact = ampersands[..3500], Workaround = ampersands[..500] });
        await h.Incidents.SaveAsync(past, stored.ETag, null, default);

        await Assert.ThrowsAsync<ValidationException>(() =>
            h.Service.PostUpdateAsync(incident.Value.Id, null, null, new IncidentEdit { Cause = ampersands[..100] }, "sato", null, null, default));
        await h.Service.PostUpdateAsync(incident.Value.Id, IncidentStatus.Resolved, "復旧しました", new IncidentEdit { Workaround = "" }, "sato", null, null, default);

        Assert.Equal(IncidentStatus.Resolved, (await h.IncidentAsync(incident.Value.Id)).Status);
    }

    [Fact]
    public async Task StatusBoard_LastUpdateFromTheRecord_OrFromTheTimelineForRecordsStoredBeforeItKeptIt()
    {
        var h = await CreateAsync();
        var (kept, _) = await h.Service.CreateAsync(Details("Kept"), "sato", null, default);
        var (old, _) = await h.Service.CreateAsync(Details("Old"), "sato", null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Service.PostUpdateAsync(kept.Value.Id, IncidentStatus.Identified, "found it", null, "sato", null, null, default);
        await h.Service.PostUpdateAsync(old.Value.Id, IncidentStatus.Identified, "found it too", null, "emma", null, null, default);
        var stored = (await h.Incidents.GetAsync(old.Value.Id, default))!;
        var before = Incident.Restore(stored.Value.ToSnapshot() with { LastPersonUpdate = null, LastPersonUpdateKnown = false });
        await h.Incidents.SaveAsync(before, stored.ETag, null, default);

        var board = await h.Service.StatusBoardAsync(default);

        Assert.Equal([(old.Value.Id, T0.AddMinutes(5), "found it too"), (kept.Value.Id, T0.AddMinutes(5), "found it")],
            board.Select(e => (e.Incident.Id, e.LastUpdateAt, e.LastUpdate)).OrderByDescending(e => e.Id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task StatusBoard_NobodyHasSpoken_SaidSo_ItsDetectionTheTime()
    {
        var h = await CreateAsync();
        var (silent, _) = await h.Service.CreateAsync(Details("Silent"), "alert:grafana", null, default);
        var (declared, _) = await h.Service.CreateAsync(Details("Declared"), "sato", null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var board = await h.Service.StatusBoardAsync(default);

        // Trial day 28, L12: monitoring's incident nobody updated is not "last updated" at its detection.
        Assert.Equal([(silent.Value.Id, T0, true), (declared.Value.Id, T0, false)],
            board.Select(e => (e.Incident.Id, e.LastUpdateAt, e.NobodyUpdated)).OrderBy(e => e.Item3 ? 0 : 1));
    }

    [Fact]
    public async Task Create_DutyMembersWithoutUpn_CardNamesThemWithoutAMentionThatWouldNotArrive()
    {
        var h = await CreateAsync();

        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);

        var card = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(h.Teams.Cards))!;
        Assert.Null(card["msteams"]?["entities"]);
        var text = card["body"]!.ToJsonString();
        Assert.DoesNotContain("<at>", System.Text.RegularExpressions.Regex.Unescape(text), StringComparison.Ordinal);
        Assert.All(created.Value.Assignees, a => Assert.Contains(a.DisplayName, System.Text.RegularExpressions.Regex.Unescape(text), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_DutyMembersWithoutUpnButKnownToTheDirectory_CardMentionsThemByObjectId()
    {
        var h = await CreateAsync();
        var duty = await h.Pager.CurrentDutyAsync(default); // before the lookup exists: plain members
        var ids = duty.ToDictionary(a => a.Email, a => Guid.NewGuid().ToString());
        foreach (var (mail, id) in ids)
        {
            h.Directory.UserIds[mail] = id;
        }

        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);

        var card = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(h.Teams.Cards))!;
        var mentioned = card["msteams"]!["entities"]!.AsArray().Select(e => e!["mentioned"]!["id"]!.GetValue<string>());
        Assert.Equal(ids.Values.Order(), mentioned.Order());
        Assert.Equal(ids.Values.Order(), created.Value.Assignees.Select(a => a.Upn!).Order()); // kept with the incident for later steps
    }

    [Fact]
    public async Task Create_DirectoryUnreachable_PagesAnywayNamingThemWithoutAMention()
    {
        var h = await CreateAsync();
        foreach (var member in await h.Pager.CurrentDutyAsync(default))
        {
            h.Directory.Unreachable.Add(member.Email);
        }

        await h.Service.CreateAsync(Details(), "api", null, default);

        Assert.Equal(2, h.Email.Sent.Count);
        Assert.Null(System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(h.Teams.Cards))!["msteams"]?["entities"]);
    }

    [Fact]
    public async Task Update_StaleETag_ConcurrencyExceptionAndNothingWritten()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var fresh = await h.Service.PostUpdateAsync(created.Value.Id, IncidentStatus.Identified, "found it", null, "sato", created.ETag, null, default);
        var timeline = await h.TimelineAsync(created.Value.Id);

        await Assert.ThrowsAsync<ConcurrencyException>(() =>
            h.Service.PostUpdateAsync(created.Value.Id, IncidentStatus.Monitoring, "stale", null, "emma", created.ETag, null, default));

        var stored = await h.Incidents.GetAsync(created.Value.Id, default);
        Assert.Equal(fresh.ETag, stored!.ETag);
        Assert.Equal(IncidentStatus.Identified, stored.Value.Status);
        Assert.Equal(timeline, await h.TimelineAsync(created.Value.Id));
    }

    [Fact]
    public async Task Acknowledge_Twice_OneAckAndOneAcknowledgedByNotice()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        var acker = created.Value.Assignees[0];
        var other = created.Value.Assignees[1];

        await h.Service.AcknowledgeAsync(id, acker.Id, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Service.AcknowledgeAsync(id, other.Id, null, default);

        var incident = await h.IncidentAsync(id);
        Assert.Equal(acker.Id, incident.AcknowledgedBy);
        Assert.Equal(T0, incident.AcknowledgedAt);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Acknowledged);
        var notices = h.OutboxIds(id).Where(m => m.Contains(":ack:", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([$"incident:{id}:ack:email:{other.Email}", $"incident:{id}:ack:teams"], notices);
        Assert.Single(h.Email.Sent, s => s.Id.Contains(":ack:", StringComparison.Ordinal) && s.Message.To == other.Email);
        Assert.Equal(2, h.Teams.Cards.Count); // the page and one "acknowledged by"
    }

    /// <summary>The trial's F13: the alert cleared, the member woke and tapped the page's link; the others were told work began.</summary>
    [Fact]
    public async Task Acknowledge_AResolvedIncident_NotAcknowledgedAndNobodyTold()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        await h.DrainQueueAsync();
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;
        var cards = h.Teams.Cards.Count;
        var timeline = await h.TimelineAsync(id);
        h.Time.Advance(TimeSpan.FromMinutes(6));

        var answered = await h.Service.AcknowledgeAsync(id, created.Value.Assignees[0].Id, null, default);
        await h.DrainQueueAsync();

        Assert.Equal((id, false, T0), (answered.Value.Id, answered.Value.IsOpen, answered.Value.ResolvedAt));
        var stored = await h.IncidentAsync(id);
        Assert.Equal((IncidentStatus.Resolved, (string?)null, (DateTimeOffset?)null), (stored.Status, stored.AcknowledgedBy, stored.AcknowledgedAt));
        Assert.Equal(timeline, await h.TimelineAsync(id));
        Assert.DoesNotContain(h.OutboxIds(id), m => m.Contains(":ack:", StringComparison.Ordinal));
        Assert.Equal(sent, h.Email.Sent.Count);
        Assert.Equal(cards, h.Teams.Cards.Count);
        Assert.True(IncidentService.RefusedAsResolved(answered.Value, created.Value.Assignees[0].Id));
    }

    /// <summary>
    /// An acknowledgement that went through, repeated after the incident resolved (a retry with the same key, the link tapped
    /// again): no refusal — the answer must not say "not acknowledged, nobody told" when it was and they were.
    /// </summary>
    [Fact]
    public async Task Acknowledge_RepeatedAfterItResolved_IsNoRefusal_SomeoneElsesIs()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;
        var (member, other) = (created.Value.Assignees[0].Id, created.Value.Assignees[1].Id);
        await h.Service.AcknowledgeAsync(id, member, "key-1", default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);

        var retried = await h.Service.AcknowledgeAsync(id, member, "key-1", default);
        var again = await h.Service.AcknowledgeAsync(id, member, null, default);
        var late = await h.Service.AcknowledgeAsync(id, other, null, default);

        Assert.False(IncidentService.RefusedAsResolved(retried.Value, member));
        Assert.False(IncidentService.RefusedAsResolved(again.Value, member));
        Assert.True(IncidentService.RefusedAsResolved(late.Value, other));
        Assert.Equal(member, (await h.IncidentAsync(id)).AcknowledgedBy);
    }

    [Fact]
    public async Task Acknowledge_AMergedDuplicate_AcknowledgesTheOneMergedInto_UnlessThatOneResolved()
    {
        var h = await CreateAsync();
        var keep = (await h.Service.CreateAsync(Details("Checkout down"), "api", null, default)).Incident.Value;
        var duplicate = (await h.Service.CreateAsync(Details("Checkout fails"), "api", null, default)).Incident.Value.Id;
        var other = (await h.Service.CreateAsync(Details("Search down"), "api", null, default)).Incident.Value;
        var otherDuplicate = (await h.Service.CreateAsync(Details("Search fails"), "api", null, default)).Incident.Value.Id;
        await h.Merger.MergeAsync(duplicate, keep.Id, "sato", default);
        await h.Merger.MergeAsync(otherDuplicate, other.Id, "sato", default);
        await h.Service.PostUpdateAsync(other.Id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        var member = keep.Assignees[0].Id;

        var acknowledged = await h.Service.AcknowledgeAsync(duplicate, member, null, default);
        var refused = await h.Service.AcknowledgeAsync(otherDuplicate, member, null, default);

        Assert.Equal((keep.Id, true, member), (acknowledged.Value.Id, acknowledged.Value.IsOpen, acknowledged.Value.AcknowledgedBy));
        Assert.Equal(member, (await h.IncidentAsync(keep.Id)).AcknowledgedBy);
        Assert.Contains($"incident:{keep.Id}:ack:teams", h.OutboxIds(keep.Id));
        Assert.Equal((other.Id, false), (refused.Value.Id, refused.Value.IsOpen));
        Assert.Null((await h.IncidentAsync(other.Id)).AcknowledgedBy);
        Assert.DoesNotContain(h.OutboxIds(other.Id), m => m.Contains(":ack:", StringComparison.Ordinal));
        Assert.Equal(other.Id, (await h.Service.GetAcknowledgeableAsync(otherDuplicate, default)).Id);
        Assert.Equal(keep.Id, (await h.Service.GetAcknowledgeableAsync(duplicate, default)).Id);
    }

    [Fact]
    public async Task AcknowledgeMany_EveryOpenOneNobodyAcknowledged_EachAcknowledgedAndTheOtherToldOnce()
    {
        var h = await CreateAsync();
        var ids = new List<string>();
        for (var n = 0; n < 4; n++)
        {
            ids.Add((await h.Service.CreateAsync(Details($"Storm {n}", n == 2 ? AlertSeverity.Sev1 : AlertSeverity.Sev3), "alert:grafana", null, default)).Incident.Value.Id);
        }

        var earlier = ids[0];
        var assignees = (await h.IncidentAsync(earlier)).Assignees;
        var (acker, other) = (assignees[0], assignees[1]);
        await h.Service.AcknowledgeAsync(earlier, other.Id, null, default);
        await h.Service.PostUpdateAsync(ids[1], IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var done = await h.Service.AcknowledgeManyAsync(null, acker.Id, default);

        Assert.Equal([ids[2], ids[3]], done.Acknowledged);
        Assert.Empty(done.Skipped);
        foreach (var id in done.Acknowledged)
        {
            var incident = await h.IncidentAsync(id);
            Assert.Equal((acker.Id, T0.AddMinutes(1)), (incident.AcknowledgedBy, incident.AcknowledgedAt));
            Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Acknowledged && t.By == acker.Id);
            Assert.DoesNotContain(h.OutboxIds(id), m => m.Contains(":ack:", StringComparison.Ordinal));
        }

        Assert.Equal(other.Id, (await h.IncidentAsync(earlier)).AcknowledgedBy);
        var told = h.Outbox.All.Where(m => m.Id.StartsWith("acks:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, told.Count); // one email to the other member, one card
        var topic = OutboxIds.AcknowledgementsTopic(acker.Id, done.Acknowledged);
        Assert.Equal([OutboxIds.Email(topic, other.Email), OutboxIds.Teams(topic)], told.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, done.Told); // the page says the others on duty are told

        // The incident resolved a minute ago is still on the status page: looking for the waiting ones dropped nothing.
        Assert.Contains(await h.Service.StatusBoardAsync(default), e => e.Incident.Id == ids[1]);

        // Again: nothing left to acknowledge, nothing more told.
        var again = await h.Service.AcknowledgeManyAsync(null, acker.Id, default);
        Assert.Empty(again.Acknowledged);
        Assert.Equal(0, again.Told);
        Assert.Equal(2, h.Outbox.All.Count(m => m.Id.StartsWith("acks:", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The partner on leave, so one person on duty: acknowledging together tells nobody else (the channel's card only), and says so
    /// (<see cref="AcknowledgedTogether.Told"/> 0: the page leaves out 「当番のほかの人には 1 通でお知らせします」); one alone the same.
    /// </summary>
    [Fact]
    public async Task AcknowledgeMany_NobodyElseOnDuty_TellsNobodyAndSaysSo()
    {
        var h = await CreateAsync();
        var pair = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members;
        foreach (var away in TeamData.Rotation().Members.Where(m => m != pair[0].Id))
        {
            await h.Roster.AddLeaveAsync(new Leave { Id = "20261130-20261202", MemberId = away, From = new DateOnly(2026, 11, 30), To = new DateOnly(2026, 12, 2) }, default);
        }

        var ids = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            ids.Add((await h.Service.CreateAsync(Details($"Storm {n}"), "alert:grafana", null, default)).Incident.Value.Id);
        }

        Assert.Equal([pair[0].Id], (await h.IncidentAsync(ids[0])).Assignees.Select(a => a.Id));

        var together = await h.Service.AcknowledgeManyAsync([ids[0], ids[1]], pair[0].Id, default);
        Assert.Equal((2, 0), (together.Acknowledged.Count, together.Told));
        Assert.DoesNotContain(h.Outbox.All, m => m.Id.StartsWith("acks:", StringComparison.Ordinal) && m.Id.Contains(":email:", StringComparison.Ordinal));

        var alone = await h.Service.AcknowledgeManyAsync([ids[2]], pair[0].Id, default);
        Assert.Equal([ids[2]], alone.Acknowledged);
        Assert.Equal(0, alone.Told);
    }

    [Fact]
    public async Task AcknowledgeMany_ListedIds_SkipsUnknownResolvedAndAcknowledgedSayingWhy()
    {
        var h = await CreateAsync();
        var open = (await h.Service.CreateAsync(Details("Open"), "api", null, default)).Incident.Value.Id;
        var acked = (await h.Service.CreateAsync(Details("Acked"), "api", null, default)).Incident.Value.Id;
        var resolved = (await h.Service.CreateAsync(Details("Resolved"), "api", null, default)).Incident.Value.Id;
        var member = (await h.IncidentAsync(open)).Assignees[0].Id;
        await h.Service.AcknowledgeAsync(acked, member, null, default);
        await h.Service.PostUpdateAsync(resolved, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);

        var done = await h.Service.AcknowledgeManyAsync([open, acked, resolved, "INC-2099-0001", open], member, default);

        Assert.Equal([open], done.Acknowledged);
        Assert.Equal([new SkippedAcknowledgement(acked, "acknowledged"), new SkippedAcknowledgement("INC-2099-0001", "notFound"), new SkippedAcknowledgement(resolved, "resolved")],
            done.Skipped.OrderBy(s => s.Reason, StringComparer.Ordinal));
        Assert.Null((await h.IncidentAsync(resolved)).AcknowledgedBy);

        // One incident acknowledged is told as an acknowledgement of that incident.
        Assert.Contains($"incident:{open}:ack:teams", h.OutboxIds(open));
        Assert.DoesNotContain(h.Outbox.All, m => m.Id.StartsWith("acks:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AcknowledgeMany_TwoMembersAtOnce_EachIncidentAcknowledgedOnceAndListedOnlyToWhoeverGotIt()
    {
        var h = await CreateAsync();
        var ids = new List<string>();
        for (var n = 0; n < 12; n++)
        {
            ids.Add((await h.Service.CreateAsync(Details($"Storm {n}"), "alert:grafana", null, default)).Incident.Value.Id);
        }

        var (a, b) = ((await h.IncidentAsync(ids[0])).Assignees[0].Id, (await h.IncidentAsync(ids[0])).Assignees[1].Id);

        var both = await Task.WhenAll(Task.Run(() => h.Service.AcknowledgeManyAsync(ids, a, default)), Task.Run(() => h.Service.AcknowledgeManyAsync(ids, b, default)));

        Assert.Equal(ids.Order(StringComparer.Ordinal), both.SelectMany(d => d.Acknowledged).Order(StringComparer.Ordinal));
        foreach (var id in ids)
        {
            var incident = await h.IncidentAsync(id);
            var winner = both[0].Acknowledged.Contains(id) ? a : b;
            Assert.Equal(winner, incident.AcknowledgedBy);
            Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Acknowledged);
        }

        Assert.All(both, d => Assert.All(d.Skipped, s => Assert.Equal("acknowledged", s.Reason)));
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(-1)]
    public async Task AcknowledgeMany_TooManyOrAnEmptyId_400NamingIdsAndNothingAcknowledged(int count)
    {
        var h = await CreateAsync();
        var open = (await h.Service.CreateAsync(Details("Open"), "api", null, default)).Incident.Value.Id;
        List<string> ids = count < 0 ? [open, " "] : [.. Enumerable.Range(0, count).Select(n => n == 0 ? open : $"INC-2099-{n:D4}")];

        var error = await Assert.ThrowsAsync<ValidationException>(() => h.Service.AcknowledgeManyAsync(ids, "sato", default));

        Assert.Contains("ids", error.Errors.Keys);
        Assert.Null((await h.IncidentAsync(open)).AcknowledgedBy);
    }

    [Fact]
    public async Task Acknowledge_InParallel_OneAckOneNotice()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var id = created.Value.Id;

        await Task.WhenAll(created.Value.Assignees.Concat(created.Value.Assignees).Select(a => Task.Run(() => h.Service.AcknowledgeAsync(id, a.Id, null, default))));

        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Acknowledged);
        Assert.Single(h.OutboxIds(id), m => m.EndsWith(":ack:teams", StringComparison.Ordinal));
    }

    public static TheoryData<string, NewIncident> BadCreates => new()
    {
        { "title", Details(title: "") },
        { "title", Details(title: "   ") },
        { "severity", Details(severity: 0) },
        { "severity", Details(severity: (AlertSeverity)5) },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Create_InvalidField_ValidationNamesItAndNothingStored(string field, NewIncident details)
    {
        var h = await CreateAsync();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => h.Service.CreateAsync(details, "api", "k", default));

        Assert.Contains(field, ex.Errors.Keys);
        Assert.Equal(0, h.Incidents.Count);
        Assert.Null(await h.Incidents.GetCreateRequestAsync(IncidentService.RequestKey("create", "k"), default));
        Assert.Empty(h.Outbox.All);
        Assert.Equal("INC-2026-0001", await h.Incidents.AllocateIdAsync(2026, default)); // no id spent
    }

    public static TheoryData<string, IncidentStatus?, IncidentEdit?> BadUpdates => new()
    {
        { "status", (IncidentStatus)9, null },
        { "severity", null, new IncidentEdit { Severity = (AlertSeverity)7 } },
        { "severity", null, new IncidentEdit { Severity = 0 } },
        { "title", null, new IncidentEdit { Title = "" } },
        { "title", IncidentStatus.Identified, new IncidentEdit { Title = "  " } },
    };

    [Theory]
    [MemberData(nameof(BadUpdates))]
    public async Task Update_InvalidField_ValidationNamesItAndNothingWritten(string field, IncidentStatus? status, IncidentEdit? edit)
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "api", null, default);
        var timeline = await h.TimelineAsync(created.Value.Id);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => h.Service.PostUpdateAsync(created.Value.Id, status, "note", edit, "sato", null, null, default));

        Assert.Contains(field, ex.Errors.Keys);
        Assert.Equal(created.ETag, (await h.Incidents.GetAsync(created.Value.Id, default))!.ETag);
        Assert.Equal(timeline, await h.TimelineAsync(created.Value.Id));
    }

    [Fact]
    public async Task Update_SeverityRaisedByHand_NextStepAtTheNewPaceNotAllAtOnce()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(severity: AlertSeverity.Sev4), "api", null, default);
        h.Time.Advance(TimeSpan.FromHours(3)); // SEV4: step 1 is due at 4 h

        await h.Service.PostUpdateAsync(created.Value.Id, null, "worse than we thought", new IncidentEdit { Severity = AlertSeverity.Sev1 }, "sato", null, null, default);

        Assert.Equal(AlertSeverity.Sev1, (await h.IncidentAsync(created.Value.Id)).Severity);
        Assert.Single(await h.TimelineAsync(created.Value.Id), t => t.Kind == TimelineKind.SeverityRaised && t.By == "sato");
        Assert.Empty(await h.Pager.NotifyDueAsync(created.Value.Id, default));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(created.Value.Id, default));
    }

    [Fact]
    public async Task Update_SeverityLoweredByHand_TimelineSaysWhoLoweredItFromWhatToWhat()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(severity: AlertSeverity.Sev1), "api", null, default);

        await h.Service.PostUpdateAsync(created.Value.Id, IncidentStatus.Monitoring, "影響は一部に限定", new IncidentEdit { Severity = AlertSeverity.Sev3 }, "sato", null, null, default);

        Assert.Equal(AlertSeverity.Sev3, (await h.IncidentAsync(created.Value.Id)).Severity);
        var lowered = Assert.Single(await h.TimelineAsync(created.Value.Id), t => t.Kind == TimelineKind.SeverityLowered);
        Assert.Equal("sato", lowered.By);
        Assert.Equal("severity lowered from SEV1 to SEV3", lowered.Message);
        Assert.Equal("重大度を SEV1 から SEV3 に引き下げました", OnDuty.Messages.TimelineText.For(lowered.Kind, lowered.Message, OnDuty.Core.Team.Language.Ja));
        Assert.Equal("severity lowered from SEV1 to SEV3", OnDuty.Messages.TimelineText.For(lowered.Kind, lowered.Message, OnDuty.Core.Team.Language.En));
        Assert.DoesNotContain(await h.TimelineAsync(created.Value.Id), t => t.Kind == TimelineKind.SeverityRaised);
    }

    [Fact]
    public async Task Update_SameSeverity_NoSeverityRow()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(severity: AlertSeverity.Sev2), "api", null, default);

        await h.Service.PostUpdateAsync(created.Value.Id, null, "note", new IncidentEdit { Severity = AlertSeverity.Sev2 }, "sato", null, null, default);

        Assert.DoesNotContain(await h.TimelineAsync(created.Value.Id), t => t.Kind is TimelineKind.SeverityLowered or TimelineKind.SeverityRaised);
    }

    /// <summary>
    /// Who a one-click link acknowledges as: a member id as it is; an address an active member has (any case, spaces around it)
    /// as that member, without asking a name; an address nobody active has (a list, a member who left) asks who is pressing it.
    /// </summary>
    [Theory]
    [InlineData("tanaka", "tanaka", false)]
    [InlineData("tanaka@example.com", "tanaka", false)]
    [InlineData(" Tanaka@EXAMPLE.com ", "tanaka", false)]
    [InlineData("pm-org@example.com", "pm-org@example.com", true)]
    [InlineData("sato@example.com", "sato@example.com", true)] // sato is no longer active
    [InlineData("gone", "gone", false)] // an id no longer on the roster: as recorded, no name asked
    public async Task AckLinkHolder_MemberByIdOrAddress_ActsAsThem_AListAsksAName(string subject, string acknowledgesAs, bool asksName)
    {
        var h = await CreateAsync();
        var sato = (await h.Roster.GetMemberAsync("sato", default))!;
        await h.Roster.SaveMemberAsync(sato.Value with { Active = false }, sato.ETag, default);

        var holder = await h.Service.AckLinkHolderAsync(subject, default);

        Assert.Equal((acknowledgesAs, asksName), (holder.AcknowledgesAs, holder.AsksName));
        Assert.Equal(acknowledgesAs == "tanaka" ? "田中 健" : null, holder.Member?.DisplayName);
    }

    /// <summary>
    /// The roster cannot be read when a paged person presses their link: it still acknowledges — a member id as it is, an
    /// address by the name typed — rather than failing while escalation goes on.
    /// </summary>
    [Theory]
    [InlineData("tanaka", "tanaka", false)]
    [InlineData("tanaka@example.com", "tanaka@example.com", true)]
    public async Task AckLinkHolder_RosterUnreadable_StillAcknowledges(string subject, string acknowledgesAs, bool asksName)
    {
        var h = await CreateAsync();
        h.Roster.FailMemberReads = true;

        var holder = await h.Service.AckLinkHolderAsync(subject, default);

        Assert.Equal((acknowledgesAs, asksName, true), (holder.AcknowledgesAs, holder.AsksName, holder.Member is null));
    }
}
