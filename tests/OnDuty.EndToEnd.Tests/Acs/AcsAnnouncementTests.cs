using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Acs;

/// <summary>
/// The app configured for Azure Communication Services Email (<c>Email__Provider=Acs</c>, a connection string to a
/// loopback ACS that verifies the HMAC signature and the wire format as the service does). No SMTP server: every
/// email must go through <c>emails:send</c>, once per recipient however often the announcement runs.
/// </summary>
public sealed class AcsAnnouncementTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-acs-master-key";

    private LoopbackAcsServer _acs = null!;
    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    public async Task InitializeAsync()
    {
        _acs = await LoopbackAcsServer.StartAsync();
        _app = await OwnApp.StartAsync(
            MasterKey,
            OnDutyAppFixture.BeforeHandoff.AddHours(1).AddMinutes(5), // just after the W49 handoff
            OwnApp.AcsEmail(_acs),
            smtp: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task AnnounceDutyWeek_RunRepeatedlyOnAcs_EachRecipientGetsOneSignedSend()
    {
        var onCall = await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var week = onCall.GetProperty("week").GetString()!;
        var pair = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!).ToList();

        for (var run = 0; run < 3; run++)
        {
            await _host.RunFunctionAsync("AnnounceDutyWeek");
        }

        await _host.SettleAsync(() => Task.FromResult(_acs.SendPosts.Count), () => Task.FromResult(_acs.Requests.Count));

        // The announcement; the pair's handoff brief (【引き継ぎ】…) follows it, once each (the grouping check below).
        var briefs = _acs.Deliveries.Where(d => d.Subject.StartsWith("【引き継ぎ】", StringComparison.Ordinal) || d.Subject.StartsWith("[Handoff brief]", StringComparison.Ordinal)).ToList();
        Assert.Equal(pair.Order(), briefs.SelectMany(d => d.To.Select(t => t.Address)).Order());
        var incidentDuty = _acs.Deliveries.Except(briefs).Where(d => d.Subject.Contains("障害当番", StringComparison.Ordinal) || d.Subject.Contains("Incident duty", StringComparison.Ordinal)).ToList();
        Assert.Equal(pair.Append("pm-team@onduty.example").Order(), incidentDuty.SelectMany(d => d.To.Select(t => t.Address)).Order());
        Assert.All(incidentDuty, d => Assert.True(d.Subject.StartsWith($"【障害当番】{WeekText.Japanese(week)} ", StringComparison.Ordinal) || d.Subject.StartsWith($"[Incident duty] {WeekText.English(week)}: ", StringComparison.Ordinal), d.Subject));
        Assert.All(_acs.Deliveries, d => Assert.Equal("DoNotReply@onduty.example", d.SenderAddress));
        Assert.All(_acs.Deliveries.GroupBy(d => string.Join(",", d.To.Select(t => t.Address)) + "|" + d.Subject), g => Assert.Single(g));
        Assert.DoesNotContain(_acs.Requests, r => r.Status == 401);

        // Every raw POST counts, whatever the server answered or folded: no send failed here, so each message was
        // POSTed once; a second POST would be a second email wherever the service does not de-duplicate it.
        var posts = _acs.SendPosts.Select(b => JsonNode.Parse(b)!).ToList();
        Assert.All(
            posts.GroupBy(p => string.Join(",", p["recipients"]!["to"]!.AsArray().Select(t => t!["address"]!.GetValue<string>())) + "|" + p["content"]!["subject"]!.GetValue<string>()),
            g => Assert.Single(g));
        Assert.Equal(_acs.Deliveries.Count, posts.Count);
        Assert.Equal(_acs.PostCount, posts.Count);

        var sent = await _host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=sent&max=1000");
        var sentEmails = sent.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("channel").GetString() == "email");
        Assert.Equal(_acs.Deliveries.Count, sentEmails);
    }
}
