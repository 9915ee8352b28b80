using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 64): 斎藤, a backend engineer, moves two things that paged through PagerDuty to OnDuty following the README
/// only — a nightly export cron job that posts Events API v2 events with curl (no <c>dedup_key</c>: it keeps the one the answer gives
/// and resolves with it), and an InfluxDB check whose notification rule calls Flux's <c>pagerduty.sendEvent</c> with
/// <c>pagerdutyURL</c> set to <c>/api/alerts/pagerduty?code=…</c> (client "InfluxDB", a dedup key per check and tag set, warn → crit on
/// the same key, ok → resolve with a payload). The integration key is the team's 32-character one in
/// <c>Incidents__Sources__pagerduty__RoutingKeys__0</c>. The duty pair are 山田 and 伊藤. Wednesday 2026-12-09 02:10 JST.
/// </summary>
public sealed class PagerDutyIntegratorWalkTests() : WalkTestBase(MasterKey, Start, WalkPages, dutyPair: ("yamada", "ito"))
{
    private const string MasterKey = "e2e-pdwalk-key";

    /// <summary>An Events API v2 integration key as PagerDuty makes them: 32 characters.</summary>
    private const string RoutingKey = "R0u7ingKeyS4it0NightlyExport0001";

    /// <summary>Wednesday 2026-12-09 02:10 JST.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 17, 10, 0, TimeSpan.Zero);

    private const string Yamada = "yamada@onduty.example";

    private const string Ito = "ito@onduty.example";

