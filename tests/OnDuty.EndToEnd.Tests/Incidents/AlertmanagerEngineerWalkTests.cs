using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 64): 森, an SRE, wires the product's Prometheus and its Alertmanager HA pair to OnDuty at night following the
/// README only — a receiver whose <c>webhook_configs</c> posts to <c>/api/alerts/alertmanager?code=…</c> with <c>http_config.authorization</c>
/// Bearer and the secret in <c>Incidents__Sources__alertmanager__SharedSecret</c> — and watches what the duty pair (山田 and 伊藤) get:
/// a group firing (both peers delivering it at once), a second alert joining at <c>group_interval</c>, one alert resolving while the
/// group still fires, the <c>repeat_interval</c> resend, the group's resolve; a secret mistyped; a receiver with <c>max_alerts</c>.
/// Payloads are what Alertmanager 0.34 posts (notify/webhook Message over template.Data: <c>version</c> "4", <c>groupKey</c>,
/// <c>truncatedAlerts</c>, <c>notification_reason</c>, <c>routeLabels</c>; a Prometheus alert's <c>endsAt</c> in the future while it fires).
/// Tuesday 2026-12-08 02:00 JST.
/// </summary>
public sealed class AlertmanagerEngineerWalkTests() : WalkTestBase(MasterKey, Start, WalkPages, dutyPair: ("yamada", "ito"))
{
    private const string MasterKey = "e2e-alertmanagerwalk-key";

    private const string Secret = "am-walk-secret-51c9";

    private const string ExternalUrl = "http://alertmanager.example.jp:9093";

    private const string GroupKey = "{}/{severity=~\"critical|warning\"}:{alertname=\"PaymentsAPIHighErrorRate\"}";

    /// <summary>Tuesday 2026-12-08 02:00 JST.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 17, 0, 0, TimeSpan.Zero);

    private const string Yamada = "yamada@onduty.example";

    private const string Ito = "ito@onduty.example";

