using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 57): 高橋, a platform engineer, connects the team's Azure subscription to OnDuty following the README only —
/// the common alert schema on, an action group's webhook to <c>/api/alerts/azure-monitor?code=…</c> — and watches what the duty pair
/// (山田 and 伊藤) get for the alerts Azure sends: the action group's Test button, a multi-resource metric rule, a log search alert
/// split per <c>ApiName</c> (stateful and stateless), an activity-log alert, a re-fire after the reopen window and Azure's five
/// severities. Payloads are Microsoft's documented common-schema samples (tests/OnDuty.Core.Tests/Alerts/Samples) with the rule,
/// resource and alertId of each firing set as Azure sets them. Tuesday 2026-12-08 14:00 JST, working hours.
/// </summary>
public sealed class AzureMonitorEngineerWalkTests() : WalkTestBase(MasterKey, Start, WalkPages, dutyPair: ("yamada", "ito"))
{
    private const string MasterKey = "e2e-azwalk-key";

    private const string Sub = "aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e";

    /// <summary>Tuesday 2026-12-08 14:00 JST.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 5, 0, 0, TimeSpan.Zero);

    private const string Yamada = "yamada@onduty.example";

    private const string Ito = "ito@onduty.example";

    private readonly StringBuilder _log = new();

    protected override async Task StoppingAsync()
    {
        if (Dump is not null)
        {
            await File.AppendAllTextAsync(Path.Combine(Dump, "azwalk-log.txt"), _log.ToString());
        }
    }