    private readonly StringBuilder _log = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Incidents:Sources:pagerduty:RoutingKeys:0"] = RoutingKey,
    };

    protected override async Task StoppingAsync()
    {
        if (Dump is not null)
        {
            await File.AppendAllTextAsync(Path.Combine(Dump, "pdwalk-log.txt"), _log.ToString());
        }
    }

    /// <summary>
    /// The InfluxDB check goes warn (SEV3: both paged), then crit on the same dedup key two minutes later (PagerDuty raises the alert's
    /// severity): raised to SEV1 and, nobody having taken it, the pair is paged again at SEV1's pace. InfluxDB's acknowledge (a person
    /// acked the alert in another tool) stops the pages and the pair is told it is handled in InfluxDB; the check's ok resolves it.
    /// </summary>
    [Fact]
    public async Task InfluxCheck_WarnThenCrit_RaisedAndPagedAsSev1_AckByTool_ResolvedOnOk()
    {
        const string Key = "a4c2b7e09d1f3e58c6b0a9d2e7f41c35";
        var (status, opened) = await PostAsync(Influx("warn", Key, "API p99 latency 1.8s (warn > 1.5s)"));
        await SettleAsync();
        Log($"warn: {(int)status} {opened}");
        Assert.Equal((HttpStatusCode.Accepted, "success", "Event processed", Key), (status, opened.GetProperty("status").GetString(), opened.GetProperty("message").GetString(), opened.GetProperty("dedup_key").GetString()));
        var id = opened.GetProperty("onDuty").GetProperty("incidentId").GetString()!;
        var pages = await Smtp.WaitForAboutAsync(id, 2);
        await LogMailsAsync("warn", pages);
        Assert.Equal([Ito, Yamada], WalkSteps.Readers(pages, "onduty@onduty.example"));
        Assert.All(pages, m => Assert.Equal($"【SEV3 障害】{id} API p99 latency 1.8s (warn > 1.5s)", m.Subject));
        var text = await Smtp.TextAsync(pages[0].Id);
        Assert.Contains("PagerDuty 連携（InfluxDB）", text, StringComparison.Ordinal);
        await Smtp.DeleteAllAsync();

        await Host.AdvanceAsync(TimeSpan.FromMinutes(2));
        var (critStatus, crit) = await PostAsync(Influx("crit", Key, "API p99 latency 4.2s (crit > 3s)"));
        await SettleAsync();
        Log($"crit: {(int)critStatus} {crit}");
        Assert.Equal((HttpStatusCode.Accepted, id), (critStatus, crit.GetProperty("onDuty").GetProperty("incidentId").GetString()));
        var incident = (await Walk.IncidentAsync(id));
        Log($"after crit: severity {incident.GetProperty("severity")} step {incident.GetProperty("escalationStep")}");
        Assert.Equal("SEV1", incident.GetProperty("severity").GetString(), ignoreCase: true);

        await Walk.RunTimersUntilAsync(Start + TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));
        var raised = await Smtp.AboutAsync(id);
        await LogMailsAsync("crit", raised);
        Assert.Contains(raised, m => m.Subject.StartsWith("【SEV1", StringComparison.Ordinal) && m.To.Contains(Yamada));
        Assert.Contains(raised, m => m.Subject.StartsWith("【SEV1", StringComparison.Ordinal) && m.To.Contains(Ito));
        await Smtp.DeleteAllAsync();

        var (ackStatus, acked) = await PostAsync($$"""{"routing_key":"{{RoutingKey}}","dedup_key":"{{Key}}","event_action":"acknowledge"}""");
        await SettleAsync();
        Log($"acknowledge: {(int)ackStatus} {acked}");
        var ackMails = await Smtp.AboutAsync(id);
        await LogMailsAsync("ack", ackMails);
        Assert.Equal((HttpStatusCode.Accepted, "acknowledged"), (ackStatus, acked.GetProperty("onDuty").GetProperty("outcome").GetString()));
        Assert.Equal([Ito, Yamada], WalkSteps.Readers(ackMails.Where(m => m.Subject.StartsWith("【SEV1 対応開始】", StringComparison.Ordinal)), "onduty@onduty.example"));
        Assert.Contains("送信元の InfluxDB で対応中（Acknowledge）になりました", await Smtp.TextAsync(ackMails[0].Id), StringComparison.Ordinal);

        await Host.AdvanceAsync(TimeSpan.FromMinutes(6));
        var (okStatus, ok) = await PostAsync(Influx("ok", Key, "API p99 latency 0.4s (ok)"));
        await SettleAsync();
        Log($"ok: {(int)okStatus} {ok}");
        Assert.Equal((HttpStatusCode.Accepted, "resolved", id), (okStatus, ok.GetProperty("onDuty").GetProperty("outcome").GetString(), ok.GetProperty("onDuty").GetProperty("incidentId").GetString()));
        await Walk.SaveAsync("pdwalk-influx", $"api/incidents/{id}/page?lang=ja");
        await LogMailsAsync("ok", await Smtp.AboutAsync(id));
    }

    /// <summary>
    /// The cron job fails at 02:10 and posts a trigger without <c>dedup_key</c>; curl's <c>--retry</c> sends the same body again after a
    /// timeout. PagerDuty would make two alerts; OnDuty answers the same generated key and pages once. The job's next run succeeds and
    /// resolves with the key it kept.
    /// </summary>
    [Fact]
    public async Task CronJob_NoDedupKey_KeyReturned_RetryPagesOnce_ResolvedWithTheKey()
    {
        var trigger = $$$"""
            {"routing_key":"{{{RoutingKey}}}","event_action":"trigger",
             "payload":{"summary":"nightly-export failed (exit 1)","source":"batch-01.internal","severity":"error","timestamp":"2026-12-09T02:10:04+0900",
                        "component":"nightly-export","custom_details":{"exit_code":1,"log_tail":"psql: could not connect to server"} } }
            """;
        var (status, opened) = await PostAsync(trigger);
        var (againStatus, again) = await PostAsync(trigger);
        await SettleAsync();
        Log($"trigger: {(int)status} {opened}\nretry: {(int)againStatus} {again}");
        var key = opened.GetProperty("dedup_key").GetString()!;
        Assert.StartsWith("pd-", key, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Accepted, key, "folded"), (againStatus, again.GetProperty("dedup_key").GetString(), again.GetProperty("onDuty").GetProperty("outcome").GetString()));
        var id = opened.GetProperty("onDuty").GetProperty("incidentId").GetString()!;
        var pages = await Smtp.WaitForAboutAsync(id, 2);
        await LogMailsAsync("cron", pages);
        Assert.Equal([Ito, Yamada], WalkSteps.Readers(pages, "onduty@onduty.example"));
        Assert.All(pages, m => Assert.Equal($"【SEV2 障害】{id} nightly-export failed (exit 1)", m.Subject));

        await Host.AdvanceAsync(TimeSpan.FromMinutes(3));
        var (resolveStatus, resolved) = await PostAsync($$"""{"routing_key":"{{RoutingKey}}","dedup_key":"{{key}}","event_action":"resolve"}""");
        await SettleAsync();
        Log($"resolve: {(int)resolveStatus} {resolved}");
        Assert.Equal((HttpStatusCode.Accepted, "resolved"), (resolveStatus, resolved.GetProperty("onDuty").GetProperty("outcome").GetString()));
        await Walk.SaveAsync("pdwalk-cron", $"api/incidents/{id}/page?lang=ja");
        await LogMailsAsync("cron-resolved", await Smtp.AboutAsync(id));
    }

    /// <summary>
    /// What 斎藤 gets wrong on the way: a resolve for a key OnDuty never saw (the job's first successful run), an event without severity,
    /// the old PagerDuty key still in the script, and a summary with the whole stack trace in it. Then the delivery list.
    /// </summary>
    [Fact]
    public async Task Mistakes_UnknownResolve_MissingSeverity_WrongKey_LongSummary_DeliveryList()
    {
        var (unknownStatus, unknown) = await PostAsync($$"""{"routing_key":"{{RoutingKey}}","dedup_key":"nightly-export","event_action":"resolve"}""");
        Log($"unknown resolve: {(int)unknownStatus} {unknown}");
        Assert.Equal((HttpStatusCode.Accepted, "success", "ignored", "resolveWithoutIncident"),
            (unknownStatus, unknown.GetProperty("status").GetString(), unknown.GetProperty("onDuty").GetProperty("outcome").GetString(), unknown.GetProperty("onDuty").GetProperty("reason").GetString()));

        var (badStatus, bad) = await PostAsync($$$"""{"routing_key":"{{{RoutingKey}}}","event_action":"trigger","payload":{"summary":"nightly-export failed","source":"batch-01"}}""");
        Log($"no severity: {(int)badStatus} {bad}");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid event", "Event object is invalid"), (badStatus, bad.GetProperty("status").GetString(), bad.GetProperty("message").GetString()));
        Assert.Equal("$.payload.severity: required field is missing", Assert.Single(bad.GetProperty("errors").EnumerateArray()).GetString());

        var (wrongStatus, wrong) = await PostAsync("""{"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger","payload":{"summary":"nightly-export failed","source":"batch-01","severity":"error"}}""");
        Log($"wrong key: {(int)wrongStatus} {wrong}");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid event"), (wrongStatus, wrong.GetProperty("status").GetString()));

        var longSummary = "nightly-export failed: " + string.Concat(Enumerable.Repeat("at Export.Run() in /srv/export/Program.cs:line 42 ", 40));
        var (longStatus, longAnswer) = await PostAsync($$$"""{"routing_key":"{{{RoutingKey}}}","event_action":"trigger","dedup_key":"nightly-export-long","payload":{"summary":"{{{longSummary}}}","source":"batch-01","severity":"warning"}}""");
        Log($"long summary ({longSummary.Length}): {(int)longStatus} {longAnswer}");
        // PagerDuty refuses a summary over 1,024 characters (400 "'summary' is too long"), and senders do not retry a 400:
        // OnDuty takes the event, shortened, and says so.
        Assert.Equal(HttpStatusCode.Accepted, longStatus);
        Assert.Equal($"$.payload.summary: truncated from {longSummary.Length} to 1024 characters", Assert.Single(longAnswer.GetProperty("onDuty").GetProperty("warnings").EnumerateArray()).GetString());
        await SettleAsync();

        var page = await Walk.SaveAsync("pdwalk-deliveries", "api/alerts/deliveries/page?source=pagerduty&lang=ja");
        var listed = await Host.Client.GetFromJsonAsync<JsonElement>("api/alerts/deliveries?source=pagerduty");
        Log($"deliveries: {listed}");
        var mails = await Smtp.MessagesAsync();
        await LogMailsAsync("mistakes", mails);
        var items = listed.GetProperty("items").EnumerateArray().ToList();
        var keyRefusal = items.Single(d => d.GetProperty("messages").EnumerateArray().Any(m => m.GetString()!.StartsWith("$.routing_key", StringComparison.Ordinal)));
        var shapeRefusal = items.Single(d => d.GetProperty("messages").EnumerateArray().Any(m => m.GetString() == "$.payload.severity: required field is missing"));
        Assert.Equal((400, 400), (keyRefusal.GetProperty("status").GetInt32(), shapeRefusal.GetProperty("status").GetInt32()));
        Assert.Contains("$.routing_key: not an integration key of this service (Incidents__Sources__pagerduty__RoutingKeys)", page, StringComparison.Ordinal);
        // The list names the key, as the incident does (it read 「形式の誤り（Invalid event）」, and 斎藤 looked for a format error).
        Assert.Equal(("Invalid routing key", "Invalid event"), (keyRefusal.GetProperty("title").GetString(), shapeRefusal.GetProperty("title").GetString()));
        Assert.Contains("ルーティングキーの誤り（Invalid routing key）", page, StringComparison.Ordinal);

        // Both refusals paged the pair; the InfluxDB-style event accepted after them with the right key did not resolve them (before
        // trial 64 it did, mailing 「監視で自動復旧しました。対応は不要です」 while the cron job's events were still refused).
        foreach (var refusal in new[] { keyRefusal, shapeRefusal })
        {
            var id = refusal.GetProperty("incidentId").GetString()!;
            Assert.True((await Walk.IncidentAsync(id)).GetProperty("open").GetBoolean(), id);
            Assert.Equal([Ito, Yamada], WalkSteps.Readers(mails.Where(m => m.Subject.StartsWith($"【SEV2 障害】{id} ", StringComparison.Ordinal)), "onduty@onduty.example"));
            Assert.DoesNotContain(mails, m => m.Subject.StartsWith($"【SEV2 復旧】{id} ", StringComparison.Ordinal));
        }

        // The page says so: a person resolves it once the cron script has the right key.
        var keyId = keyRefusal.GetProperty("incidentId").GetString()!;
        await Walk.SaveAsync("pdwalk-keyrefusal", $"api/incidents/{keyId}/page?lang=ja");
        var keyPage = mails.First(m => m.Subject.StartsWith($"【SEV2 障害】{keyId} ", StringComparison.Ordinal));
        Assert.Contains("PagerDuty 形式の通知は複数のツールから届くため、ほかのツールからの通知を受け付けても自動では復旧しません。送信元を直したら、この障害を復旧にしてください。",
            await Smtp.TextAsync(keyPage.Id), StringComparison.Ordinal);
    }

    /// <summary>
    /// An event as Flux's <c>pagerduty.sendEvent</c> builds it from a check's level (<c>severityFromLevel</c>, <c>actionFromLevel</c>:
    /// ok resolves, with the payload still sent), client "InfluxDB" and the check's URL.
    /// </summary>
    private string Influx(string level, string dedupKey, string summary)
    {
        var severity = level switch { "crit" => "critical", "warn" => "warning", _ => "info" };
        var action = level == "ok" ? "resolve" : "trigger";
        return $$$"""
            {"routing_key":"{{{RoutingKey}}}","dedup_key":"{{{dedupKey}}}","event_action":"{{{action}}}","client":"InfluxDB",
             "client_url":"https://influx.example.jp/orgs/04a1/alerting/checks/0c2f",
             "payload":{"summary":"{{{summary}}}","timestamp":"{{{Host.Time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ}}}","source":"api-gateway","severity":"{{{severity}}}",
                        "component":"p99","group":"api","class":"latency","custom_details":{"_check_name":"API p99 latency","_level":"{{{level}}}","host":"api-gw-02"} } }
            """;
    }

    private async Task<(HttpStatusCode Status, JsonElement Answer)> PostAsync(string body)
    {
        // As curl and Flux's http.post send it: only the function key in the URL, JSON, no Accept-Language.
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Host.Client.PostAsync($"api/alerts/pagerduty?code={MasterKey}", content);
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

        await Walk.DumpMailsAsync("pdwalk-" + name, mails);
    }
}
