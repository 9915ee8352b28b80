using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Acs;

/// <summary>
/// Pages by SMS through the real host: a duty member given a phone number through the members API is texted the page through
/// a loopback ACS that checks the signature and the SMS wire format (<c>POST /sms</c>), and the link in the text acknowledges
/// the incident as them. Mail goes through the same loopback ACS.
/// </summary>
public sealed class SmsPageEndToEndTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-sms-master-key";
    private const string Sender = "+18005550100";

    private AzuriteProcess _azurite = null!;
    private LoopbackAcsServer _acs = null!;
    private HostedApp _host = null!;

    public async Task InitializeAsync()
    {
        var azurite = AzuriteProcess.StartAsync();
        _acs = await LoopbackAcsServer.StartAsync();
        _azurite = await azurite;
        _host = await HostedApp.StartAsync(
            MasterKey,
            new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff.AddHours(1).AddMinutes(5)),
            new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = _azurite.ConnectionString,
                ["Email:Provider"] = "Acs",
                ["Email:From"] = "DoNotReply@onduty.example",
                ["Email:Acs:ConnectionString"] = _acs.ConnectionString,
                ["Email:Acs:PollInterval"] = "00:00:00.100",
                ["Sms:From"] = Sender,
                ["Sms:ConnectionString"] = _acs.ConnectionString,
            });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _acs.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Page_DutyMemberWithAPhone_IsTextedOnce_AndTheLinkInTheTextAcknowledgesAsThem()
    {
        var onCall = await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var duty = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var texted = duty[0];
        Assert.Equal("+819012345678", await SetPhoneAsync(texted, "+81 90-1234-5678"));

        using var declared = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev1", by = "ops" });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count), () => Task.FromResult(_acs.SendPosts.Count));

        var text = Assert.Single(_acs.SmsDeliveries);
        Assert.Equal(Sender, text.From);
        Assert.Equal("+819012345678", text.To);
        var lines = text.Message.Split('\n');
        Assert.Equal($"【SEV1 障害】{id} 決済画面が開かない", lines[0]);
        var prefix = $"対応する: {_host.BaseAddress}api/ack/";
        Assert.StartsWith(prefix, lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(_acs.SmsPosts, p => p.Status != 202);

        // The other duty member has no number: mail only. The outbox lists the text as sent, on the pages' channel "sms".
        var sent = await _host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=sent&max=1000");
        var sms = sent.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("channel").GetString() == "sms").ToList();
        Assert.Equal($"incident:{id}:page:sms:{texted}", Assert.Single(sms).GetProperty("id").GetString());

        using (var ack = await _host.Anonymous.PostAsync($"api/ack/{lines[1][prefix.Length..]}", null))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }

        var incident = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal(texted, incident.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.Contains(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("message").GetString() == "sms reached +819012345678");

        // Acknowledged: the escalation that would have texted them again sends nothing.
        _host.Time.Advance(TimeSpan.FromMinutes(10));
        await _host.RunFunctionAsync("EscalateIncidents");
        await _host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count));
        Assert.Single(_acs.SmsDeliveries);
    }

    [Fact]
    public async Task Member_PhoneNotInternational_400NamingPhone_NothingStored()
    {
        using var current = await _host.Client.GetAsync("api/members/sato");
        var member = JsonNode.Parse(await current.Content.ReadAsStringAsync())!;
        member["phone"] = "090-1234-5678";
        using var put = new HttpRequestMessage(HttpMethod.Put, "api/members/sato") { Content = JsonContent.Create(member) };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        using var response = await _host.Client.SendAsync(put);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty("phone", out _), problem.ToString());
        var after = await _host.Client.GetFromJsonAsync<JsonElement>("api/members/sato");
        Assert.False(after.TryGetProperty("phone", out var phone) && phone.ValueKind == JsonValueKind.String, after.ToString());
    }

    /// <summary>Sets a member's phone through the API (read, change, write with its ETag); returns it as stored.</summary>
    private async Task<string?> SetPhoneAsync(string memberId, string phone)
    {
        using var current = await _host.Client.GetAsync($"api/members/{memberId}");
        var member = JsonNode.Parse(await current.Content.ReadAsStringAsync())!;
        member["phone"] = phone;
        using var put = new HttpRequestMessage(HttpMethod.Put, $"api/members/{memberId}") { Content = JsonContent.Create(member) };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        using var response = await _host.Client.SendAsync(put);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await _host.Client.GetFromJsonAsync<JsonElement>($"api/members/{memberId}")).GetProperty("phone").GetString();
    }
}
