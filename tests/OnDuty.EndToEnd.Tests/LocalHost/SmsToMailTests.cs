using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary>
/// <c>LocalHost__SmsToMail=true</c> (as <c>run.sh</c> runs it): with no SMS provider locally, texts go to the mail server as
/// mail to <c>{number}@sms.localhost</c>, and an escalation's calls to <c>{number}@call.localhost</c>, so smtp4dev shows what a
/// phone would get. Its own app on the sample settings.
/// </summary>
public sealed class SmsToMailTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-sms-to-mail-key";
    private const string Phone = "+819066660001";

    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    private Smtp4devProcess _smtp => _app.Smtp!;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(
            MasterKey,
            OnDutyAppFixture.BeforeHandoff.AddHours(3),
            new Dictionary<string, string?> { ["LocalHost:SmsToMail"] = "true" });

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task PageAndTestText_ArriveInTheMailCatcherAsMailToTheNumber()
    {
        var duty = (await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members")[0].GetProperty("id").GetString()!;
        await MembersApi.SetPhoneAsync(_host.Client, duty, Phone);

        using var declared = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev1", by = "ops" });
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var page = Assert.Single(await _smtp.WaitForAboutAsync($"SMS to {Phone}"));
        Assert.Contains($"{Phone.TrimStart('+')}@sms.localhost", page.To);
        Assert.Contains($"【SEV1 障害】{id} 決済画面が開かない", await _smtp.TextAsync(page.Id), StringComparison.Ordinal);

        using var browser = new PageBrowser(_host.BaseAddress);
        var (contact, html) = await browser.GetAsync($"api/status/me?lang=ja&member={duty}");
        Assert.Equal(HttpStatusCode.OK, contact.StatusCode);
        var (tested, _) = await browser.SubmitAsync(html, "/api/status/me/test", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.SeeOther, tested.StatusCode);
        Assert.Equal(2, (await _smtp.WaitForAboutAsync($"SMS to {Phone}", 2)).Count);

        // The mail catcher is no phone: health does not check who on duty can be texted.
        Assert.False((await _host.Anonymous.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("checks").TryGetProperty("sms", out _));

        // Nobody acknowledged in time: the escalation's call arrives as mail to the number too, with what the call would say.
        await _host.AdvanceAsync(TimeSpan.FromMinutes(6));
        await _host.RunFunctionAsync("EscalateIncidents");
        var call = Assert.Single(await _smtp.WaitForAboutAsync($"Call to {Phone}"));
        Assert.Contains($"{Phone.TrimStart('+')}@call.localhost", call.To);
        Assert.Contains($"OnDuty からの呼び出しです。重大度 1 の障害、{id}、決済画面が開かない。", await _smtp.TextAsync(call.Id), StringComparison.Ordinal);
    }
}
