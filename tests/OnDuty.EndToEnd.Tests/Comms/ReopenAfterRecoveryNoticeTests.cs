using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// Trial day 33, H1, replayed through the real host: Alertmanager opens a SEV1, a PM acknowledges it and tells the sample's execs and
/// support, Alertmanager resolves it, the PM sends the recovery notice, and Alertmanager fires the same alert again (a new
/// <c>startsAt</c>). Both duty members get the 【再発】 page in smtp4dev saying what the stakeholders were told — by mail, by text and,
/// at the escalation, by call; the incident page and the status page say it; resolved again later, the incident page, the status
/// page and the responders' 障害の状況 say the recovery time told and recorded differ (the execs' own view does not).
/// </summary>
public sealed class ReopenAfterRecoveryNoticeTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-reopen-after-recovery-key";

    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    private Smtp4devProcess _smtp => _app.Smtp!;

    // Both duty members have a number; texts and calls arrive in smtp4dev as run.sh shows them (LocalHost__SmsToMail).
    private static readonly string[] Phones = ["+819077770001", "+819077770002"];

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(3), new Dictionary<string, string?>
        {
            ["LocalHost:SmsToMail"] = "true",
            ["Comms:RecoveryAskSettle"] = "00:00:00", // the recovery ask at the resolve, read as it goes
        }, sampleAudiences: true);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task RefiredAfterTheRecoveryNotice_BothDutyMembersPagedAsRecurred_PagesSayWhatTheStakeholdersWereTold()
    {
        var onCall = await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        foreach (var (member, phone) in onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Zip(Phones))
        {
            await MembersApi.SetPhoneAsync(_host.Client, member, phone);
        }

        var firing = AlertIntakeTests.NewAlertmanagerGroup("reopen-told");
        var opened = await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", firing);
        var id = opened.GetProperty("incidentId").GetString()!;
        await SettleAsync();
        using (var ack = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = "sato" }))
        {
            Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
        }

        await PostUpdateAsync(id, new { status = "investigating", message = "カード決済でエラーが発生しています。調査中です。", by = "sato" });
        await _host.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal("resolved", (await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", firing))).GetProperty("outcome").GetString());
        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var toldAt = _host.Time.GetUtcNow();
        await PostUpdateAsync(id, new { status = "resolved", message = "カード決済が正常に完了することを確認しました。", cause = "決済代行のタイムアウト", by = "sato" });
        await SettleAsync();
        Assert.Contains(await _smtp.MessagesAsync(), m => m.Subject.StartsWith($"【復旧済み】{id} ", StringComparison.Ordinal));
        Assert.DoesNotContain(await _smtp.MessagesAsync(), m => m.Subject.Contains("再発", StringComparison.Ordinal));

        // A minute later the same alert fires again, with a new start (the trial's am-firing2.json).
        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var again = JsonNode.Parse(firing)!.AsObject();
        foreach (var alert in again["alerts"]!.AsArray())
        {
            alert!["startsAt"] = _host.Time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        }

        // When it came back, as the 【再発】 page's mail and text say it (JST, the team's zone).
        var reopenedAt = TimeZoneInfo.ConvertTime(_host.Time.GetUtcNow(), OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo")).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("reopened", (await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", again.ToJsonString())).GetProperty("outcome").GetString());
        await SettleAsync();

        var incident = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        var duty = incident.GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("email").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, duty.Count);
        var mail = await _smtp.MessagesAsync();
        var pages = mail.Where(m => m.Subject.StartsWith($"【SEV1 再発】{id} ", StringComparison.Ordinal) || m.Subject.StartsWith($"[SEV1 incident again] {id}: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(duty, pages.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        var zone = OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo");
        var told = TimeZoneInfo.ConvertTime(toldAt, zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var ja = pages.First(m => m.Subject.StartsWith("【", StringComparison.Ordinal));
        Assert.Contains($"関係者には {told}（JST）に復旧したとお伝えしています。続報が必要です。", await _smtp.TextAsync(ja.Id), StringComparison.Ordinal);
        Assert.Matches($"\n再発：[0-9]+年[0-9]+月[0-9]+日\\(.\\) {reopenedAt}（JST）\r?\n", await _smtp.TextAsync(ja.Id));

        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("id=\"recovery-told\"", html, StringComparison.Ordinal);
        Assert.Contains($"関係者には {told}（JST）に復旧したとお伝えしています。続報が必要です。", html, StringComparison.Ordinal);
        var (_, status) = await browser.GetAsync("api/status?lang=ja");
        Assert.Contains($"関係者には {told}（JST）に復旧したとお伝えしています。続報が必要です。", status, StringComparison.Ordinal);

        // The text of the 【再発】 page says it too, short (each member's second text: the first was the opening page's).
        foreach (var phone in Phones)
        {
            var texts = await _smtp.WaitForAboutAsync($"SMS to {phone}", 2);
            var read = await Task.WhenAll(texts.Select(t => _smtp.TextAsync(t.Id)));
            var recurred = Assert.Single(read, t => t.Contains("再発", StringComparison.Ordinal));
            Assert.Equal($"再発：{reopenedAt}（JST）", recurred.Split('\n')[1].TrimEnd('\r'));
            Assert.Equal("関係者に復旧連絡済み。続報要", recurred.Split('\n')[2].TrimEnd('\r'));
            Assert.DoesNotContain(read, t => !t.Contains("再発", StringComparison.Ordinal) && t.Contains("関係者", StringComparison.Ordinal));
        }

        // Nobody takes it within SEV1's ack timeout: the escalation's call says it as well.
        await _host.AdvanceAsync(TimeSpan.FromMinutes(6));
        await _host.RunFunctionAsync("EscalateIncidents");
        var call = Assert.Single(await _smtp.WaitForAboutAsync($"Call to {Phones[0]}"));
        Assert.Contains("関係者には復旧したとお伝えしています。続報が必要です。まだ誰も応答していません。", await _smtp.TextAsync(call.Id), StringComparison.Ordinal);

        // Resolved again two minutes later, nobody having told them: the record's 復旧日時 is not what they were told — shown, and owed.
        static bool Reminder(string subject, string id) => subject.StartsWith($"【復旧の報告をお願いします】{id} ", StringComparison.Ordinal)
            || subject.StartsWith($"[Recovery notice due] {id}: ", StringComparison.Ordinal);
        var remindedBefore = (await _smtp.MessagesAsync()).Count(m => Reminder(m.Subject, id));
        await _host.AdvanceAsync(TimeSpan.FromMinutes(2));
        var recordedAt = _host.Time.GetUtcNow();
        Assert.Equal("resolved", (await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", again.ToJsonString()))).GetProperty("outcome").GetString());
        await SettleAsync();
        Assert.True((await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("recoveryNoticeOwed").GetBoolean());
        (_, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var toldRecovery = TimeZoneInfo.ConvertTime(toldAt.AddMinutes(-1), zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var recorded = TimeZoneInfo.ConvertTime(recordedAt, zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"関係者には復旧日時を {toldRecovery}（JST）とお伝えしましたが、記録では {recorded}（JST）です。", html, StringComparison.Ordinal);
        // Where else a PM looks: the status page's row, and the general 障害の状況 the incident page links — not the execs' own view.
        (_, status) = await browser.GetAsync("api/status?lang=ja");
        Assert.Contains($"<span class=\"waiting recovery-time-differs\">関係者には復旧日時を {toldRecovery}（JST）とお伝えしましたが、記録では {recorded}（JST）です</span>", status, StringComparison.Ordinal);
        var (_, general) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja");
        Assert.Matches($"<dt>関係者にお伝えした復旧日時</dt><dd>[^<]*{toldRecovery}[^<]*。記録の復旧日時は [^<]*{recorded}[^<]*です。</dd>", general);
        var (execsView, execs) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja&for=execs");
        Assert.Equal(HttpStatusCode.OK, execsView.StatusCode);
        Assert.DoesNotContain("関係者にお伝えした復旧日時", execs, StringComparison.Ordinal);
        Assert.True((await _smtp.MessagesAsync()).Count(m => Reminder(m.Subject, id)) > remindedBefore, "the pair is asked for a new recovery notice");
    }

    private async Task PostUpdateAsync(string id, object body)
    {
        using var updated = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", body);
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
    }

    private Task SettleAsync() => _host.SettleAsync(async () => (await _smtp.MessagesAsync()).Count);
}
