using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial walk (session 61): 森 由紀, a product team lead who ran PagerDuty for three years and tried Grafana OnCall, evaluates OnDuty
/// for her PM team on Tuesday 2027-01-12 with the README open. One SEV2 from Grafana goes the whole way — fire → page → acknowledged
/// from the mail's link → a note → a teammate asked to help → resolved from Grafana — and she reaches for what PagerDuty gave her:
/// reassigning to a named person, who is on call now, an override for a day, the integration's test button, a maintenance window,
/// MTTA/MTTR in the monthly report and a postmortem. The duty pair is 佐藤 and 高橋; 山田 is the lead.
/// </summary>
public sealed class TeamLeadEvaluationWalkTests() : WalkTestBase(MasterKey, Start, WalkPages, dutyPair: ("sato", "takahashi"))
{
    private const string MasterKey = "e2e-leadeval-key";

    /// <summary>Tuesday 2027-01-12 10:00 JST.</summary>
    private static readonly DateTimeOffset Start = new(2027, 1, 12, 1, 0, 0, TimeSpan.Zero);

    private const string Sato = "sato@onduty.example";

    private const string Takahashi = "takahashi@onduty.example";

    private const string Suzuki = "suzuki@onduty.example";

    private const string From = "onduty@onduty.example";

    private readonly StringBuilder _log = new();

    protected override async Task StoppingAsync()
    {
        if (Dump is not null)
        {
            await File.AppendAllTextAsync(Path.Combine(Dump, "leadeval-log.txt"), _log.ToString());
        }
    }

    /// <summary>
    /// The paging flow of one SEV2 from Grafana: both of the pair paged with their own acknowledge link; 佐藤 acknowledges from her
    /// mail's link (a confirmation page, one press); she writes a note; she asks 鈴木 by name to help; Grafana's resolve closes it.
    /// </summary>
    [Fact]
    public async Task GrafanaSev2_PageAckNoteHelpResolve()
    {
        // 10:00 Grafana fires (severity=high → SEV2).
        var firing = Grafana("firing");
        var opened = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "grafana", firing);
        await SettleAsync();
        var id = opened.GetProperty("incidentId").GetString()!;
        var pages = await Smtp.AboutAsync(id);
        await Walk.DumpMailsAsync("leadeval-page", pages);
        Log($"fired: {opened}");
        Assert.Equal([Sato, Takahashi], WalkSteps.Readers(pages, From));
        Assert.All(pages, m => Assert.Equal($"【SEV2 障害】{id} 決済APIのエラー率上昇", m.Subject));

        // 10:03 佐藤 opens her mail's acknowledge link on the phone: a confirmation page, then one press.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(3));
        var satoText = await Smtp.TextAsync(Assert.Single(pages, m => m.To.Contains(Sato)).Id);
        var ackPath = Regex.Match(satoText, "api/ack/[A-Za-z0-9._-]+").Value;
        var confirm = await Host.Anonymous.GetStringAsync(ackPath);
        Assert.Contains("佐藤 花子 として対応します", confirm, StringComparison.Ordinal);
        using (var pressed = await Host.Anonymous.PostAsync(ackPath, null))
        {
            Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        }

        await SettleAsync();
        var started = (await Smtp.AboutAsync(id)).Where(m => m.Subject.StartsWith("【SEV2 対応開始】", StringComparison.Ordinal)).ToList();
        Assert.Equal([Takahashi], WalkSteps.Readers(started, From));
        Assert.Equal("sato", (await Walk.IncidentAsync(id)).GetProperty("acknowledgedBy").GetString());

        // 10:10 her note.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(7));
        await Walk.UpdateAsync(id, new { status = "identified", message = "決済代行 B 社の API で 5xx。B 社に問い合わせ中", by = "sato" });
        await SettleAsync();

