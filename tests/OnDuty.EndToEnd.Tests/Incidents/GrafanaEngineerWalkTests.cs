using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 63): 加藤, an SRE, wires the team's Grafana to OnDuty following the README only — a Webhook contact point
/// on <c>/api/alerts/grafana?code=…</c> with "Authorization Header" Bearer and the secret in <c>Incidents__Sources__grafana__SharedSecret</c>
/// — and watches what the duty pair (山田 and 伊藤) get: the contact point's Test button (first with a secret mistyped), a real firing
/// and its resolve, a rule whose data source returns nothing, and the delivery list. Payloads are Grafana's own shapes
/// (tests/OnDuty.Core.Tests/Alerts/Samples: the documented webhook example, the Test button's fixed TestAlert as grafana/alerting builds
/// it, a DatasourceNoData alert as Grafana's state manager makes it). Tuesday 2026-12-08 03:00 JST: whatever pages now wakes someone.
/// </summary>
public sealed class GrafanaEngineerWalkTests() : WalkTestBase(MasterKey, Start, WalkPages, dutyPair: ("yamada", "ito"))
{
    private const string MasterKey = "e2e-grafanawalk-key";

    private const string Secret = "grafana-walk-secret-7f3e";

    /// <summary>Tuesday 2026-12-08 03:00 JST.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);

    private const string Yamada = "yamada@onduty.example";

    private const string Ito = "ito@onduty.example";

