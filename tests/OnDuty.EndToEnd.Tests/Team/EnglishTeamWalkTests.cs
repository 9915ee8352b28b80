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
/// Found on the walk and fixed: a member or rotation created without <c>timeZone</c> was in Asia/Tokyo (the handoff at 10:00 JST,
/// 01:00 in Dublin), now the team's zone; <c>Calendar__Country</c> had no Ireland (now <c>IE</c>, named in English — the library
/// says 「Lá Fhéile Pádraig」 —, a weekend holiday taken the next working day); Dublin times read "(Europe/Dublin)", now GMT/IST.
/// </summary>
public sealed partial class EnglishTeamWalkTests() : WalkTestBase(MasterKey, Monday, teams: true)
{
    private const string MasterKey = "e2e-englishteam-key";
    private const string Rotation = "pm-duty";

    /// <summary>09:00 in Dublin (GMT) on Monday 7 December 2026, an hour before the first handoff.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // README step 1, and the settings an English team outside Japan changes (README: "A team outside Japan").
        ["Team:SeedDemo"] = "false",
        ["Roster:WelcomeMail"] = "true",
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
        ["Teams:WebhookUrl"] = Teams.Url,
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
    };

    [Fact]
    public async Task DublinTeam_SetUpFromZero_EveryMessageInEnglish_TimesInDublin()
    {
        // A new admin's mistakes first: a member with a bad email, a rotation in a misspelt zone, a rotation of one.
        using (var bad = await Host.Client.PostAsJsonAsync("api/members", new { id = "liam", displayName = "Liam Walker", email = "liam.dublin.example", language = "en" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["must be a valid email address"], problem.GetProperty("errors").GetProperty("email").EnumerateArray().Select(e => e.GetString()));
        }

        // Six members, each as README's loop adds them; Aoife leaves the time zone out.
        foreach (var (memberId, name, joined, level) in Members)
        {
            using var added = await Host.Client.PostAsJsonAsync("api/members", memberId == "aoife"
                ? new Dictionary<string, object> { ["id"] = memberId, ["displayName"] = name, ["email"] = $"{memberId}@dublin.example", ["language"] = "en", ["joinedOn"] = joined, ["level"] = level, ["phone"] = "087 123 4567" }
                : new Dictionary<string, object> { ["id"] = memberId, ["displayName"] = name, ["email"] = $"{memberId}@dublin.example", ["language"] = "en", ["timeZone"] = "Europe/Dublin", ["joinedOn"] = joined, ["level"] = level });
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }

        // Aoife, added without a time zone, is in the team's (before: Asia/Tokyo); her number as dialled in Ireland is saved with 353.
        var aoife = await Host.Client.GetFromJsonAsync<JsonElement>("api/members/aoife");
        Assert.Equal(("Europe/Dublin", "+353871234567"), (aoife.GetProperty("timeZone").GetString(), aoife.GetProperty("phone").GetString()));

        using (var zone = await PutRotationAsync(new { name = "PM incident duty", handoffDay = "monday", handoffTime = "10:00", timeZone = "Europe/Dubln", startDate = "2026-12-07", members = Ids }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, zone.StatusCode);
            var problem = await zone.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["'Europe/Dubln' is not a known IANA time zone"], problem.GetProperty("errors").GetProperty("timeZone").EnumerateArray().Select(e => e.GetString()));
        }

        using (var one = await PutRotationAsync(new { name = "PM incident duty", handoffDay = "monday", handoffTime = "10:00", startDate = "2026-12-07", members = new[] { "liam" } }, "solo"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, one.StatusCode);
            var problem = await one.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["needs 2 people per shift but the rotation has 1 active member"], problem.GetProperty("errors").GetProperty("peoplePerShift").EnumerateArray().Select(e => e.GetString()));
        }

        // The rotation, without a time zone: README's example names one, a lead who leaves it out gets the team's.
        using (var created = await PutRotationAsync(new { name = "PM incident duty", strategy = "staggered", peoplePerShift = 2, handoffDay = "monday", handoffTime = "10:00", startDate = "2026-12-07", members = Ids, notifyEmails = new[] { "pm-dublin@dublin.example" }, mixExperience = true }))
        {
            var body = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, body);
            // Before, a rotation without a time zone was in Asia/Tokyo: its 10:00 handoff was 01:00 in Dublin.
            Assert.Equal("Europe/Dublin", JsonDocument.Parse(body).RootElement.GetProperty("timeZone").GetString());
        }

        var oncall = await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{Rotation}/schedule?from=2026-12-07&weeks=1");
        Assert.Equal("2026-12-07T10:00:00+00:00", oncall.GetProperty("shifts")[0].GetProperty("startsAt").GetString());

        // Irish holidays, in English: St Brigid's Day moves the handoff of 1 February; 成人の日 (11 January) does not.
        var brigid = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{Rotation}/schedule?from=2027-02-01&weeks=1")).GetProperty("shifts")[0];
        Assert.Equal("Handoff moved to Tue 2 Feb 2027 10:00 (GMT; Mon 1 Feb 2027: St Brigid's Day, public holiday)", brigid.GetProperty("handoffMoved").GetProperty("text").GetString());
        var comingOfAge = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{Rotation}/schedule?from=2027-01-11&weeks=1")).GetProperty("shifts")[0];
        Assert.Equal("2027-01-11T10:00:00+00:00", comingOfAge.GetProperty("startsAt").GetString());

        // Each member's welcome: English only.
        await SettleAsync();
        var welcomes = await Smtp.AboutAsync("You were added to the duty roster");
        Assert.Equal(6, welcomes.Count);
        foreach (var welcome in welcomes)
        {
            AssertEnglish(welcome.Subject + "\n" + await Smtp.TextAsync(welcome.Id), $"welcome to {string.Join(",", welcome.To)}");
        }

        await Smtp.DeleteAllAsync();

        // 10:05 in Dublin: the handoff's announcement.
        await Host.SetUtcNowAsync(Monday.AddHours(1).AddMinutes(5));
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await SettleAsync();
        var announcement = (await Smtp.AboutAsync("[PM incident duty] Week of Mon 7 Dec: Liam Walker & Niamh Byrne")).Single(m => m.To.Contains("pm-dublin@dublin.example"));
        var announced = (await Smtp.TextAsync(announcement.Id)).ReplaceLineEndings("\n");
        Assert.StartsWith("PM incident duty, the week of Mon 7 Dec\nMon 7 Dec 2026 10:00 – Mon 14 Dec 2026 10:00 (GMT)\n", announced, StringComparison.Ordinal);
        var card = Assert.Single(Teams.Requests).Body;
        Assert.Contains("Mon 7 Dec 2026 10:00 \\u2013 Mon 14 Dec 2026 10:00 (GMT)", card, StringComparison.Ordinal);
        await AssertAllMailEnglishAsync("announcement");
        AssertEnglish(Unescaped(card), "announcement card");

        // An Azure Monitor alert at 14:00.
        await Host.SetUtcNowAsync(Monday.AddHours(5));
        await Smtp.DeleteAllAsync();
        var alert = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot.Find(), "tests/OnDuty.Core.Tests/Alerts/Samples/azure-monitor-metric-fired.json")))!;
        alert["data"]!["essentials"]!["firedDateTime"] = "2026-12-07T13:58:00Z";
        alert["data"]!["essentials"]!["severity"] = "Sev1";
        var opened = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "azure-monitor", alert.ToJsonString());
        var alertId = opened.GetProperty("incidentId").GetString()!;
        await SettleAsync();
        var page = (await Smtp.AboutAsync($"[SEV2 incident] {alertId}")).Single(m => m.To.Contains("liam@dublin.example"));
        Assert.Contains("Detected: Mon 7 Dec 2026 14:00 (GMT)\nStarted: 13:58 (GMT, 2 min before detection)\n", (await Smtp.TextAsync(page.Id)).ReplaceLineEndings("\n"), StringComparison.Ordinal);
        await AssertAllMailEnglishAsync("alert pages");
        foreach (var request in Teams.Requests.Skip(1))
        {
            AssertEnglish(Unescaped(request.Body), "alert card");
        }

        // A SEV2 declared through the form at 15:00.
        await Host.SetUtcNowAsync(Monday.AddHours(6));
        await Smtp.DeleteAllAsync();
        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, formHtml) = await browser.GetAsync("api/incidents/new");
        AssertEnglish(formHtml, "declare form");
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
        var id = location.Split('/')[3];
        await SettleAsync();
        var notice = (await Smtp.AboutAsync($"[Incident · Investigating] {id}")).Single(m => m.To.Contains("stakeholders@dublin.example"));
        var noticeText = (await Smtp.TextAsync(notice.Id)).ReplaceLineEndings("\n");
        Assert.StartsWith("Update 1 (SEV2, Investigating): About a third of card payments fail at checkout.\n", noticeText, StringComparison.Ordinal);
        Assert.Contains("Started\nMon 7 Dec 2026 15:00 (GMT)\n", noticeText, StringComparison.Ordinal);
        Assert.Contains("Next update\nBy Mon 7 Dec 2026 16:00 (GMT).\n", noticeText, StringComparison.Ordinal);
        await AssertAllMailEnglishAsync("declared incident");
        foreach (var path in new[] { location, "api/status", $"api/incidents/{id}/overview?for=stakeholders", "api/status/duty" })
        {
            var (response, html) = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertEnglish(html, path);
        }

        using (var drafts = await Host.Client.GetAsync($"api/incidents/{id}/drafts?lang=en"))
        {
            var body = await drafts.Content.ReadAsStringAsync();
            Assert.True(drafts.StatusCode == HttpStatusCode.OK, body);
            AssertEnglish(Unescaped(body), "drafts");
        }

        // Resolved at 16:10, the retro the next day.
        await Host.SetUtcNowAsync(Monday.AddHours(7).AddMinutes(10));
        await Smtp.DeleteAllAsync();
        using (var resolved = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "The payment provider fixed its certificate.", cause = "An expired certificate at the payment provider.", by = "niamh" }))
        {
            Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        Assert.NotEmpty(await Smtp.AboutAsync($"[Resolved] {id}: Checkout fails for some card payments (update 2)"));
        await AssertAllMailEnglishAsync("recovery");
        var (retroResponse, retro) = await browser.GetAsync($"api/incidents/{id}/retro/page");
        Assert.Equal(HttpStatusCode.OK, retroResponse.StatusCode);
        AssertEnglish(retro, "retro page");

        // Friday 11 December 10:05: Aoife, rotating in on Monday, is reminded in Dublin time.
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 11, 10, 5, 0, TimeSpan.Zero));
        await Smtp.DeleteAllAsync();
        await Host.RunFunctionAsync("RemindIncomingDuty");
        await SettleAsync();
        var reminder = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains("aoife@dublin.example"));
        Assert.Contains("Mon 14 Dec 2026 10:00", await Smtp.TextAsync(reminder.Id), StringComparison.Ordinal);
        Assert.Contains("(GMT)", await Smtp.TextAsync(reminder.Id), StringComparison.Ordinal);
        await AssertAllMailEnglishAsync("reminder");
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
        return await Host.Client.SendAsync(put);
    }

    /// <summary>Every mail in the inbox now, subject and text, is in English: no Japanese letter, 「」 or full-width punctuation.</summary>
    private async Task AssertAllMailEnglishAsync(string what)
    {
        var all = await Smtp.MessagesAsync();
        Assert.NotEmpty(all);
        foreach (var m in all)
        {
            AssertEnglish($"{m.Subject}\n{await Smtp.TextAsync(m.Id)}", $"{what} to {string.Join(",", m.To)}");
        }
    }

    private static void AssertEnglish(string text, string what)
    {
        var found = Japanese().Match(text);
        Assert.False(found.Success, $"{what} has Japanese: …{(found.Success ? text.Substring(Math.Max(0, found.Index - 60), Math.Min(120, text.Length - Math.Max(0, found.Index - 60))) : "")}…");
    }

    /// <summary>JSON as a reader sees its strings: non-ASCII letters as themselves, not \uXXXX.</summary>
    private static string Unescaped(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Kana, kanji, CJK punctuation (「」【】、。) and full-width forms (（）：).</summary>
    [GeneratedRegex("[\\u3000-\\u30FF\\u4E00-\\u9FFF\\uFF00-\\uFFEF]")]
    private static partial Regex Japanese();
}
