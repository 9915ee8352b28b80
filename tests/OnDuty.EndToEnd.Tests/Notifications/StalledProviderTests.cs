using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Notifications;

/// <summary>
/// A provider that stalls — accepts the connection and never answers — through the whole app (LocalHost's queue trigger,
/// the real SMTP sender, Azurite): the lease of a send in flight is renewed on the business clock, a sender whose lease is
/// gone stops its send at once, the queue consumer keeps sending other messages meanwhile, and after the fault a message
/// that no longer applies (its incident acknowledged) reaches nobody while the ones that applied reached each recipient
/// once. Own Azurite and Teams webhook, so no other host consumes these queues.
/// </summary>
public sealed class StalledProviderTests(OwnServers servers) : IClassFixture<OwnServers>
{
    private const string MasterKey = "e2e-stall-master-key";

    /// <summary>The sample's <c>Outbox__LeaseDuration</c>: renewed every third of it.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>The mail server stalls; it recovers (passes through to smtp4dev) only after the pages were acknowledged.</summary>
    [Fact]
    public async Task Pages_SmtpStalls_LeasesRenewedCardsNotHeldUpALostLeaseStopsItsSend_AckedMeanwhileNoMailEverSent()
    {
        var time = new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff.AddHours(2));
        await using var smtp = StallingSmtpServer.Start();
        await using var app = await StartHostAsync(time, smtp.Port);

        // Both page mails hang at the mail server; the card of the same page goes out meanwhile.
        var a = await CreateAsync(app, "Checkout down");
        await WaitAsync(() => smtp.Accepted >= 2 && Cards(a) == 1);
        var mailsOfA = await PendingMailIdsAsync(app, a);
        Assert.Equal(2, mailsOfA.Count);

        // In flight, the lease is renewed every third of it on the business clock: no other instance may take the message.
        var firstLease = await LeaseUntilAsync(mailsOfA[0]);
        time.Advance(Lease / 3 + TimeSpan.FromSeconds(1));
        await WaitAsync(async () => await LeaseUntilAsync(mailsOfA[0]) > firstLease);
        Assert.Equal(0, smtp.Abandoned);

        // The consumer is not held up by the hanging sends: a second incident's card goes at once (its mails hang too).
        var b = await CreateAsync(app, "Search down");
        await WaitAsync(() => smtp.Accepted >= 4 && Cards(b) == 1);

        // The lease of one mail is lost (another instance took the message over): its sender stops that send at the next
        // renewal, long before the lease it held would have run out, and leaves the message to the new holder.
        var held = await LeaseUntilAsync(mailsOfA[0]);
        await StealLeaseAsync(mailsOfA[0], time.GetUtcNow() + Lease);
        time.Advance(Lease / 3 + TimeSpan.FromSeconds(1));
        await WaitAsync(() => smtp.Abandoned == 1);
        Assert.True(time.GetUtcNow() < held, $"stopped at {time.GetUtcNow():O}, its own lease ran until {held:O}");

        // Both incidents are acknowledged while their pages still hang (the acknowledgements' notices to the other duty
        // member hang too). The mail server recovers, then the clock passes every lease: each hanging send is stopped, every
        // later attempt of a page finds it no longer applies, and the notices, which still do, go out.
        var otherMembers = (await AckAsync(app, a)).Concat(await AckAsync(app, b)).ToList();
        await WaitAsync(() => smtp.Accepted >= 6);

        // The acknowledgements' cards (the channel answers) are recorded sent before the clock jumps two leases (a delivered
        // card waits for its queue message's hanging mail: WaitWhileTheClockStepsAsync). Were the jump to end that wait and the
        // card's lease at once, RetryOutbox could take the lease before the record and post the card again: the outbox's
        // at-least-once on a lost lease, not what this test is about.
        await WaitWhileTheClockStepsAsync(
            time,
            async () => !(await OutboxIdsAsync(app, "pending")).Any(m => m.EndsWith(":teams", StringComparison.Ordinal) && (m.StartsWith($"incident:{a}:", StringComparison.Ordinal) || m.StartsWith($"incident:{b}:", StringComparison.Ordinal))),
            () => app.Client.GetStringAsync("api/outbox?status=pending"));
        smtp.RecoverTo(servers.Smtp.SmtpPort);
        time.Advance(Lease * 2);
        var mails = mailsOfA.Concat(await PendingOrCancelledMailIdsAsync(app, b)).ToList();
        Assert.Equal(4, mails.Count);
        await WaitAsync(
            async () =>
            {
                await app.RunFunctionAsync("RetryOutbox");
                var cancelled = await OutboxIdsAsync(app, "cancelled");
                return mails.All(cancelled.Contains);
            },
            () => app.Client.GetStringAsync("api/outbox?status=pending"));

