using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Azure planned maintenance (the documented sample, posted to <c>/api/alerts/azure-monitor</c>) opens a SEV4 incident that pages
/// nobody; a PM acknowledges it; the next communication of the same trackingId is an outage (<c>incidentType: Incident</c>, Sev1).
/// The acknowledgement was of a notice: the duty pair is paged (smtp4dev), the API drops <c>pagesNobody</c> and <c>acknowledgedBy</c>,
/// the status page lists it as 未対応 and the incident page no longer says 呼び出し：なし.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class ServiceHealthOutageAfterAcknowledgedTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task MaintenanceAPmAcknowledged_ThenAnOutage_PagesTheDutyPair_ApiStatusPageAndIncidentPageAgree()
    {
        // An issue of its own: other tests post the same sample to the shared app.
        var trackingId = $"E2E-{Guid.NewGuid():n}"[..16];
        var planned = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Communication(trackingId, "m0", "Planned", "Maintenance", "Sev4"));
        Assert.Equal("opened", planned.GetProperty("outcome").GetString());
        var id = planned.GetProperty("incidentId").GetString()!;
        Assert.Equal("Maintenance", (await IncidentAsync(id)).GetProperty("pagesNobody").GetString());
        using (var ack = await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = "sato" }))
        {
            Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
        }

        Assert.Equal("sato", (await IncidentAsync(id)).GetProperty("acknowledgedBy").GetString());
        var duty = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("email").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(duty);

        var outage = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Communication(trackingId, "m1", "Active", "Incident", "Sev1"));
        Assert.Equal(id, outage.GetProperty("incidentId").GetString());
        await app.SettleAsync();

        var pages = (await app.Smtp.WaitForAboutAsync(id, duty.Count)).Where(m => m.Subject.Contains("障害】", StringComparison.Ordinal) || m.Subject.Contains("incident]", StringComparison.Ordinal)).ToList();
        Assert.Equal(duty, pages.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        var incident = await IncidentAsync(id);
        Assert.True(Absent(incident, "pagesNobody"), incident.ToString());
        Assert.True(Absent(incident, "acknowledgedBy"), incident.ToString());
        Assert.Equal("sev2", incident.GetProperty("severity").GetString(), ignoreCase: true);

        using var browser = new PageBrowser(app.BaseAddress);
        var (_, status) = await browser.GetAsync("api/status?lang=ja");
        var row = status.Split("<li>").Single(r => r.Contains($">{id}</a>", StringComparison.Ordinal));
        Assert.Contains("<span class=\"waiting\">未対応</span>", row, StringComparison.Ordinal);
        Assert.DoesNotContain("呼び出しなし", row, StringComparison.Ordinal);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.DoesNotContain("なし（Azure Service Health", page, StringComparison.Ordinal);
        Assert.Contains("お知らせへの対応開始は引き継がず、当番を呼び出します", page, StringComparison.Ordinal);
    }

    private async Task<JsonElement> IncidentAsync(string id) =>
        (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");

    private static bool Absent(JsonElement o, string name) => !o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null;

    /// <summary>The planned-maintenance sample as communication <paramref name="communicationId"/> of issue <paramref name="trackingId"/>.</summary>
    private string Communication(string trackingId, string communicationId, string stage, string incidentType, string severity) =>
        AlertIntakeTests.Read("azure-monitor-service-health-maintenance-planned.json", root =>
        {
            var essentials = root["data"]!["essentials"]!;
            essentials["alertId"] = $"/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/{trackingId}-{communicationId}";
            essentials["firedDateTime"] = app.Time.GetUtcNow().ToString("O");
            essentials["severity"] = severity;
            var properties = root["data"]!["alertContext"]!["properties"]!;
            properties["trackingId"] = trackingId;
            properties["stage"] = stage;
            properties["incidentType"] = incidentType;
        });
}
