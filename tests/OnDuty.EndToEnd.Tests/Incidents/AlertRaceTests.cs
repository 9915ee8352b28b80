using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// HA Alertmanager pairs and overlapping retries deliver one group's notifications at once. Whatever the interleaving,
/// after the last delivery: a firing alert is in an open incident, and an open incident is in the open index.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AlertRaceTests(OnDutyAppFixture app)
{
    private const int Groups = 6;
    private const int Rounds = 6;

    [Fact]
    public async Task ParallelFireResolveFire_EveryFiringAlertInAnOpenIncidentInTheOpenIndex()
    {
        // Two alerts a group, each owned by one sender that fires and resolves it over and over: the group's alerts are
        // often all resolved at once, so resolves, reopens and new firings interleave. Alert 0 ends firing, alert 1 resolved.
        var groups = Enumerable.Range(0, Groups).Select(_ => "{}:{race=\"" + Guid.NewGuid().ToString("n") + "\"}").ToList();
        var senders = groups.SelectMany(g => new[] { (Group: g, Alert: 0), (Group: g, Alert: 1) }).ToList();
        var last = await Task.WhenAll(senders.Select(s => Task.Run(async () =>
        {
            JsonElement result = default;
            for (var round = 0; round < Rounds; round++)
            {
                await PostAsync(Notification(s.Group, s.Alert, firing: true, round));
                result = await PostAsync(Notification(s.Group, s.Alert, firing: false, round));
            }

            return s.Alert == 0 ? await PostAsync(Notification(s.Group, s.Alert, firing: true, Rounds)) : result;
        })));

        var open = await OpenIdsAsync();
        for (var i = 0; i < senders.Count; i += 2)
        {
            var group = senders[i].Group;
            var id = last[i].GetProperty("incidentId").GetString()!;
            var incident = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
            Assert.NotEqual("resolved", incident.GetProperty("incident").GetProperty("status").GetString());
            Assert.Contains(id, open);
            var firing = incident.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("status").GetString() == "firing").Select(a => a.GetProperty("dedupKey").GetString()).ToList();
            Assert.Equal([Fingerprint(group, 0)], firing);

            // The group is still held by that incident: another alert folds into it.
            var next = await PostAsync(Notification(group, 2, firing: true));
            Assert.Equal("folded", next.GetProperty("outcome").GetString());
            Assert.Equal(id, next.GetProperty("incidentId").GetString());
            foreach (var alert in new[] { 0, 2 })
            {
                await PostAsync(Notification(group, alert, firing: false));
            }

            Assert.DoesNotContain(id, await OpenIdsAsync());
        }
    }

    /// <summary>Alertmanager sends a whole group at once and does not retry a 4xx: 800 alerts (over 1 MiB) open one incident.</summary>
    [Fact]
    public async Task LargeGroup_800AlertsInOneNotification_OneIncidentTrackingEveryAlertThenResolved()
    {
        var groupKey = "{}:{big=\"" + Guid.NewGuid().ToString("n") + "\"}";
        string Group(bool firing)
        {
            var root = JsonNode.Parse(Notification(groupKey, 0, firing))!.AsObject();
            var alerts = new JsonArray();
            for (var i = 0; i < 800; i++)
            {
                var alert = JsonNode.Parse(root["alerts"]![0]!.ToJsonString())!.AsObject();
                alert["fingerprint"] = Fingerprint(groupKey, i);
                alert["labels"]!["pod"] = $"checkout-{i:D4}-7d9f8b6c5d-x2x4q";
                alert["annotations"]!["description"] = $"Pod checkout-{i:D4} in namespace shop has been restarting " + new string('.', 1000);
                alerts.Add(alert);
            }

            root["alerts"] = alerts;
            return root.ToJsonString();
        }

        var firing = Group(firing: true);
        Assert.True(Encoding.UTF8.GetByteCount(firing) > 1024 * 1024);

        var opened = await PostAsync(firing);
        Assert.Equal("opened", opened.GetProperty("outcome").GetString());
        Assert.Equal(800, opened.GetProperty("fired").GetInt32());
        var id = opened.GetProperty("incidentId").GetString()!;
        var incident = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal(800, incident.GetProperty("alerts").GetArrayLength());

        var resolved = await PostAsync(Group(firing: false));
        Assert.Equal("resolved", resolved.GetProperty("outcome").GetString());
        Assert.Equal(800, resolved.GetProperty("resolved").GetInt32());
        Assert.DoesNotContain(id, await OpenIdsAsync());
    }

    private static string Fingerprint(string groupKey, int sender) => groupKey[^34..^2] + "-" + sender.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Each round's firing starts after the round before resolved, as Prometheus starts a new one (the same start again would be
    /// an HA peer's late copy: stale).
    /// </summary>
    private static string Notification(string groupKey, int sender, bool firing, int round = 0)
    {
        var startsAt = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero).AddMinutes(2 * round);
        var status = firing ? "firing" : "resolved";
        return new JsonObject
        {
            ["receiver"] = "onduty",
            ["status"] = status,
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = status,
                ["labels"] = new JsonObject { ["alertname"] = "Race", ["sender"] = sender.ToString(System.Globalization.CultureInfo.InvariantCulture), ["severity"] = "warning" },
                ["annotations"] = new JsonObject { ["summary"] = $"race alert {sender}" },
                ["startsAt"] = startsAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["endsAt"] = firing ? "0001-01-01T00:00:00Z" : startsAt.AddMinutes(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["fingerprint"] = Fingerprint(groupKey, sender),
            }),
            ["groupLabels"] = new JsonObject { ["alertname"] = "Race" },
            ["commonLabels"] = new JsonObject { ["alertname"] = "Race" },
            ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://alertmanager.example:9093",
            ["version"] = "4",
            ["groupKey"] = groupKey,
            ["truncatedAlerts"] = 0,
        }.ToJsonString();
    }

    private async Task<JsonElement> PostAsync(string body)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await app.Client.PostAsync("api/alerts/alertmanager", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();

            // Senders retry 5xx (Alertmanager does); a 503 under contention is allowed, a 4xx or a lost alert is not.
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 20)
            {
                await Task.Delay(50);
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement;
        }
    }

    private async Task<List<string>> OpenIdsAsync() =>
        (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
}
