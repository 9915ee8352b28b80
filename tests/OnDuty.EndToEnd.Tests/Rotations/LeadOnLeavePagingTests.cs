using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Rotations;

/// <summary>
/// Trial 34 H3 (rest) replayed through the real host (Azurite, smtp4dev, the sample settings: lead yamada, the organisation's
/// list pm-org): yamada's leave 12/28–1/5 「家族旅行」 answers that every lead is away then, and health notes the week; on
/// 1/1 03:00 JST a SEV1's leads' step passes him over and the organisation's list is paged at once — he gets nothing, the
/// timeline, the incident page and the organisation's mail say why.
/// </summary>
public sealed class LeadOnLeavePagingTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-lead-on-leave-key";

    // Thursday 2026-12-24 10:00 JST: W52, W53 within the next four.
    private static readonly DateTimeOffset Before = new(2026, 12, 24, 1, 0, 0, TimeSpan.Zero);

    // 2027-01-01 03:00 JST (the trial's alert).
    private static readonly DateTimeOffset NewYearNight = new(2026, 12, 31, 18, 0, 0, TimeSpan.Zero);

    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

    public async Task InitializeAsync() => _app = await OwnApp.StartAsync(MasterKey, Before);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task TheOnlyLeadOnLeaveOverNewYear_LeaveWarns_HealthNotes_TheLeadsStepGoesToTheOrganisation()
    {
        using (var response = await Host.Client.PostAsJsonAsync("api/members/yamada/leave", new { from = "2026-12-28", to = "2027-01-05", note = "家族旅行", by = "山田" }))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            Assert.Contains(
                "every lead (Incidents__Leads) is on leave from 2026-12-28 to 2027-01-05 with this leave: the leads' escalation step is passed over and an unanswered page goes straight to the organisation's list (pm-org@onduty.example)",
                JsonDocument.Parse(text).RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        }

        var health = await Host.Client.GetFromJsonAsync<JsonElement>("api/health");
        Assert.Contains("2026-W53 (2026-12-28 to 2027-01-03)", health.GetProperty("notes").GetProperty("leadsOnLeave").GetString(), StringComparison.Ordinal);

        Host.Time.SetUtcNow(NewYearNight);
        var opened = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "alertmanager", AlertIntakeTests.NewAlertmanagerGroup("lead-on-leave"));
        var id = opened.GetProperty("incidentId").GetString()!;
        await SettleAsync();
        for (var i = 0; i < 2; i++)
        {
            Host.Time.Advance(TimeSpan.FromMinutes(5));
            await Host.RunFunctionAsync("EscalateIncidents");
            await SettleAsync();
        }

        var incident = await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal(3, incident.GetProperty("incident").GetProperty("escalationStep").GetInt32());
        Assert.Contains(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "stepSkipped"
            && t.GetProperty("message").GetString() == "step 2 passed over: yamada@onduty.example on leave");
        var mails = (await _app.Smtp!.MessagesAsync()).Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(mails, m => m.To.Contains("yamada@onduty.example"));
        var org = Assert.Single(mails, m => m.To.Contains("pm-org@onduty.example"));
        Assert.Contains("リーダーの山田さんは休暇中のため、連絡していません。", await _app.Smtp.TextAsync(org.Id), StringComparison.Ordinal);

        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("リーダーの山田さんは休暇中のため、エスカレーション 2 段階目を省略し、すぐ次の段階に進みました", html, StringComparison.Ordinal);
    }

    private Task SettleAsync() => Host.SettleAsync(async () => (await _app.Smtp!.MessagesAsync()).Count);
}
