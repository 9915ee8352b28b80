using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.LocalHost;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Acs;

/// <summary>
/// The app configured for Azure Communication Services Email (<c>Email__Provider=Acs</c>, a connection string to a
/// loopback ACS that verifies the HMAC signature and the wire format as the service does). No SMTP server: every
/// email must go through <c>emails:send</c>, once per recipient however often the announcement runs.
/// </summary>
public sealed class AcsAnnouncementTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-acs-master-key";

    private readonly FakeTimeProvider _time = new(OnDutyAppFixture.BeforeHandoff.AddHours(1).AddMinutes(5)); // just after the W49 handoff
    private AzuriteProcess _azurite = null!;
    private LoopbackAcsServer _acs = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private string _settingsFile = "";

    public async Task InitializeAsync()
    {
        var azurite = AzuriteProcess.StartAsync();
        _acs = await LoopbackAcsServer.StartAsync();
        _azurite = await azurite;
        _settingsFile = Path.Combine(Path.GetTempPath(), $"onduty-e2e-acs-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(_settingsFile, "{\"IsEncrypted\":false,\"Values\":{}}");
        _app = LocalHostApp.Build(
            ["--settings", _settingsFile],
            services => services.AddSingleton<TimeProvider>(_time),
            SampleSettings.Values(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Storage:ConnectionString"] = _azurite.ConnectionString,
                ["Email:Provider"] = "Acs",
                ["Email:From"] = "DoNotReply@onduty.example",
                ["Email:Acs:ConnectionString"] = _acs.ConnectionString,
                ["Email:Acs:PollInterval"] = "00:00:00.100",
                ["LocalHost:MasterKey"] = MasterKey,
                ["LocalHost:DisableTimers"] = "true",
            }));
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        for (var i = 0; i < 300 && (await _client.GetAsync("/api/health")).StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _acs.DisposeAsync();
        await _azurite.DisposeAsync();
        File.Delete(_settingsFile);
    }

    [Fact]
    public async Task AnnounceDutyWeek_RunRepeatedlyOnAcs_EachRecipientGetsOneSignedSend()
    {
        var onCall = await _client.GetFromJsonAsync<JsonElement>("/api/rotations/incident-duty/oncall");
        var week = onCall.GetProperty("week").GetString()!;
        var pair = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!).ToList();

        for (var run = 0; run < 3; run++)
        {
            using var response = await _client.PostAsync("/admin/functions/AnnounceDutyWeek", null);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var incidentDuty = _acs.Deliveries.Where(d => d.Subject.Contains("障害当番", StringComparison.Ordinal) || d.Subject.Contains("Incident duty", StringComparison.Ordinal)).ToList();
        Assert.Equal(pair.Append("pm-team@onduty.example").Order(), incidentDuty.SelectMany(d => d.To.Select(t => t.Address)).Order());
        Assert.All(incidentDuty, d => Assert.Contains(week, d.Subject));
        Assert.All(_acs.Deliveries, d => Assert.Equal("DoNotReply@onduty.example", d.SenderAddress));
        Assert.All(_acs.Deliveries.GroupBy(d => string.Join(",", d.To.Select(t => t.Address)) + "|" + d.Subject), g => Assert.Single(g));
        Assert.DoesNotContain(_acs.Requests, r => r.Status == 401);

        var sent = await _client.GetFromJsonAsync<JsonElement>("/api/outbox?status=sent&max=1000");
        var sentEmails = sent.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("channel").GetString() == "email");
        Assert.Equal(_acs.Deliveries.Count, sentEmails);
    }
}
