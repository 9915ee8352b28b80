using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Rotations;

/// <summary>
/// Trial walk (session 59): Emma Clarke, a PM who moved to the San Francisco office (member <c>timeZone</c> America/Los_Angeles,
/// English) but stays on the Tokyo team's roster (team ja, <c>Incidents__TimeZone</c> Asia/Tokyo, handoff Monday 10:00 JST, which is
/// Sunday 17:00 for her), paired with 佐藤. 7–21 December 2026: her announcement and handoff brief, a SEV2 page at 03:00 JST (10:00 PST,
/// her working day) and at 15:00 JST (22:00 PST, her night), her leave over Christmas.
/// </summary>
public sealed class OverseasMemberWalkTests() : WalkTestBase(MasterKey, Monday, Path.Combine(Path.GetTempPath(), "tztrial-walk"), teams: true)
{
    private const string MasterKey = "e2e-overseas-key";
    private const string Rotation = "incident-duty";
    private const string Emma = "emma@example.com";
    private const string Sato = "sato@example.com";

    /// <summary>09:00 JST on Monday 7 December 2026 (Sunday 16:00 in San Francisco), an hour before the handoff.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Team:SeedDemo"] = "false",
        ["Team:Language"] = "ja",
        ["Incidents:TimeZone"] = "Asia/Tokyo",
        ["Incidents:RotationId"] = Rotation,
        ["Incidents:Leads:0"] = "lead@example.com",
        ["Incidents:OrganisationList"] = "pm-org@example.com",
        ["Teams:WebhookUrl"] = Teams.Url,
        ["Team:PublicBaseUrl"] = "http://127.0.0.1:1/",
    };

    [Fact]
    public async Task Emma_InSanFrancisco_OnTheTokyoRoster_ReadsHerDutyAndPages()
    {
        foreach (var (id, name, lang, zone, level) in Members)
        {
            using var added = await Host.Client.PostAsJsonAsync("api/members", new { id, displayName = name, email = $"{id}@example.com", language = lang, timeZone = zone, joinedOn = "2024-04-01", level });
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }

        using (var put = new HttpRequestMessage(HttpMethod.Put, $"api/rotations/{Rotation}")
        {
            Content = JsonContent.Create(new { name = "PM incident duty", nameJa = "PM障害当番", strategy = "block", peoplePerShift = 2, shiftWeeks = 1, handoffDay = "monday", handoffTime = "10:00", timeZone = "Asia/Tokyo", startDate = "2026-12-07", members = Members.Select(m => m.Id).ToArray(), notifyEmails = new[] { "pm-team@example.com" } }),
        })
        using (var created = await Host.Client.SendAsync(put))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        await File.WriteAllTextAsync(Path.Combine(Dump!, "schedule.json"), await Host.Client.GetStringAsync($"api/rotations/{Rotation}/schedule?from=2026-12-07&weeks=3"));

        // 10:05 JST (Sunday 17:05 in San Francisco): the announcement and the pair's handoff brief.
        await Host.SetUtcNowAsync(Monday.AddHours(1).AddMinutes(5));
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await SettleAsync();
        await DumpMailAsync("01-announce");
        var announced = await MailToAsync(Emma, "[PM incident duty] Week of Mon 7 Dec: Emma Clarke & 佐藤 健");
        // Before: only "Mon 7 Dec 2026 10:00 – Mon 14 Dec 2026 10:00 (JST)" — her duty starts on her Sunday afternoon.
        Assert.Contains("Mon 7 Dec 2026 10:00 – Mon 14 Dec 2026 10:00 (JST)\nIn your time zone: Sun 6 Dec 2026 17:00 – Sun 13 Dec 2026 17:00 (PST)\n", announced, StringComparison.Ordinal);
        var toSato = await MailToAsync(Sato, "【PM障害当番】12月7日(月)からの週 Emma Clarkeさん・佐藤さん");
        Assert.Contains("2026年12月7日(月) 10:00〜2026年12月14日(月) 10:00（JST）\n", toSato, StringComparison.Ordinal);
        Assert.DoesNotContain("PST", toSato, StringComparison.Ordinal);
        Assert.DoesNotContain("PST", await MailToAsync("pm-team@example.com", "【PM障害当番】12月7日(月)からの週"), StringComparison.Ordinal);
        Assert.StartsWith("You are on PM incident duty for the week of Mon 7 Dec.", await MailToAsync(Emma, "[Handoff brief] PM incident duty, the week of Mon 7 Dec"), StringComparison.Ordinal);

        // Her own calendar feed: the shift in Tokyo's zone with its VTIMEZONE, which her calendar shows on her Sunday 17:00.
        using (var feed = await Host.Client.PostAsync("api/members/emma/feeds", JsonContent.Create(new { note = "e2e" })))
        {
            var body = await feed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(feed.StatusCode == HttpStatusCode.Created, body.ToString());
            var ics = await Host.Anonymous.GetStringAsync($"api/members/emma/calendar.ics?token={body.GetProperty("token").GetString()}");
            await File.WriteAllTextAsync(Path.Combine(Dump!, "emma.ics"), ics);
            var calendar = Ical.Net.Calendar.Load(ics)!;
            var first = calendar.Events.OrderBy(e => e.DtStart!.AsUtc).First();
            Assert.Equal(new DateTime(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc), first.DtStart!.AsUtc);
        }

        // Tuesday 8 December 03:00 JST (Monday 10:00 in San Francisco, her working day): an Azure Monitor alert.
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero));
        await Smtp.DeleteAllAsync();
        var cards = Teams.Requests.Count;
        var alert = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot.Find(), "tests/OnDuty.Core.Tests/Alerts/Samples/azure-monitor-metric-fired.json")))!;
        alert["data"]!["essentials"]!["firedDateTime"] = "2026-12-07T17:58:00Z";
        alert["data"]!["essentials"]!["severity"] = "Sev1";
        var opened = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "azure-monitor", alert.ToJsonString());
        var incident = opened.GetProperty("incidentId").GetString()!;
        await SettleAsync();
        await DumpMailAsync("02-page-0300jst");
        await DumpCardsAsync("02-page-0300jst", cards);
        var page = await MailToAsync(Emma, $"[SEV2 incident] {incident}");
        // Before: "Detected: Tue 8 Dec 2026 03:00 (JST)" and "Started: 02:58 (JST, …)".
        Assert.Contains("Detected: Mon 7 Dec 2026 10:00 PST (8 Dec 03:00 JST)\nStarted: 09:58 (PST, 2 min before detection)\n", page, StringComparison.Ordinal);
        Assert.Contains("Acknowledge: ", page, StringComparison.Ordinal);
        var satoPage = await MailToAsync(Sato, $"【SEV2 障害】{incident}");
        Assert.Contains("2026年12月8日(火) 03:00（JST）", satoPage, StringComparison.Ordinal);
        Assert.DoesNotContain("PST", satoPage, StringComparison.Ordinal);
        Assert.DoesNotContain("PST", string.Join("\n", Teams.Requests.Skip(cards).Select(r => r.Body)), StringComparison.Ordinal);

        // Nobody acknowledges: the escalation 16 minutes later reads her time too.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(16));
        await Smtp.DeleteAllAsync();
        await Host.RunFunctionAsync("EscalateIncidents");
        await SettleAsync();
        await DumpMailAsync("03-escalation");
        Assert.Contains("Detected: Mon 7 Dec 2026 10:00 PST (8 Dec 03:00 JST)\n", await MailToAsync(Emma, $"[SEV2 not acknowledged, escalation 1] {incident}"), StringComparison.Ordinal);

        // She acknowledges from her link and resolves it.
        var ack = System.Text.RegularExpressions.Regex.Match(page, "Acknowledge: (\\S+)").Groups[1].Value;
        using (var ackPage = await Host.Anonymous.GetAsync(new Uri(ack).PathAndQuery.TrimStart('/')))
        {
            await File.WriteAllTextAsync(Path.Combine(Dump!, "03-ack.html"), await ackPage.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, ackPage.StatusCode);
        }

        using (var acked = await Host.Client.PostAsJsonAsync($"api/incidents/{incident}/ack", new { memberId = "emma" }))
        {
            Assert.True(acked.IsSuccessStatusCode, await acked.Content.ReadAsStringAsync());
        }

        using (var resolved = await Host.Client.PostAsJsonAsync($"api/incidents/{incident}/updates", new { status = "resolved", message = "Recovered.", by = "emma" }))
        {
            Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        }

        // 15:00 JST Tuesday (22:00 Monday in San Francisco, her night): another alert.
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 8, 6, 0, 0, TimeSpan.Zero));
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        alert["data"]!["essentials"]!["alertId"] = "/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/second";
        alert["data"]!["essentials"]!["alertRule"] = "checkout-latency";
        alert["data"]!["essentials"]!["firedDateTime"] = "2026-12-08T05:59:00Z";
        var second = (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "azure-monitor", alert.ToJsonString())).GetProperty("incidentId").GetString()!;
        await SettleAsync();
        await DumpMailAsync("04-page-1500jst");
        Assert.Contains("Detected: Mon 7 Dec 2026 22:00 PST (8 Dec 15:00 JST)\n", await MailToAsync(Emma, $"[SEV2 incident] {second}"), StringComparison.Ordinal);

        // Friday 18 December 10:05 JST (Thursday 17:05 for her): the reminder for the week of 21 December.
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 18, 1, 5, 0, TimeSpan.Zero));
        await Smtp.DeleteAllAsync();
        await Host.RunFunctionAsync("RemindIncomingDuty");
        await SettleAsync();
        await DumpMailAsync("05-reminder");
        var reminder = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains(Emma));
        // Before: "…starts Mon 21 Dec 2026 10:00 (JST)" — her Sunday 17:00.
        Assert.EndsWith("starts Sun 20 Dec 2026 17:00 PST (21 Dec 10:00 JST)", reminder.Subject, StringComparison.Ordinal);
        Assert.Contains("In your time zone: Sun 20 Dec 2026 17:00 – Sun 27 Dec 2026 17:00 (PST)\n", (await Smtp.TextAsync(reminder.Id)).ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("PST", (await Smtp.MessagesAsync()).Single(m => m.To.Contains(Sato)).Subject, StringComparison.Ordinal);

        // Monday 21 December 10:05 JST: the week is announced; then she enters her US holiday, 24–25 December as she reads her dates.
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 21, 1, 5, 0, TimeSpan.Zero));
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        using (var leave = await Host.Client.PostAsJsonAsync("api/members/emma/leave", new { from = "2026-12-24", to = "2026-12-25", note = "US holiday", by = "Emma Clarke" }))
        {
            var body = await leave.Content.ReadAsStringAsync();
            await File.WriteAllTextAsync(Path.Combine(Dump!, "06-leave.json"), $"{(int)leave.StatusCode}\n{body}");
            Assert.True(leave.StatusCode == HttpStatusCode.Created, body);
        }

        await SettleAsync();
        await DumpMailAsync("06-leave");
        // The cover-needed mail to 佐藤 names her days, and the hours they are in Tokyo (before: her dates read as Tokyo's, and a
        // cover booked for them left her paged from 07:00 on her Christmas Day).
        var cover = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains(Sato));
        Assert.Equal("【PM障害当番 代わりが必要】12月21日(月)からの週 Emma Clarkeさんが休暇です（12月24日(木)〜12月25日(金)）", cover.Subject);
        var coverText = (await Smtp.TextAsync(cover.Id)).ReplaceLineEndings("\n");
        Assert.Contains("日付はEmma Clarkeさんの現地時間です。JSTでは12月24日(木) 17:00〜12月26日(土) 17:00です。\n", coverText, StringComparison.Ordinal);

        // 佐藤 puts 鈴木 or 田中 in her place for exactly those hours, as the mail says them (the API's local times are the rotation's).
        var week = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{Rotation}/schedule?from=2026-12-21&weeks=1")).GetProperty("shifts")[0];
        var pair = week.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        Assert.Contains("emma", pair);
        var stand = Members.Select(m => m.Id).First(id => !pair.Contains(id));
        var hours = System.Text.RegularExpressions.Regex.Match(coverText, @"JSTでは(\d+)月(\d+)日\(.\) (\d\d:\d\d)〜(\d+)月(\d+)日\(.\) (\d\d:\d\d)");
        Assert.True(hours.Success, coverText);
        string Local(int g) => $"2026-{int.Parse(hours.Groups[g].Value):00}-{int.Parse(hours.Groups[g + 1].Value):00}T{hours.Groups[g + 2].Value}";
        using (var booked = await Host.Client.PostAsJsonAsync($"api/rotations/{Rotation}/overrides", new { memberId = "emma", replacementId = stand, from = Local(1), to = Local(4), reason = "Emma's US holiday" }))
        {
            Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        }

        // Friday 25 December 10:00 in San Francisco (26 Dec 03:00 JST): an alert pages the one standing in, never her (the
        // incident of 8 December resolved first, so it is a new one).
        using (var resolved = await Host.Client.PostAsJsonAsync($"api/incidents/{second}/updates", new { status = "resolved", message = "Recovered.", by = "sato" }))
        {
            Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        }

        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 25, 18, 0, 0, TimeSpan.Zero));
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        alert["data"]!["essentials"]!["alertId"] = "/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/christmas";
        alert["data"]!["essentials"]!["alertRule"] = "christmas-latency";
        alert["data"]!["essentials"]!["firedDateTime"] = "2026-12-25T17:59:00Z";
        var christmas = (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "azure-monitor", alert.ToJsonString())).GetProperty("incidentId").GetString()!;
        Assert.NotEqual(second, christmas);
        await SettleAsync();
        await DumpMailAsync("06b-page-christmas");
        var paged = (await Smtp.MessagesAsync()).Where(m => m.Subject.Contains(christmas, StringComparison.Ordinal)).SelectMany(m => m.To).ToList();
        Assert.Contains($"{stand}@example.com", paged);
        Assert.Contains(pair.Single(id => id != "emma") + "@example.com", paged);
        Assert.DoesNotContain(Emma, paged);

        // Across the US change to summer time (Sunday 14 March 2027, Japan has none): her shift from Mon 15 Mar 10:00 JST starts at 18:00
        // on her Sunday, no longer 17:00 (and ends Tue 23 Mar 10:00 JST, the handoff moved off the substitute holiday for 春分の日: her Monday 18:00).
        var march = await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{Rotation}/schedule?from=2027-03-15&weeks=1");
        await File.WriteAllTextAsync(Path.Combine(Dump!, "07-march.json"), march.ToString());
        Assert.Contains(march.GetProperty("shifts")[0].GetProperty("members").EnumerateArray(), m => m.GetProperty("id").GetString() == "emma");
        await Host.SetUtcNowAsync(new DateTimeOffset(2027, 3, 12, 1, 5, 0, TimeSpan.Zero));
        await Smtp.DeleteAllAsync();
        await Host.RunFunctionAsync("RemindIncomingDuty");
        await SettleAsync();
        await DumpMailAsync("07-reminder-march");
        var spring = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains(Emma));
        Assert.EndsWith("starts Sun 14 Mar 2027 18:00 PDT (15 Mar 10:00 JST)", spring.Subject, StringComparison.Ordinal);
        Assert.Contains("In your time zone: Sun 14 Mar 2027 18:00 – Mon 22 Mar 2027 18:00 (PDT)\n", (await Smtp.TextAsync(spring.Id)).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static readonly (string Id, string Name, string Language, string Zone, string Level)[] Members =
    [
        ("emma", "Emma Clarke", "en", "America/Los_Angeles", "senior"),
        ("sato", "佐藤 健", "ja", "Asia/Tokyo", "auto"),
        ("suzuki", "鈴木 花子", "ja", "Asia/Tokyo", "senior"),
        ("tanaka", "田中 一郎", "ja", "Asia/Tokyo", "auto"),
    ];

    private async Task<string> MailToAsync(string to, string subjectStart)
    {
        var mail = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains(to) && m.Subject.StartsWith(subjectStart, StringComparison.Ordinal));
        return (await Smtp.TextAsync(mail.Id)).ReplaceLineEndings("\n");
    }

    private async Task DumpMailAsync(string step)
    {
        var all = await Smtp.MessagesAsync();
        var text = new System.Text.StringBuilder();
        foreach (var m in all)
        {
            text.Append("=== ").Append(string.Join(",", m.To)).Append(" | ").AppendLine(m.Subject).AppendLine(await Smtp.TextAsync(m.Id));
        }

        await File.WriteAllTextAsync(Path.Combine(Dump!, step + ".txt"), text.ToString());
    }

    private async Task DumpCardsAsync(string step, int skip) =>
        await File.WriteAllTextAsync(Path.Combine(Dump!, step + ".cards.json"), string.Join("\n\n", Teams.Requests.Skip(skip).Select(r => r.Body)));
}
