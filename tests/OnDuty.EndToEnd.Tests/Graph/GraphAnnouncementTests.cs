using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Graph;

[Collection(GraphAppCollection.Name)]
public sealed class GraphAnnouncementTests(GraphAppFixture app)
{
    private const string GroupId = "0f2b6a4c-1d2e-4f50-9a61-7b8c9d0e1f23";
    private const string NestedId = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";

    [Fact]
    public async Task AnnounceDutyWeek_RunRepeatedlyOnGraph_EachRecipientGetsOneSendMailIncludingGroupMembers()
    {
        app.Graph.AddGroup(GroupId, "pm-all@contoso.example", "user:kim@contoso.example", "user:pm-team@onduty.example", "device:kiosk", "group:" + NestedId, "upn:lee@contoso.example");
        app.Graph.AddGroup(NestedId, null, "user:kim@contoso.example", "user:mori@contoso.example");
        using (var put = await app.Client.PutAsync("api/rotations/graph-duty", new StringContent(
            $$"""{"name":"Graph duty","nameJa":"グラフ当番","startDate":"2026-11-02","members":["yamada","sato","emma","liam"],"handoffTime":"10:00","timeZone":"Asia/Tokyo","notifyEmails":["pm-team@onduty.example","group:{{GroupId}}"]}""",
            Encoding.UTF8,
            "application/json")))
        {
            Assert.True(put.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        }

        var week = await app.AdvanceToNextHandoffAsync();
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/graph-duty/oncall");
        var pair = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!).ToList();
        app.Graph.Throttle(1, retryAfterSeconds: 1); // Graph's retry handler is in the app's chain

        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.RunFunctionAsync("AnnounceDutyWeek");
        await Task.WhenAll(app.RunFunctionAsync("AnnounceDutyWeek"), app.RunFunctionAsync("AnnounceDutyWeek"));
        await app.SettleAsync();

        var mail = app.Graph.Mail;
        Assert.All(mail, m => Assert.Equal((GraphAppFixture.Mailbox, false), (m.Mailbox, m.SaveToSentItems)));
        Assert.All(mail.GroupBy(m => string.Join(",", m.To) + "|" + m.Subject), g => Assert.Single(g));
        var graphDuty = mail.Where(m => m.Subject.StartsWith($"【グラフ当番】{WeekText.Japanese(week)}", StringComparison.Ordinal) || m.Subject.StartsWith($"[Graph duty] {WeekText.English(week)}", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            pair.Concat(["pm-team@onduty.example", "kim@contoso.example", "lee@contoso.example", "mori@contoso.example"]).Order(),
            graphDuty.SelectMany(m => m.To).Order());
        Assert.All(graphDuty, m => Assert.Equal("html", m.ContentType, ignoreCase: true));
        Assert.Contains(app.Graph.Requests, r => r.Status == 429);

        var failed = await app.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=failed");
        Assert.Empty(failed.GetProperty("items").EnumerateArray());
        var pending = await app.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=pending");
        Assert.Empty(pending.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AnnounceDutyWeek_GroupMembersWithoutAddresses_ReportedOnHealthAndRetriedNotAnEmptyAudience()
    {
        const string unreadable = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        app.Graph.AddGroup(unreadable, "ops-all@contoso.example", "user:nakamura@contoso.example", "user:ota@contoso.example");
        using (var put = await app.Client.PutAsync("api/rotations/graph-perm", new StringContent(
            $$"""{"name":"Graph perm","nameJa":"権限当番","startDate":"2026-11-02","members":["yamada","sato","emma"],"handoffTime":"10:00","timeZone":"Asia/Tokyo","notifyEmails":["group:{{unreadable}}"]}""",
            Encoding.UTF8,
            "application/json")))
        {
            Assert.True(put.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        }

        await app.AdvanceToNextHandoffAsync();
        app.Graph.GrantUserRead(false);
        try
        {
            await app.RunFunctionAsync("AnnounceDutyWeek");
            await app.SettleAsync();

            using var health = await app.Client.GetAsync("api/health/details");
            var body = await health.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("degraded", body.GetProperty("status").GetString());
            var warning = body.GetProperty("degraded").GetProperty("group:" + unreadable).GetString();
            Assert.Contains("User.ReadBasic.All", warning, StringComparison.Ordinal);
            Assert.DoesNotContain(app.Graph.Mail, m => m.To.Contains("nakamura@contoso.example"));
        }
        finally
        {
            app.Graph.GrantUserRead(true);
        }

        // The shift stayed "announcing": once the permission is there, the next run tells the group's members.
        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.SettleAsync();

        Assert.Single(app.Graph.Mail, m => m.To.Contains("nakamura@contoso.example") && m.Subject.Contains("権限当番", StringComparison.Ordinal));
        var after = await app.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.False(after.TryGetProperty("degraded", out var left) && left.TryGetProperty("group:" + unreadable, out _));
    }

    [Fact]
    public async Task SyncDutyCalendars_RunTwice_EachDutyMemberGetsOneEventPerWeek()
    {
        await app.RunFunctionAsync("SyncDutyCalendars");
        await app.RunFunctionAsync("SyncDutyCalendars");

        var schedule = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?weeks=4");
        var expected = schedule.GetProperty("shifts").EnumerateArray()
            .SelectMany(s => s.GetProperty("members").EnumerateArray().Select(m => s.GetProperty("week").GetString() + "|" + m.GetProperty("id").GetString()))
            .ToList();
        var events = app.Graph.Events.Where(e => e.State == GraphEventState.Active && (e.Subject.Contains("障害当番", StringComparison.Ordinal) || e.Subject.Contains("Incident duty", StringComparison.Ordinal))).ToList();
        Assert.Equal(expected.Count, events.Count);
        Assert.All(events, e => Assert.NotNull(e.TransactionId));
        Assert.Equal(events.Count, events.Select(e => (e.Mailbox, e.Start)).Distinct().Count());
    }
}