        // After the fault: no connection left hanging; no mail of an acknowledged page reached anyone; each message that
        // still applied reached its recipient once (the acknowledgement notices by mail, each card in the channel).
        await WaitAsync(() => smtp.Abandoned == smtp.Accepted);
        await app.SettleAsync(async () => (await servers.Smtp.MessagesAsync()).Count);
        var received = (await servers.Smtp.MessagesAsync()).Where(m => m.Subject.Contains(a, StringComparison.Ordinal) || m.Subject.Contains(b, StringComparison.Ordinal)).ToList();
        Assert.Equal(otherMembers.Order(StringComparer.OrdinalIgnoreCase), received.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(2, received.Count);
        var sent = await OutboxIdsAsync(app, "sent");
        foreach (var id in new[] { a, b })
        {
            var cards = sent.Where(m => m.StartsWith($"incident:{id}:", StringComparison.Ordinal) && m.EndsWith(":teams", StringComparison.Ordinal)).ToList();
            Assert.Contains($"incident:{id}:page:teams", cards);
            var delivered = servers.Teams.Requests.Where(r => IsAbout(r.Body, id)).Select(r => r.Body).ToList();
            Assert.True(cards.Count == delivered.Count, $"sent {string.Join(", ", cards)}; the channel got {delivered.Count}:\n{string.Join("\n---\n", delivered)}");
        }

        Assert.DoesNotContain(await OutboxIdsAsync(app, "failed"), id => id.StartsWith($"incident:{a}:", StringComparison.Ordinal) || id.StartsWith($"incident:{b}:", StringComparison.Ordinal));
        Assert.DoesNotContain(await OutboxIdsAsync(app, "sent"), mails.Contains);
    }

    [Fact]
    public async Task Page_TeamsStalls_LeaseRenewedMailsNotHeldUp_AckedMeanwhileTheCardIsNeverDelivered()
    {
        var time = new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff.AddHours(4));
        await using var app = await StartHostAsync(time, servers.Smtp.SmtpPort);
        servers.Teams.Script(new ScriptedResponse(0, Stall: true));

        // The card hangs at the webhook; the page's mails go out meanwhile and are recorded sent while it hangs. The server
        // has a mail a moment before its send returns, and a delivered mail waits for its queue message's card
        // (WaitWhileTheClockStepsAsync), so the clock steps until both are recorded. Were the jump of two leases below to
        // come first, it would end the lease of a send still returning, and RetryOutbox would take the message over and
        // record it cancelled (the page no longer applies) though the server has it: the outbox's at-least-once on a lost
        // lease, which a deployed clock never gives a mail (it renews the lease until the record), not what this test is about.
        var a = await CreateAsync(app, "Payments down");
        await WaitAsync(async () => servers.Teams.Stalled.Any(b => b.Contains(a, StringComparison.Ordinal)) && (await MailsAsync(a)).Count == 2);
        var card = $"incident:{a}:page:teams";
        await WaitWhileTheClockStepsAsync(
            time,
            async () => (await OutboxIdsAsync(app, "sent")).Count(m => m.StartsWith($"incident:{a}:page:email:", StringComparison.Ordinal)) == 2,
            () => app.Client.GetStringAsync("api/outbox?status=pending"));

        // In flight, its lease is renewed on the business clock.
        var firstLease = await LeaseUntilAsync(card);
        time.Advance(Lease / 3 + TimeSpan.FromSeconds(1));
        await WaitAsync(async () => await LeaseUntilAsync(card) > firstLease);
        Assert.Empty(servers.Teams.Abandoned);

        // Acknowledged while the card hangs; the acknowledgement's mails to the others are recorded sent (the clock steps, as
        // for the page's mails), then the clock passes the lease: the card's send is stopped, and the next attempt finds the
        // page no longer applies.
        var otherMembers = await AckAsync(app, a);
        await WaitWhileTheClockStepsAsync(
            time,
            async () =>
            {
                var recorded = await OutboxIdsAsync(app, "sent");
                return otherMembers.All(m => recorded.Contains($"incident:{a}:ack:email:{m}", StringComparer.OrdinalIgnoreCase));
            },
            () => app.Client.GetStringAsync("api/outbox?status=pending"));
        time.Advance(Lease * 2);
        await WaitAsync(async () =>
        {
            await app.RunFunctionAsync("RetryOutbox");
            return (await OutboxIdsAsync(app, "cancelled")).Contains(card);
        });
        await WaitAsync(() => servers.Teams.Abandoned.Any(b => b.Contains(a, StringComparison.Ordinal)));
        await app.SettleAsync(async () => (await servers.Smtp.MessagesAsync()).Count, () => Task.FromResult(servers.Teams.Requests.Count));

