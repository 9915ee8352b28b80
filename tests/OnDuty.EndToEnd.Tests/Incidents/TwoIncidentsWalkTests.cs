using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 54): 伊藤 on duty with 佐藤 runs two unrelated SEV2 incidents at once on Tuesday 2026-12-08 — A from Azure
/// Monitor at 14:05 JST, B from Alertmanager at 14:20 —, posts to each one's stakeholders, A recovers at 15:10, she hands B to 佐藤 at
/// 15:40, and 佐藤 resolves it by the form at 16:30. What each person reads is checked in the real app on Azurite and smtp4dev.
/// </summary>
public sealed class TwoIncidentsWalkTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-twoincidents-key";

    /// <summary>Tuesday 2026-12-08 14:05 JST.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 5, 5, 0, TimeSpan.Zero);

    private OwnApp _app = null!;

    private readonly StringBuilder _log = new();

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    private HostedApp Host => _app.Host;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, Start, new Dictionary<string, string?>
        {
            ["Comms:Audiences:execs:Members:0"] = "ceo@execs.example",
            ["Comms:Audiences:execs:Language"] = "ja",
            ["Comms:Audiences:execs:DisplayName"] = "経営層",
            ["Comms:Audiences:support:Members:0"] = "lead@support.example",
            ["Comms:Audiences:support:Language"] = "ja",
            ["Comms:Audiences:support:DisplayName"] = "サポート",
            ["Comms:Audiences:support:Drafts"] = "true",
            ["Comms:BySeverity:Sev2:0"] = "execs",
            ["Comms:BySeverity:Sev2:1"] = "support",
        });

    public async Task DisposeAsync()
    {
        Directory.CreateDirectory("/tmp/twoinc");
        await File.WriteAllTextAsync("/tmp/twoinc/walk.txt", _log.ToString());
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TwoIncidentsAtOnce_EachPageAndNoticeSaysWhichItIs()
    {
        await DutyPairAsync("ito", "sato");

        // 14:05 A fires.
        var a = await FireAzureMonitorAsync("決済APIの応答遅延", "Fired");
        await SettleAsync();
        await DumpAsync("14:05 A fired " + a);
        await AckAsync(a, "ito");
        await SettleAsync();
        await DumpAsync("14:06 A acked");

        // 14:20 B fires.
        Host.Time.SetUtcNow(Start.AddMinutes(15));
        var b = await FireAlertmanagerAsync("ログイン失敗率の上昇", "firing");
        await SettleAsync();
        await DumpAsync("14:20 B fired " + b);
        await PageAsync("status 14:20", "api/status");
        await PageAsync("A page 14:20", $"api/incidents/{a}/page");
        await PageAsync("B page 14:20", $"api/incidents/{b}/page");
        var pageB = (await _app.Smtp!.AboutAsync(b)).First(m => m.To.Contains("ito@onduty.example"));
        var ackLink = System.Text.RegularExpressions.Regex.Match(await _app.Smtp.TextAsync(pageB.Id), "api/ack/[A-Za-z0-9._-]+").Value;
        await PageAsync("B ack page", ackLink);

        Host.Time.SetUtcNow(Start.AddMinutes(17));
        await AckAsync(b, "ito");
        await SettleAsync();
        await DumpAsync("14:22 B acked");

        // 14:25 first notice on A.
        Host.Time.SetUtcNow(Start.AddMinutes(20));
        await UpdateAsync(a, new { status = "investigating", message = "決済 API の応答が遅くなっています。原因を調査中です。", by = "ito", userImpact = "一部のお客様で決済に時間がかかっています。" });
        await SettleAsync();
        await DumpAsync("14:25 A first notice");

        // Timers every 5 minutes up to 15:10.
        for (var t = Start.AddMinutes(25); t <= Start.AddMinutes(60); t = t.AddMinutes(5))
        {
            Host.Time.SetUtcNow(t);
            await Host.RunFunctionAsync("EscalateIncidents");
            await Host.RunFunctionAsync("NudgeIncidentUpdates");
            await SettleAsync();
            await DumpAsync($"timers {t.ToOffset(TimeSpan.FromHours(9)):HH:mm}");
            if (t == Start.AddMinutes(40))
            {
                await PageAsync("status 14:45", "api/status");
                await UpdateAsync(b, new { status = "identified", message = "認証基盤の証明書更新が原因と判明しました。", by = "ito", userImpact = "一部のお客様がログインできません。" });
                await SettleAsync();
                await DumpAsync("14:45 B first notice");
            }
        }

        // 15:10 A recovers.
        Host.Time.SetUtcNow(Start.AddMinutes(65));
        await FireAzureMonitorAsync("決済APIの応答遅延", "Resolved");
        await SettleAsync();
        await DumpAsync("15:10 A resolved alert");
        await PageAsync("status 15:10", "api/status");
        await PageAsync("A page 15:10", $"api/incidents/{a}/page");
        await PageAsync("B page 15:10", $"api/incidents/{b}/page");
        await UpdateAsync(a, new { status = "resolved", message = "決済 API の応答は通常に戻りました。", by = "ito" });
        await SettleAsync();
        await DumpAsync("15:12 A resolved by ito");

        for (var t = Start.AddMinutes(70); t <= Start.AddMinutes(95); t = t.AddMinutes(5))
        {
            Host.Time.SetUtcNow(t);
            await Host.RunFunctionAsync("EscalateIncidents");
            await Host.RunFunctionAsync("NudgeIncidentUpdates");
            await SettleAsync();
            await DumpAsync($"timers {t.ToOffset(TimeSpan.FromHours(9)):HH:mm}");
        }

        // 15:40 佐藤 takes over B.
        using (var taken = await Host.Client.PostAsJsonAsync($"api/incidents/{b}/takeover", new { by = "sato" }))
        {
            Assert.True(taken.StatusCode == HttpStatusCode.OK, await taken.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        await DumpAsync("15:40 B taken over by sato");
        await PageAsync("B page 15:40", $"api/incidents/{b}/page");

        for (var t = Start.AddMinutes(100); t <= Start.AddMinutes(140); t = t.AddMinutes(5))
        {
            Host.Time.SetUtcNow(t);
            await Host.RunFunctionAsync("EscalateIncidents");
            await Host.RunFunctionAsync("NudgeIncidentUpdates");
            await SettleAsync();
            await DumpAsync($"timers {t.ToOffset(TimeSpan.FromHours(9)):HH:mm}");
        }

        // 16:30 佐藤 resolves B by the form.
        Host.Time.SetUtcNow(Start.AddMinutes(145));
        using (var browser = new PageBrowser(Host.BaseAddress))
        {
            var (_, form) = await browser.GetAsync($"api/incidents/{b}/page?status=resolved");
            _log.AppendLine("==== B form 16:30").AppendLine(form);
        }

        await UpdateAsync(b, new { status = "resolved", message = "ログインは通常に戻りました。", by = "sato" });
        await SettleAsync();
        await DumpAsync("16:30 B resolved by sato");
        await PageAsync("status 16:30", "api/status");
    }

    private async Task DutyPairAsync(string first, string second)
    {
        var onCall = await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var week = onCall.GetProperty("week").GetString()!;
        var pair = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var wanted = new Queue<string>(new[] { first, second }.Where(w => !pair.Contains(w)));
        foreach (var member in pair.Where(m => m != first && m != second))
        {
            using var replaced = await Host.Client.PostAsJsonAsync("api/rotations/incident-duty/overrides", new { week, memberId = member, replacementId = wanted.Dequeue(), reason = "交代" });
            Assert.True(replaced.StatusCode == HttpStatusCode.Created, await replaced.Content.ReadAsStringAsync());
        }

        var now = (await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), now);
        await Host.RunFunctionAsync("RetryOutbox");
        await SettleAsync();
        await DumpAsync("duty set");
    }

    private async Task<string> FireAzureMonitorAsync(string rule, string condition)
    {
        var body = AlertIntakeTests.Read("azure-monitor-metric-fired.json", root =>
        {
            var essentials = root["data"]!["essentials"]!;
            essentials["alertId"] = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/payment-latency";
            essentials["alertRule"] = rule;
            essentials["severity"] = "Sev1";
            essentials["monitorCondition"] = condition;
            essentials["firedDateTime"] = Start.AddMinutes(-1).ToString("O");
            essentials["resolvedDateTime"] = condition == "Resolved" ? Host.Time.GetUtcNow().ToString("O") : null;
        });
        var result = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "azure-monitor", body);
        _log.AppendLine("intake azure-monitor: " + result);
        return result.GetProperty("incidentId").GetString()!;
    }

    private async Task<string> FireAlertmanagerAsync(string summary, string status)
    {
        var body = AlertIntakeTests.Read("alertmanager-firing.json", root =>
        {
            root["groupKey"] = "{}:{alertname=\"LoginFailureRate\"}";
            root["status"] = status;
            root["commonLabels"]!["severity"] = "error";
            root["commonLabels"]!["alertname"] = "LoginFailureRate";
            root["commonAnnotations"]!["summary"] = summary;
            root["commonAnnotations"]!["description"] = "ログインの失敗率が 5% を超えています。";
            var alert = root["alerts"]![0]!;
            alert["status"] = status;
            alert["labels"]!["severity"] = "error";
            alert["labels"]!["alertname"] = "LoginFailureRate";
            alert["annotations"]!["summary"] = summary;
            alert["annotations"]!["description"] = "ログインの失敗率が 5% を超えています。";
            alert["startsAt"] = Start.AddMinutes(14).ToString("O");
        });
        var result = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "alertmanager", body);
        _log.AppendLine("intake alertmanager: " + result);
        return result.GetProperty("incidentId").GetString()!;
    }

    private async Task AckAsync(string id, string member)
    {
        using var ack = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = member });
        Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
    }

    private async Task UpdateAsync(string id, object body)
    {
        using var response = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task PageAsync(string label, string path)
    {
        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, html) = await browser.GetAsync(path);
        var file = "/tmp/twoinc/" + label.Replace(' ', '-').Replace(':', '-') + ".html";
        Directory.CreateDirectory("/tmp/twoinc");
        await File.WriteAllTextAsync(file, html);
        _log.AppendLine($"==== page {label} -> {file}");
    }

    private async Task DumpAsync(string stage)
    {
        _log.AppendLine($"######## {stage}");
        foreach (var mail in await _app.Smtp!.MessagesAsync())
        {
            if (!_seen.Add(mail.Id))
            {
                continue;
            }

            _log.AppendLine($"--- To: {string.Join(", ", mail.To)} | {mail.Subject}");
            _log.AppendLine(await _app.Smtp.TextAsync(mail.Id));
        }
    }

    private Task SettleAsync() => Host.SettleAsync(async () => (await _app.Smtp!.MessagesAsync()).Count);
}