        // 10:12 she wants 鈴木 (who knows the payment gateway) on it: what does the incident page offer?
        await Host.AdvanceAsync(TimeSpan.FromMinutes(2));
        await Smtp.DeleteAllAsync();
        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        if (Dump is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(Dump, "leadeval-incident.html"), page);
        }

        // Trial 61: the form offered only 「PM 組織の全員を呼ぶ」 (everyone, at once). Now it asks whom: the whole organisation, or one
        // member by name — PagerDuty's "add responders" — who alone is mailed, in their language, saying who asks.
        var helpForm = PageBrowser.FormOf(page, "/page/help");
        Log($"help form: {helpForm}");
        Assert.Contains("<option value=\"suzuki\">鈴木 一郎</option>", helpForm, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"sato\">", helpForm, StringComparison.Ordinal);
        var (gone, goneHtml) = await browser.SubmitAsync(page, "/page/help", new Dictionary<string, string> { ["by"] = "佐藤 花子", ["ask"] = "kimura" });
        Assert.Equal(HttpStatusCode.BadRequest, gone.StatusCode);
        Assert.Contains("選んだ人は当番表にいないか、メールアドレスが登録されていません。", goneHtml, StringComparison.Ordinal);
        var (asked, _) = await browser.SubmitAsync(page, "/page/help", new Dictionary<string, string>
        {
            ["by"] = "佐藤 花子",
            ["ask"] = "suzuki",
            ["message"] = "決済代行 B 社の切り替え手順を見てほしい",
        });
        Assert.Equal(HttpStatusCode.SeeOther, asked.StatusCode);
        await SettleAsync();
        var help = await Smtp.AboutAsync(id);
        await Walk.DumpMailsAsync("leadeval-help", help);
        Log($"help reached: {string.Join(", ", help.SelectMany(m => m.To))} / {string.Join(" | ", help.Select(m => m.Subject))}");
        var helpMail = Assert.Single(help);
        Assert.Equal([Suzuki], helpMail.To);
        Assert.Equal($"【SEV2 応援要請】{id} 決済APIのエラー率上昇", helpMail.Subject);
        var helpText = await Smtp.TextAsync(helpMail.Id);
        Assert.Contains("佐藤さんが、この障害の応援をあなたに頼んでいます。手伝える場合は障害ページを開いてください。", helpText, StringComparison.Ordinal);
        Assert.Contains("必要な応援：決済代行 B 社の切り替え手順を見てほしい", helpText, StringComparison.Ordinal);
        var (_, afterHelp) = await browser.GetAsync(asked.Headers.Location!.OriginalString);
        Assert.Contains("応援を頼みました。選んだ人にメールで連絡しています。", afterHelp, StringComparison.Ordinal);
        Assert.Contains("依頼先：鈴木 一郎", afterHelp, StringComparison.Ordinal);
        if (Dump is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(Dump, "leadeval-incident-helped.html"), afterHelp);
        }

        // 10:40 Grafana resolves.
        await Host.SetUtcNowAsync(Start.AddMinutes(40));
        await Smtp.DeleteAllAsync();
        var resolved = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "grafana", Grafana("resolved"));
        await SettleAsync();
        Log($"grafana resolved: {resolved}");
        var after = await Walk.IncidentAsync(id);
        Log($"after grafana resolve: status {after.GetProperty("status")}, open {after.GetProperty("open")}");
        var closing = await Smtp.AboutAsync(id);
        await Walk.DumpMailsAsync("leadeval-resolve", closing);
        Log($"resolve mails: {string.Join(" | ", closing.Select(m => string.Join(",", m.To) + ": " + m.Subject))}");
        await Walk.SaveAsync("leadeval-incident-resolved", $"api/incidents/{id}/page?lang=ja");
        await Walk.RunTimersUntilAsync(Start.AddMinutes(70));
        Log($"by 11:10: {string.Join(" | ", (await Smtp.AboutAsync(id)).Select(m => string.Join(",", m.To) + ": " + m.Subject))}");
    }

    /// <summary>
    /// What a PagerDuty user reaches for besides: the test button, who is on call now (API and page), an override for a day,
    /// reassigning an incident to a named person, a maintenance window, and MTTA/MTTR in the month's report.
    /// </summary>
    [Fact]
    public async Task WhatAPagerDutyLeadReachesFor()
    {
        // The integration's test button (a contact point whose URL has test=true): what it would do, nobody paged.
        using (var test = await Host.Client.PostAsync("api/alerts/grafana?test=true", new StringContent(Grafana("firing"), Encoding.UTF8, "application/json")))
        {
            var said = await test.Content.ReadAsStringAsync();
            Log($"test button: {(int)test.StatusCode} {said}");
            Assert.Equal(HttpStatusCode.OK, test.StatusCode);
            Assert.True(JsonDocument.Parse(said).RootElement.GetProperty("test").GetBoolean());
        }

        await SettleAsync();
        Assert.Empty(await Smtp.MessagesAsync());

        // Who is on call now.
        var onCall = await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        Log($"oncall: {onCall}");
        Assert.Equal(["sato", "takahashi"], onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        var duty = await Walk.SaveAsync("leadeval-duty", "api/status/duty?lang=ja");
        Assert.Contains("佐藤 花子", duty, StringComparison.Ordinal);

        // An override for the day: 鈴木 covers 高橋 today 10:00–19:00.
        await Walk.PostAsync("api/rotations/incident-duty/overrides", new { memberId = "takahashi", replacementId = "suzuki", from = "2027-01-12T10:30", to = "2027-01-12T19:00", reason = "通院" }, HttpStatusCode.Created);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(31));
        var covered = await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        Log($"oncall with cover: {covered}");
        Assert.Contains("suzuki", covered.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        await SettleAsync();
        await Smtp.DeleteAllAsync();

        // Reassign: 佐藤 acknowledged; the lead hands it to 田中 by name.
        var id = (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "grafana", Grafana("firing"))).GetProperty("incidentId").GetString()!;
        await SettleAsync();
        Log($"paged with cover: {string.Join(", ", (await Smtp.AboutAsync(id)).SelectMany(m => m.To).Distinct())}");
        await Walk.AckAsync(id, "sato");
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        // Trial 61: `takeover` with only `by` made 田中 the holder and told 佐藤 alone — 田中 first heard of it from a request for an
        // update. With `assignedBy` (the lead handing it over, PagerDuty's "Reassign") 田中 is told it is his.
        using (var taken = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/takeover", new { by = "tanaka", assignedBy = "yamada" }))
        {
            Log($"takeover by=tanaka assignedBy=yamada: {(int)taken.StatusCode} {await taken.Content.ReadAsStringAsync()}");
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        }

        await SettleAsync();
        var reassigned = await Smtp.AboutAsync(id);
        await Walk.DumpMailsAsync("leadeval-takeover", reassigned);
        Log($"takeover mails: {string.Join(" | ", reassigned.Select(m => string.Join(",", m.To) + ": " + m.Subject))}");
        Assert.Equal($"【SEV2 対応の引き継ぎ】{id} 決済APIのエラー率上昇", Assert.Single(reassigned, m => m.To.Contains(Sato)).Subject);
        var toTanaka = Assert.Single(reassigned, m => m.To.Contains("tanaka@onduty.example"));
        Assert.Equal($"【SEV2 対応の割り当て】{id} 決済APIのエラー率上昇", toTanaka.Subject);
        Assert.Contains("山田さんが、この障害の対応をあなたに割り当てました。以後の更新のお願いはあなたに届きます。", await Smtp.TextAsync(toTanaka.Id), StringComparison.Ordinal);
        var pageHtml = await Walk.SaveAsync("leadeval-takeover-page", $"api/incidents/{id}/page?lang=ja");
        Log($"page takeover form present: {pageHtml.Contains("/page/takeover", StringComparison.Ordinal)}");

        // Trial 61: the page let a person take it only for themselves. Now 「担当を割り当てる」 beside 「対応を引き継ぐ」: 山田 (the lead,
        // locally not signed in: the form asks her name) hands 田中's incident to 鈴木 from the page.
        await Smtp.DeleteAllAsync();
        using (var browser = new PageBrowser(Host.BaseAddress))
        {
            var (_, leadPage) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
            var assignForm = PageBrowser.FormOf(leadPage, "/page/assign");
            Log($"assign form: {assignForm}");
            Assert.Contains("<option value=\"suzuki\">鈴木 一郎</option>", assignForm, StringComparison.Ordinal);
            Assert.DoesNotContain("<option value=\"tanaka\">", assignForm, StringComparison.Ordinal);
            var (assigned, refused) = await browser.SubmitAsync(leadPage, "/page/assign", new Dictionary<string, string> { ["by"] = "山田 太郎", ["member"] = "suzuki" });
            Assert.True(assigned.StatusCode == HttpStatusCode.SeeOther, refused);
            await SettleAsync();
            Assert.Equal("suzuki", (await Walk.IncidentAsync(id)).GetProperty("acknowledgedBy").GetString());
            var toSuzuki = Assert.Single(await Smtp.AboutAsync(id), m => m.To.Contains(Suzuki));
            Assert.Equal($"【SEV2 対応の割り当て】{id} 決済APIのエラー率上昇", toSuzuki.Subject);
            Assert.Contains("山田さんが、この障害の対応をあなたに割り当てました。", await Smtp.TextAsync(toSuzuki.Id), StringComparison.Ordinal);
            var (_, afterAssign) = await browser.GetAsync(assigned.Headers.Location!.OriginalString);
            await Walk.SaveAsync("leadeval-assigned-page", $"api/incidents/{id}/page?lang=ja");
            Assert.Contains("鈴木 一郎さんに割り当てました。鈴木さんにメールで知らせています。", afterAssign, StringComparison.Ordinal);
            Assert.Contains("山田 太郎さんが鈴木 一郎さんに割り当てました（田中 健さんから）", afterAssign, StringComparison.Ordinal);
            var row = Assert.Single((await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray(),
                t => t.GetProperty("kind").GetString() == "tookOver" && t.GetProperty("by").GetString() == "suzuki");
            Assert.Equal("suzuki took over from tanaka", row.GetProperty("message").GetString());
            var (_, english) = await browser.GetAsync($"api/incidents/{id}/page?lang=en");
            Assert.Contains("山田 太郎 assigned it to 鈴木 一郎 (from 田中 健)", english, StringComparison.Ordinal);
        }

        // The help API (scripts, chat ops; trial 61: there was none, 404): Emma asked by name gets it alone, in English.
        await Smtp.DeleteAllAsync();
        using (var helpApi = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/help", new { by = "tanaka", message = "Can you check the card gateway logs?", ask = "emma" }))
        {
            Log($"help api: {(int)helpApi.StatusCode}");
            Assert.Equal(HttpStatusCode.OK, helpApi.StatusCode);
        }

        using (var nobody = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/help", new { by = "tanaka", ask = "kimura" }))
        {
            var problem = await nobody.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
            Assert.Contains("\"ask\"", problem, StringComparison.Ordinal);
        }

        await SettleAsync();
        var apiHelp = Assert.Single(await Smtp.AboutAsync(id));
        Assert.Equal(["emma@onduty.example"], apiHelp.To);
        Assert.Equal($"[SEV2 help needed] {id}: 決済APIのエラー率上昇", apiHelp.Subject);
        Assert.Contains("is asking you to help with this incident. If you can join, open the incident page.", await Smtp.TextAsync(apiHelp.Id), StringComparison.Ordinal);
        Assert.Equal(1, (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray().Count(t => t.GetProperty("kind").GetString() == "helpCalled"));

        // A maintenance window on Grafana for an hour.
        await Walk.PostAsync("api/maintenance", new { title = "決済 DB の移行", to = Host.Time.GetUtcNow().AddHours(1), sources = new[] { "grafana" }, by = "yamada" }, HttpStatusCode.Created);
        var held = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "grafana", Grafana("firing", "{}:{maint=\"1\"}"));
        Log($"during maintenance: {held}");

        // The month's report: MTTA / MTTR.
        var report = await Host.Client.GetFromJsonAsync<JsonElement>("api/reports/incidents");
        Log($"report totals: {report.GetProperty("totals")}");
        var reportPage = await Walk.SaveAsync("leadeval-report", "api/reports/incidents/page?lang=ja");
        var me = await Walk.SaveAsync("leadeval-me", "api/status/me?lang=ja");
        Log($"me page has sms: {me.Contains("SMS", StringComparison.Ordinal)}");
        Assert.Contains("応答", reportPage, StringComparison.Ordinal);
    }

    /// <summary>A Grafana unified-alerting delivery of one alert (severity high → SEV2) in <paramref name="status"/>.</summary>
    private string Grafana(string status, string groupKey = "{}:{alertname=\"PaymentApiErrors\"}") =>
        AlertIntakeTests.Read("grafana-firing.json", root =>
        {
            var alerts = root["alerts"]!.AsArray();
            alerts.RemoveAt(1);
            var alert = alerts[0]!;
            root["status"] = status;
            root["groupKey"] = groupKey;
            root["title"] = status == "firing" ? "[FIRING:1] PaymentApiErrors" : "[RESOLVED] PaymentApiErrors";
            root["commonLabels"] = new JsonObject { ["alertname"] = "PaymentApiErrors", ["severity"] = "high", ["team"] = "payments" };
            root["commonAnnotations"] = new JsonObject { ["summary"] = "決済APIのエラー率上昇" };
            alert["status"] = status;
            alert["labels"] = new JsonObject { ["alertname"] = "PaymentApiErrors", ["severity"] = "high", ["team"] = "payments" };
            alert["annotations"]!["summary"] = "決済APIのエラー率上昇";
            alert["annotations"]!["description"] = "5xx が 5% を超えています";
            alert["fingerprint"] = groupKey.GetHashCode().ToString("x8");
            alert["startsAt"] = Start.AddMinutes(-1).ToString("O");
            alert["endsAt"] = status == "firing" ? "0001-01-01T00:00:00Z" : Host.Time.GetUtcNow().ToString("O");
        });

    private void Log(string line) => _log.AppendLine($"[{Host.Time.GetUtcNow():HH:mm}Z] {line}");
}