    private readonly StringBuilder _log = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Incidents:Sources:grafana:SharedSecret"] = Secret,
    };

    protected override async Task StoppingAsync()
    {
        if (Dump is not null)
        {
            await File.AppendAllTextAsync(Path.Combine(Dump, "grafanawalk-log.txt"), _log.ToString());
        }
    }

    /// <summary>
    /// 加藤 pastes the secret with a character missing and presses Test: 401, and OnDuty pages the pair about the refusal (Grafana
    /// does not retry a 4xx). She fixes it and presses Test again — each press a new group key — and again to be sure. Before 12-07
    /// every press opened an incident titled 「Notification test」 and paged both at 3 a.m.; the refusal's incident stayed open after
    /// the test got through. Now the test is answered 200 as Grafana's test, pages nobody, is listed in the delivery list, and shows
    /// the source works again: the refusal's incident is resolved.
    /// </summary>
    [Fact]
    public async Task TestButton_WrongSecretThenRight_TestPagesNobody_ListedAsGrafanasTest_ResolvesTheRefusal()
    {
        var (refused, refusal) = await PostAsync(TestAlert(), Secret[..^1]);
        await SettleAsync();
        Log($"test, secret mistyped: {(int)refused} {refusal}");
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        var refusalIncident = (await Smtp.WaitForAboutAsync("Grafana からの通知を受け付けませんでした（共有シークレットの誤り）"))
            .Select(m => IncidentId(m.Subject)).First();
        var mailsBefore = (await Smtp.MessagesAsync()).Count;

        var (status, answer) = await PostAsync(TestAlert(), Secret);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var (againStatus, again) = await PostAsync(TestAlert(), Secret);
        var (dryStatus, dry) = await PostAsync(TestAlert(), Secret, "&test=true");
        await SettleAsync();
        Log($"test: {(int)status} {answer}\ntest again: {(int)againStatus} {again}\ntest on a test=true URL: {(int)dryStatus} {dry}");
        var page = await Walk.SaveAsync("grafanawalk-deliveries", "api/alerts/deliveries/page?source=grafana");

        Assert.Equal((HttpStatusCode.OK, "test", "TestAlert"), (status, answer.GetProperty("outcome").GetString(), answer.GetProperty("toolTest").GetString()));
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("incidentId").ValueKind);
        Assert.Equal((HttpStatusCode.OK, "TestAlert"), (againStatus, again.GetProperty("toolTest").GetString()));
        // On a contact point whose URL has test=true the same button is the same test, not a prediction of a page.
        Assert.Equal((HttpStatusCode.OK, "TestAlert"), (dryStatus, dry.GetProperty("toolTest").GetString()));
        var mails = await Smtp.MessagesAsync();
        await LogMailsAsync("test-button", mails);
        // Nothing about the test: the only mails after the refusal's page are about the refusal's incident, which the test resolved.
        Assert.All(mails.Skip(mailsBefore), m => Assert.Contains(refusalIncident, m.Subject, StringComparison.Ordinal));
        Assert.DoesNotContain(mails, m => m.Subject.Contains("Notification test", StringComparison.Ordinal) || m.Subject.Contains("TestAlert", StringComparison.Ordinal));
        Assert.Contains("Grafana のテスト通知が届きました（TestAlert）。アラートとしては扱わず、障害の起票も当番の呼び出しもしていません。", page, StringComparison.Ordinal);
        var listed = (await Host.Client.GetFromJsonAsync<JsonElement>("api/alerts/deliveries?source=grafana")).GetProperty("items")[0];
        Assert.Equal("Grafana's test notification arrived (TestAlert): no incident was opened and nobody was paged", listed.GetProperty("messages")[0].GetString());

        var open = await Host.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open");
        // Nothing left open: no incident for the tests, and the refusal's resolved by them.
        Assert.Empty(open.GetProperty("items").EnumerateArray());
        Assert.False((await Walk.IncidentAsync(refusalIncident)).GetProperty("open").GetBoolean());
    }

    /// <summary>
    /// The payment API's error rate fires (severity critical): both of the pair are paged once, the page and the incident page link
    /// back to Grafana (rule, dashboard, panel, silence); Grafana's resolve 10 minutes later resolves it.
    /// </summary>
    [Fact]
    public async Task RealFiring_PagesThePair_LinksBackToGrafana_ResolvesOnGrafanasResolve()
    {
        var (status, opened) = await PostAsync(PaymentsAlert("firing"), Secret);
        await SettleAsync();
        Log($"firing: {(int)status} {opened}");
        var id = opened.GetProperty("incidentId").GetString()!;
        var pages = await Smtp.WaitForAboutAsync(id, 2);
        await LogMailsAsync("firing", pages);
        var incidentPage = await Walk.SaveAsync("grafanawalk-firing", $"api/incidents/{id}/page?lang=ja");

        Assert.Equal((HttpStatusCode.Accepted, "opened"), (status, opened.GetProperty("outcome").GetString()));
        Assert.Equal([Ito, Yamada], WalkSteps.Readers(pages, "onduty@onduty.example"));
        Assert.All(pages, m => Assert.Equal($"【SEV1 障害】{id} 決済APIのエラー率が上昇しています", m.Subject));
        Assert.Contains(">サイレンス<", incidentPage, StringComparison.Ordinal);
        Assert.Contains("https://grafana.example.jp/alerting/silence/new?alertmanager=grafana", incidentPage, StringComparison.Ordinal);

        await Host.AdvanceAsync(TimeSpan.FromMinutes(10));
        var (_, resolved) = await PostAsync(PaymentsAlert("resolved"), Secret);
        await SettleAsync();
        Log($"resolved: {resolved}");
        Assert.Equal(("resolved", id), (resolved.GetProperty("outcome").GetString(), resolved.GetProperty("incidentId").GetString()));
    }

    /// <summary>
    /// Prometheus behind the payment rule stops answering with data: Grafana fires DatasourceNoData with the rule's labels and its
    /// summary 「決済APIのエラー率が上昇しています」. Before, the pair was paged that the error rate was rising; now the page says the
    /// data source has no data for that rule — still paged (the monitoring behind it is blind) — and Grafana's resolve closes it.
    /// </summary>
    [Fact]
    public async Task NoData_PagesSayingTheDataSourceHasNoData_NotThatTheErrorRateRose()
    {
        var (status, opened) = await PostAsync(AlertIntakeTests.Read("grafana-datasource-nodata.json", r => Now(r, "firing")), Secret);
        await SettleAsync();
        Log($"no data: {(int)status} {opened}");
        var id = opened.GetProperty("incidentId").GetString()!;
        var pages = await Smtp.WaitForAboutAsync(id, 2);
        await LogMailsAsync("nodata", pages);
        var incidentPage = await Walk.SaveAsync("grafanawalk-nodata", $"api/incidents/{id}/page?lang=ja");
        var text = await Smtp.TextAsync(pages[0].Id);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal([Ito, Yamada], WalkSteps.Readers(pages, "onduty@onduty.example"));
        Assert.All(pages, m => Assert.Equal($"【SEV1 障害】{id} データソースにデータがありません：決済APIのエラー率", m.Subject));
        Assert.Contains("データソースにデータがありません：決済APIのエラー率", incidentPage, StringComparison.Ordinal);
        Assert.DoesNotContain("決済APIのエラー率が上昇しています", text, StringComparison.Ordinal);

        var (_, resolved) = await PostAsync(AlertIntakeTests.Read("grafana-datasource-nodata.json", r => Now(r, "resolved")), Secret);
        await SettleAsync();
        Assert.Equal(("resolved", id), (resolved.GetProperty("outcome").GetString(), resolved.GetProperty("incidentId").GetString()));
    }

    /// <summary>The Test button's alert as Grafana sends it now: a new group key per press, stamped with the moment.</summary>
    private string TestAlert() =>
        AlertIntakeTests.Read("grafana-test-notification.json", root =>
        {
            var now = Host.Time.GetUtcNow();
            root["alerts"]![0]!["startsAt"] = now.ToString("O");
            root["groupKey"] = $"OnDuty-57c6d9296de2ad39-{now.ToUnixTimeSeconds()}";
        });

    /// <summary>The rule 「決済APIのエラー率」 of the no-data sample, as its own alert firing or resolved now.</summary>
    private string PaymentsAlert(string status) =>
        AlertIntakeTests.Read("grafana-datasource-nodata.json", root =>
        {
            Now(root, status);
            var alert = root["alerts"]![0]!;
            var labels = alert["labels"]!.AsObject();
            labels["alertname"] = "決済APIのエラー率";
            labels.Remove("rulename");
            alert["fingerprint"] = "5e0c1d2b3a4f6789";
            alert["valueString"] = "[ var='A' labels={service=payments} value=3.4 ], [ var='C' labels={service=payments} value=1 ]";
            alert["values"] = new JsonObject { ["A"] = 3.4, ["C"] = 1 };
            root["groupLabels"]!["alertname"] = "決済APIのエラー率";
            root["commonLabels"] = labels.DeepClone();
            root["groupKey"] = "{}/{}:{alertname=\"決済APIのエラー率\", grafana_folder=\"決済\"}";
            root["title"] = $"[{status.ToUpperInvariant()}:1] 決済APIのエラー率 決済 (payments critical)";
        });

    private void Now(JsonObject root, string status)
    {
        var now = Host.Time.GetUtcNow();
        root["status"] = status;
        root["state"] = status == "firing" ? "alerting" : "ok";
        var alert = root["alerts"]![0]!;
        alert["status"] = status;
        if (status == "firing")
        {
            alert["startsAt"] = now.ToString("O");
        }
        else
        {
            alert["startsAt"] = now.AddMinutes(-10).ToString("O");
            alert["endsAt"] = now.ToString("O");
        }
    }

    private static string IncidentId(string subject) =>
        System.Text.RegularExpressions.Regex.Match(subject, @"INC-\d{4}-\d{4}").Value;

    private async Task<(HttpStatusCode Status, JsonElement Answer)> PostAsync(string body, string secret, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/alerts/grafana?code={MasterKey}{query}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        // Grafana's contact point: Optional settings → Authorization Header, scheme Bearer, the secret as credentials.
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        request.Headers.UserAgent.ParseAdd("Grafana/12.3.0");
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

        await Walk.DumpMailsAsync("grafanawalk-" + name, mails);
    }
}
