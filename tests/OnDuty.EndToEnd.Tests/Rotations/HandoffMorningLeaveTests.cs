using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Rotations;

/// <summary>
/// Session 62 through the hosted app: a member of the week of 30 Nov (2026-W49, to Monday 7 Dec 10:00 JST) enters leave for
/// Monday 7 Dec alone more than two weeks ahead. It keeps her on W49 (not the whole week for ten hours), and the answer says
/// those hours are W49's; nobody is mailed yet. At W49's announcement the announcement says it and her partner and the lead get
/// one cover-needed mail each naming the hours (the announcement run twice). That Monday at 08:00 she is still paged with her
/// partner until a cover for the morning is booked, then not; after the handoff she is off duty.
/// </summary>
public sealed class HandoffMorningLeaveTests() : WalkTestBase(MasterKey, Thursday)
{
    private const string MasterKey = "e2e-handoff-morning-key";
    private const string Rotation = "incident-duty";

    /// <summary>Thursday 19 November 2026 10:00 JST (W47): the leave is entered.</summary>
    private static readonly DateTimeOffset Thursday = new(2026, 11, 19, 1, 0, 0, TimeSpan.Zero);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Team:SeedDemo"] = "false",
        ["Team:Language"] = "ja",
        ["Incidents:TimeZone"] = "Asia/Tokyo",
        ["Incidents:RotationId"] = Rotation,
        ["Incidents:Leads:0"] = "lead@example.com",
        ["Incidents:OrganisationList"] = "pm-org@example.com",
    };

    private static readonly (string Id, string Name)[] Members =
    [
        ("suzuki", "鈴木 花子"),
        ("sato", "佐藤 健"),
        ("tanaka", "田中 一郎"),
        ("ito", "伊藤 さくら"),
    ];

    [Fact]
    public async Task LeaveForTheHandoffMorningEnteredAhead_AnnouncedAskedOnceAndPagedUntilCovered()
    {
        foreach (var (id, name) in Members)
        {
            using var added = await Host.Client.PostAsJsonAsync("api/members", new { id, displayName = name, email = $"{id}@example.com", language = "ja", timeZone = "Asia/Tokyo", joinedOn = "2024-04-01", level = "senior" });
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }

        using (var put = new HttpRequestMessage(HttpMethod.Put, $"api/rotations/{Rotation}")
        {
            Content = JsonContent.Create(new { name = "PM incident duty", nameJa = "障害当番", strategy = "block", peoplePerShift = 2, shiftWeeks = 1, handoffDay = "monday", handoffTime = "10:00", timeZone = "Asia/Tokyo", startDate = "2026-11-02", members = Members.Select(m => m.Id).ToArray(), notifyEmails = new[] { "pm-team@example.com" } }),
        })
        using (var created = await Host.Client.SendAsync(put))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var weeks = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{Rotation}/schedule?from=2026-11-30&weeks=2")).GetProperty("shifts");
        var w49 = Ids(weeks[0]);
        var away = w49.First(id => !Ids(weeks[1]).Contains(id));
        var partner = w49.Single(id => id != away);
        var spare = Members.Select(m => m.Id).First(id => !w49.Contains(id));
        var family = Members.Single(m => m.Id == away).Name.Split(' ')[0];

        // Entered weeks ahead: she stays on W49, and whoever entered it reads the hours are W49's and that its announcement asks for a cover.
        using (var leave = await Host.Client.PostAsJsonAsync($"api/members/{away}/leave", new { from = "2026-12-07", to = "2026-12-07", note = "通院", by = "山田" }))
        {
            var body = await leave.Content.ReadAsStringAsync();
            Assert.True(leave.StatusCode == HttpStatusCode.Created, body);
            Assert.Contains(
                $"'{away}' stays on duty in 2026-W49 of {Rotation} (not announced yet) from 2026-12-07T00:00+09:00 to 2026-12-07T10:00+09:00: leave for the handoff morning does not take them off the week; when it is announced, the others on it and the leads are asked to cover those hours",
                JsonDocument.Parse(body).RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        }

        Assert.Equal(w49, Ids((await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{Rotation}/schedule?from=2026-11-30&weeks=1")).GetProperty("shifts")[0]));
        await SettleAsync();
        Assert.DoesNotContain(await Smtp.MessagesAsync(), m => m.Subject.Contains("代わりが必要", StringComparison.Ordinal));

        // Monday 30 Nov 10:05 JST: W49 announced (the timer runs twice; a second instance would do the same).
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 11, 30, 1, 5, 0, TimeSpan.Zero));
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await SettleAsync();
        var mails = await Smtp.MessagesAsync();
        var announced = Assert.Single(mails, m => m.To.Contains("pm-team@example.com") && m.Subject.StartsWith("【障害当番】11月30日(月)からの週", StringComparison.Ordinal));
        Assert.Contains($"{family}さんは休暇のため、12月7日(月) 00:00〜10:00（JST）の代わりが必要です。", await Smtp.TextAsync(announced.Id), StringComparison.Ordinal);
        var coverNeeded = mails.Where(m => m.Subject.StartsWith("【障害当番 代わりが必要】", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { $"{partner}@example.com", "lead@example.com" }.Order(StringComparer.Ordinal), coverNeeded.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(coverNeeded, m => Assert.Equal($"【障害当番 代わりが必要】11月30日(月)からの週 {family}さんが休暇です（12月7日(月)）", m.Subject));
        Assert.Contains("この当番の期間にかかるのは、JSTで12月7日(月) 00:00〜10:00です。", await Smtp.TextAsync(coverNeeded[0].Id), StringComparison.Ordinal);

        // Monday 7 Dec 08:00 JST: nobody booked yet, so a page reaches her with her partner (pages reach a person).
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero));
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        Assert.Equal(w49.Order(StringComparer.Ordinal), await OnCallAsync());
        var incident = (await AlertIntakeTests.PostAcceptedAsync(Host.Client, "alertmanager", AlertIntakeTests.NewAlertmanagerGroup("handoff-morning"))).GetProperty("incidentId").GetString()!;
        await SettleAsync();
        var paged = (await Smtp.MessagesAsync()).Where(m => m.Subject.Contains(incident, StringComparison.Ordinal)).SelectMany(m => m.To).ToList();
        Assert.Contains($"{away}@example.com", paged);
        Assert.Contains($"{partner}@example.com", paged);

        // The lead books a cover for the rest of the morning: from then on the one covering is on duty with her partner, not her.
        using (var booked = await Host.Client.PostAsJsonAsync($"api/rotations/{Rotation}/overrides", new { memberId = away, replacementId = spare, from = "2026-12-07T08:05+09:00", to = "2026-12-07T10:00+09:00", reason = "休暇", by = "lead" }))
        {
            Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        }

        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 6, 23, 10, 0, TimeSpan.Zero));
        Assert.Equal(new[] { partner, spare }.Order(StringComparer.Ordinal), await OnCallAsync());

        // After the handoff (10:05, W50 announced) she is not on duty.
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 7, 1, 5, 0, TimeSpan.Zero));
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await SettleAsync();
        Assert.DoesNotContain(away, await OnCallAsync());
    }

    private static List<string> Ids(JsonElement shift) => [.. shift.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!)];

    private async Task<IReadOnlyList<string>> OnCallAsync() =>
        [.. (await Host.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{Rotation}/oncall")).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
}
