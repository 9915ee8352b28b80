using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Team;

/// <summary>
/// Trial walk (session 54): Liam Walker, product lead of a new team in the Dublin office, sets OnDuty up from zero in English
/// following README's "Your own team instead of the demo": <c>Team__Language=en</c>, <c>Incidents__TimeZone=Europe/Dublin</c>,
/// <c>Calendar__Country=IE</c>, <c>Team__PhoneCountryCode=353</c>, a Christmas closure; six English members, one rotation
/// (Mondays 10:00), the announcement to a Teams channel and by mail, an Azure Monitor alert, a SEV2 declared through the form,
/// a notice to an English stakeholder audience, the support drafts and a retro, on Monday 7 December 2026.
/// </summary>
public sealed partial class EnglishTeamWalkTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-englishteam-key";
    private const string Rotation = "pm-duty";

    /// <summary>09:00 in Dublin (GMT) on Monday 7 December 2026, an hour before the first handoff.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private LoopbackWebhook _teams = null!;
    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    private Smtp4devProcess _smtp => _app.Smtp!;

    public async Task InitializeAsync()
    {
        _teams = await LoopbackWebhook.StartAsync();
        _app = await OwnApp.StartAsync(MasterKey, Monday, new Dictionary<string, string?>
        {
            // README step 1, and the settings an English team outside Japan changes (README: "A team outside Japan").
            ["Team:SeedDemo"] = "false",
            ["Team:Language"] = "en",
            ["Team:PhoneCountryCode"] = "353",
            ["Incidents:TimeZone"] = "Europe/Dublin",
            ["Incidents:RotationId"] = Rotation,
            ["Incidents:Leads:0"] = "liam@dublin.example",
            ["Incidents:OrganisationList"] = "pm-dublin@dublin.example",
            ["Calendar:Country"] = "IE",
            ["Calendar:Closures:0:From"] = "2026-12-24",
            ["Calendar:Closures:0:To"] = "2027-01-01",
            ["Calendar:Closures:0:Name"] = "Christmas closure",
            ["Calendar:Closures:0:NameEn"] = "Christmas closure",
            ["Teams:WebhookUrl"] = _teams.Url,
            ["Comms:Audiences:stakeholders:Members:0"] = "stakeholders@dublin.example",
            ["Comms:Audiences:stakeholders:Language"] = "en",
            ["Comms:Audiences:stakeholders:DisplayName"] = "Stakeholders",
            ["Comms:Audiences:stakeholders:Contact"] = "Liam Walker <liam@dublin.example>",
            ["Comms:Audiences:support:Members:0"] = "support@dublin.example",
            ["Comms:Audiences:support:Language"] = "en",
            ["Comms:Audiences:support:DisplayName"] = "Support",
            ["Comms:Audiences:support:Drafts"] = "true",
            ["Comms:BySeverity:Sev2:0"] = "stakeholders",
            ["Comms:BySeverity:Sev2:1"] = "support",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _teams.DisposeAsync();
    }

    [Fact]
    public async Task DublinTeam_SetUpFromZero_EveryMessageInEnglish_TimesInDublin()
    {
        var dump = Path.Combine(Path.GetTempPath(), "englishteam-walk");
        Directory.CreateDirectory(dump);

        // A new admin's mistakes first: a member with a bad email, a rotation in a misspelt zone, a rotation of one.
        using (var bad = await _host.Client.PostAsJsonAsync("api/members", new { id = "liam", displayName = "Liam Walker", email = "liam.dublin.example", language = "en" }))
        {
            await File.WriteAllTextAsync(Path.Combine(dump, "bad-email.json"), $"{(int)bad.StatusCode} {await bad.Content.ReadAsStringAsync()}");
        }

        // Six members, each as README's loop adds them; Aoife leaves the time zone out.
        foreach (var (memberId, name, joined, level) in Members)
        {
            using var added = await _host.Client.PostAsJsonAsync("api/members", memberId == "aoife"
                ? new Dictionary<string, object> { ["id"] = memberId, ["displayName"] = name, ["email"] = $"{memberId}@dublin.example", ["language"] = "en", ["joinedOn"] = joined, ["level"] = level, ["phone"] = "087 123 4567" }
                : new Dictionary<string, object> { ["id"] = memberId, ["displayName"] = name, ["email"] = $"{memberId}@dublin.example", ["language"] = "en", ["timeZone"] = "Europe/Dublin", ["joinedOn"] = joined, ["level"] = level });
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }

        var aoife = await _host.Client.GetFromJsonAsync<JsonElement>("api/members/aoife");
        await File.WriteAllTextAsync(Path.Combine(dump, "aoife.json"), aoife.ToString());

        using (var zone = await PutRotationAsync(new { name = "PM incident duty", handoffDay = "monday", handoffTime = "10:00", timeZone = "Europe/Dubln", startDate = "2026-12-07", members = Ids }))
        {
            await File.WriteAllTextAsync(Path.Combine(dump, "bad-zone.json"), $"{(int)zone.StatusCode} {await zone.Content.ReadAsStringAsync()}");
        }

        using (var one = await PutRotationAsync(new { name = "PM incident duty", handoffDay = "monday", handoffTime = "10:00", startDate = "2026-12-07", members = new[] { "liam" } }, "solo"))
        {
            await File.WriteAllTextAsync(Path.Combine(dump, "one-member.json"), $"{(int)one.StatusCode} {await one.Content.ReadAsStringAsync()}");
        }

        // The rotation, without a time zone: README's example names one, a lead who leaves it out gets the team's.
        using (var created = await PutRotationAsync(new { name = "PM incident duty", strategy = "staggered", peoplePerShift = 2, handoffDay = "monday", handoffTime = "10:00", startDate = "2026-12-07", members = Ids, notifyEmails = new[] { "pm-dublin@dublin.example" }, mixExperience = true }))
        {
            var body = await created.Content.ReadAsStringAsync();
            await File.WriteAllTextAsync(Path.Combine(dump, "rotation.json"), $"{(int)created.StatusCode} {body}");
            Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        }

        var schedule = await _host.Client.GetStringAsync($"api/rotations/{Rotation}/schedule?weeks=10");
        await File.WriteAllTextAsync(Path.Combine(dump, "schedule.json"), schedule);
        var brigid = await _host.Client.GetStringAsync($"api/rotations/{Rotation}/schedule?from=2027-02-01&weeks=1");
        await File.WriteAllTextAsync(Path.Combine(dump, "brigid.json"), brigid);

        // 10:05 in Dublin: the handoff's announcement.
        _host.Time.SetUtcNow(Monday.AddHours(1).AddMinutes(5));
        await _host.RunFunctionAsync("AnnounceDutyWeek");
        await SettleAsync();
        await DumpMailAsync(dump, "announce");
        await File.WriteAllTextAsync(Path.Combine(dump, "teams-announce.json"), string.Join("\n\n", _teams.Requests.Select(r => r.Body)));

        // An Azure Monitor alert at 14:00.
        _host.Time.SetUtcNow(Monday.AddHours(5));
        await _smtp.DeleteAllAsync();
        var alert = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot.Find(), "tests/OnDuty.Core.Tests/Alerts/Samples/azure-monitor-metric-fired.json")))!;
        alert["data"]!["essentials"]!["firedDateTime"] = "2026-12-07T13:58:00Z";
        alert["data"]!["essentials"]!["severity"] = "Sev1";
        var opened = await AlertIntakeTests.PostAcceptedAsync(_host.Client, "azure-monitor", alert.ToJsonString());
        var alertId = opened.GetProperty("incidentId").GetString()!;
        await SettleAsync();
        await DumpMailAsync(dump, "alert");
        await File.WriteAllTextAsync(Path.Combine(dump, "teams-alert.json"), string.Join("\n\n", _teams.Requests.Select(r => r.Body)));
        var sms = await _smtp.MessagesAsync();

        // A SEV2 declared through the form at 15:00.
        _host.Time.SetUtcNow(Monday.AddHours(6));
        await _smtp.DeleteAllAsync();
        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, formHtml) = await browser.GetAsync("api/incidents/new");
        await File.WriteAllTextAsync(Path.Combine(dump, "form.html"), formHtml);
        var (posted, _) = await browser.SubmitAsync(formHtml, "/api/incidents/new", new Dictionary<string, string>
        {
            ["by"] = "Liam Walker",
            ["title"] = "Checkout fails for some card payments",
            ["severity"] = "SEV2",
            ["userImpact"] = "About a third of card payments fail at checkout.",
            ["workaround"] = "Pay with PayPal or Apple Pay.",
        });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        await File.WriteAllTextAsync(Path.Combine(dump, "location.txt"), location);
        var id = location.Split('/')[3];
        await SettleAsync();
        await DumpMailAsync(dump, "declare");
        var (_, page) = await browser.GetAsync(location);
        await File.WriteAllTextAsync(Path.Combine(dump, "incident-page.html"), page);
        var (_, status) = await browser.GetAsync("api/status");
        await File.WriteAllTextAsync(Path.Combine(dump, "status.html"), status);
        var (_, drafts) = await browser.GetAsync($"api/incidents/{id}/drafts");
        await File.WriteAllTextAsync(Path.Combine(dump, "drafts.html"), drafts);
        var (_, overview) = await browser.GetAsync($"api/incidents/{id}/overview?for=stakeholders");
        await File.WriteAllTextAsync(Path.Combine(dump, "overview.html"), overview);

        // Resolved at 16:10, the retro the next day.
        _host.Time.SetUtcNow(Monday.AddHours(7).AddMinutes(10));
        await _smtp.DeleteAllAsync();
        using (var resolved = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "The payment provider fixed its certificate.", cause = "An expired certificate at the payment provider.", by = "niamh" }))
        {
            Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        await DumpMailAsync(dump, "resolved");
        var (_, retro) = await browser.GetAsync($"api/incidents/{id}/retro/page");
        await File.WriteAllTextAsync(Path.Combine(dump, "retro.html"), retro);
        var (_, duty) = await browser.GetAsync("api/status/duty");
        await File.WriteAllTextAsync(Path.Combine(dump, "duty.html"), duty);
        Assert.NotNull(alertId);
        Assert.NotNull(sms);
    }

    private static readonly (string Id, string Name, string Joined, string Level)[] Members =
    [
        ("liam", "Liam Walker", "2019-03-01", "senior"),
        ("niamh", "Niamh Byrne", "2021-05-10", "senior"),
        ("aoife", "Aoife Kelly", "2022-09-01", "auto"),
        ("conor", "Conor Murphy", "2023-02-01", "auto"),
        ("siobhan", "Siobhán O'Brien", "2026-09-01", "junior"),
        ("darragh", "Darragh Walsh", "2026-10-05", "junior"),
    ];

    private static readonly string[] Ids = Members.Select(m => m.Id).ToArray();

    private async Task<HttpResponseMessage> PutRotationAsync(object body, string id = Rotation)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"api/rotations/{id}") { Content = JsonContent.Create(body) };
        return await _host.Client.SendAsync(put);
    }

    private Task SettleAsync() =>
        _host.SettleAsync(async () => (await _smtp.MessagesAsync()).Count, () => Task.FromResult(_teams.Requests.Count));

    private async Task DumpMailAsync(string dump, string name)
    {
        var all = await _smtp.MessagesAsync();
        var text = new List<string>();
        foreach (var m in all)
        {
            text.Add($"=== To: {string.Join(", ", m.To)}\nSubject: {m.Subject}\n{await _smtp.TextAsync(m.Id)}");
        }

        await File.WriteAllTextAsync(Path.Combine(dump, $"mail-{name}.txt"), string.Join("\n\n", text));
    }
}
