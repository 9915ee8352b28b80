using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial 35 H1 through the route, against Azurite and smtp4dev: an action group's retried <c>Fired</c> arriving after the
/// <c>Resolved</c> of the same <c>essentials.alertId</c> is answered <c>stale</c>. After a resolve that found no incident it opens
/// nothing; after the incident's own resolve it does not reopen it (no 【再発】). Both are mailed about never. The rule's next
/// instance (a new alertId of the same rule on the same target) does reopen it, and pages once.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AzureMonitorLateFiringTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task ResolvedThenItsFired_OpensNothing()
    {
        var rule = $"e2e-late-{Guid.NewGuid():n}"[..20];

        var resolved = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Instance(rule, "Resolved"));
        var fired = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Instance(rule, "Fired"));
        await app.SettleAsync();

        Assert.Equal("ignored", resolved.GetProperty("outcome").GetString());
        Assert.Equal(("resolveWithoutIncident", "A resolve for an alert group with no open or recent incident: there was nothing to close."),
            (resolved.GetProperty("reason").GetString(), resolved.GetProperty("detail").GetString()));
        Assert.Equal("stale", fired.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, fired.GetProperty("incidentId").ValueKind);
        Assert.Empty(await app.Smtp.AboutAsync(rule));
    }

    [Fact]
    public async Task FiredResolvedFiredAgain_StaysResolved_NoSecondPage()
    {
        var rule = $"e2e-late-{Guid.NewGuid():n}"[..20];
        var opened = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Instance(rule, "Fired"));
        var id = opened.GetProperty("incidentId").GetString()!;
        Assert.NotEmpty(await app.Smtp.WaitForAboutAsync(id));
        Assert.Equal("resolved", (await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Instance(rule, "Resolved"))).GetProperty("outcome").GetString());
        await app.SettleAsync();
        var before = (await app.Smtp.AboutAsync(id)).Count;

        var late = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Instance(rule, "Fired"));
        await app.SettleAsync();

        Assert.Equal(("stale", id), (late.GetProperty("outcome").GetString(), late.GetProperty("incidentId").GetString()));
        var incident = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal("resolved", incident.GetProperty("status").GetString(), ignoreCase: true);
        var mails = await app.Smtp.AboutAsync(id);
        Assert.Equal(before, mails.Count);
        Assert.DoesNotContain(mails, m => m.Subject.Contains("再発", StringComparison.Ordinal) || m.Subject.Contains("again", StringComparison.OrdinalIgnoreCase));

        // The rule firing again is a new instance (a new alertId) of the same group: it reopens the incident and pages once (【再発】).
        var again = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Instance(rule, "Fired", instance: 2));
        await app.SettleAsync();

        Assert.Equal(("reopened", id), (again.GetProperty("outcome").GetString(), again.GetProperty("incidentId").GetString()));
        var paged = (await app.Smtp.AboutAsync(id)).Where(m => m.Subject.Contains("再発", StringComparison.Ordinal) || m.Subject.Contains("again", StringComparison.OrdinalIgnoreCase))
            .SelectMany(m => m.To).ToList();
        Assert.NotEmpty(paged);
        Assert.Equal(paged.Count, paged.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Instance(rule, "Resolved", instance: 2));
    }

    /// <summary>
    /// The documented metric alert as one instance of <paramref name="rule"/> (alertId named after it and <paramref name="instance"/>),
    /// Fired or Resolved. The rule's series (originAlertId) is the group; each instance is a firing of it.
    /// </summary>
    private string Instance(string rule, string condition, int instance = 1) =>
        AlertIntakeTests.Read("azure-monitor-metric-fired.json", root =>
        {
            var essentials = root["data"]!["essentials"]!;
            essentials["alertId"] = $"/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/{rule}-{instance}";
            essentials["alertRule"] = rule;
            essentials["originAlertId"] = $"aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e_test-RG_microsoft.insights_metricAlerts_{rule}_1234567890";
            essentials["monitorCondition"] = condition;
            essentials["firedDateTime"] = app.Time.GetUtcNow().AddMinutes(-5).ToString("O");
            essentials["resolvedDateTime"] = condition == "Resolved" ? app.Time.GetUtcNow().ToString("O") : null;
        });
}
