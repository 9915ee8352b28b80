using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// What an Azure Monitor action group sends to <c>/api/alerts/azure-monitor</c> beyond a stateful metric alert, with Microsoft's own
/// payloads (alerts-payload-samples): the Test button's samples store nothing and page nobody but are listed as Azure Monitor's test;
/// a budget's threshold crossings are one SEV3 incident per budget and month; a stateless log search rule's repeated firings fold
/// into one incident that says it resolves only by hand.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AzureMonitorActionGroupTests(OnDutyAppFixture app) : IAsyncLifetime
{
    private static readonly string[] Written = ["Incidents", "IncidentIndex", "IncidentBoard", "AlertGroups", "Outbox"];
    private readonly StorageTap _tap = new();
    private HostedApp _host = null!;

    public async Task InitializeAsync() => _host = await app.StartTappedHostAsync(_tap);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await app.SettleAsync();
    }

    /// <summary>The engineer presses Test for each alert type: Azure sends its sample as it is, stamped with the moment of the test.</summary>
    [Theory]
    [InlineData("azure-monitor-test-action-metric-static.json", "Metric alert - Static threshold")]
    [InlineData("azure-monitor-test-action-log-v2.json", "Log alert V2")]
    [InlineData("azure-monitor-test-action-budget.json", "Budget alert")]
    public async Task TestButton_Answers200_StoresNothing_PagesNobody_ListedAsAzureMonitorsTest(string sample, string type)
    {
        var body = AlertIntakeTests.Read(sample, root => root["data"]!["essentials"]!["firedDateTime"] = DateTimeOffset.UtcNow.ToString("O"));

        var (answer, requests) = await _tap.RecordAsync(() => PostAsync(body));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(("test", type), (answer.Body.GetProperty("outcome").GetString(), answer.Body.GetProperty("toolTest").GetString()));
        Assert.Equal(JsonValueKind.Null, answer.Body.GetProperty("incidentId").ValueKind);
        // No incident, no group claimed, no outbox row: nobody is paged by it.
        Assert.DoesNotContain(requests, r => r.Method != "GET" && Written.Any(r.Targets));

        var listed = (await _host.Client.GetFromJsonAsync<JsonElement>("api/alerts/deliveries?source=azure-monitor")).GetProperty("items")[0];
        Assert.Equal(("test", true, type, 200), (listed.GetProperty("outcome").GetString(), listed.GetProperty("test").GetBoolean(),
            listed.GetProperty("toolTest").GetString(), listed.GetProperty("status").GetInt32()));
        Assert.Equal($"Azure Monitor's test notification arrived ({type}): no incident was opened and nobody was paged", listed.GetProperty("messages")[0].GetString());

        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, ja) = await browser.GetAsync("api/alerts/deliveries/page?source=azure-monitor&lang=ja");
        Assert.Contains($"<p class=\"would\">Azure Monitor のテスト通知が届きました（{type}）。アラートとしては扱わず、障害の起票も当番の呼び出しもしていません。</p>", ja, StringComparison.Ordinal);
        var (_, en) = await browser.GetAsync("api/alerts/deliveries/page?source=azure-monitor&lang=en");
        Assert.Contains($"Azure Monitor&#x27;s test notification arrived ({type}).", en, StringComparison.Ordinal);
    }

    /// <summary>
    /// A monthly budget crosses 50 % then 100 %: each crossing a new alert, no severity, no rule. One SEV3 incident titled by the
    /// budget and threshold; the second crossing folds into it and pages nobody again.
    /// </summary>
    [Fact]
    public async Task Budget_TwoThresholdsCrossed_OneSev3Incident_SecondFoldsWithoutAPage()
    {
        var budget = $"e2e-budget-{Guid.NewGuid():n}"[..24];

        var first = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Crossing(budget, 1, "$25.00"));
        var id = first.GetProperty("incidentId").GetString()!;
        Assert.Equal("opened", first.GetProperty("outcome").GetString());
        Assert.NotEmpty(await app.Smtp.WaitForAboutAsync(id));
        await app.SettleAsync();
        var mailsBefore = (await app.Smtp.AboutAsync(id)).Count;

        var second = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Crossing(budget, 2, "$50.00"));
        await app.SettleAsync();

        Assert.Equal(("folded", id), (second.GetProperty("outcome").GetString(), second.GetProperty("incidentId").GetString()));
        var read = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        var incident = read.GetProperty("incident");
        Assert.Equal("SEV3", incident.GetProperty("severity").GetString());
        Assert.Equal($"Azure budget {budget}: Actual $25.00 of $50.00", incident.GetProperty("title").GetString());
        Assert.Equal(2, read.GetProperty("alerts").GetArrayLength());
        Assert.Equal(mailsBefore, (await app.Smtp.AboutAsync(id)).Count);
        await ResolveAsync(id);
    }

    /// <summary>
    /// A log search rule with "Automatically resolve alerts" off fires a new alert at every evaluation and never resolves: the repeats
    /// fold into the open incident (no second page), and its page tells the pair to resolve it themselves.
    /// </summary>
    [Fact]
    public async Task StatelessLogSearch_RepeatsFold_IncidentSaysToResolveItByHand()
    {
        var rule = $"e2e-stateless-{Guid.NewGuid():n}"[..24];

        var first = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Evaluation(rule, 1));
        var id = first.GetProperty("incidentId").GetString()!;
        Assert.NotEmpty(await app.Smtp.WaitForAboutAsync(id));
        await app.SettleAsync();
        var mailsBefore = (await app.Smtp.AboutAsync(id)).Count;
        using var browser = new PageBrowser(app.BaseAddress);
        var (_, before) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.DoesNotContain("この種類のアラートは復旧を通知しません。", before, StringComparison.Ordinal);

        var second = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Evaluation(rule, 2));
        var third = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", Evaluation(rule, 3));
        await app.SettleAsync();

        Assert.Equal([("folded", id), ("folded", id)],
            new[] { second, third }.Select(s => (s.GetProperty("outcome").GetString(), s.GetProperty("incidentId").GetString())));
        var read = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal("investigating", read.GetProperty("incident").GetProperty("status").GetString(), ignoreCase: true);
        Assert.Equal(3, read.GetProperty("alerts").GetArrayLength());
        Assert.Equal(mailsBefore, (await app.Smtp.AboutAsync(id)).Count);
        var (_, after) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("この種類のアラートは復旧を通知しません。確認後に手動で解決してください。", after, StringComparison.Ordinal);
        await ResolveAsync(id);
    }

    /// <summary>Microsoft's cost budget sample as a real budget's crossing: its own budget id and name, alert <paramref name="n"/>, now.</summary>
    private string Crossing(string budget, int n, string threshold) =>
        AlertIntakeTests.Read("azure-monitor-test-action-cost-budget.json", root =>
        {
            var essentials = root["data"]!["essentials"]!;
            essentials["alertId"] = $"/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.CostManagement/alerts/{budget}-{n}";
            essentials["firedDateTime"] = app.Time.GetUtcNow().ToString("O");
            essentials["description"] = $"Your spend for budget {budget} is now $11,111.00 exceeding your specified threshold {threshold}.";
            var data = root["data"]!["alertContext"]!["AlertData"]!;
            data["Scope"] = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/";
            data["BudgetName"] = budget;
            data["BudgetId"] = $"/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.Consumption/budgets/{budget}";
            data["NotificationThresholdAmount"] = threshold;
        });

    /// <summary>The documented Log Alerts V2 alert as evaluation <paramref name="n"/> of <paramref name="rule"/>: a new alertId each.</summary>
    private string Evaluation(string rule, int n) =>
        AlertIntakeTests.Read("azure-monitor-log-search-fired.json", root =>
        {
            var essentials = root["data"]!["essentials"]!;
            essentials["alertId"] = $"/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/{rule}-{n}";
            essentials["alertRule"] = rule;
            essentials["originAlertId"] = Guid.NewGuid().ToString();
            essentials["firedDateTime"] = app.Time.GetUtcNow().ToString("O");
        });

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string body)
    {
        using var response = await _host.Client.PostAsync("api/alerts/azure-monitor", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Resolved by a person, as the pair would: the shared app's open list is left as it was.</summary>
    private async Task ResolveAsync(string id)
    {
        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "Checked", by = "sato" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await app.SettleAsync();
    }
}
