using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// The trial's INC-0001 through the real host: Alertmanager opens a SEV1, the duty PM's update tells the sample's execs and
/// support (第1報), Alertmanager resolves it. The duty pair gets 【復旧の報告をお願いします】 in smtp4dev, once; the stakeholders get
/// nothing from OnDuty itself; the incident page shows the banner and the status page says monitoring resolved it.
/// </summary>
public sealed class RecoveryReminderTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-recovery-reminder-key";

    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    private Smtp4devProcess _smtp => _app.Smtp!;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(3), sampleAudiences: true);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task AlertToldThenResolvedByMonitoring_DutyPairRemindedOnce_PageShowsTheBanner()
    {
        var firing = AlertIntakeTests.NewAlertmanagerGroup("recovery");
        var opened = await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", firing);
        Assert.Equal("opened", opened.GetProperty("outcome").GetString());
        var id = opened.GetProperty("incidentId").GetString()!;

        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
        using (var updated = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "investigating", message = "決済APIで5xxエラーが発生しており、エンジニアが調査中です。", by = "yamada" }))
        {
            Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        // A mail per audience (execs, support), each linking its own view.
        // (smtp4dev lists a message a moment after taking it: on a loaded machine that can outlast the settle's quiet second.)
        Assert.Equal(2, (await _smtp.WaitForAboutAsync($"【障害・調査中】{id} ", 2)).Count(m => m.Subject.StartsWith($"【障害・調査中】{id} ", StringComparison.Ordinal)));

        // Nine seconds later Alertmanager says it is over (and says so again: a retry).
        await _host.AdvanceAsync(TimeSpan.FromSeconds(9));
        var resolved = AlertIntakeTests.ResolvedOf("alertmanager", firing);
        Assert.Equal("resolved", (await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", resolved)).GetProperty("outcome").GetString());
        await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", resolved);
        await SettleAsync();

        var incident = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.True(incident.GetProperty("recoveryNoticeOwed").GetBoolean());
        var duty = incident.GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("email").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(duty);
        static bool Ask(ReceivedEmail m, string id) => m.Subject.StartsWith($"【復旧の報告をお願いします】{id} ", StringComparison.Ordinal)
            || m.Subject.StartsWith($"[Recovery notice due] {id}: ", StringComparison.Ordinal);

        // Not at the resolve: the ask waits until it stayed resolved for Comms__RecoveryAskSettle (10 minutes), and the update
        // cadence timer's first run after that sends it.
        Assert.DoesNotContain(await _smtp.MessagesAsync(), m => Ask(m, id));
        await _host.AdvanceAsync(TimeSpan.FromMinutes(9));
        await _host.RunFunctionAsync("NudgeIncidentUpdates");
        await SettleAsync();
        Assert.DoesNotContain(await _smtp.MessagesAsync(), m => Ask(m, id));
        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _host.RunFunctionAsync("NudgeIncidentUpdates");
        await SettleAsync();
        var mail = await _smtp.MessagesAsync();
        var reminders = mail.Where(m => Ask(m, id)).ToList();
        Assert.Equal(duty, reminders.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        var ja = reminders.First(m => m.Subject.StartsWith("【", StringComparison.Ordinal));
        var text = await _smtp.TextAsync(ja.Id);
        Assert.Contains("監視で復旧を検知しました。障害の発生をお知らせした関係者に、復旧のお知らせ（原因・今後の対応）を送ってください。", text, StringComparison.Ordinal);
        Assert.Contains($"/api/incidents/{id}/page", text, StringComparison.Ordinal);

        // Nobody else heard anything from OnDuty: the recovery notice is a person's to write.
        Assert.DoesNotContain(mail, m => m.Subject.StartsWith($"【復旧済み】{id}", StringComparison.Ordinal) || m.Subject.StartsWith($"[Resolved] {id}", StringComparison.Ordinal));

        using var browser = new PageBrowser(_host.BaseAddress);
        var (page, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var banner = html[html.IndexOf("id=\"recovery-owed\"", StringComparison.Ordinal)..];
        banner = banner[..banner.IndexOf("</div>", StringComparison.Ordinal)];
        Assert.Contains("関係者への復旧の報告がまだです。", banner, StringComparison.Ordinal);
        Assert.Contains("href=\"#h-update\"", banner, StringComparison.Ordinal);
        Assert.Contains("id=\"h-update\"", html, StringComparison.Ordinal);

        var (_, status) = await browser.GetAsync("api/status?lang=ja");
        Assert.Contains("（JST）に監視により自動復旧", status, StringComparison.Ordinal);
        Assert.DoesNotContain("エンジニアが調査中です。", status, StringComparison.Ordinal);

        // The PM posts the recovery notice on the resolved incident: the stakeholders hear it, and nothing says it is owed any more.
        using (var told = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "監視で復旧を確認しました。", cause = "DB のフェイルオーバー", by = "yamada" }))
        {
            Assert.True(told.StatusCode == HttpStatusCode.OK, await told.Content.ReadAsStringAsync());
            Assert.False((await told.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryNoticeOwed").GetBoolean());
        }

        await SettleAsync();
        Assert.Equal(2, (await _smtp.WaitForAboutAsync($"【復旧済み】{id} ", 2)).Count(m => m.Subject.StartsWith($"【復旧済み】{id} ", StringComparison.Ordinal)));
        (_, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.DoesNotContain("id=\"recovery-owed\"", html, StringComparison.Ordinal);
    }

    private Task SettleAsync() => _host.SettleAsync(async () => (await _smtp.MessagesAsync()).Count);
}
