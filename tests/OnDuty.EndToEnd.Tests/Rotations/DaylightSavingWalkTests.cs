using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Rotations;

/// <summary>
/// Trial walk (session 61): members abroad across a change of clocks. The team is in Tokyo (no summer time); Emma Clarke works from
/// San Francisco (America/Los_Angeles: summer time from Sun 14 Mar 2027 02:00, 17 hours behind Tokyo before, 16 after) and Tom
/// Hughes from London (Europe/London: BST from Sun 28 Mar 2027 01:00 GMT). Builds on <see cref="OverseasMemberWalkTests"/> (her
/// own times and leave in December): here the weeks of 8 and 22 March 2027 — her announcement, feed and own page in the week of
/// her change, her leave of 13–15 March (the 14th is 23 hours long for her), the pages during it, Tom's week after his change, and
/// the duty report for March.
/// </summary>
public sealed class DaylightSavingWalkTests() : WalkTestBase(MasterKey, Monday, Path.Combine(Path.GetTempPath(), "dst-walk"), teams: true)
{
    private const string MasterKey = "e2e-dst-key";
    private const string Rotation = "incident-duty";
    private const string Emma = "emma@example.com";
    private const string Tom = "tom@example.com";
    private const string Sato = "sato@example.com";

    /// <summary>09:00 JST on Monday 8 March 2027 (Sunday 16:00 PST in San Francisco), an hour before the handoff.</summary>
    private static readonly DateTimeOffset Monday = new(2027, 3, 8, 0, 0, 0, TimeSpan.Zero);

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
        ["Pages:AllowAnonymous"] = "false",
        ["WEBSITE_AUTH_ENABLED"] = "true",
    };

    [Fact]
    public async Task EmmaAndTom_AbroadAcrossTheirChangeOfClocks_ReadTheirTimesAndLeaveRight()
    {
        foreach (var (id, name, lang, zone, level) in Members)
        {
            using var added = await Host.Client.PostAsJsonAsync("api/members", new { id, displayName = name, email = $"{id}@example.com", language = lang, timeZone = zone, joinedOn = "2024-04-01", level });
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }

        using (var put = new HttpRequestMessage(HttpMethod.Put, $"api/rotations/{Rotation}")
        {
            Content = JsonContent.Create(new { name = "PM incident duty", nameJa = "PM障害当番", strategy = "block", peoplePerShift = 2, shiftWeeks = 1, handoffDay = "monday", handoffTime = "10:00", timeZone = "Asia/Tokyo", startDate = "2027-03-08", members = Members.Select(m => m.Id).ToArray(), notifyEmails = new[] { "pm-team@example.com" } }),
        })
        using (var created = await Host.Client.SendAsync(put))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var schedule = await Host.Client.GetStringAsync($"api/rotations/{Rotation}/schedule?from=2027-03-08&weeks=5");
        await File.WriteAllTextAsync(Path.Combine(Dump!, "00-schedule.json"), schedule);

        // Monday 8 March 10:05 JST (Sunday 7 March 17:05 PST): the announcement. Her week ends on her Sunday 14 March, after her change.
        await Host.SetUtcNowAsync(Monday.AddHours(1).AddMinutes(5));
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await SettleAsync();
        await DumpMailAsync("01-announce");
        var announced = await MailToAsync(Emma, "[PM incident duty] Week of Mon 8 Mar");
        // Before: "In your time zone: Sun 7 Mar 2027 17:00 – Sun 14 Mar 2027 18:00 (America/Los_Angeles)", an hour's move unexplained.
        Assert.Contains("Mon 8 Mar 2027 10:00 – Mon 15 Mar 2027 10:00 (JST)\nIn your time zone: Sun 7 Mar 2027 17:00 (PST) – Sun 14 Mar 2027 18:00 (PDT)\n", announced, StringComparison.Ordinal);
        // Her next turn, announced while she is on PST, is said in the PDT it will be.
        Assert.Contains("Your next duty: the week of Tue 23 Mar (with 田中 一郎), starting Mon 22 Mar 2027 18:00 PDT (23 Mar 10:00 JST)\n", announced, StringComparison.Ordinal);
        var toSato = await MailToAsync(Sato, "【PM障害当番】3月8日(月)からの週 Emma Clarkeさん・佐藤さん");
        Assert.Contains("2027年3月8日(月) 10:00〜2027年3月15日(月) 10:00（JST）\n", toSato, StringComparison.Ordinal);
        Assert.DoesNotContain("PST", toSato, StringComparison.Ordinal);
        Assert.DoesNotContain("タイムゾーン", toSato, StringComparison.Ordinal);

        // Her own calendar feed: the handoff instants stay Monday 10:00 JST (01:00 UTC) whatever her offset.
        using (var feed = await Host.Client.PostAsync("api/members/emma/feeds", JsonContent.Create(new { note = "e2e" })))
        {
            var body = await feed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(feed.StatusCode == HttpStatusCode.Created, body.ToString());
            var ics = await Host.Anonymous.GetStringAsync($"api/members/emma/calendar.ics?token={body.GetProperty("token").GetString()}");
            await File.WriteAllTextAsync(Path.Combine(Dump!, "01-emma.ics"), ics);
            var calendar = Ical.Net.Calendar.Load(ics)!;
            var events = calendar.Events.OrderBy(e => e.DtStart!.AsUtc).ToList();
            Assert.Equal(new DateTime(2027, 3, 8, 1, 0, 0, DateTimeKind.Utc), events[0].DtStart!.AsUtc);
            Assert.Equal(new DateTime(2027, 3, 15, 1, 0, 0, DateTimeKind.Utc), events[0].DtEnd!.AsUtc);
            Assert.All(events, e => Assert.Equal(1, e.DtStart!.AsUtc.Hour));
        }

        // Her own page and the schedule page, signed in as her.
        using (var emma = PageBrowser.SignedIn(Host.BaseAddress, PageBrowser.Principal("Emma Clarke", ("preferred_username", Emma))))
        {
            var (_, me) = await emma.GetAsync("api/status/me?lang=en");
            await File.WriteAllTextAsync(Path.Combine(Dump!, "01-me.html"), me);
            var (_, duty) = await emma.GetAsync("api/status/duty?lang=en");
            await File.WriteAllTextAsync(Path.Combine(Dump!, "01-duty.html"), duty);
        }

        // Friday 12 March 03:00 JST (Thursday 11 March 10:00 PST, 17 hours behind): a page.
        await Host.SetUtcNowAsync(new DateTimeOffset(2027, 3, 11, 18, 0, 0, TimeSpan.Zero));
        await Smtp.DeleteAllAsync();
        var alert = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot.Find(), "tests/OnDuty.Core.Tests/Alerts/Samples/azure-monitor-metric-fired.json")))!;
        alert["data"]!["essentials"]!["firedDateTime"] = "2027-03-11T17:58:00Z";
        alert["data"]!["essentials"]!["severity"] = "Sev1";
        var first = (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "azure-monitor", alert.ToJsonString())).GetProperty("incidentId").GetString()!;
        await SettleAsync();
        await DumpMailAsync("02-page-pst");
        Assert.Contains("Detected: Thu 11 Mar 2027 10:00 PST (12 Mar 03:00 JST)\nStarted: 09:58 (PST, 2 min before detection)\n", await MailToAsync(Emma, $"[SEV2 incident] {first}"), StringComparison.Ordinal);
        Assert.Contains("検知：2027年3月12日(金) 03:00（JST）\n", await MailToAsync(Sato, $"【SEV2 障害】{first}"), StringComparison.Ordinal);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(16));
        await Smtp.DeleteAllAsync();
        await Host.RunFunctionAsync("EscalateIncidents");
        await SettleAsync();
        await DumpMailAsync("03-escalation-pst");
        Assert.Contains("Detected: Thu 11 Mar 2027 10:00 PST (12 Mar 03:00 JST)\n", await MailToAsync(Emma, $"[SEV2 not acknowledged, escalation 1] {first}"), StringComparison.Ordinal);
        await ResolveAsync(first, "emma");

        // Friday 12 March 09:00 JST (Thursday 16:00 PST): she enters her leave, 13–15 March as she reads her dates (the 14th is 23 hours long for her).
        await Host.SetUtcNowAsync(new DateTimeOffset(2027, 3, 12, 0, 0, 0, TimeSpan.Zero));
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        using (var leave = await Host.Client.PostAsJsonAsync("api/members/emma/leave", new { from = "2027-03-13", to = "2027-03-15", note = "Family", by = "Emma Clarke" }))
        {
            var body = await leave.Content.ReadAsStringAsync();
            await File.WriteAllTextAsync(Path.Combine(Dump!, "04-leave.json"), $"{(int)leave.StatusCode}\n{body}");
            Assert.True(leave.StatusCode == HttpStatusCode.Created, body);
        }

        await SettleAsync();
        await DumpMailAsync("04-leave");
        var cover = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains(Sato));
        var coverText = (await Smtp.TextAsync(cover.Id)).ReplaceLineEndings("\n");
        // Her days in the shift (its handoff is her Sunday 18:00 PDT), and their hours in Tokyo to the handoff. Before: 「JSTでは3月13日(土)
        // 17:00〜3月15日(月) 16:00です。」, the end of her Sunday, six hours past the shift — and a cover booked as said was refused.
        Assert.Equal("【PM障害当番 代わりが必要】3月8日(月)からの週 Emma Clarkeさんが休暇です（3月13日(土)〜3月14日(日)）", cover.Subject);
        Assert.Contains("日付はEmma Clarkeさんの現地時間です。この当番の期間にかかるのは、JSTで3月13日(土) 17:00〜3月15日(月) 10:00です。\n", coverText, StringComparison.Ordinal);
        var week = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{Rotation}/schedule?from=2027-03-08&weeks=1")).GetProperty("shifts")[0];
        var pair = week.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var stand = Members.Select(m => m.Id).First(id => !pair.Contains(id) && id != "tom");
        var hours = Regex.Match(coverText, @"JSTで(\d+)月(\d+)日\(.\) (\d\d:\d\d)〜(\d+)月(\d+)日\(.\) (\d\d:\d\d)");
        Assert.True(hours.Success, coverText);
        string Local(int g) => $"2027-{int.Parse(hours.Groups[g].Value):00}-{int.Parse(hours.Groups[g + 1].Value):00}T{hours.Groups[g + 2].Value}";
        using (var booked = await Host.Client.PostAsJsonAsync($"api/rotations/{Rotation}/overrides", new { memberId = "emma", replacementId = stand, from = Local(1), to = Local(4), reason = "Emma's leave" }))
        {
            var body = await booked.Content.ReadAsStringAsync();
            await File.WriteAllTextAsync(Path.Combine(Dump!, "04-cover.json"), $"{(int)booked.StatusCode}\n{body}");
            Assert.True(booked.StatusCode == HttpStatusCode.Created, body);
        }

        await SettleAsync();
        await DumpMailAsync("04b-cover-booked");
        // Her own mail about it says its hours on her clock too: from her Saturday's midnight to her Sunday 18:00, after her change.
        var covered = await MailToAsync(Emma, "[PM incident duty cover] Week of Mon 8 Mar");
        Assert.Contains($"Sat 13 Mar 2027 17:00 – Mon 15 Mar 2027 10:00 (JST): {Members.Single(m => m.Id == stand).Name} covers for Emma Clarke.", covered, StringComparison.Ordinal);
        Assert.Contains("\nIn your time zone: Sat 13 Mar 2027 00:00 (PST) – Sun 14 Mar 2027 18:00 (PDT)\n", covered, StringComparison.Ordinal);
        Assert.DoesNotContain("タイムゾーン", await MailToAsync(Sato, "【PM障害当番 一時交代】"), StringComparison.Ordinal);
        using (var sato = PageBrowser.SignedIn(Host.BaseAddress, PageBrowser.Principal("佐藤 健", ("preferred_username", Sato))))
        {
            var (_, duty) = await sato.GetAsync("api/status/duty?lang=ja");
            await File.WriteAllTextAsync(Path.Combine(Dump!, "04-duty-ja.html"), duty);
        }

        // Sunday 14 March 10:30 UTC: 03:30 PDT, half an hour after her clocks jumped from 02:00 to 03:00 (19:30 JST). On her leave.
        await Host.SetUtcNowAsync(new DateTimeOffset(2027, 3, 14, 10, 30, 0, TimeSpan.Zero));
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        alert["data"]!["essentials"]!["alertId"] = "/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/dst";
        alert["data"]!["essentials"]!["alertRule"] = "dst-latency";
        alert["data"]!["essentials"]!["firedDateTime"] = "2027-03-14T10:29:00Z";
        var during = (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "azure-monitor", alert.ToJsonString())).GetProperty("incidentId").GetString()!;
        await SettleAsync();
        await DumpMailAsync("05-page-during-leave");
        var paged = (await Smtp.MessagesAsync()).Where(m => m.Subject.Contains(during, StringComparison.Ordinal)).SelectMany(m => m.To).ToList();
        Assert.Contains($"{stand}@example.com", paged);
        Assert.Contains(Sato, paged);
        Assert.DoesNotContain(Emma, paged);

        await ResolveAsync(during, "sato");

        // The rest of March: the weeks announced, reminded, and a page to each of them in their summer time.
        var weeks = await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{Rotation}/schedule?from=2027-03-15&weeks=4");
        await File.WriteAllTextAsync(Path.Combine(Dump!, "06-schedule.json"), weeks.ToString());
        // The weeks after hers: Tom's (GMT, 9 hours behind), hers again from Tue 23 March (the handoff moved off the substitute
        // holiday; PDT now, 16 hours behind), Tom's from 29 March, the day after his own change to BST (8 hours behind).
        await TimerAsync(new DateTimeOffset(2027, 3, 15, 1, 5, 0, TimeSpan.Zero), "AnnounceDutyWeek", "06-announce-15");
        var tomsWeek = await MailToAsync(Tom, "[PM incident duty] Week of Mon 15 Mar");
        Assert.Contains("In your time zone: Mon 15 Mar 2027 01:00 – Tue 23 Mar 2027 01:00 (GMT)\n", tomsWeek, StringComparison.Ordinal);
        Assert.Contains("Your next duty: the week of Mon 29 Mar (with 佐藤 健), starting Mon 29 Mar 2027 02:00 BST (10:00 JST)\n", tomsWeek, StringComparison.Ordinal);
        await TimerAsync(new DateTimeOffset(2027, 3, 19, 1, 5, 0, TimeSpan.Zero), "RemindIncomingDuty", "06-remind-19");
        await TimerAsync(new DateTimeOffset(2027, 3, 23, 1, 5, 0, TimeSpan.Zero), "AnnounceDutyWeek", "06-announce-23");
        Assert.Contains("In your time zone: Mon 22 Mar 2027 18:00 – Sun 28 Mar 2027 18:00 (PDT)\n", await MailToAsync(Emma, "[PM incident duty] Week of Tue 23 Mar"), StringComparison.Ordinal);

        // Thursday 25 March 03:00 JST: Wednesday 11:00 PDT for her.
        await Host.SetUtcNowAsync(new DateTimeOffset(2027, 3, 24, 18, 0, 0, TimeSpan.Zero));
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        alert["data"]!["essentials"]!["alertId"] = "/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/pdt";
        alert["data"]!["essentials"]!["alertRule"] = "pdt-latency";
        alert["data"]!["essentials"]!["firedDateTime"] = "2027-03-24T17:58:00Z";
        var pdt = (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "azure-monitor", alert.ToJsonString())).GetProperty("incidentId").GetString()!;
        await SettleAsync();
        await DumpMailAsync("06-page-pdt");
        Assert.Contains("Detected: Wed 24 Mar 2027 11:00 PDT (25 Mar 03:00 JST)\nStarted: 10:58 (PDT, 2 min before detection)\n", await MailToAsync(Emma, $"[SEV2 incident] {pdt}"), StringComparison.Ordinal);
        await ResolveAsync(pdt, "emma");

        // Friday 26 March (GMT in London): Tom's reminder for Monday, which is BST.
        await TimerAsync(new DateTimeOffset(2027, 3, 26, 1, 5, 0, TimeSpan.Zero), "RemindIncomingDuty", "07-remind-26");
        var reminder = Assert.Single(await Smtp.MessagesAsync(), m => m.To.Contains(Tom));
        Assert.EndsWith("starts Mon 29 Mar 2027 02:00 BST (10:00 JST)", reminder.Subject, StringComparison.Ordinal);
        Assert.Contains("In your time zone: Mon 29 Mar 2027 02:00 – Mon 5 Apr 2027 02:00 (BST)\n", (await Smtp.TextAsync(reminder.Id)).ReplaceLineEndings("\n"), StringComparison.Ordinal);
        await TimerAsync(new DateTimeOffset(2027, 3, 29, 1, 5, 0, TimeSpan.Zero), "AnnounceDutyWeek", "07-announce-29");

        // Wednesday 31 March 03:00 JST (Tuesday 30 March 11:00 PDT, 16 behind; 19:00 BST, 8 behind): a page to whoever is on.
        await Smtp.DeleteAllAsync();
        await Host.SetUtcNowAsync(new DateTimeOffset(2027, 3, 30, 18, 0, 0, TimeSpan.Zero));
        alert["data"]!["essentials"]!["alertId"] = "/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/summer";
        alert["data"]!["essentials"]!["alertRule"] = "summer-latency";
        alert["data"]!["essentials"]!["firedDateTime"] = "2027-03-30T17:59:00Z";
        var summer = (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "azure-monitor", alert.ToJsonString())).GetProperty("incidentId").GetString()!;
        await SettleAsync();
        await DumpMailAsync("08-page-summer");
        Assert.Contains("Detected: Tue 30 Mar 2027 19:00 BST (31 Mar 03:00 JST)\n", await MailToAsync(Tom, $"[SEV2 incident] {summer}"), StringComparison.Ordinal);
        await ResolveAsync(summer, "sato");

        // The duty report for March: hours are instants, her 23-hour Sunday and her leave counted as they were.
        await Host.SetUtcNowAsync(new DateTimeOffset(2027, 4, 1, 1, 0, 0, TimeSpan.Zero));
        var report = await Host.Client.GetStringAsync($"api/rotations/{Rotation}/duty-report?month=2027-03");
        await File.WriteAllTextAsync(Path.Combine(Dump!, "09-duty-report.json"), report);
        var rows = JsonDocument.Parse(report).RootElement.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("memberId").GetString()!);
        // Her hours are instants: Mon 8 Mar 10:00 JST to her leave, Sat 13 Mar 17:00 JST (127), and Tue 23 to Mon 29 Mar 10:00 (144);
        // the one standing in held the 41 hours to the handoff. Her pages came in her working hours (Thu 10:00 PST, Wed 11:00 PDT).
        Assert.Equal(271, rows["emma"].GetProperty("dutyHours").GetDouble());
        Assert.Equal(0, rows["emma"].GetProperty("pagesOutOfHours").GetInt32());
        using (var sato = PageBrowser.SignedIn(Host.BaseAddress, PageBrowser.Principal("佐藤 健", ("preferred_username", Sato))))
        {
            var (_, page) = await sato.GetAsync($"api/rotations/{Rotation}/duty-report/page?month=2027-03&lang=ja");
            await File.WriteAllTextAsync(Path.Combine(Dump!, "09-duty-report.html"), page);
        }
    }

    private static readonly (string Id, string Name, string Language, string Zone, string Level)[] Members =
    [
        ("emma", "Emma Clarke", "en", "America/Los_Angeles", "senior"),
        ("sato", "佐藤 健", "ja", "Asia/Tokyo", "auto"),
        ("tom", "Tom Hughes", "en", "Europe/London", "senior"),
        ("suzuki", "鈴木 花子", "ja", "Asia/Tokyo", "senior"),
        ("tanaka", "田中 一郎", "ja", "Asia/Tokyo", "auto"),
    ];

    private async Task TimerAsync(DateTimeOffset at, string timer, string step)
    {
        await Host.SetUtcNowAsync(at);
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        await Host.RunFunctionAsync(timer);
        await SettleAsync();
        await DumpMailAsync(step);
    }

    private async Task ResolveAsync(string incident, string by)
    {
        using var resolved = await Host.Client.PostAsJsonAsync($"api/incidents/{incident}/updates", new { status = "resolved", message = "Recovered.", by });
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        await SettleAsync();
    }

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
}