    /// <summary>
    /// The action group's "Test" on the real URL sends Microsoft's fixed sample (test-metricAlertRule on test-storageAccount in
    /// subscription 11111111-…, alertId …/alerts/12345678-1234-…; the budget sample's Test_Alert): since 12-07 it is recognised and
    /// pages nobody — 高橋 sees it arrived in the delivery list, the pair gets nothing (before: 【SEV4 障害】 to both, and a SEV3 budget).
    /// </summary>
    [Fact]
    public async Task TestButton_OnTheRealUrl_PagesNobody_ListedAsAzureMonitorsTest()
    {
        await SettleAsync();
        var mailsBefore = (await Smtp.MessagesAsync()).Count;
        var (status, answer) = await PostAsync(AlertIntakeTests.Read("azure-monitor-test-action-metric-static.json"));
        var (budgetStatus, budget) = await PostAsync(AlertIntakeTests.Read("azure-monitor-test-action-budget.json"));
        var (againStatus, again) = await PostAsync(AlertIntakeTests.Read("azure-monitor-test-action-budget.json"));
        await SettleAsync();
        Log($"test button metric: {(int)status} {answer}\ntest button budget: {(int)budgetStatus} {budget}\ntest button budget again: {(int)againStatus} {again}");
        var page = await Walk.SaveAsync("azwalk-test-button-deliveries", "api/alerts/deliveries/page?source=azure-monitor");

        Assert.Equal((HttpStatusCode.OK, "test", "Metric alert - Static threshold"), (status, answer.GetProperty("outcome").GetString(), answer.GetProperty("toolTest").GetString()));
        Assert.Equal((HttpStatusCode.OK, "Budget alert"), (budgetStatus, budget.GetProperty("toolTest").GetString()));
        Assert.Equal((HttpStatusCode.OK, "Budget alert"), (againStatus, again.GetProperty("toolTest").GetString()));
        Assert.Equal(mailsBefore, (await Smtp.MessagesAsync()).Count);
        Assert.Contains("Azure Monitor のテスト通知が届きました（Metric alert - Static threshold）。", page, StringComparison.Ordinal);
        Assert.Contains("Azure Monitor のテスト通知が届きました（Budget alert）。", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// CPU &gt; 80% over three VMs (MultipleResourceMultipleMetricCriteria): vm-web-01 and vm-web-02 fire in the same minute, 01
    /// resolves, 02 keeps firing, 01 fires again 15 minutes later (within the 30-minute reopen window).
    /// </summary>
    [Fact]
    public async Task MultiResourceMetricRule_TwoVms_OneRefires()
    {
        const string Rule = "CPU使用率が80%超";
        var a1 = await PostAsync(Metric(Rule, "vm-web-01", 1, "Fired"));
        var b1 = await PostAsync(Metric(Rule, "vm-web-02", 1, "Fired"));
        await SettleAsync();
        Log($"vm1 fired: {a1.Answer}\nvm2 fired: {b1.Answer}");
        var first = a1.Answer.GetProperty("incidentId").GetString()!;
        var second = b1.Answer.GetProperty("incidentId").GetString()!;
        await LogMailsAsync("metric-open", [.. await Smtp.MessagesAsync()]);
        var opening = await Smtp.AboutAsync(second);
        await Smtp.DeleteAllAsync();

        await Host.AdvanceAsync(TimeSpan.FromMinutes(5));
        var a1r = await PostAsync(Metric(Rule, "vm-web-01", 1, "Resolved"));
        await SettleAsync();
        Log($"vm1 resolved: {a1r.Answer}");
        await Host.AdvanceAsync(TimeSpan.FromMinutes(15));
        var a2 = await PostAsync(Metric(Rule, "vm-web-01", 2, "Fired"));
        await SettleAsync();
        Log($"vm1 fired again: {a2.Answer}");
        await LogMailsAsync("metric-refire", [.. await Smtp.MessagesAsync()]);
        var vm1 = await Walk.SaveAsync("azwalk-metric-vm1", $"api/incidents/{first}/page");
        await Walk.SaveAsync("azwalk-metric-vm2", $"api/incidents/{second}/page");
        await Walk.SaveAsync("azwalk-status", "api/status");

        // One group per VM (the rule's series on its target): two incidents, each paged once to both of the pair, titled by the VM.
        Assert.NotEqual(first, second);
        Assert.Contains(opening, m => m.To.Contains(Ito) && m.Subject == $"【SEV3 障害】{second} CPU使用率が80%超 (vm-web-02)");
        Assert.Equal(("resolved", first), (a1r.Answer.GetProperty("outcome").GetString(), a1r.Answer.GetProperty("incidentId").GetString()));

        // vm-web-01 firing again 15 minutes after its resolve (a new alertId, within the 30-minute reopen window) reopens its
        // incident and pages 【再発】 once each; vm-web-02's stays open as it was.
        Assert.Equal(("reopened", first), (a2.Answer.GetProperty("outcome").GetString(), a2.Answer.GetProperty("incidentId").GetString()));
        var again = (await Smtp.AboutAsync(first)).Where(m => m.Subject == $"【SEV3 再発】{first} CPU使用率が80%超 (vm-web-01)").ToList();
        Assert.Equal([Ito, Yamada], WalkSteps.Readers(again, "onduty@onduty.example"));
        Assert.Equal(2, again.Count);
        Assert.True((await Walk.IncidentAsync(second)).GetProperty("open").GetBoolean());
        Assert.Contains("vm-web-01", vm1, StringComparison.Ordinal);
    }

    /// <summary>
    /// A log search alert (V2) split by ApiName, evaluated every 5 minutes for an hour. Stateful: fires once per dimension, resolves
    /// when the condition clears. Stateless (autoMitigate false): a new firing (a new alertId) every evaluation, never a Resolved.
    /// </summary>
    [Fact]
    public async Task LogSearchV2_PerApiName_StatelessForAnHour()
    {
        const string Rule = "APIエラー率の上昇";
        var opened = new List<string>();
        for (var i = 1; i <= 12; i++)
        {
            var get = await PostAsync(Log(Rule, "GetBlob", i, "Fired"));
            var put = await PostAsync(Log(Rule, "PutBlob", i, "Fired"));
            Log($"eval {i}: GetBlob {get.Answer} | PutBlob {put.Answer}");
            opened.Add(get.Answer.GetProperty("incidentId").GetString()!);
            opened.Add(put.Answer.GetProperty("incidentId").GetString()!);
            if (i == 1)
            {
                await SettleAsync();
                await Walk.AckAsync(opened[0], "yamada");
            }

            await Host.AdvanceAsync(TimeSpan.FromMinutes(5));
            await Host.RunFunctionAsync("EscalateIncidents");
            await Host.RunFunctionAsync("NudgeIncidentUpdates");
            await SettleAsync();
        }

        await LogMailsAsync("log-stateless", [.. await Smtp.MessagesAsync()]);
        var ids = opened.Distinct().ToList();
        foreach (var id in ids)
        {
            await Walk.SaveAsync($"azwalk-log-{id}", $"api/incidents/{id}/page");
            Log($"incident {id}: {await Walk.IncidentAsync(id)}");
        }

        // One incident per ApiName, each titled with it: the second page's 「対応中の障害がほかにあります」 names the other API, so
        // nobody takes the PutBlob page for the GetBlob one (before: both 「APIエラー率の上昇 (law-prod)」, offered as a duplicate).
        Assert.Equal(2, ids.Count);
        Assert.Equal("APIエラー率の上昇 (law-prod, ApiName=GetBlob)", (await Walk.IncidentAsync(ids[0])).GetProperty("title").GetString());
        Assert.Equal("APIエラー率の上昇 (law-prod, ApiName=PutBlob)", (await Walk.IncidentAsync(ids[1])).GetProperty("title").GetString());
        var putPage = Assert.Single(await Walk.MailsAsync(ids[1], Ito), m => m.Subject.StartsWith("【SEV2 障害】", StringComparison.Ordinal));
        Assert.Contains($"対応中の障害がほかにあります：{ids[0]} APIエラー率の上昇 (law-prod, ApiName=GetBlob)", await Smtp.TextAsync(putPage.Id), StringComparison.Ordinal);

        // Stateless: each evaluation is a new alert of the same group, folded into the open incident; nobody is paged for it
        // again (the PutBlob incident, unacknowledged, escalates by its own steps). Azure never resolves them: both stay open.
        Assert.All(Enumerable.Range(2, 11), i => Assert.Contains($"eval {i}: GetBlob {{\"outcome\":\"folded\"", _log.ToString(), StringComparison.Ordinal));
        Assert.Single(await Walk.MailsAsync(ids[0], Yamada), m => m.Subject.StartsWith("【SEV2 障害】", StringComparison.Ordinal));
        foreach (var id in ids)
        {
            Assert.True((await Walk.IncidentAsync(id)).GetProperty("open").GetBoolean(), id);
        }

        // 山田 resolves the GetBlob incident by hand; the next evaluation still finds errors (a new firing within the reopen
        // window): monitoring disagrees, so it reopens and pages 【再発】.
        await Walk.UpdateAsync(ids[0], new { status = "resolved", message = "GetBlob のエラーは収まりました", by = "yamada" });
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        await Host.AdvanceAsync(TimeSpan.FromMinutes(5));
        var next = await PostAsync(Log(Rule, "GetBlob", 13, "Fired"));
        await SettleAsync();
        Log($"eval 13 after the hand resolve: {next.Answer}");
        Assert.Equal(("reopened", ids[0]), (next.Answer.GetProperty("outcome").GetString(), next.Answer.GetProperty("incidentId").GetString()));
        Assert.Contains(await Walk.MailsAsync(ids[0], Yamada), m => m.Subject.StartsWith("【SEV2 再発】", StringComparison.Ordinal));
    }

    /// <summary>An activity-log alert (a VM deleted) for two VMs on one rule, then twice for the same VM.</summary>
    [Fact]
    public async Task ActivityLog_TwoVmsThenTheSameVmTwice()
    {
        const string Rule = "VMの削除";
        var a = await PostAsync(Activity(Rule, "vm-batch-01", 1));
        var b = await PostAsync(Activity(Rule, "vm-batch-02", 2));
        await SettleAsync();
        await Host.AdvanceAsync(TimeSpan.FromMinutes(3));
        var c = await PostAsync(Activity(Rule, "vm-batch-01", 3));
        await SettleAsync();
        Log($"activity: {a.Answer}\n{b.Answer}\n{c.Answer}");
        await LogMailsAsync("activity", [.. await Smtp.MessagesAsync()]);
        var first = a.Answer.GetProperty("incidentId").GetString()!;
        var page = await Walk.SaveAsync("azwalk-activity", $"api/incidents/{first}/page");
        // Two VMs deleted: two groups (the rule on each target), two incidents paged at SEV4 (Sev3); the same VM again is a new
        // alert of the open incident: folded, nobody paged again. Activity-log alerts never resolve: the page says to resolve by hand.
        var second = b.Answer.GetProperty("incidentId").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(("folded", first), (c.Answer.GetProperty("outcome").GetString(), c.Answer.GetProperty("incidentId").GetString()));
        Assert.Equal([$"【SEV4 障害】{first} VMの削除 (vm-batch-01)"], (await Walk.MailsAsync(first, Yamada)).Select(m => m.Subject));
        Assert.Equal([$"【SEV4 障害】{second} VMの削除 (vm-batch-02)"], (await Walk.MailsAsync(second, Yamada)).Select(m => m.Subject));
        Assert.Contains("この種類のアラートは復旧を通知しません。確認後に手動で解決してください。", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Azure's five severities on five rules, one with a monitoringService Azure may add later; then a re-fire just after the
    /// 30-minute reopen window.
    /// </summary>
    [Fact]
    public async Task Severities_UnknownService_RefireAfterWindow()
    {
        var bySeverity = new Dictionary<string, string>();
        foreach (var sev in new[] { "Sev0", "Sev1", "Sev2", "Sev3", "Sev4" })
        {
            var r = await PostAsync(Metric($"severity-{sev}", "vm-sev", 1, "Fired", sev));
            Log($"{sev}: {r.Answer}");
            bySeverity[sev] = r.Answer.GetProperty("incidentId").GetString()!;
        }

        await SettleAsync();
        // Azure counts from Sev0: Sev0 → SEV1, Sev1 → SEV2, Sev2 → SEV3, Sev3 and Sev4 → SEV4, each paging the pair.
        foreach (var (sev, tag) in new[] { ("Sev0", "SEV1"), ("Sev1", "SEV2"), ("Sev2", "SEV3"), ("Sev3", "SEV4"), ("Sev4", "SEV4") })
        {
            Assert.Equal([$"【{tag} 障害】{bySeverity[sev]} severity-{sev} (vm-sev)"], (await Walk.MailsAsync(bySeverity[sev], Ito)).Select(m => m.Subject));
        }

        await LogMailsAsync("severities", [.. await Smtp.MessagesAsync()]);
        await Smtp.DeleteAllAsync();

        var unknown = await PostAsync(Metric("future-service", "vm-x", 1, "Fired", "Sev2", monitoringService: "Future Alerts V9", signalType: "Trace"));
        await SettleAsync();
        Log($"unknown service: {(int)unknown.Status} {unknown.Answer}");
        await LogMailsAsync("unknown-service", [.. await Smtp.MessagesAsync()]);
        await Smtp.DeleteAllAsync();

        const string Rule = "ディスク残量";
        var fired = await PostAsync(Metric(Rule, "vm-db-01", 1, "Fired", "Sev2"));
        var id = fired.Answer.GetProperty("incidentId").GetString()!;
        await Host.AdvanceAsync(TimeSpan.FromMinutes(10));
        await PostAsync(Metric(Rule, "vm-db-01", 1, "Resolved", "Sev2"));
        await Host.AdvanceAsync(TimeSpan.FromMinutes(31));
        var again = await PostAsync(Metric(Rule, "vm-db-01", 2, "Fired", "Sev2"));
        await SettleAsync();
        Log($"after window: {again.Answer}");
        var next = again.Answer.GetProperty("incidentId").GetString()!;
        await LogMailsAsync("after-window", [.. await Smtp.AboutAsync(next)]);
        await Walk.SaveAsync("azwalk-after-window", $"api/incidents/{next}/page");
        // A monitoringService Azure adds later is read as any rule's alert: SEV3 from Sev2, paged, no warning.
        Assert.Equal(("opened", 0), (unknown.Answer.GetProperty("outcome").GetString(), unknown.Answer.GetProperty("warnings").GetArrayLength()));

        // 31 minutes after the resolve (the reopen window is 30): a new incident, paged as a new one (not 【再発】).
        Assert.NotEqual(id, next);
        Assert.Equal("opened", again.Answer.GetProperty("outcome").GetString());
        Assert.Equal([$"【SEV3 障害】{next} ディスク残量 (vm-db-01)"], (await Walk.MailsAsync(next, Yamada)).Select(m => m.Subject));
    }

    private string Metric(string rule, string vm, int instance, string condition, string severity = "Sev2", string monitoringService = "Platform", string signalType = "Metric") =>
        AlertIntakeTests.Read("azure-monitor-metric-fired.json", root =>
        {
            var e = root["data"]!["essentials"]!;
            var target = $"/subscriptions/{Sub}/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/{vm}";
            e["alertId"] = $"/subscriptions/{Sub}/providers/Microsoft.AlertsManagement/alerts/{Hash(rule + vm)}-{instance:0000}";
            e["alertRule"] = rule;
            e["alertRuleID"] = $"/subscriptions/{Sub}/resourceGroups/rg-prod/providers/microsoft.insights/metricAlerts/{rule}";
            e["severity"] = severity;
            e["signalType"] = signalType;
            e["monitoringService"] = monitoringService;
            e["monitorCondition"] = condition;
            e["alertTargetIDs"] = new JsonArray(target);
            e["configurationItems"] = new JsonArray(vm);
            e["originAlertId"] = $"{Sub}_rg-prod_microsoft.insights_metricAlerts_{rule}_{Math.Abs(vm.GetHashCode(StringComparison.Ordinal))}";
            e["description"] = "CPU使用率が5分平均で80%を超えました";
            e["firedDateTime"] = Host.Time.GetUtcNow().AddMinutes(-1).ToString("O");
            e["resolvedDateTime"] = condition == "Resolved" ? Host.Time.GetUtcNow().ToString("O") : null;
            var context = root["data"]!["alertContext"]!;
            context["conditionType"] = "MultipleResourceMultipleMetricCriteria";
            var criterion = context["condition"]!["allOf"]![0]!;
            criterion["metricName"] = "Percentage CPU";
            criterion["metricNamespace"] = "Microsoft.Compute/virtualMachines";
            criterion["threshold"] = "80";
            criterion["timeAggregation"] = "Average";
            criterion["metricValue"] = condition == "Fired" ? 93.4 : 41.2;
            criterion["dimensions"] = new JsonArray();
            root["data"]!["customProperties"] = null;
            context["properties"] = null;
        });

    private string Log(string rule, string api, int instance, string condition) =>
        AlertIntakeTests.Read("azure-monitor-log-search-fired.json", root =>
        {
            var e = root["data"]!["essentials"]!;
            e["alertId"] = $"/subscriptions/{Sub}/providers/Microsoft.AlertsManagement/alerts/{Hash(rule + api)}-{instance:0000}";
            e["alertRule"] = rule;
            e["alertRuleID"] = $"/subscriptions/{Sub}/resourceGroups/rg-prod/providers/microsoft.insights/scheduledQueryRules/{rule}";
            e["severity"] = "Sev1";
            e["monitorCondition"] = condition;
            e["alertTargetIDs"] = new JsonArray($"/subscriptions/{Sub}/resourcegroups/rg-prod/providers/microsoft.operationalinsights/workspaces/law-prod");
            e["configurationItems"] = new JsonArray($"/subscriptions/{Sub}/resourcegroups/rg-prod/providers/microsoft.operationalinsights/workspaces/law-prod");
            e["originAlertId"] = Guid.NewGuid().ToString();
            e["description"] = "5xx の割合が 5% を超えました";
            e["firedDateTime"] = Host.Time.GetUtcNow().AddMinutes(-1).ToString("O");
            var criterion = root["data"]!["alertContext"]!["condition"]!["allOf"]![0]!;
            criterion["searchQuery"] = "AppRequests | where ResultCode >= 500 | summarize count() by ApiName";
            criterion["threshold"] = "5";
            criterion["metricValue"] = 12.0;
            criterion["dimensions"] = new JsonArray(new JsonObject { ["name"] = "ApiName", ["value"] = api });
            root["data"]!["alertContext"]!["condition"]!["windowSize"] = "PT5M";
            root["data"]!["alertContext"]!["properties"] = null;
        });

    private string Activity(string rule, string vm, int instance) =>
        AlertIntakeTests.Read("azure-monitor-activity-log-fired.json", root =>
        {
            var e = root["data"]!["essentials"]!;
            var target = $"/subscriptions/{Sub}/resourcegroups/rg-batch/providers/microsoft.compute/virtualmachines/{vm}";
            e["alertId"] = $"/subscriptions/{Sub}/providers/Microsoft.AlertsManagement/alerts/{Hash(rule)}-{instance:0000}";
            e["alertRule"] = rule;
            e["alertRuleID"] = $"/subscriptions/{Sub}/resourceGroups/rg-batch/providers/microsoft.insights/activityLogAlerts/{rule}";
            e["severity"] = "Sev3";
            e["alertTargetIDs"] = new JsonArray(target);
            e["configurationItems"] = new JsonArray(vm);
            e["originAlertId"] = $"{Guid.NewGuid()}_{Hash(vm + instance)}";
            e["description"] = "本番のVMが削除されました";
            e["firedDateTime"] = Host.Time.GetUtcNow().ToString("O");
            var context = root["data"]!["alertContext"]!;
            context["operationName"] = "Microsoft.Compute/virtualMachines/delete";
            context["authorization"]!["action"] = "Microsoft.Compute/virtualMachines/delete";
            context["authorization"]!["scope"] = target;
        });

    private static string Hash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8].ToLowerInvariant();

    private async Task<(HttpStatusCode Status, JsonElement Answer)> PostAsync(string body)
    {
        using var response = await Host.Client.PostAsync("api/alerts/azure-monitor", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private void Log(string line) => _log.AppendLine($"{Host.Time.GetUtcNow():HH:mm} {line}");

    private async Task LogMailsAsync(string name, IReadOnlyList<ReceivedEmail> mails)
    {
        foreach (var mail in mails)
        {
            Log($"[{name}] To: {string.Join(",", mail.To)} | {mail.Subject}");
        }

        await Walk.DumpMailsAsync("azwalk-" + name, mails);
    }
}
