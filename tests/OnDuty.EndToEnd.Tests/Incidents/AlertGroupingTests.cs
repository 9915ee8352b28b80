using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Alert grouping through a real host on Azurite and smtp4dev: an instance with <c>Incidents__Sources__alertmanager__GroupWindow</c>
/// and <c>__GroupBy__0</c>, whose queued pages the shared host sends.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AlertGroupingTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task FourGroupsOfOneClusterAtOnce_OneIncidentOnePagePerDutyMember_ResolvedWhenEveryGroupResolved()
    {
        await using var host = await app.StartSecondHostAsync(new Dictionary<string, string?>
        {
            ["Incidents:Sources:alertmanager:GroupWindow"] = "00:10:00",
            ["Incidents:Sources:alertmanager:GroupBy:0"] = "cluster",
        });
        var cluster = Guid.NewGuid().ToString("n");
        var groups = Enumerable.Range(0, 4).Select(n => Group(cluster, n)).ToList();
        var duty = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("email").GetString()!).Order(StringComparer.Ordinal).ToList();

        var results = await Task.WhenAll(groups.Select(g => Task.Run(() => AlertIntakeTests.PostAcceptedAsync(host.Client, "alertmanager", g))));

        Assert.Single(results, r => r.GetProperty("outcome").GetString() == "opened");
        Assert.Equal(3, results.Count(r => r.GetProperty("outcome").GetString() == "grouped"));
        var id = Assert.Single(results.Select(r => r.GetProperty("incidentId").GetString()).Distinct())!;
        var incident = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal(3, incident.GetProperty("joinedGroups").GetArrayLength());
        Assert.Equal(4, incident.GetProperty("alerts").GetArrayLength());
        Assert.Equal(3, incident.GetProperty("timeline").EnumerateArray().Count(t => t.GetProperty("kind").GetString() == "groupJoined"));

        // One page per duty member, sent by the shared host from the outbox; after the app settles, nothing more about it.
        await Eventually.HoldsAsync(async () => (await app.Smtp.AboutAsync(id)).Count >= duty.Count, $"the duty pair was paged about {id}");
        await app.SettleAsync();
        Assert.Equal(duty, (await app.Smtp.AboutAsync(id)).SelectMany(m => m.To).Order(StringComparer.Ordinal));

        // Three groups resolved: still open. The fourth: resolved, and a new group of the cluster opens an incident of its own.
        foreach (var g in groups.Take(3))
        {
            Assert.Equal(id, (await AlertIntakeTests.PostAcceptedAsync(host.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", g))).GetProperty("incidentId").GetString());
        }

        Assert.NotEqual("resolved", (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("status").GetString());
        var last = await AlertIntakeTests.PostAcceptedAsync(host.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", groups[3]));
        Assert.Equal(("resolved", id), (last.GetProperty("outcome").GetString(), last.GetProperty("incidentId").GetString()));

        var after = Group(cluster, 4);
        var opened = await AlertIntakeTests.PostAcceptedAsync(host.Client, "alertmanager", after);
        Assert.Equal("opened", opened.GetProperty("outcome").GetString());
        Assert.NotEqual(id, opened.GetProperty("incidentId").GetString());
        await AlertIntakeTests.PostAcceptedAsync(host.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", after));
    }

    /// <summary>
    /// <c>PurgeExpiredData</c> deletes a group's last-incident row once no reopen window reaches it, and a grouping row once no
    /// grouping window does; a recent one and a group's claim stay.
    /// </summary>
    [Fact]
    public async Task PurgeExpiredData_DeletesGroupRowsNoWindowReaches()
    {
        var table = new Azure.Data.Tables.TableClient(app.Azurite.ConnectionString, "AlertGroups");
        var now = app.Time.GetUtcNow();
        var old = Partition("alertmanager", "{}:{purge=\"" + Guid.NewGuid().ToString("n") + "\"}");
        var recent = Partition("alertmanager", "{}:{purge=\"" + Guid.NewGuid().ToString("n") + "\"}");
        var claimed = Partition("alertmanager", "{}:{purge=\"" + Guid.NewGuid().ToString("n") + "\"}");
        var grouping = Partition("alertmanager+grouping", "purge=" + Guid.NewGuid().ToString("n"));
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(old, "last") { ["IncidentId"] = "INC-2026-9001", ["ResolvedAt"] = now.AddDays(-9) });
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(recent, "last") { ["IncidentId"] = "INC-2026-9002", ["ResolvedAt"] = now.AddDays(-1) });
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(claimed, "open") { ["IncidentId"] = "INC-2026-9003", ["ClaimedAt"] = now.AddDays(-30), ["ClaimId"] = "c" });
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(grouping, "open") { ["IncidentId"] = "INC-2026-9004", ["ClaimedAt"] = now.AddDays(-3), ["ClaimId"] = "g" });

        await app.RunFunctionAsync("PurgeExpiredData");

        Assert.False((await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(old, "last")).HasValue);
        Assert.True((await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(recent, "last")).HasValue);
        Assert.True((await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(claimed, "open")).HasValue);
        Assert.False((await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(grouping, "open")).HasValue);
        await table.DeleteEntityAsync(recent, "last");
        await table.DeleteEntityAsync(claimed, "open");

        static string Partition(string source, string groupKey) =>
            source + "|" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(groupKey)));
    }

    /// <summary>The Alertmanager sample as group <paramref name="n"/> of <paramref name="cluster"/>: its own group key and alert.</summary>
    private static string Group(string cluster, int n) => AlertIntakeTests.Read("alertmanager-firing.json", root =>
    {
        root["groupKey"] = "{}:{cluster=\"" + cluster + "\", job=\"job" + n + "\"}";
        root["commonLabels"]!["cluster"] = cluster;
        var alert = root["alerts"]![0]!;
        alert["labels"]!["cluster"] = cluster;
        alert["labels"]!["job"] = "job" + n;
        alert["fingerprint"] = $"{cluster[..8]}{n:x8}";
    });
}