        // After the fault: the page card reached the channel never, every message that applied reached each recipient once
        // (each mail was recorded before the jump, so what the server has and what is recorded sent compare as they are).
        var sent = (await OutboxIdsAsync(app, "sent")).Where(m => m.StartsWith($"incident:{a}:", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(card, sent);
        Assert.Equal(sent.Count(m => m.EndsWith(":teams", StringComparison.Ordinal)), servers.Teams.Answered(b => b.Contains(a, StringComparison.Ordinal)));
        var mails = await MailsAsync(a);
        var sentMails = sent.Where(m => m.Contains(":email:", StringComparison.Ordinal)).Select(m => m[(m.LastIndexOf(":email:", StringComparison.Ordinal) + 7)..]).ToList();
        Assert.Equal(sentMails.Order(StringComparer.OrdinalIgnoreCase), mails.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(otherMembers, m => Assert.Contains(m, sentMails, StringComparer.OrdinalIgnoreCase));
    }

    private Task<HostedApp> StartHostAsync(FakeTimeProvider time, int smtpPort) => HostedApp.StartAsync(MasterKey, time, new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = servers.Azurite.ConnectionString,
        ["Incidents:AckTokenSecret"] = OnDutyAppFixture.AckTokenSecret,
        ["Incidents:Leads:0"] = "lead@onduty.example",
        ["Incidents:OrganisationList"] = "pm-org@onduty.example",
        ["Team:SeedDemo"] = "true",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        // Only the business clock may end these sends: SMTP's own timeout (real time) stays out of the way.
        ["Email:Smtp:Timeout"] = "00:10:00",
        ["Outbox:LeaseDuration"] = "00:01:00",
        ["Teams:WebhookUrl"] = servers.Teams.Url,
    });

    private async Task<List<ReceivedEmail>> MailsAsync(string incidentId) =>
        [.. (await servers.Smtp.MessagesAsync()).Where(m => m.Subject.Contains(incidentId, StringComparison.Ordinal))];

    private int Cards(string incidentId) => servers.Teams.Requests.Count(r => IsAbout(r.Body, incidentId));

    /// <summary>
    /// A card about the incident links its page; a later incident's first page only names it among the other open ones
    /// (trial 39 M1), without the link.
    /// </summary>
    private static bool IsAbout(string card, string incidentId) => card.Contains($"/api/incidents/{incidentId}/page", StringComparison.Ordinal);

    private static async Task<string> CreateAsync(HostedApp app, string title)
    {
        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev2" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The first duty member acknowledges; returns the addresses of the others, who are told.</summary>
    private static async Task<List<string>> AckAsync(HostedApp app, string id)
    {
        var incident = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        var assignees = incident.GetProperty("incident").GetProperty("assignees").EnumerateArray().ToList();
        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = assignees[0].GetProperty("id").GetString() });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return [.. assignees.Skip(1).Select(m => m.GetProperty("email").GetString()!)];
    }

    private static async Task<List<string>> PendingMailIdsAsync(HostedApp app, string id) =>
        [.. (await OutboxIdsAsync(app, "pending")).Where(m => m.StartsWith($"incident:{id}:page:email:", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static async Task<List<string>> PendingOrCancelledMailIdsAsync(HostedApp app, string id) =>
        [.. (await OutboxIdsAsync(app, "pending")).Concat(await OutboxIdsAsync(app, "cancelled"))
            .Where(m => m.StartsWith($"incident:{id}:page:email:", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];

    private static async Task<List<string>> OutboxIdsAsync(HostedApp app, string status) =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>($"api/outbox?status={status}&max=1000")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    private TableClient OutboxTable => new(servers.Azurite.ConnectionString, "Outbox");

    /// <summary>The lease on the message's due row, as the senders write it.</summary>
    private async Task<DateTimeOffset?> LeaseUntilAsync(string id)
    {
        await foreach (var row in OutboxTable.QueryAsync<TableEntity>(r => r.PartitionKey == "outbox" && r.GetString("Id") == id))
        {
            if (row.RowKey.StartsWith("due|", StringComparison.Ordinal))
            {
                return row.GetDateTimeOffset("LeaseUntil");
            }
        }

        return null;
    }

    /// <summary>What another instance taking the message over does to the due row: a lease of its own.</summary>
    private async Task StealLeaseAsync(string id, DateTimeOffset until)
    {
        await foreach (var row in OutboxTable.QueryAsync<TableEntity>(r => r.PartitionKey == "outbox" && r.GetString("Id") == id))
        {
            if (row.RowKey.StartsWith("due|", StringComparison.Ordinal))
            {
                await OutboxTable.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["LeaseToken"] = "another-instance", ["LeaseUntil"] = until }, ETag.All, TableUpdateMode.Merge);
                return;
            }
        }

        Assert.Fail($"no due row for {id}");
    }

    /// <summary>
    /// Waits for <paramref name="condition"/> while the business clock moves on half a second at a time. A message the provider
    /// took waits up to two seconds of that clock for the other sends of its queue message, then is recorded sent alone; half a
    /// second at a time stays far from a lease renewal, so the record comes long before the lease could end.
    /// </summary>
    private static Task WaitWhileTheClockStepsAsync(FakeTimeProvider time, Func<Task<bool>> condition, Func<Task<string>> describe) =>
        WaitAsync(
            async () =>
            {
                time.Advance(TimeSpan.FromMilliseconds(500));
                return await condition();
            },
            describe);

    private static Task WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    private static async Task WaitAsync(Func<Task<bool>> condition, Func<Task<string>>? describe = null)
    {
        for (var i = 0; i < 300 && !await condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await condition(), "condition not met within 30 s" + (describe is null ? "" : ": " + await describe()));
    }
}