    private readonly StringBuilder _log = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Incidents:Sources:alertmanager:SharedSecret"] = Secret,
    };

    protected override async Task StoppingAsync()
    {
        if (Dump is not null)
        {
            await File.AppendAllTextAsync(Path.Combine(Dump, "alertmanagerwalk-log.txt"), _log.ToString());
        }
    }

    /// <summary>
    /// The payment API's error rate fires on two pods. Both Alertmanager peers deliver the first notification at once (a partition, or
    /// the notification log not gossiped yet): one incident, each of the pair paged once, linked to Prometheus and to Alertmanager's
    /// silence form with the alert's labels. A third pod joins at group_interval, one pod recovers while the group still fires, the
    /// repeat_interval resend comes: all fold in, nobody paged again, the recovered pod shown resolved. The group's resolve resolves it.
    /// </summary>
    [Fact]
    public async Task FiringGroup_BothPeersAtOnce_OnePagePerPerson_UpdatesFold_GroupResolveResolves()
    {
        var now = Host.Time.GetUtcNow();
        var first = Group("firing", "first notification", Firing("pay-api-7d9f-1", "a3f1c2d4e5b60718", now), Firing("pay-api-7d9f-2", "b4e2d3c5f6a70829", now));
        var peers = await Task.WhenAll(PostAsync(first, Secret), PostAsync(first, Secret));
        await SettleAsync();
        Log($"both peers: {string.Join(" | ", peers.Select(p => $"{(int)p.Status} {p.Answer}"))}");
        Assert.All(peers, p => Assert.Equal(HttpStatusCode.Accepted, p.Status));
        var ids = peers.Select(p => p.Answer.GetProperty("incidentId").GetString()!).Distinct().ToList();
        var id = Assert.Single(ids);
        Assert.Equal(["folded", "opened"], peers.Select(p => p.Answer.GetProperty("outcome").GetString()!).Order(StringComparer.Ordinal));
        var pages = await Smtp.WaitForAboutAsync(id, 2);
        await LogMailsAsync("firing", pages);
        Assert.Equal([Ito, Yamada], WalkSteps.Readers(pages, "onduty@onduty.example"));
        Assert.All(pages, m => Assert.Equal($"【SEV1 障害】{id} 決済APIのエラー率が上昇しています", m.Subject));
        Assert.Single((await Host.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray());

        // Alertmanager's own silence form for the first pod, its labels as the filter, linked where the pair reads the alert.
        var silence = ExternalUrl + "/#/silences/new?filter=" + Uri.EscapeDataString(
            "{alertname=\"PaymentsAPIHighErrorRate\", instance=\"pay-api-7d9f-1\", namespace=\"payments\", prometheus=\"monitoring/k8s\", severity=\"critical\"}");
        var incidentPage = await Walk.SaveAsync("alertmanagerwalk-firing", $"api/incidents/{id}/page?lang=ja");
        Assert.Contains($"<a href=\"{silence}\" rel=\"noopener noreferrer\">サイレンス</a>", incidentPage, StringComparison.Ordinal);
        Assert.Contains(silence, await Smtp.HtmlAsync(pages[0].Id), StringComparison.Ordinal);
        var stored = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("alerts").EnumerateArray()
            .Single(a => a.GetProperty("dedupKey").GetString() == "a3f1c2d4e5b60718");
        Assert.Contains(stored.GetProperty("links").EnumerateArray(), l => l.GetProperty("kind").GetString() == "silence" && l.GetProperty("href").GetString() == silence);

        await Walk.AckAsync(id, "yamada");
        await SettleAsync();
        var pagesBefore = await PagesAsync(id);

        await Host.AdvanceAsync(TimeSpan.FromMinutes(5));
        var started = now;
        now = Host.Time.GetUtcNow();
        var (joinedStatus, joined) = await PostAsync(Group("firing", "new alerts added",
            Firing("pay-api-7d9f-1", "a3f1c2d4e5b60718", started), Firing("pay-api-7d9f-2", "b4e2d3c5f6a70829", started), Firing("pay-api-7d9f-3", "c5f3e4d6a7b8093a", now)), Secret);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(5));
        var (partlyStatus, partly) = await PostAsync(Group("firing", "some alerts resolved",
            Resolved("pay-api-7d9f-1", "a3f1c2d4e5b60718", started, Host.Time.GetUtcNow().AddSeconds(-30)),
            Firing("pay-api-7d9f-2", "b4e2d3c5f6a70829", started), Firing("pay-api-7d9f-3", "c5f3e4d6a7b8093a", now)), Secret);
        await Host.AdvanceAsync(TimeSpan.FromHours(4));
        var (repeatStatus, repeat) = await PostAsync(Group("firing", "repeat interval elapsed",
            Resolved("pay-api-7d9f-1", "a3f1c2d4e5b60718", started, started.AddMinutes(9)),
            Firing("pay-api-7d9f-2", "b4e2d3c5f6a70829", started), Firing("pay-api-7d9f-3", "c5f3e4d6a7b8093a", now)), Secret);
        await SettleAsync();
        Log($"joined: {(int)joinedStatus} {joined}\npartly resolved: {(int)partlyStatus} {partly}\nrepeat: {(int)repeatStatus} {repeat}");

        Assert.Equal((HttpStatusCode.Accepted, "folded"), (joinedStatus, joined.GetProperty("outcome").GetString()));
        Assert.Equal((HttpStatusCode.Accepted, "folded"), (partlyStatus, partly.GetProperty("outcome").GetString()));
        Assert.Equal((HttpStatusCode.Accepted, "folded"), (repeatStatus, repeat.GetProperty("outcome").GetString()));
        Assert.Equal(pagesBefore, await PagesAsync(id));
        var detail = await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.True(detail.GetProperty("incident").GetProperty("open").GetBoolean());
        Assert.Equal(
            [("a3f1c2d4e5b60718", "resolved"), ("b4e2d3c5f6a70829", "firing"), ("c5f3e4d6a7b8093a", "firing")],
            detail.GetProperty("alerts").EnumerateArray().Select(a => (a.GetProperty("dedupKey").GetString()!, a.GetProperty("status").GetString()!.ToLowerInvariant())).Order());

        await Host.AdvanceAsync(TimeSpan.FromMinutes(20));
        var end = Host.Time.GetUtcNow().AddMinutes(-1);
        var (resolvedStatus, resolved) = await PostAsync(Group("resolved", "all alerts resolved",
            Resolved("pay-api-7d9f-1", "a3f1c2d4e5b60718", started, started.AddMinutes(9)),
            Resolved("pay-api-7d9f-2", "b4e2d3c5f6a70829", started, end), Resolved("pay-api-7d9f-3", "c5f3e4d6a7b8093a", now, end)), Secret);
        await SettleAsync();
        Log($"resolved: {(int)resolvedStatus} {resolved}");
        await LogMailsAsync("all", await Smtp.MessagesAsync());
        Assert.Equal((HttpStatusCode.Accepted, "resolved", id), (resolvedStatus, resolved.GetProperty("outcome").GetString(), resolved.GetProperty("incidentId").GetString()));
        Assert.False((await Walk.IncidentAsync(id)).GetProperty("open").GetBoolean());
    }

    /// <summary>
    /// 森 pastes the secret with its last character missing: Alertmanager is answered 401 and does not retry a 4xx, so OnDuty pages
    /// the pair about the refusal. Basic auth (a receiver's <c>basic_auth</c>) is refused the same way, as README says. Fixed, the
    /// next notification opens the alert's incident and resolves the refusal's.
    /// </summary>
    [Fact]
    public async Task WrongBearerToken_401_RefusalPaged_FixedTokenOpensTheAlertAndResolvesTheRefusal()
    {
        var now = Host.Time.GetUtcNow();
        var body = Group("firing", "first notification", Firing("pay-api-7d9f-1", "a3f1c2d4e5b60718", now));
        var (refused, refusal) = await PostAsync(body, Secret[..^1]);
        await SettleAsync();
        Log($"secret mistyped: {(int)refused} {refusal}");
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        var refusalIncident = (await Smtp.WaitForAboutAsync("Alertmanager からの通知を受け付けませんでした（共有シークレットの誤り）", 2))
            .Select(m => IncidentId(m.Subject)).Distinct().Single();

        using (var basic = new HttpRequestMessage(HttpMethod.Post, $"api/alerts/alertmanager?code={MasterKey}") { Content = new StringContent(body, Encoding.UTF8, "application/json") })
        {
            basic.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("onduty:" + Secret)));
            using var answer = await Host.Client.SendAsync(basic);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        await Host.AdvanceAsync(TimeSpan.FromMinutes(3));
        var (status, opened) = await PostAsync(body, Secret);
        await SettleAsync();
        Log($"secret fixed: {(int)status} {opened}");
        Assert.Equal((HttpStatusCode.Accepted, "opened"), (status, opened.GetProperty("outcome").GetString()));
        var id = opened.GetProperty("incidentId").GetString()!;
        Assert.NotEqual(refusalIncident, id);
        Assert.Equal(2, (await Smtp.WaitForAboutAsync($"【SEV1 障害】{id}", 2)).Count);
        Assert.False((await Walk.IncidentAsync(refusalIncident)).GetProperty("open").GetBoolean());
    }

    /// <summary>
    /// A receiver with <c>max_alerts: 2</c> and a group of five pods: Alertmanager lists two and says <c>truncatedAlerts: 3</c>. OnDuty
    /// opens one incident, tells the sender the other three are not listed, and — since Alertmanager counts resolved alerts in
    /// <c>truncatedAlerts</c> too — does not resolve it on a resolve that still leaves three out: a person does. The delivery list
    /// page shows the deliveries with that warning.
    /// </summary>
    [Fact]
    public async Task MaxAlerts_TruncatedGroup_OpensOnce_WarnsOfTheUnlisted_StaysOpenOnATruncatedResolve()
    {
        var now = Host.Time.GetUtcNow();
        var (status, opened) = await PostAsync(Group("firing", "first notification", 3,
            Firing("pay-api-7d9f-1", "a3f1c2d4e5b60718", now), Firing("pay-api-7d9f-2", "b4e2d3c5f6a70829", now)), Secret);
        await SettleAsync();
        Log($"truncated: {(int)status} {opened}");
        Assert.Equal((HttpStatusCode.Accepted, "opened"), (status, opened.GetProperty("outcome").GetString()));
        Assert.Contains(opened.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("$.truncatedAlerts: 3 alerts not listed", StringComparison.Ordinal));
        var id = opened.GetProperty("incidentId").GetString()!;
        Assert.Equal(2, (await Smtp.WaitForAboutAsync($"【SEV1 障害】{id}", 2)).Count);

        await Host.AdvanceAsync(TimeSpan.FromMinutes(15));
        var end = Host.Time.GetUtcNow().AddMinutes(-1);
        var (resolvedStatus, resolved) = await PostAsync(Group("resolved", "all alerts resolved", 3,
            Resolved("pay-api-7d9f-1", "a3f1c2d4e5b60718", now, end), Resolved("pay-api-7d9f-2", "b4e2d3c5f6a70829", now, end)), Secret);
        await SettleAsync();
        Log($"truncated resolve: {(int)resolvedStatus} {resolved}");
        Assert.Equal((HttpStatusCode.Accepted, id), (resolvedStatus, resolved.GetProperty("incidentId").GetString()));
        Assert.True((await Walk.IncidentAsync(id)).GetProperty("open").GetBoolean());

        var page = await Walk.SaveAsync("alertmanagerwalk-deliveries", "api/alerts/deliveries/page?source=alertmanager");
        Assert.Contains(id, page, StringComparison.Ordinal);
        var listed = (await Host.Client.GetFromJsonAsync<JsonElement>("api/alerts/deliveries?source=alertmanager")).GetProperty("items");
        Assert.Equal(2, listed.GetArrayLength());
    }

    private static JsonObject Firing(string pod, string fingerprint, DateTimeOffset startsAt) =>
        Alert("firing", pod, fingerprint, startsAt, startsAt.AddMinutes(4));

    private static JsonObject Resolved(string pod, string fingerprint, DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        Alert("resolved", pod, fingerprint, startsAt, endsAt);

    /// <summary>One alert as template.Alert writes it; a firing one's <c>endsAt</c> is Prometheus's valid-until, a few minutes ahead.</summary>
    private static JsonObject Alert(string status, string pod, string fingerprint, DateTimeOffset startsAt, DateTimeOffset endsAt) => new()
    {
        ["status"] = status,
        ["labels"] = new JsonObject
        {
            ["alertname"] = "PaymentsAPIHighErrorRate",
            ["instance"] = pod,
            ["namespace"] = "payments",
            ["prometheus"] = "monitoring/k8s",
            ["severity"] = "critical",
        },
        ["annotations"] = new JsonObject
        {
            ["summary"] = "決済APIのエラー率が上昇しています",
            ["description"] = $"{pod} の 5xx 率が 5% を超えています。",
            ["runbook_url"] = "https://runbooks.example.jp/payments/high-error-rate",
        },
        ["startsAt"] = startsAt.ToString("O"),
        ["endsAt"] = endsAt.ToString("O"),
        ["generatorURL"] = "http://prometheus.example.jp:9090/graph?g0.expr=payments_api_error_rate+%3E+0.05&g0.tab=1",
        ["fingerprint"] = fingerprint,
    };

    private static string Group(string status, string reason, params JsonObject[] alerts) => Group(status, reason, 0, alerts);

    /// <summary>The notification as notify/webhook posts it (Message: template.Data, version, groupKey, truncatedAlerts).</summary>
    private static string Group(string status, string reason, int truncated, params JsonObject[] alerts)
    {
        var common = (JsonObject)alerts[0]["labels"]!.DeepClone();
        if (alerts.Length > 1)
        {
            common.Remove("instance");
        }

        return new JsonObject
        {
            ["receiver"] = "onduty",
            ["status"] = status,
            ["alerts"] = new JsonArray(alerts),
            ["notification_reason"] = reason,
            ["groupLabels"] = new JsonObject { ["alertname"] = "PaymentsAPIHighErrorRate" },
            ["commonLabels"] = common,
            ["commonAnnotations"] = new JsonObject { ["summary"] = "決済APIのエラー率が上昇しています", ["runbook_url"] = "https://runbooks.example.jp/payments/high-error-rate" },
            ["routeLabels"] = new JsonObject(),
            ["externalURL"] = ExternalUrl,
            ["version"] = "4",
            ["groupKey"] = GroupKey,
            ["truncatedAlerts"] = truncated,
        }.ToJsonString();
    }

    private async Task<int> PagesAsync(string id) =>
        (await Smtp.MessagesAsync()).Count(m => m.Subject.StartsWith($"【SEV1 障害】{id}", StringComparison.Ordinal));

    private static string IncidentId(string subject) =>
        System.Text.RegularExpressions.Regex.Match(subject, @"INC-\d{4}-\d{4}").Value;

    private async Task<(HttpStatusCode Status, JsonElement Answer)> PostAsync(string body, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/alerts/alertmanager?code={MasterKey}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        // http_config: authorization: { type: Bearer, credentials_file: … }
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        request.Headers.UserAgent.ParseAdd("Alertmanager/0.34.0");
        using var response = await Host.Client.SendAsync(request);
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

        await Walk.DumpMailsAsync("alertmanagerwalk-" + name, mails);
    }
}
