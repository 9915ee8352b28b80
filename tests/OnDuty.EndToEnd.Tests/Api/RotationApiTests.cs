using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Api;

[Collection(OnDutyAppCollection.Name)]
public sealed class RotationApiTests(OnDutyAppFixture app)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task OnCall_DemoRotation_AnswersTheWeekContainingNowInTokyo()
    {
        var now = TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var monday = now.Date.AddDays(-(((int)now.DayOfWeek + 6) % 7));
        var start = now.DayOfWeek == DayOfWeek.Monday && now.Hour < 10 ? monday.AddDays(-7) : monday;
        var expected = $"{System.Globalization.ISOWeek.GetYear(start)}-W{System.Globalization.ISOWeek.GetWeekOfYear(start):00}";

        var body = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");

        Assert.Equal("incident-duty", body.GetProperty("rotation").GetString());
        Assert.Equal(expected, body.GetProperty("week").GetString());
        var members = body.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.False(string.IsNullOrEmpty(m.GetProperty("reason").GetString())));
        var next = body.GetProperty("next").GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(2, next.Count);
        Assert.All(members.Concat(next), m => Assert.NotEqual(m.GetProperty("id").GetString(), m.GetProperty("displayName").GetString()));
        Assert.All(members.Concat(next), m => Assert.EndsWith("@onduty.example", m.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task Schedule_EightWeeks_StaggeredPairsWithReasons()
    {
        var body = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?from=2027-01-04&weeks=8");

        var shifts = body.GetProperty("shifts").EnumerateArray().ToList();
        Assert.Equal(8, shifts.Count);
        Assert.Equal("2027-W01", shifts[0].GetProperty("week").GetString());
        for (var i = 1; i < shifts.Count; i++)
        {
            var previous = shifts[i - 1].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToHashSet();
            var current = shifts[i].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
            Assert.Equal(2, current.Count);
            Assert.Single(current, previous.Contains); // staggered: one stays, one rotates in
        }
    }

    [Fact]
    public async Task Schedule_ReasonInTheAskedLanguageElseTheMembersOwn_WithItsParts()
    {
        const string path = "api/rotations/incident-duty/schedule?from=2027-01-11&weeks=1";
        var members = (await app.Client.GetFromJsonAsync<JsonElement>("api/members")).GetProperty("items").EnumerateArray()
            .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("language").GetString());

        var ja = (await app.Client.GetFromJsonAsync<JsonElement>(path + "&lang=ja")).GetProperty("shifts")[0].GetProperty("members").EnumerateArray().ToList();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        using var response = await app.Client.SendAsync(request);
        var en = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shifts")[0].GetProperty("members").EnumerateArray().ToList();
        var own = (await app.Client.GetFromJsonAsync<JsonElement>(path)).GetProperty("shifts")[0].GetProperty("members").EnumerateArray().ToList();

        // 2027-W02: the member who rotated in at W01 continues (shift 2 of 2); the other is new.
        var continuing = Assert.Single(ja, m => m.GetProperty("kind").GetString() == "continuing");
        Assert.Equal("2027-W01 から継続（2週のうち2週目）", continuing.GetProperty("reason").GetString());
        var part = Assert.Single(continuing.GetProperty("reasonParts").EnumerateArray());
        Assert.Equal(("continues", "2027-W01", 2, 2), (part.GetProperty("kind").GetString(), part.GetProperty("week").GetString(), part.GetProperty("count").GetInt32(), part.GetProperty("of").GetInt32()));
        Assert.Equal("Continues from 2027-W01 (shift 2 of 2)", en.Single(m => m.GetProperty("kind").GetString() == "continuing").GetProperty("reason").GetString());
        Assert.All(ja, m => Assert.Equal("ja", m.GetProperty("reasonLanguage").GetString()));
        Assert.All(en, m => Assert.Equal("en", m.GetProperty("reasonLanguage").GetString()));
        Assert.All(ja.Zip(en), p => Assert.NotEqual(p.First.GetProperty("reason").GetString(), p.Second.GetProperty("reason").GetString()));

        // Without lang or Accept-Language each member's reason is in their own language.
        Assert.All(own, m => Assert.Equal(members[m.GetProperty("id").GetString()!], m.GetProperty("reasonLanguage").GetString()));
        Assert.All(own, m => Assert.Equal(
            (m.GetProperty("reasonLanguage").GetString() == "ja" ? ja : en).Single(x => x.GetProperty("id").GetString() == m.GetProperty("id").GetString()).GetProperty("reason").GetString(),
            m.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("""{"name":"X","timeZone":"Asia/Nowhere","startDate":"2027-01-04","members":["yamada","sato","emma"]}""", "timeZone")]
    [InlineData("""{"name":"X","startDate":"2027-01-04","peoplePerShift":5,"members":["yamada","sato","emma"]}""", "peoplePerShift")]
    [InlineData("""{"name":"X","startDate":"2027-01-05","members":["yamada","sato","emma"]}""", "startDate")]
    [InlineData("""{"name":"X","startDate":"2027-01-04","members":["yamada","nobody"]}""", "members")]
    [InlineData("""{"name":"X","startDate":"0001-01-01","handoffDay":"monday","members":["yamada","sato","emma"]}""", "startDate")] // every read of the schedule was a 400 about `from`
    [InlineData("""{"name":"X","startDate":"9999-12-27","handoffDay":"monday","members":["yamada","sato","emma"]}""", "startDate")] // nobody on duty for 8,000 years
    [InlineData("""{"name":"X","startDate":"2027-01-04","handoffTime":"25:00","members":["yamada","sato","emma"]}""", "handoffTime")]
    public async Task PutRotation_InvalidSettings_Is400NamingTheFieldAndNothingIsWritten(string json, string field)
    {
        var id = "bad-rotation-" + Guid.NewGuid().ToString("n")[..6];

        using var response = await app.Client.PutAsync($"api/rotations/{id}", Json(json));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains(field, body);
        using var get = await app.Client.GetAsync($"api/rotations/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    /// <summary>Trial 30 M5: a second rotation pages nobody and only the README said so; its 201 and every read say it now.</summary>
    [Fact]
    public async Task PutRotation_ASecondRotation_201SaysItPagesNobody_TheIncidentRotationSaysItPages()
    {
        var id = "second-" + Guid.NewGuid().ToString("n")[..6];

        using var response = await app.Client.PutAsync($"api/rotations/{id}", Json("""{"name":"Release duty","startDate":"2026-11-02","members":["yamada","sato","emma"]}"""));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement;
        Assert.False(created.GetProperty("pagesIncidents").GetBoolean());
        Assert.Equal("このローテーションは障害の呼び出しに使われていません（呼び出しは incident-duty）。", created.GetProperty("pagingNote").GetProperty("ja").GetString());
        Assert.Equal("This rotation pages nobody for incidents (pages go to incident-duty, set by Incidents__RotationId).", created.GetProperty("pagingNote").GetProperty("en").GetString());
        Assert.Equal("Release duty", created.GetProperty("name").GetString());
        var read = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}");
        Assert.False(read.GetProperty("pagesIncidents").GetBoolean());
        var paging = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty");
        Assert.True(paging.GetProperty("pagesIncidents").GetBoolean());
        Assert.False(paging.TryGetProperty("pagingNote", out _));
        var listed = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations")).GetProperty("items").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("pagesIncidents").GetBoolean());
        Assert.True(listed["incident-duty"]);
        Assert.False(listed[id]);
    }

    /// <summary>
    /// Trial 32b M6: a rotation made by mistake (never announced: it starts in a few weeks) is deleted with its overrides and feed
    /// (204; then 404 for it, its schedule and its feed URL); the paging rotation is refused (409). Trial 32b L: a PUT with
    /// If-Match * of a rotation that does not exist is 412, as HTTP says, and creates nothing.
    /// </summary>
    [Fact]
    public async Task DeleteRotation_NeverAnnounced_204AndAllOfItGone_PagingRotation409_IfMatchOnMissing412()
    {
        var id = "probe-" + Guid.NewGuid().ToString("n")[..6];
        var start = StartInThreeWeeks();
        var settings = $$"""{"name":"試験","startDate":"{{start:yyyy-MM-dd}}","members":["yamada","sato","emma"]}""";
        using var missing = new HttpRequestMessage(HttpMethod.Put, $"api/rotations/{id}") { Content = Json(settings) };
        missing.Headers.TryAddWithoutValidation("If-Match", "*");
        using var precondition = await app.Client.SendAsync(missing);
        Assert.Equal(HttpStatusCode.PreconditionFailed, precondition.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"api/rotations/{id}")).StatusCode);
        using var created = await app.Client.PutAsync($"api/rotations/{id}", Json(settings));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var shift = (await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/schedule?from={start:yyyy-MM-dd}&weeks=1")).GetProperty("shifts")[0];
        var week = shift.GetProperty("week").GetString();
        var onDuty = shift.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        var other = new[] { "yamada", "sato", "emma" }.First(m => !onDuty.Contains(m));
        using var overridden = await app.Client.PostAsync($"api/rotations/{id}/overrides", Json($$"""{"week":"{{week}}","memberId":"{{onDuty[0]}}","replacementId":"{{other}}","reason":"試験"}"""));
        Assert.Equal(HttpStatusCode.Created, overridden.StatusCode);
        using var feedResponse = await app.Client.PostAsync($"api/rotations/{id}/feeds", Json("{}"));
        var feedUrl = new Uri(JsonDocument.Parse(await feedResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!).PathAndQuery.TrimStart('/');
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.GetAsync(feedUrl)).StatusCode);

        using var deleted = await app.Client.DeleteAsync($"api/rotations/{id}");
        using var paging = await app.Client.DeleteAsync("api/rotations/incident-duty");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"api/rotations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"api/rotations/{id}/schedule")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync(feedUrl)).StatusCode);
        Assert.DoesNotContain(id, (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations")).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var problem = await paging.Content.ReadAsStringAsync();
        Assert.True(paging.StatusCode == HttpStatusCode.Conflict, problem);
        Assert.Contains("Incidents__RotationId", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("api/rotations/incident-duty")).StatusCode);
    }

    /// <summary>
    /// Trial 32b H1 and M5 over HTTP: a replacement who has not joined yet is 409 naming <c>replacementId</c> (even with force); one
    /// with leave in the week is 409 naming the leave, and <c>"force": true</c> makes it with the warning. Nothing is stored before.
    /// </summary>
    [Fact]
    public async Task AddOverride_ReplacementNotJoinedOrOnLeave_409ProblemNamingReplacementId_ForceMakesTheLeaveOne()
    {
        var suffix = Guid.NewGuid().ToString("n")[..6];
        var id = "probe-" + suffix;
        var start = StartInThreeWeeks();
        var (joiner, away) = ("kimura-" + suffix, "away-" + suffix);
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsync("api/members", Json($$"""{"id":"{{joiner}}","displayName":"木村 翔","email":"{{joiner}}@onduty.example","language":"ja","joinedOn":"{{start.AddDays(30):yyyy-MM-dd}}"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsync("api/members", Json($$"""{"id":"{{away}}","displayName":"田中 花","email":"{{away}}@onduty.example","language":"ja","joinedOn":"2020-04-01"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsync($"api/members/{away}/leave", Json($$"""{"from":"{{start.AddDays(1):yyyy-MM-dd}}","to":"{{start.AddDays(2):yyyy-MM-dd}}"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PutAsync($"api/rotations/{id}", Json($$"""{"name":"試験","startDate":"{{start:yyyy-MM-dd}}","members":["yamada","sato","emma"]}"""))).StatusCode);
        var shift = (await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/schedule?from={start:yyyy-MM-dd}&weeks=1")).GetProperty("shifts")[0];
        var week = shift.GetProperty("week").GetString();
        var member = shift.GetProperty("members")[0].GetProperty("id").GetString();

        using var notJoined = await app.Client.PostAsync($"api/rotations/{id}/overrides", Json($$"""{"week":"{{week}}","memberId":"{{member}}","replacementId":"{{joiner}}","reason":"試験","force":true}"""));
        using var onLeave = await app.Client.PostAsync($"api/rotations/{id}/overrides", Json($$"""{"week":"{{week}}","memberId":"{{member}}","replacementId":"{{away}}","reason":"試験"}"""));
        var storedBefore = (await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/overrides")).GetProperty("items").GetArrayLength();
        using var forced = await app.Client.PostAsync($"api/rotations/{id}/overrides", Json($$"""{"week":"{{week}}","memberId":"{{member}}","replacementId":"{{away}}","reason":"試験","force":true}"""));

        var notJoinedBody = JsonDocument.Parse(await notJoined.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Conflict, notJoined.StatusCode);
        Assert.Contains($"'{joiner}' joins on {start.AddDays(30):yyyy-MM-dd}", notJoinedBody.GetProperty("errors").GetProperty("replacementId")[0].GetString());
        var onLeaveBody = JsonDocument.Parse(await onLeave.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Conflict, onLeave.StatusCode);
        Assert.Contains($"'{away}' is on leave {start.AddDays(1):yyyy-MM-dd} to {start.AddDays(2):yyyy-MM-dd}", onLeaveBody.GetProperty("errors").GetProperty("replacementId")[0].GetString());
        Assert.Equal(0, storedBefore);
        var forcedBody = JsonDocument.Parse(await forced.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, forced.StatusCode);
        Assert.Contains(forcedBody.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith($"'{away}' is on leave", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"api/rotations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.DeleteAsync($"api/members/{joiner}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.DeleteAsync($"api/members/{away}")).StatusCode);
    }

    /// <summary>
    /// A refusal speaks the caller's language (a Japanese team read English reasons): with <c>Accept-Language: ja</c> (or
    /// <c>?lang=ja</c>) the 409 says it in Japanese with the member's family name and the joining day; without, in English
    /// as before. Either way <c>code</c> and <c>args</c> say it as data, and <c>errors</c> names the field.
    /// </summary>
    [Fact]
    public async Task AddOverride_NotJoined_AcceptLanguageJaSaysItInJapanese_CodeAndArgsInBothLanguages()
    {
        var suffix = Guid.NewGuid().ToString("n")[..6];
        var (id, joiner) = ("lang-" + suffix, "kimura-" + suffix);
        var start = StartInThreeWeeks();
        var joins = start.AddDays(30);
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsync("api/members", Json($$"""{"id":"{{joiner}}","displayName":"木村 翔","email":"{{joiner}}@onduty.example","language":"ja","joinedOn":"{{joins:yyyy-MM-dd}}"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PutAsync($"api/rotations/{id}", Json($$"""{"name":"試験","startDate":"{{start:yyyy-MM-dd}}","members":["yamada","sato","emma"]}"""))).StatusCode);
        var shift = (await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/schedule?from={start:yyyy-MM-dd}&weeks=1")).GetProperty("shifts")[0];
        var body = $$"""{"week":"{{shift.GetProperty("week").GetString()}}","memberId":"{{shift.GetProperty("members")[0].GetProperty("id").GetString()}}","replacementId":"{{joiner}}","reason":"試験"}""";

        using var ja = new HttpRequestMessage(HttpMethod.Post, $"api/rotations/{id}/overrides") { Content = Json(body) };
        ja.Headers.AcceptLanguage.ParseAdd("ja-JP,ja;q=0.9,en;q=0.5");
        using var japanese = await app.Client.SendAsync(ja);
        using var english = await app.Client.PostAsync($"api/rotations/{id}/overrides", Json(body));
        using var byQuery = await app.Client.PostAsync($"api/rotations/{id}/overrides?lang=ja", Json(body));

        var jaBody = JsonDocument.Parse(await japanese.Content.ReadAsStringAsync()).RootElement;
        var enBody = JsonDocument.Parse(await english.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Conflict, japanese.StatusCode);
        var day = joins.ToString("M月d日(ddd)", System.Globalization.CultureInfo.GetCultureInfo("ja-JP"));
        Assert.Equal($"{day}入社の木村さんは、それより前の週には入れません。別の方を選んでください。", jaBody.GetProperty("errors").GetProperty("replacementId")[0].GetString());
        Assert.Equal($"replacementId: {day}入社の木村さんは、それより前の週には入れません。別の方を選んでください。", jaBody.GetProperty("detail").GetString());
        Assert.Equal(jaBody.GetProperty("errors").GetRawText(), JsonDocument.Parse(await byQuery.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetRawText());
        Assert.Equal(HttpStatusCode.Conflict, english.StatusCode);
        Assert.StartsWith($"'{joiner}' joins on {joins:yyyy-MM-dd}", enBody.GetProperty("errors").GetProperty("replacementId")[0].GetString(), StringComparison.Ordinal);
        foreach (var answer in new[] { jaBody, enBody })
        {
            Assert.Equal("dutyNotJoined", answer.GetProperty("code").GetString());
            Assert.Equal(joiner, answer.GetProperty("args").GetProperty("member").GetString());
            Assert.Equal($"{joins:yyyy-MM-dd}", answer.GetProperty("args").GetProperty("joinedOn").GetString());
        }

        Assert.Equal(0, (await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/overrides")).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"api/rotations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.DeleteAsync($"api/members/{joiner}")).StatusCode);
    }

    /// <summary>
    /// Session 47 (brief I): a rotation's start moved later past the running shift (a postponement, accepted). GET oncall still
    /// answers the running week and its pair (frozen), as does the schedule, and the answer to the PUT says in words until when
    /// that week goes on and that nobody is on duty after it until the new first handoff (pages go to the leads), ja and en.
    /// </summary>
    [Fact]
    public async Task PutRotation_StartMovedLaterPastTheRunningShift_OnCallKeepsThePair_TheAnswerSaysUntilWhenAndTheGap()
    {
        var id = "held-" + Guid.NewGuid().ToString("n")[..6];
        const string Settings = """{"name":"試験","startDate":"%start","members":["yamada","sato","emma","liam"],"handoffTime":"10:00","timeZone":"Asia/Tokyo"}""";
        using var created = await app.Client.PutAsync($"api/rotations/{id}", Json(Settings.Replace("%start", "2026-11-02", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var before = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/oncall");
        var week = before.GetProperty("week").GetString();
        var pair = before.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(2, pair.Count);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        // The day it really started (a handoff moved off a holiday, 勤労感謝の日, starts on Tuesday), and its nominal Monday.
        var runningStart = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(before.GetProperty("startsAt").GetDateTimeOffset(), tokyo).DateTime);
        var ends = TimeZoneInfo.ConvertTime(before.GetProperty("endsAt").GetDateTimeOffset(), tokyo);
        var newStart = DateOnly.FromDateTime(System.Globalization.ISOWeek.ToDateTime(int.Parse(week![..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(week[6..], System.Globalization.CultureInfo.InvariantCulture), DayOfWeek.Monday)).AddDays(14);

        using var move = new HttpRequestMessage(HttpMethod.Put, $"api/rotations/{id}") { Content = Json(Settings.Replace("%start", $"{newStart:yyyy-MM-dd}", StringComparison.Ordinal)) };
        move.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.ToString());
        using var moved = await app.Client.SendAsync(move);

        Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        var held = JsonDocument.Parse(await moved.Content.ReadAsStringAsync()).RootElement.GetProperty("heldOver");
        Assert.Equal([week], held.GetProperty("weeks").EnumerateArray().Select(w => w.GetString()));
        Assert.True(held.GetProperty("nobodyOnDutyUntilFirstShift").GetBoolean());
        var ja = System.Globalization.CultureInfo.GetCultureInfo("ja-JP");
        var en = System.Globalization.CultureInfo.GetCultureInfo("en-GB");
        Assert.Equal(
            $"{runningStart.ToString("M月d日(ddd)", ja)}からの週の当番は、お知らせどおりの担当のまま{ends.ToString("M月d日(ddd) HH:mm", ja)}（JST）まで続きます。"
            + $"{ends.ToString("M月d日(ddd) HH:mm", ja)}から{newStart.ToString("M月d日(ddd)", ja)} 10:00（JST）までは当番がいません。そのあいだの呼び出しはリーダーに届きます。",
            held.GetProperty("ja").GetString());
        Assert.Equal(
            $"The duty for the week of {runningStart.ToString("ddd d MMM", en)} stays with whoever was announced for it, until {ends.ToString("ddd d MMM yyyy HH:mm", en)} (JST). "
            + $"Nobody is on duty from {ends.ToString("ddd d MMM yyyy HH:mm", en)} to {newStart.ToString("ddd d MMM yyyy", en)} 10:00 (JST): pages in that time go to the leads.",
            held.GetProperty("en").GetString());
        var after = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/oncall");
        Assert.Equal(week, after.GetProperty("week").GetString());
        Assert.Equal(pair, after.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.True(after.GetProperty("frozen").GetBoolean());
        var shifts = (await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/schedule?weeks=3")).GetProperty("shifts").EnumerateArray().ToList();
        Assert.Equal(pair, shifts[0].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(0, shifts[1].GetProperty("members").GetArrayLength());
        Assert.Equal($"{newStart:yyyy-MM-dd}", shifts[2].GetProperty("startDate").GetString());
        Assert.Equal(2, shifts[2].GetProperty("members").GetArrayLength());
        // Session 49 (brief G): oncall's next is the new start's first shift with its pair, not the empty week, and says the gap.
        var next = after.GetProperty("next");
        Assert.Equal(shifts[2].GetProperty("week").GetString(), next.GetProperty("week").GetString());
        Assert.Equal(shifts[2].GetProperty("startsAt").GetDateTimeOffset(), next.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(shifts[2].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()), next.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.True(next.GetProperty("nobodyOnDutyBefore").GetBoolean());
        Assert.False(before.GetProperty("next").GetProperty("nobodyOnDutyBefore").GetBoolean());
        // The duty page lists the running week with its pair, then the week nobody holds, saying so.
        using var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(app.BaseAddress);
        var (shown, page) = await browser.GetAsync($"api/status/duty?lang=ja&rotation={id}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains($"<li id=\"s-{week}\" class=\"now\">", page, StringComparison.Ordinal);
        Assert.Contains("ローテーションの開始前のため当番がいません。呼び出しはリーダーに届きます", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"api/rotations/{id}?force=true")).StatusCode);
    }

    /// <summary>A 400 refusal carries its code too, and <c>codes</c> by field: a week the rotation does not have yet, in Japanese.</summary>
    [Fact]
    public async Task AddOverride_WeekNotAWeek_400WithCodeByField_InJapaneseWithLangJa()
    {
        using var response = await app.Client.PostAsync("api/rotations/incident-duty/overrides?lang=ja", Json("""{"week":"next tuesday","memberId":"yamada","replacementId":"sato"}"""));

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("dutyWeek", problem.GetProperty("code").GetString());
        Assert.Equal("dutyWeek", problem.GetProperty("codes").GetProperty("week").GetString());
        Assert.Equal("週は 2026-W49 のような週か、2026-12-01 のような日付で指定してください。", problem.GetProperty("errors").GetProperty("week")[0].GetString());
    }

    /// <summary>
    /// A rotation of 4-week shifts over the API says the shift as the duty page does: a refusal in Japanese names the shift by its
    /// span (「1月4日(月)からの4週間」) and asks for 「その当番期間のメンバー」, the schedule's reasons count turns in shifts
    /// (「2回のうち2回目」); a weekly rotation reads as before (「からの週」, 「2週のうち2週目」). English refusals stay the
    /// service's messages, and the <c>week</c> field's format refusal names the field in both. A replacement's hints name the shift
    /// before (「前の回に当番」), not the week.
    /// </summary>
    [Fact]
    public async Task FourWeekRotation_RefusalsAndReasonsInJapaneseSayTheShift_WeeklyOneTheWeek()
    {
        var suffix = Guid.NewGuid().ToString("n")[..6];
        var start = StartInThreeWeeks();
        var family = new Dictionary<string, string> { ["kimura-" + suffix] = "木村", ["tanaka-" + suffix] = "田中", ["ito-" + suffix] = "伊藤" };
        foreach (var (member, name) in family)
        {
            Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsync("api/members", Json($$"""{"id":"{{member}}","displayName":"{{name}} 翔","email":"{{member}}@onduty.example","language":"ja","joinedOn":"2020-04-01"}"""))).StatusCode);
        }

        var members = string.Join(",", family.Keys.Select(m => $"\"{m}\""));
        var ja = System.Globalization.CultureInfo.GetCultureInfo("ja-JP");
        foreach (var (id, weeks, span, notOnShift, continues, before) in new[]
        {
            ("weekly-" + suffix, 1, "{0}からの週", "{0}さんは{1}の当番ではありません。その週の当番から選んでください。", "{0} から継続（2週のうち2週目）", "前の週に当番"),
            ("fourweek-" + suffix, 4, "{0}からの4週間", "{0}さんは{1}の当番ではありません。その当番期間のメンバーから選んでください。", "{0} から継続（2回のうち2回目）", "前の回に当番"),
        })
        {
            Assert.Equal(HttpStatusCode.Created, (await app.Client.PutAsync($"api/rotations/{id}", Json($$"""{"name":"試験","startDate":"{{start:yyyy-MM-dd}}","shiftWeeks":{{weeks}},"members":[{{members}}]}"""))).StatusCode);
            var shifts = (await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/schedule?from={start:yyyy-MM-dd}&weeks=2&lang=ja")).GetProperty("shifts").EnumerateArray().ToList();
            var week = shifts[0].GetProperty("week").GetString();
            var on = shifts[0].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
            var off = family.Keys.Single(m => !on.Contains(m));
            var firstDay = shifts[0].GetProperty("handoffMoved").ValueKind == JsonValueKind.Object ? shifts[0].GetProperty("handoffMoved").GetProperty("date").GetString() : shifts[0].GetProperty("startDate").GetString();
            var named = string.Format(ja, span, DateOnly.Parse(firstDay!, System.Globalization.CultureInfo.InvariantCulture).ToString("M月d日(ddd)", ja));
            var body = $$"""{"week":"{{week}}","memberId":"{{off}}","replacementId":"{{on[0]}}","reason":"試験"}""";

            using var japanese = await app.Client.PostAsync($"api/rotations/{id}/overrides?lang=ja", Json(body));
            using var english = await app.Client.PostAsync($"api/rotations/{id}/overrides", Json(body));
            using var notAWeek = await app.Client.PostAsync($"api/rotations/{id}/overrides?lang=ja", Json($$"""{"week":"next tuesday","memberId":"{{off}}","replacementId":"{{on[0]}}"}"""));

            var jaErrors = JsonDocument.Parse(await japanese.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
            Assert.Equal(HttpStatusCode.BadRequest, japanese.StatusCode);
            Assert.Equal(string.Format(ja, notOnShift, family[off], named), jaErrors.GetProperty("memberId")[0].GetString());
            Assert.Equal($"{family[on[0]]}さんはすでに{named}の当番です。別の方を選んでください。", jaErrors.GetProperty("replacementId")[0].GetString());
            var enErrors = JsonDocument.Parse(await english.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
            Assert.Equal($"'{off}' is not on duty in {week} ({string.Join(", ", on)})", enErrors.GetProperty("memberId")[0].GetString());
            Assert.Equal($"'{on[0]}' is already on duty in {week}", enErrors.GetProperty("replacementId")[0].GetString());
            Assert.Equal("週は 2026-W49 のような週か、2026-12-01 のような日付で指定してください。", JsonDocument.Parse(await notAWeek.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("week")[0].GetString());

            // The schedule's reasons: the member who stays on into the second shift, counted in this rotation's turns.
            var stays = Assert.Single(shifts[1].GetProperty("members").EnumerateArray(), m => m.GetProperty("kind").GetString() == "continuing");
            Assert.Equal(string.Format(ja, continues, week), stays.GetProperty("reason").GetString());

            // Who could take over from them in the second shift: the one who served the first, on duty the shift before it.
            var replacements = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/replacements?week={shifts[1].GetProperty("week").GetString()}&memberId={stays.GetProperty("id").GetString()}&lang=ja");
            var left = Assert.Single(replacements.GetProperty("items").EnumerateArray(), c => c.GetProperty("memberId").GetString() == on.Single(m => m != stays.GetProperty("id").GetString()));
            var hints = left.GetProperty("hints").EnumerateArray().Select(h => h.GetString()).ToList();
            Assert.Contains(before, hints);
            Assert.DoesNotContain(weeks == 1 ? "前の回に当番" : "前の週に当番", hints);
            Assert.All(shifts.SelectMany(s => s.GetProperty("members").EnumerateArray()), m => Assert.Equal(weeks == 1, m.GetProperty("reason").GetString()!.Contains('週', StringComparison.Ordinal)));
            Assert.Equal(0, (await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/overrides")).GetProperty("items").GetArrayLength());
            Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"api/rotations/{id}")).StatusCode);
        }

        foreach (var member in family.Keys)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.DeleteAsync($"api/members/{member}")).StatusCode);
        }
    }

    /// <summary>The Monday three weeks ahead in Tokyo: a rotation starting then is never announced during a test.</summary>
    private DateOnly StartInThreeWeeks()
    {
        var now = TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        return DateOnly.FromDateTime(now.Date).AddDays(21 - (((int)now.DayOfWeek + 6) % 7));
    }

    [Fact]
    public async Task PutRotation_ExistingIdWithoutIfMatch_Is409SayingToSendIfMatch()
    {
        using var response = await app.Client.PutAsync("api/rotations/incident-duty", Json("""{"name":"Incident duty","startDate":"2026-11-30","members":["yamada","sato","suzuki"]}"""));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, body);
        Assert.Equal("Rotation 'incident-duty' exists: send If-Match with the ETag you read (or * to overwrite).", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }

    /// <summary>
    /// A cadence change from a date over HTTP: a swap in 2027-W04 keeps an effectiveFrom before its end out (409 problem details
    /// naming the week and the earliest date), a date off the new handoff day is a 400, and the earliest date is taken: the
    /// weeks before keep Mondays 10:00, the new ones are Thursdays 19:00, and GET shows the earlier cadence.
    /// </summary>
    [Fact]
    public async Task PutRotation_EffectiveFrom_409NamesTheSwappedWeekAndTheEarliestDate_ThenTheNewCadenceAppliesFromIt()
    {
        var id = "cadence-" + Guid.NewGuid().ToString("n")[..6];
        using var created = await app.Client.PutAsync($"api/rotations/{id}", Json("""{"name":"Cadence test","startDate":"2027-01-04","members":["yamada","sato","emma","liam"],"handoffTime":"10:00","timeZone":"Asia/Tokyo"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = created.Headers.ETag!.ToString();
        var before = await ScheduleAsync(id);
        var a = before[1].First(m => !before[3].Contains(m));
        var b = before[3].First(m => !before[1].Contains(m));
        using var swap = await app.Client.PostAsync($"api/rotations/{id}/swaps", Json($$"""{"memberId":"{{a}}","week":"2027-W02","otherMemberId":"{{b}}","otherWeek":"2027-W04","reason":"family event"}"""));
        Assert.True(HttpStatusCode.Created == swap.StatusCode, await swap.Content.ReadAsStringAsync());
        const string Thursdays = """{"name":"Cadence test","startDate":"2027-01-04","members":["yamada","sato","emma","liam"],"handoffDay":"thursday","handoffTime":"19:00","timeZone":"Asia/Tokyo","by":"鈴木 一郎","effectiveFrom":"%"}""";

        async Task<HttpResponseMessage> PutAsync(string from)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"api/rotations/{id}") { Content = Json(Thursdays.Replace("%", from, StringComparison.Ordinal)) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            return await app.Client.SendAsync(request);
        }

        using var tooEarly = await PutAsync("2027-01-28");
        var problem = await tooEarly.Content.ReadAsStringAsync();
        Assert.True(tooEarly.StatusCode == HttpStatusCode.Conflict, problem);
        var detail = JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString();
        Assert.Contains("would cut short 2027-W04", detail, StringComparison.Ordinal);
        Assert.Contains("The earliest date allowed is 2027-02-04 (Thursday)", detail, StringComparison.Ordinal);
        using var notThursday = await PutAsync("2027-02-08");
        Assert.True(notThursday.StatusCode == HttpStatusCode.BadRequest, await notThursday.Content.ReadAsStringAsync());
        Assert.Contains("effectiveFrom", await notThursday.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var saved = await PutAsync("2027-02-04");
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());

        var rotation = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}");
        Assert.Equal("2027-02-04", rotation.GetProperty("startDate").GetString());
        var earlier = Assert.Single(rotation.GetProperty("previousCadences").EnumerateArray().ToList());
        Assert.Equal("2027-01-04", earlier.GetProperty("startDate").GetString());
        var after = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/schedule?from=2027-01-25&weeks=3");
        // Thursday 2/11 is 建国記念の日: the new cadence's second handoff moves to Friday 19:00 as any handoff does.
        var starts = after.GetProperty("shifts").EnumerateArray().Select(s => (s.GetProperty("startsAt").GetString(), s.GetProperty("endsAt").GetString())).ToList();
        Assert.Equal([("2027-01-25T10:00:00+09:00", "2027-02-01T10:00:00+09:00"), ("2027-02-01T10:00:00+09:00", "2027-02-04T19:00:00+09:00"), ("2027-02-04T19:00:00+09:00", "2027-02-12T19:00:00+09:00")], starts);
    }

    /// <summary>
    /// Trial 37 M8: one edit of a rotation's settings over HTTP mails each member whose weeks it moved once, saying what
    /// changed (pair size 2 → 3), through the real outbox and SMTP.
    /// </summary>
    [Fact]
    public async Task PutRotation_PairSizeEdited_EachMovedMemberGetsOneMailSayingWhatChanged()
    {
        var id = "mails-" + Guid.NewGuid().ToString("n")[..6];
        const string Body = """{"name":"Mail count %id","nameJa":"件数 %id","startDate":"2027-01-04","members":["yamada","sato","emma","liam"],"peoplePerShift":%n,"handoffTime":"10:00","timeZone":"Asia/Tokyo"}""";
        using var created = await app.Client.PutAsync($"api/rotations/{id}", Json(Body.Replace("%id", id, StringComparison.Ordinal).Replace("%n", "2", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/rotations/{id}") { Content = Json(Body.Replace("%id", id, StringComparison.Ordinal).Replace("%n", "3", StringComparison.Ordinal)) };
        request.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.ToString());

        using var saved = await app.Client.SendAsync(request);

        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var mails = await app.Smtp.WaitForAboutAsync(id, 4);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a second mail for the same edit would come as soon as the first
        mails = await app.Smtp.AboutAsync(id);
        Assert.NotEmpty(mails);
        var recipients = mails.SelectMany(m => m.To).ToList();
        Assert.Equal(recipients.Distinct(StringComparer.OrdinalIgnoreCase).Count(), recipients.Count);
        foreach (var mail in mails)
        {
            var text = await app.Smtp.TextAsync(mail.Id);
            Assert.Contains(mail.Subject.StartsWith('【') ? "・1回の当番の人数：2人 → 3人" : "- People per shift: 2 → 3", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SwapAndOverride_ChangeTheScheduleAndDeletingASwapRestoresIt()
    {
        var id = "swap-" + Guid.NewGuid().ToString("n")[..6];
        using var created = await app.Client.PutAsync($"api/rotations/{id}", Json("""{"name":"Swap test","startDate":"2027-01-04","members":["yamada","sato","emma","liam"],"handoffTime":"10:00","timeZone":"Asia/Tokyo"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var before = await ScheduleAsync(id);
        var a = before[2].First(m => !before[4].Contains(m)); // on duty in 2027-W03, not in 2027-W05
        var b = before[4].First(m => !before[2].Contains(m)); // on duty in 2027-W05, not in 2027-W03

        using var swap = await app.Client.PostAsync($"api/rotations/{id}/swaps", Json($$"""{"memberId":"{{a}}","week":"2027-W03","otherMemberId":"{{b}}","otherWeek":"2027-W05","reason":"family event"}"""));
        Assert.True(HttpStatusCode.Created == swap.StatusCode, await swap.Content.ReadAsStringAsync());
        var swapped = await ScheduleAsync(id);
        Assert.Contains(b, swapped[2]);
        Assert.DoesNotContain(a, swapped[2]);
        Assert.Contains(a, swapped[4]);
        Assert.DoesNotContain(b, swapped[4]);

        var halves = (await swap.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
        using var delete = await app.Client.DeleteAsync($"api/rotations/{id}/overrides/{halves[0].GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(before, await ScheduleAsync(id));

        using var badOverride = await app.Client.PostAsync($"api/rotations/{id}/overrides", Json($$"""{"week":"2027-W03","memberId":"ito","replacementId":"{{a}}"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badOverride.StatusCode);
        Assert.Contains("memberId", await badOverride.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Deleting an override of a week not yet announced that had made a cover unneeded: the answer says the cover applies again
    /// (200 with <c>warnings</c>, as the duty page says for the same action), where an override without such a consequence answers 204.
    /// </summary>
    [Fact]
    public async Task DeleteOverride_WeekNotAnnouncedWhoseOverrideCancelledACover_200WithTheWarning()
    {
        var id = "cover-" + Guid.NewGuid().ToString("n")[..6];
        using var created = await app.Client.PutAsync($"api/rotations/{id}", Json("""{"name":"Cover test","startDate":"2027-01-04","members":["yamada","sato","emma","liam"],"handoffTime":"10:00","timeZone":"Asia/Tokyo"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pair = (await ScheduleAsync(id))[2]; // 2027-W03
        var off = new[] { "yamada", "sato", "emma", "liam" }.Except(pair).ToList();
        using var covering = await app.Client.PostAsync($"api/rotations/{id}/overrides", Json($$"""{"memberId":"{{pair[0]}}","replacementId":"{{off[0]}}","from":"2027-01-19T19:00+09:00","to":"2027-01-19T23:00+09:00","reason":"通院"}"""));
        var coverBody = await covering.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(covering.StatusCode == HttpStatusCode.Created, coverBody.ToString());
        var coverId = coverBody.GetProperty("id").GetString()!;
        using var replaced = await app.Client.PostAsync($"api/rotations/{id}/overrides", Json($$"""{"week":"2027-W03","memberId":"{{pair[0]}}","replacementId":"{{off[1]}}","reason":"出張"}"""));
        var replacedBody = await replaced.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(replaced.StatusCode == HttpStatusCode.Created, replacedBody.ToString());
        Assert.Contains(replacedBody.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith($"cover {coverId} ", StringComparison.Ordinal) && w.GetString()!.Contains("no longer applies", StringComparison.Ordinal));
        var overrideId = replacedBody.GetProperty("id").GetString()!;

        using var deleted = await app.Client.DeleteAsync($"api/rotations/{id}/overrides/{overrideId}");
        var body = await deleted.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(deleted.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal([overrideId], body.GetProperty("deleted").EnumerateArray().Select(d => d.GetString()));
        Assert.Empty(body.GetProperty("undone").EnumerateArray());
        Assert.Empty(body.GetProperty("changedNow").EnumerateArray());
        var warning = Assert.Single(body.GetProperty("warnings").EnumerateArray()).GetString()!;
        Assert.StartsWith($"cover {coverId} ", warning, StringComparison.Ordinal);
        Assert.Contains("applies again", warning, StringComparison.Ordinal);
        // Deleted indeed: the week is the computed pair again and the override is gone from the list.
        Assert.Equal(pair, (await ScheduleAsync(id))[2]);
        var listed = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/overrides");
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == overrideId);

        // The cover itself, deleted, changes nobody else's duty: nothing to warn about, 204.
        using var coverDeleted = await app.Client.DeleteAsync($"api/rotations/{id}/overrides/{coverId}");
        Assert.Equal(HttpStatusCode.NoContent, coverDeleted.StatusCode);
    }

    /// <summary>
    /// Trial 32b M4: who could take over in a week, best first — those not on duty the week before or after ahead of those who
    /// are — with the counts and hints; a member's next duty with the partner on it, as the schedule says.
    /// </summary>
    [Fact]
    public async Task Replacements_BestFirstWithHints_AndNextDuty_AsTheScheduleStands()
    {
        var id = "repl-" + Guid.NewGuid().ToString("n")[..6];
        using var created = await app.Client.PutAsync($"api/rotations/{id}", Json("""{"name":"Replacement test","startDate":"2027-01-04","members":["yamada","sato","emma","liam"],"handoffTime":"10:00","timeZone":"Asia/Tokyo"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var weeks = await ScheduleAsync(id);
        var sick = weeks[2][0];

        var body = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/replacements?week=2027-W03&memberId={sick}&lang=ja");

        Assert.Equal("2027-W03", body.GetProperty("week").GetString());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.DoesNotContain(items, i => weeks[2].Contains(i.GetProperty("memberId").GetString()!));
        foreach (var item in items)
        {
            var member = item.GetProperty("memberId").GetString()!;
            var hints = item.GetProperty("hints").EnumerateArray().Select(h => h.GetString()).ToList();
            Assert.Equal(weeks[1].Contains(member), item.GetProperty("lastWeek").GetBoolean());
            Assert.Equal(weeks[3].Contains(member), item.GetProperty("nextWeek").GetBoolean());
            Assert.Equal(weeks[1].Contains(member), hints.Contains("前の週に当番"));
            Assert.Equal(weeks[3].Contains(member), hints.Contains("次の週に当番"));
        }

        // Those next to their own turn come after those who are not.
        bool Next(JsonElement i) => i.GetProperty("lastWeek").GetBoolean() || i.GetProperty("nextWeek").GetBoolean() || i.GetProperty("weeksInARow").ValueKind == JsonValueKind.Number;
        Assert.Contains(items, Next);
        Assert.True(items.FindLastIndex(i => !Next(i)) < items.FindIndex(Next));

        using var notOnShift = await app.Client.GetAsync($"api/rotations/{id}/replacements?week=2027-W03&memberId={weeks[0].First(m => !weeks[2].Contains(m))}");
        Assert.Equal(HttpStatusCode.BadRequest, notOnShift.StatusCode);
        Assert.Contains("memberId", await notOnShift.Content.ReadAsStringAsync());

        // The next duty: the member's first two shifts not started yet, each with the other on it.
        var shifts = (await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/schedule?from=2027-01-04&weeks=8")).GetProperty("shifts").EnumerateArray()
            .Where(x => x.GetProperty("startsAt").GetDateTimeOffset() > app.Time.GetUtcNow() && x.GetProperty("members").EnumerateArray().Any(m => m.GetProperty("id").GetString() == sick))
            .Take(2).ToList();
        var next = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/members/{sick}/next?count=2&lang=ja");
        var duties = next.GetProperty("next").EnumerateArray().ToList();
        Assert.Equal(shifts.Select(x => x.GetProperty("week").GetString()), duties.Select(d => d.GetProperty("week").GetString()));
        Assert.All(duties.Zip(shifts), p => Assert.Equal(
            p.Second.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Where(m => m != sick),
            p.First.GetProperty("partners").EnumerateArray().Select(m => m.GetProperty("id").GetString())));
        Assert.All(duties, d => Assert.Matches("^[0-9]+月[0-9]+日\\(.\\)からの週（.+さんと）$", d.GetProperty("text").GetString()));

        using var unknown = await app.Client.GetAsync($"api/rotations/{id}/members/nobody-here/next");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<List<List<string>>> ScheduleAsync(string id)
    {
        var body = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/schedule?from=2027-01-04&weeks=8");
        return body.GetProperty("shifts").EnumerateArray()
            .Select(s => s.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList())
            .ToList();
    }
}
