using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Support;

using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>Real sample payloads of each source, end to end: fired → repeated → resolved → refired.</summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AlertIntakeTests(OnDutyAppFixture app)
{
    public static TheoryData<string, string> Samples => new()
    {
        { "alertmanager", "alertmanager-firing.json" },
        { "grafana", "grafana-firing.json" },
        { "azure-monitor", "azure-monitor-metric-fired.json" },
        { "generic", "generic-trigger.json" },
        { "pagerduty", "pagerduty-trigger.json" },
        { "datadog", "datadog-triggered.json" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_FiredRepeatedResolvedRefired_OneIncidentPagedOnceResolvedThenReopenedAndPagedAgain(string source, string sample)
    {
        // A key of its own: other tests in the shared app post the same samples, and a group they left open would fold this one.
        var own = Guid.NewGuid().ToString("n");
        var firing = OwnKey(source, Read(sample), own);
        var resolved = source switch
        {
            "generic" => OwnKey(source, Read("generic-resolve.json"), own),
            "pagerduty" => OwnKey(source, Read("pagerduty-resolve.json"), own),
            "datadog" => OwnKey(source, Read("datadog-recovered.json"), own),
            _ => ResolvedOf(source, firing),
        };
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var duty = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!).Order().ToList();
        Assert.NotEmpty(duty);

        var opened = await PostAsync(source, firing);
        Assert.Equal("opened", opened.GetProperty("outcome").GetString());
        var id = opened.GetProperty("incidentId").GetString()!;
        Assert.Matches(@"^INC-\d{4}-\d{4}$", id);

        var incident = await GetIncidentAsync(id);
        Assert.Equal("investigating", incident.GetProperty("incident").GetProperty("status").GetString());
        Assert.Equal(duty, incident.GetProperty("incident").GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("email").GetString()!).Order());
        var pages = await app.Smtp.WaitForAboutAsync(id, duty.Count);
        Assert.Equal(duty, pages.SelectMany(m => m.To).Order());
        Assert.Contains(await OpenIdsAsync(), i => i == id);

        var repeat = await PostAsync(source, firing);
        Assert.Equal("folded", repeat.GetProperty("outcome").GetString());
        Assert.Equal(id, repeat.GetProperty("incidentId").GetString());
        // Accepted through the inbox and applied to the incident just after.
        await Eventually.HoldsAsync(async () => (await GetIncidentAsync(id)).GetProperty("timeline").EnumerateArray().Any(t => t.GetProperty("kind").GetString() == "alertRepeated"),
            $"the repeat of {source} is on the timeline of {id}");
        Assert.Single(await OpenIdsAsync(), i => i == id);

        var closed = await PostAsync(source, resolved);
        Assert.Equal("resolved", closed.GetProperty("outcome").GetString());
        incident = await GetIncidentAsync(id);
        Assert.Equal("resolved", incident.GetProperty("incident").GetProperty("status").GetString());
        Assert.DoesNotContain(await OpenIdsAsync(), i => i == id);

        if (source == "azure-monitor")
        {
            // Azure fires an alert instance (essentials.alertId) once: the same instance firing after its resolve is an action
            // group's retried delivery, never a reopen, however late (trial 35 H1); the rule firing again comes as a new alertId,
            // of the same group (the rule on its target), and reopens below as any source's re-fire does.
            var late = await PostAsync(source, firing);
            Assert.Equal(("stale", id), (late.GetProperty("outcome").GetString(), late.GetProperty("incidentId").GetString()));
            Assert.DoesNotContain(await OpenIdsAsync(), i => i == id);
            await app.SettleAsync();
            Assert.DoesNotContain(await app.Smtp.AboutAsync(id), m => m.Subject.Contains("再発】") || m.Subject.Contains("incident again]"));
            firing = AzureInstance(firing, "2");
            resolved = AzureInstance(resolved, "2");
        }

        // Firing again after the resolve is a new start (the old one right after the resolve would be an HA peer's late copy).
        var refired = await PostAsync(source, System.Text.RegularExpressions.Regex.Replace(firing, "\"startsAt\"\\s*:\\s*\"[^\"]+\"", "\"startsAt\":\"2030-01-01T00:00:00Z\""));
        Assert.Equal("reopened", refired.GetProperty("outcome").GetString());
        Assert.Equal(id, refired.GetProperty("incidentId").GetString());
        Assert.Contains(await OpenIdsAsync(), i => i == id);

        // The repeat paged nobody again; the reopen did, at once, as nobody had acknowledged the incident (the timer is off here).
        await app.SettleAsync();
        var about = await app.Smtp.AboutAsync(id);
        var paged = about.Where(m => m.Subject.Contains("障害】") || m.Subject.Contains("incident]")).ToList();
        Assert.Equal(duty.Order(), paged.SelectMany(m => m.To).Order());

        // The second page says the incident came back (it read as the first page sent twice).
        var again = about.Where(m => m.Subject.Contains("再発】") || m.Subject.Contains("incident again]")).ToList();
        Assert.Equal(duty.Order(), again.SelectMany(m => m.To).Order());

        // Resolved again and fired after the reopen window: a new incident.
        Assert.Equal("resolved", (await PostAsync(source, resolved)).GetProperty("outcome").GetString());
        await app.AdvanceAsync(TimeSpan.FromMinutes(31));
        var fresh = await PostAsync(source, source == "azure-monitor" ? AzureInstance(firing, "3") : firing);
        Assert.Equal("opened", fresh.GetProperty("outcome").GetString());
        Assert.NotEqual(id, fresh.GetProperty("incidentId").GetString());
        await PostAsync(source, source == "azure-monitor" ? AzureInstance(resolved, "3") : resolved);
    }

    /// <summary>Another instance of an Azure Monitor rule's series: the rule fired again (a new alertId, the same group).</summary>
    private static string AzureInstance(string json, string n) => Mutate(json, root =>
        root["data"]!["essentials"]!["alertId"] = root["data"]!["essentials"]!["alertId"]!.GetValue<string>() + "-" + n);

    /// <summary>
    /// Trial day 29, M1: a person acknowledges and resolves while the alert still fires; the sender repeats the same firing alert,
    /// several deliveries at once. One reopen of the same incident, the acknowledgement no longer covers it, and the duty pair is
    /// paged again (【再発】) at once, with the reason on the timeline.
    /// </summary>
    [Fact]
    public async Task PersonResolvedWhileItFires_ParallelRepeats_OneReopenAndThePairPagedAgain()
    {
        var body = NewAlertmanagerGroup("still-firing");
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var duty = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!).Order().ToList();
        var id = (await PostAsync("alertmanager", body)).GetProperty("incidentId").GetString()!;
        await app.Smtp.WaitForAboutAsync(id, duty.Count);
        (await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = "sato" })).Dispose();
        using (var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "Fixed", by = "sato" }))
        {
            Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostRetryingAsync(body))));

        Assert.All(results, r => Assert.Equal(id, r.GetProperty("incidentId").GetString()));
        Assert.Contains(results, r => r.GetProperty("outcome").GetString() == "reopened");
        var incident = await GetIncidentAsync(id);
        Assert.Equal(1, incident.GetProperty("incident").GetProperty("reopenCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("incident").GetProperty("acknowledgedBy").ValueKind);
        var reopened = Assert.Single(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "reopened");
        Assert.Equal("someone resolved it, but monitoring still reports it firing, so it was reopened", reopened.GetProperty("message").GetString());
        Assert.Single(await OpenIdsAsync(), i => i == id);
        // Brief boardstorm, 1: the API's incident and the status page's row say it came back, and when (the status page in JST).
        var reopenedAt = reopened.GetProperty("at").GetDateTimeOffset();
        Assert.Equal(reopenedAt, incident.GetProperty("incident").GetProperty("lastReopenedAt").GetDateTimeOffset());
        using (var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(app.BaseAddress))
        {
            var (_, status) = await browser.GetAsync("api/status?lang=ja");
            var row = status.Split("<li>").Single(r => r.Contains($">{id}</a>", StringComparison.Ordinal));
            Assert.Contains($"<span class=\"waiting refired\">再発 {reopenedAt.ToOffset(TimeSpan.FromHours(9)):HH:mm}</span>", row, StringComparison.Ordinal);
        }

        await app.SettleAsync();
        var again = (await app.Smtp.AboutAsync(id)).Where(m => m.Subject.Contains("再発】") || m.Subject.Contains("incident again]")).ToList();
        Assert.Equal(duty, again.SelectMany(m => m.To).Order());

        await PostAsync("alertmanager", Resolve(body));
    }

    /// <summary>Posts until accepted: parallel deliveries may meet a 503 under contention, which senders retry.</summary>
    private async Task<JsonElement> PostRetryingAsync(string body)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await app.Client.PostAsync("api/alerts/alertmanager", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 20)
            {
                await Task.Delay(50);
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement;
        }
    }

    [Fact]
    public async Task ParallelFirstFirings_OneIncidentWithEveryRepeatRecorded()
    {
        var body = NewAlertmanagerGroup("storm");
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync("alertmanager", body)));

        var ids = results.Select(r => r.GetProperty("incidentId").GetString()).Distinct().ToList();
        var id = Assert.Single(ids)!;
        Assert.Single(results, r => r.GetProperty("outcome").GetString() == "opened");
        // Repeats are accepted through the inbox and applied to the incident just after: wait for all 19.
        await Eventually.HoldsAsync(
            async () => (await GetIncidentAsync(id)).GetProperty("timeline").EnumerateArray()
                .Where(t => t.GetProperty("kind").GetString() == "alertRepeated").Sum(t => t.GetProperty("count").GetInt32()) == 19,
            $"every repeat is on the timeline of {id}");
        var timeline = (await GetIncidentAsync(id)).GetProperty("timeline").EnumerateArray().ToList();
        Assert.Single(timeline, t => t.GetProperty("kind").GetString() == "alertFired");
        var repeats = Assert.Single(timeline, t => t.GetProperty("kind").GetString() == "alertRepeated");
        Assert.Equal(19, repeats.GetProperty("count").GetInt32());
        await PostAsync("alertmanager", Resolve(body));
    }

    /// <summary>
    /// Alertmanager sends a group's alerts together, each with its own severity label, so a more urgent alert can join an
    /// open incident under the same groupKey. (A generic event is its own group and its only alert, so there the same
    /// dedup_key re-sent with a higher severity is the way in; Core tests that a repeat raises too.)
    /// </summary>
    [Fact]
    public async Task MoreUrgentAlertJoinsTheGroup_IncidentRaisedToSev1AndEscalatesAtSev1Pace()
    {
        var run = Guid.NewGuid().ToString("n");
        var groupKey = "{}:{alertname=\"Checkout\",run=\"" + run + "\"}";
        static JsonObject AlertOf(string fingerprint, string severity, string summary) => new()
        {
            ["status"] = "firing",
            ["labels"] = new JsonObject { ["alertname"] = "Checkout", ["severity"] = severity },
            ["annotations"] = new JsonObject { ["summary"] = summary },
            ["startsAt"] = "2026-03-02T08:00:00Z",
            ["endsAt"] = "0001-01-01T00:00:00Z",
            ["fingerprint"] = fingerprint,
        };
        var warning = Read("alertmanager-firing.json", root =>
        {
            root["groupKey"] = groupKey;
            root["alerts"] = new JsonArray(AlertOf("latency-" + run, "warning", "Checkout latency high"));
        });
        var both = Read("alertmanager-firing.json", root =>
        {
            root["groupKey"] = groupKey;
            root["alerts"] = new JsonArray(AlertOf("latency-" + run, "warning", "Checkout latency high"), AlertOf("errors-" + run, "critical", "Checkout 5xx"));
        });

        var opened = await PostAsync("alertmanager", warning);
        var id = opened.GetProperty("incidentId").GetString()!;
        Assert.Equal("SEV3", (await GetIncidentAsync(id)).GetProperty("incident").GetProperty("severity").GetString());
        await app.RunFunctionAsync("EscalateIncidents");

        var joined = await PostAsync("alertmanager", both);
        Assert.Equal("folded", joined.GetProperty("outcome").GetString());
        var incident = await GetIncidentAsync(id);
        Assert.Equal("SEV1", incident.GetProperty("incident").GetProperty("severity").GetString());
        Assert.Equal(2, incident.GetProperty("alerts").GetArrayLength());
        var raised = Assert.Single(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "severityRaised");
        Assert.Equal("severity raised from SEV3 to SEV1", raised.GetProperty("message").GetString());
        Assert.Equal(0, incident.GetProperty("incident").GetProperty("escalationStep").GetInt32());

        // SEV3 waits an hour for step 1; SEV1 five minutes.
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.RunFunctionAsync("EscalateIncidents");
        Assert.Equal(1, (await GetIncidentAsync(id)).GetProperty("incident").GetProperty("escalationStep").GetInt32());
        await PostAsync("alertmanager", Resolve(both));
    }

    private static string Resolve(string alertmanagerBody) =>
        Mutate(alertmanagerBody, root =>
        {
            root["status"] = "resolved";
            foreach (var alert in root["alerts"]!.AsArray())
            {
                alert!["status"] = "resolved";
            }
        });

    /// <summary>
    /// Trial 39 M4 through the real host: a PM declares a SEV2, an Alertmanager incident is merged into it, the PM sets 経過観察中, and
    /// the alert resolves. The answer is 202 <c>{"outcome":"alertsResolved"}</c>, the incident stays 経過観察中, the pair and 佐藤 (who
    /// declared it; not on duty here) get one 【アラート解消・要確認】 mail each with the link to the update form with 復旧済み chosen, which the page opens with the banner; the resolve
    /// sent again answers the same and sends nothing new.
    /// </summary>
    [Fact]
    public async Task PersonsIncident_MergedAlertResolves_AnsweredAlertsResolved_StaysOpen_OneMail_PageBannerAndResolveForm()
    {
        using var declare = await app.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev2", by = "sato" });
        declare.EnsureSuccessStatusCode();
        var id = (await declare.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var group = NewAlertmanagerGroup("person");
        var duplicate = (await PostAsync("alertmanager", group)).GetProperty("incidentId").GetString()!;
        (await app.Client.PostAsJsonAsync($"api/incidents/{duplicate}/merge", new { into = id, by = "sato", confirmSeverity = true })).EnsureSuccessStatusCode();
        (await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "monitoring", message = "念のため1時間経過観察します。", by = "sato" })).EnsureSuccessStatusCode();
        var duty = (await GetIncidentAsync(id)).GetProperty("incident").GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("email").GetString()!).Order().ToList();
        Assert.NotEmpty(duty);
        // Asked: the pair on duty, and 佐藤, who declared it and watches it.
        Assert.DoesNotContain("sato@onduty.example", duty);
        var askedOf = duty.Append("sato@onduty.example").Order().ToList();

        // A test delivery predicts it.
        using (var test = await app.Client.PostAsync("api/alerts/alertmanager?test=true", new StringContent(ResolvedOf("alertmanager", group), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, test.StatusCode);
            Assert.Equal("alertsResolved", (await test.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        }

        var cleared = await PostAsync("alertmanager", ResolvedOf("alertmanager", group));

        Assert.Equal(("alertsResolved", id), (cleared.GetProperty("outcome").GetString(), cleared.GetProperty("incidentId").GetString()));
        var incident = await GetIncidentAsync(id);
        Assert.Equal("monitoring", incident.GetProperty("incident").GetProperty("status").GetString());
        Assert.Contains(await OpenIdsAsync(), i => i == id);
        var row = Assert.Single(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "alertsResolved");
        Assert.Equal("every monitoring alert has resolved (alertmanager); whether the incident is over is for its owner to decide", row.GetProperty("message").GetString());
        // Each in their language: 【アラート解消・要確認】 or [Alerts resolved · please check].
        static bool Asks(ReceivedEmail m) =>
            m.Subject.StartsWith("【アラート解消・要確認】", StringComparison.Ordinal) || m.Subject.StartsWith("[Alerts resolved · please check]", StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => (await app.Smtp.AboutAsync(id)).Count(Asks) >= askedOf.Count, $"the pair of {id} and its declarer are asked");
        var asked = (await app.Smtp.AboutAsync(id)).Where(Asks).ToList();
        Assert.Equal(askedOf, asked.SelectMany(m => m.To).Order());
        var text = await app.Smtp.TextAsync(asked.First(m => m.Subject.StartsWith($"【アラート解消・要確認】{id} ", StringComparison.Ordinal)).Id);
        Assert.Contains("監視（Alertmanager）のアラートはすべて解消し、監視では復旧したように見えます。障害が収まっていれば、復旧を記録してください。", text, StringComparison.Ordinal);
        Assert.Contains($"api/incidents/{id}/page?status=resolved#h-update", text, StringComparison.Ordinal);

        var page = await app.Client.GetStringAsync($"api/incidents/{id}/page?lang=ja&status=resolved");
        Assert.Contains("監視のアラートはすべて解消しています。復旧していれば「復旧済み」を記録してください。", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"resolved\" selected>", page, StringComparison.Ordinal);

        var again = await PostAsync("alertmanager", ResolvedOf("alertmanager", group));
        await app.SettleAsync();
        Assert.Equal(("alertsResolved", id), (again.GetProperty("outcome").GetString(), again.GetProperty("incidentId").GetString()));
        Assert.Equal(askedOf.Count, (await app.Smtp.AboutAsync(id)).Count(Asks));
    }

    /// <summary>The resolve matching a firing sample (the tools' own resolved samples belong to other alerts).</summary>
    internal static string ResolvedOf(string source, string firing) => source switch
    {
        "alertmanager" or "grafana" => Resolve(firing),
        "azure-monitor" => Mutate(firing, root =>
        {
            root["data"]!["essentials"]!["monitorCondition"] = "Resolved";
            root["data"]!["essentials"]!["resolvedDateTime"] = "2026-03-02T09:00:00Z";
        }),
        _ => Read("generic-resolve.json"),
    };

    /// <summary>The sample with its group made unique (the group key, the Azure alert id and series, Datadog's monitor and key, the generic dedup key) by <paramref name="suffix"/>.</summary>
    internal static string OwnKey(string source, string json, string suffix) => Mutate(json, root =>
    {
        switch (source)
        {
            case "alertmanager" or "grafana":
                root["groupKey"] = "{}:{own=\"" + suffix + "\"}";
                break;
            case "azure-monitor":
                // The group is the rule's series (the metric sample's originAlertId, on its target); the alertId is the instance.
                root["data"]!["essentials"]!["alertId"] = root["data"]!["essentials"]!["alertId"]!.GetValue<string>() + "-" + suffix;
                root["data"]!["essentials"]!["originAlertId"] = root["data"]!["essentials"]!["originAlertId"]!.GetValue<string>() + "-" + suffix;
                break;
            case "datadog":
                root["monitor"] = root["monitor"]!.GetValue<string>() + "-" + suffix;
                root["aggregate"] = root["aggregate"]!.GetValue<string>() + "-" + suffix;
                break;
            default:
                root["dedup_key"] = root["dedup_key"]!.GetValue<string>() + "-" + suffix;
                break;
        }
    });

    internal static string Read(string name, Action<JsonObject>? change = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Alerts", "Samples", name));
        return change is null ? text : Mutate(text, change);
    }

    private static string Mutate(string json, Action<JsonObject> change)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    /// <summary>The Alertmanager sample as a group of its own (<paramref name="label"/> says which test's).</summary>
    internal static string NewAlertmanagerGroup(string label) =>
        Read("alertmanager-firing.json", root => root["groupKey"] = "{}:{" + label + "=\"" + Guid.NewGuid().ToString("n") + "\"}");

    /// <summary>Posts through <paramref name="client"/>, requires a 202 and returns its body; on <c>pagerduty</c>, OnDuty's outcome inside PagerDuty's own answer.</summary>
    internal static async Task<JsonElement> PostAcceptedAsync(HttpClient client, string source, string body)
    {
        using var response = await client.PostAsync($"api/alerts/{source}", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        var root = JsonDocument.Parse(text).RootElement;
        return source == "pagerduty" ? root.GetProperty("onDuty") : root;
    }

    private Task<JsonElement> PostAsync(string source, string body) => PostAcceptedAsync(app.Client, source, body);

    private async Task<JsonElement> GetIncidentAsync(string id) =>
        await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");

    private async Task<List<string>> OpenIdsAsync() =>
        (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
}
