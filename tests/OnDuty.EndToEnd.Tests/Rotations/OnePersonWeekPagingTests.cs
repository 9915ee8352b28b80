using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Rotations;

/// <summary>
/// Trial 34 H3 replayed through the real host (Azurite, smtp4dev, the sample settings: 年末年始 12/29–1/3, lead yamada): leave
/// entered the week before leaves 2026-W53 with one member, and the leave's answer says so naming the week; health notes it; on
/// 1/1 03:00 JST a SEV1 pages the one member, and five minutes later escalation 1 — which would page her again — is passed over
/// and the lead is paged at once, the timeline and the incident page saying why. And when that lead is on leave, the leads' step
/// passes him over to the organisation's list. The member left alone and the lead are mailed when the leave leaves the week short
/// (session 52), and the lead gets the week's announcement.
/// </summary>
public sealed class OnePersonWeekPagingTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-one-person-week-key";

    // Thursday 2026-12-24 10:00 JST: W52, before the closure week is announced.
    private static readonly DateTimeOffset Before = new(2026, 12, 24, 1, 0, 0, TimeSpan.Zero);

    // 2027-01-01 03:00 JST (the trial's alert).
    private static readonly DateTimeOffset NewYearNight = new(2026, 12, 31, 18, 0, 0, TimeSpan.Zero);

    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

    public async Task InitializeAsync() => _app = await OwnApp.StartAsync(MasterKey, Before);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task OnePersonOnDutyOverNewYear_LeaveWarns_HealthNotes_Escalation1PassedOverToTheLeadAtOnce()
    {
        const string alone = "sato";
        const string last = "ito";
        var members = (await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty")).GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToList();
        foreach (var away in members.Where(m => m is not (alone or last)))
        {
            // Still two in W53 (the maintenance rotations the demo members are in too may say their own weeks).
            Assert.DoesNotContain((await AddLeaveAsync(away, "2026-12-28", "2027-01-03")).GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("of incident-duty has only", StringComparison.Ordinal));
        }

        // The last of them enters hers on the duty page: W53 is left with one, and the page says so, naming the week by its first day.
        using (var duty = new PageBrowser(Host.BaseAddress))
        {
            var (_, form) = await duty.GetAsync("api/status/duty?lang=ja");
            var (added, _) = await duty.SubmitAsync(form, "/api/status/duty/leave", new Dictionary<string, string>
            {
                ["by"] = "伊藤 さくら", ["memberId"] = last, ["from"] = "2026-12-28", ["to"] = "2026-12-30", ["note"] = "",
            });
            Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
            Assert.Equal("/api/status/duty?lang=ja&done=leaveAdded&short=2026-W53&told=1", added.Headers.Location!.OriginalString);
            var (_, page) = await duty.GetAsync(added.Headers.Location!.OriginalString);
            Assert.Contains("ご注意：この休暇で、12月28日(月)からの週は当番に入れる人が2人そろわなくなりました。", page, StringComparison.Ordinal);
            Assert.Contains("で補ってください。同じ当番の方とリーダーにもメールで連絡します。", page, StringComparison.Ordinal);
        }

        // The rest of her leave through the API: the answer names the week too.
        Assert.Contains(
            "2026-W53 of incident-duty has only 1 of 2 members on duty with this leave: an unanswered page goes on to the leads at once; replace or swap to fill it",
            (await AddLeaveAsync(last, "2026-12-31", "2027-01-03")).GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        var health = await Host.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.Contains("2026-W53", health.GetProperty("notes").GetProperty("shortHanded").GetString(), StringComparison.Ordinal);

        // Session 52: she was on W53 until her leave and nobody was free to take her place. The one left on it and the lead hear it
        // now, weeks before the announcement, she does not; the rest of her leave (she is off W53 already) tells nobody again.
        await SettleAsync();
        var allCoverNeeded = (await _app.Smtp!.MessagesAsync()).Where(m => m.Subject.StartsWith("【障害当番 代わりが必要】", StringComparison.Ordinal)).ToList();

        // Session 61: Emma, on the announced W52 with 佐藤, entered leave from 28 Dec — the handoff Monday, whose morning to 10:00 is
        // still W52's. 佐藤 and the lead are asked to cover those hours (before, her leave matched no shift and she was paged through
        // them unmentioned).
        var morning = allCoverNeeded.Where(m => m.Subject.StartsWith("【障害当番 代わりが必要】12月21日(月)からの週", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{alone}@onduty.example", "yamada@onduty.example"], morning.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(morning, m => Assert.Equal("【障害当番 代わりが必要】12月21日(月)からの週 Emma Wilsonさんが休暇です（12月28日(月)）", m.Subject));
        Assert.Contains("この当番の期間にかかるのは、JSTで12月28日(月) 00:00〜10:00です。", await _app.Smtp.TextAsync(morning[0].Id), StringComparison.Ordinal);

        var coverNeeded = allCoverNeeded.Except(morning).ToList();
        Assert.Equal([$"{alone}@onduty.example", "yamada@onduty.example"], coverNeeded.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(coverNeeded, m => Assert.Equal("【障害当番 代わりが必要】12月28日(月)からの週 伊藤さんが休暇です（12月28日(月)〜12月30日(水)）", m.Subject));
        var told = await _app.Smtp.TextAsync(coverNeeded[0].Id);
        Assert.Contains("この週の当番はまだお知らせ前のため、伊藤さんは当番から外れました。ただ、ほかに入れるメンバーがいないため、代わりはいません。", told, StringComparison.Ordinal);
        Assert.Contains("当番に入れるのは2人中1人だけです。応答がないときは、すぐにリーダー（山田 太郎）に連絡します。", told, StringComparison.Ordinal);

        // W53 announced on its Monday: the lead, paged at once that week, gets the announcement himself, not only the team list.
        await Host.SetUtcNowAsync(new DateTimeOffset(2026, 12, 28, 1, 5, 0, TimeSpan.Zero));
        await Host.RunFunctionAsync("AnnounceDutyWeek");
        await SettleAsync();
        var announced = (await _app.Smtp.MessagesAsync()).Where(m => m.Subject.StartsWith("【障害当番】12月28日(月)からの週", StringComparison.Ordinal)).ToList();
        Assert.Equal(["pm-team@onduty.example", $"{alone}@onduty.example", "yamada@onduty.example"], announced.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        Assert.Contains("当番に入れるのは2人中1人だけです。応答がないときは、すぐにリーダー（山田 太郎）に連絡します。", await _app.Smtp.TextAsync(announced.First(m => m.To.Contains("yamada@onduty.example")).Id), StringComparison.Ordinal);

        await Host.SetUtcNowAsync(NewYearNight);
        var onCall = await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        Assert.Equal([alone], onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        var opened = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "alertmanager", AlertIntakeTests.NewAlertmanagerGroup("one-person-week"));
        var id = opened.GetProperty("incidentId").GetString()!;
        await SettleAsync();
        var first = (await _app.Smtp!.MessagesAsync()).Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{alone}@onduty.example"], first.SelectMany(m => m.To).Distinct());

        await Host.AdvanceAsync(TimeSpan.FromMinutes(5));
        await Host.RunFunctionAsync("EscalateIncidents");
        await SettleAsync();

        var incident = await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal(2, incident.GetProperty("incident").GetProperty("escalationStep").GetInt32());
        var timeline = incident.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(timeline, t => t.GetProperty("kind").GetString() == "stepSkipped"
            && t.GetProperty("message").GetString() == $"step 1 reaches nobody new: {alone}@onduty.example paged already");
        var later = (await _app.Smtp!.MessagesAsync()).Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).Except(first, new ById()).ToList();
        Assert.Contains(later, m => m.To.Contains("yamada@onduty.example"));
        Assert.DoesNotContain(later, m => m.To.Contains($"{alone}@onduty.example") && m.Subject.Contains("エスカレーション1", StringComparison.Ordinal));

        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("当番が1人（佐藤 花子）だけのため、エスカレーション1段階目（当番への再連絡）を省略し、すぐ次の段階に進みました", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 34 H3 (rest): the only lead (yamada) on leave 12/28–1/5 「家族旅行」 — his leave answers that every lead is away then,
    /// health notes the week, and on 1/1 03:00 JST a SEV1's leads' step passes him over and the organisation's list is paged at
    /// once: he gets nothing, and the timeline, the incident page and the organisation's mail say why.
    /// </summary>
    [Fact]
    public async Task TheOnlyLeadOnLeaveOverNewYear_LeaveWarns_HealthNotes_TheLeadsStepGoesToTheOrganisation()
    {
        Assert.Contains(
            "every lead (Incidents__Leads) is on leave from 2026-12-28 to 2027-01-05 with this leave: the leads' escalation step is passed over and an unanswered page goes straight to the organisation's list (pm-org@onduty.example)",
            (await AddLeaveAsync("yamada", "2026-12-28", "2027-01-05", "家族旅行")).GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));

        var health = await Host.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.Contains("2026-W53 (2026-12-28 to 2027-01-03)", health.GetProperty("notes").GetProperty("leadsOnLeave").GetString(), StringComparison.Ordinal);
        // Anonymous: noted by name, without the weeks the leads are away.
        var anonymous = await Host.Anonymous.GetStringAsync("api/health");
        Assert.Contains("leadsOnLeave", JsonDocument.Parse(anonymous).RootElement.GetProperty("notes").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("2026-W53", anonymous, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-12-28", anonymous, StringComparison.Ordinal);
        using (var duty = new PageBrowser(Host.BaseAddress))
        {
            // The duty page says it on the week's row, as it says a week with every lead on duty (one lead: 「リーダーが」, not 「リーダー全員が」).
            var (_, page) = await duty.GetAsync("api/status/duty?lang=ja");
            Assert.Contains("12月28日(月)〜1月3日(日)はリーダーが休暇のため、応答がないときはリーダーを飛ばして PM 組織の全員（pm-org@onduty.example）に連絡します。", page, StringComparison.Ordinal);
        }

        await Host.SetUtcNowAsync(NewYearNight);
        var opened = await AlertIntakeTests.PostAcceptedAsync(Host.Client, "alertmanager", AlertIntakeTests.NewAlertmanagerGroup("lead-on-leave"));
        var id = opened.GetProperty("incidentId").GetString()!;
        await SettleAsync();
        for (var i = 0; i < 2; i++)
        {
            await Host.AdvanceAsync(TimeSpan.FromMinutes(5));
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
        Assert.Contains("リーダーの山田さんは休暇中のため、エスカレーション2段階目を省略し、すぐ次の段階に進みました", html, StringComparison.Ordinal);
    }

    private async Task<JsonElement> AddLeaveAsync(string member, string from, string to, string note = "年末年始休暇")
    {
        using var response = await Host.Client.PostAsJsonAsync($"api/members/{member}/leave", new { from, to, note, by = "山田" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{member}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private Task SettleAsync() => Host.SettleAsync(async () => (await _app.Smtp!.MessagesAsync()).Count);

    private sealed class ById : IEqualityComparer<ReceivedEmail>
    {
        public bool Equals(ReceivedEmail? x, ReceivedEmail? y) => x?.Id == y?.Id;

        public int GetHashCode(ReceivedEmail obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
