using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ical.Net.Serialization;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Calendar;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Calendar;

[Collection(OnDutyAppCollection.Name)]
public sealed class CalendarFeedTests(OnDutyAppFixture app)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(string Id, string Url, string Token, JsonElement Body)> CreateFeedAsync(string path)
    {
        using var response = await app.Client.PostAsync(path, Json("""{"note":"e2e"}"""));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        var url = body.GetProperty("url").GetString()!;
        Assert.StartsWith($"{app.BaseAddress}api/", url); // Team__PublicBaseUrl as configured
        return (body.GetProperty("id").GetString()!, url, body.GetProperty("token").GetString()!, body);
    }

    [Fact]
    public async Task RotationCalendar_ImportsIntoAnICalendarParser_OneEventPerShiftWithMovedHandoffs()
    {
        var (_, url, token, body) = await CreateFeedAsync("api/rotations/incident-duty/feeds");
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.EndsWith($"/api/rotations/incident-duty/calendar.ics?token={token}", url);
        Assert.StartsWith("webcal://", body.GetProperty("webcal").GetString());

        using var response = await app.Anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.All(text.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75 + 4, line)); // folded lines

        var calendar = Ical.Net.Calendar.Load(text)!;
        var events = calendar.Events.OrderBy(e => e.DtStart!.AsUtc).ToList();
        Assert.Equal(8 + 26 + 1, events.Count);
        Assert.Equal(events.Count, events.Select(e => e.Uid).Distinct().Count());
        Assert.All(events, e => Assert.Matches(@"^incident-duty-\d{4}-\d{2}-\d{2}@onduty$", e.Uid));
        // Each week named by the day it really starts (a Monday, or the day after a holiday Monday), as its event starts.
        Assert.All(events, e => Assert.StartsWith($"障害当番 {WeekText.Japanese(DateOnly.FromDateTime(e.DtStart!.Value))}：", e.Summary));
        Assert.All(events, e => Assert.Matches(@"^障害当番 \d{1,2}月\d{1,2}日\(.\)からの週：\S+", e.Summary));
        Assert.All(events, e => Assert.Equal("Asia/Tokyo", e.DtStart!.TzId));
        Assert.Contains(calendar.TimeZones, z => z.TzId == "Asia/Tokyo");
        for (var i = 1; i < events.Count; i++)
        {
            Assert.Equal(events[i - 1].DtEnd!.AsUtc, events[i].DtStart!.AsUtc);
        }

        // 2027-01-11 is 成人の日 (a Monday): that handoff is on Tuesday at the same local time.
        var comingOfAge = Assert.Single(events, e => e.Uid == "incident-duty-2027-01-11@onduty");
        Assert.Equal(new DateTime(2027, 1, 12, 10, 0, 0), comingOfAge.DtStart!.Value);
        Assert.StartsWith("障害当番 1月12日(火)からの週：", comingOfAge.Summary);
        Assert.Contains("成人の日", comingOfAge.Description);
        Assert.Equal(new DateTime(2027, 1, 12, 1, 0, 0, DateTimeKind.Utc), events.Single(e => e.Uid == "incident-duty-2027-01-04@onduty").DtEnd!.AsUtc);

        // The feed agrees with the schedule API.
        var schedule = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/schedule?from=2027-01-11&weeks=1");
        var shift = schedule.GetProperty("shifts")[0];
        Assert.Equal(comingOfAge.DtStart.AsUtc, shift.GetProperty("startsAt").GetDateTimeOffset().UtcDateTime);
        Assert.Equal("2027-01-12", shift.GetProperty("handoffMoved").GetProperty("date").GetString());

        // Round trip: what the parser read serializes and parses to the same events.
        var again = Ical.Net.Calendar.Load(new CalendarSerializer().SerializeToString(calendar)!)!;
        Assert.Equal(
            events.Select(e => (e.Uid, e.Summary, e.Description, e.DtStart!.AsUtc, e.DtEnd!.AsUtc, e.Sequence)),
            again.Events.OrderBy(e => e.DtStart!.AsUtc).Select(e => (e.Uid, e.Summary, e.Description, e.DtStart!.AsUtc, e.DtEnd!.AsUtc, e.Sequence)));
    }

    [Fact]
    public async Task RotationCalendar_JapaneseTeam_NoEnglishReasonText()
    {
        var (_, url, _, _) = await CreateFeedAsync("api/rotations/incident-duty/feeds");
        var names = (await app.Client.GetFromJsonAsync<JsonElement>("api/members")).GetProperty("items").EnumerateArray()
            .Select(m => m.GetProperty("displayName").GetString()!).ToList();

        var calendar = Ical.Net.Calendar.Load(await app.Anonymous.GetStringAsync(url))!;

        Assert.NotEmpty(calendar.Events);
        Assert.Contains(calendar.Events, e => e.Description!.Contains("から継続", StringComparison.Ordinal));
        foreach (var e in calendar.Events)
        {
            // Names as written (Liam Chen), "Outlook" and the zone's name after a time (「10:00（JST）に変更」) may be Latin; nothing else
            // in a Japanese feed is.
            var text = names.Aggregate(e.Description!, (t, name) => t.Replace(name, "", StringComparison.Ordinal)).Replace("Outlook", "", StringComparison.Ordinal)
                .Replace("（JST）", "", StringComparison.Ordinal);
            Assert.DoesNotMatch("[A-Za-z]{2,}", text);
        }
    }

    [Fact]
    public async Task Feeds_WrongMissingOrRevokedToken_404LikeAnUnknownId()
    {
        var (id, url, token, _) = await CreateFeedAsync("api/rotations/incident-duty/feeds");
        var other = Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync($"api/rotations/incident-duty/calendar.ics?token={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync("api/rotations/incident-duty/calendar.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync($"api/rotations/no-such-rotation/calendar.ics?token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync($"api/members/yamada/calendar.ics?token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync($"api/rotations/incident-duty/schedule.html?token={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous.PostAsync("api/rotations/incident-duty/feeds", Json("{}"))).StatusCode);

        var listed = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/feeds");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), f => f.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(token, listed.ToString());

        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"api/rotations/incident-duty/feeds/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.DeleteAsync($"api/rotations/incident-duty/feeds/{id}")).StatusCode);
    }

    [Fact]
    public async Task MemberFeed_Revoked_ItsCalendarIs404AtOnceAndOtherFeedsStillWork()
    {
        var (id, url, _, _) = await CreateFeedAsync("api/members/takahashi/feeds");
        var (_, otherUrl, _, _) = await CreateFeedAsync("api/members/takahashi/feeds");
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.GetAsync(url)).StatusCode);

        // A member's feed is revoked on the member's route only; the rotation route does not know the id.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.DeleteAsync($"api/rotations/incident-duty/feeds/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.GetAsync(url)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"api/members/takahashi/feeds/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.GetAsync(otherUrl)).StatusCode);
        var listed = await app.Client.GetFromJsonAsync<JsonElement>("api/members/takahashi/feeds");
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), f => f.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task SchedulePage_RevokedToken_Is404AtOnce()
    {
        var (id, _, token, body) = await CreateFeedAsync("api/rotations/incident-duty/feeds");
        var page = body.GetProperty("pageUrl").GetString()!;
        Assert.Contains($"schedule.html?token={token}", page);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.GetAsync(page)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"api/rotations/incident-duty/feeds/{id}")).StatusCode);

        using var revoked = await app.Anonymous.GetAsync(page);
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Equal("application/problem+json", revoked.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("障害当番", await revoked.Content.ReadAsStringAsync());

        // A phone's browser with the old link: a page in its language saying what to do, still a 404 and still nothing of the rotation.
        using var browser = new HttpRequestMessage(HttpMethod.Get, page);
        browser.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        browser.Headers.TryAddWithoutValidation("Accept-Language", "ja-JP,ja;q=0.9");
        using var shown = await app.Anonymous.SendAsync(browser);
        var html = await shown.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, shown.StatusCode);
        Assert.Equal("text/html", shown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("このリンクは使えません", html);
        Assert.Contains("default-src 'none'", shown.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("障害当番", html);
    }

    [Fact]
    public async Task Feeds_TwentyFirst_Is400UntilOneIsRevoked()
    {
        var ids = new List<string>();
        for (var i = 0; i < FeedService.MaxTokensPerFeed; i++)
        {
            ids.Add((await CreateFeedAsync("api/members/tanaka/feeds")).Id);
        }

        using (var refused = await app.Client.PostAsync("api/members/tanaka/feeds", Json("{}")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("at most 20", await refused.Content.ReadAsStringAsync());
        }

        var listed = await app.Client.GetFromJsonAsync<JsonElement>("api/members/tanaka/feeds");
        Assert.Equal(20, listed.GetProperty("items").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"api/members/tanaka/feeds/{ids[0]}")).StatusCode);
        await CreateFeedAsync("api/members/tanaka/feeds");
    }

    [Fact]
    public async Task MemberCalendar_OnlyThatMembersShiftsAcrossRotations()
    {
        var (_, url, _, _) = await CreateFeedAsync("api/members/sato/feeds");

        var calendar = Ical.Net.Calendar.Load(await app.Anonymous.GetStringAsync(url))!;

        Assert.NotEmpty(calendar.Events);
        Assert.Contains(calendar.Events, e => e.Uid!.StartsWith("incident-duty-", StringComparison.Ordinal));
        Assert.Contains(calendar.Events, e => e.Uid!.StartsWith("maintenance-client-", StringComparison.Ordinal));
        Assert.DoesNotContain(calendar.Events, e => e.Uid!.StartsWith("maintenance-server-", StringComparison.Ordinal));
        Assert.All(calendar.Events, e => Assert.Contains("佐藤 花子", e.Description));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.PostAsync("api/members/nobody/feeds", Json("{}"))).StatusCode);
    }

    [Fact]
    public async Task SchedulePage_ReadOnlyEncodedWithCspInTheAskedLanguage()
    {
        using (var put = await app.Client.PutAsync("api/rotations/page-test", Json("""{"name":"Ops <b>&amp;</b> \"x\"","startDate":"2026-11-02","members":["yamada","sato","emma","liam"]}""")))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var (_, _, token, body) = await CreateFeedAsync("api/rotations/page-test/feeds");
        var pageUrl = body.GetProperty("pageUrl").GetString()!;

        using var en = await app.Anonymous.GetAsync(pageUrl + "&lang=en");
        var html = await en.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, en.StatusCode);
        Assert.Equal("text/html; charset=utf-8", en.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("default-src 'none'; style-src 'unsafe-inline'", en.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Ops &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;x&quot;", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("href=", html);
        Assert.Contains("<th scope=\"col\">Week</th>", html);
        Assert.Contains("Emma Wilson", html);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/rotations/incident-duty/schedule.html?token={(await CreateFeedAsync("api/rotations/incident-duty/feeds")).Token}&weeks=8");
        request.Headers.AcceptLanguage.ParseAdd("ja-JP,ja;q=0.9,en;q=0.5");
        using var ja = await app.Anonymous.SendAsync(request);
        var japanese = await ja.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ja.StatusCode);
        Assert.Contains("<html lang=\"ja\">", japanese);
        Assert.Contains("障害当番の予定", japanese);
        Assert.Contains("<th scope=\"col\">当番</th>", japanese);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Anonymous.GetAsync($"api/rotations/page-test/schedule.html?token={token}&lang=fr")).StatusCode);

        // A browser gets a page naming what it could not read, in Japanese when it was lang.
        using var browser = new HttpRequestMessage(HttpMethod.Get, $"api/rotations/page-test/schedule.html?token={token}&lang=fr");
        browser.Headers.Accept.ParseAdd("text/html");
        using var badLang = await app.Anonymous.SendAsync(browser);
        Assert.Equal((HttpStatusCode.BadRequest, "text/html"), (badLang.StatusCode, badLang.Content.Headers.ContentType?.MediaType));
        Assert.Contains("このページのアドレスの値（lang）は指定できる値ではありません。lang は ja, en のいずれかで指定してください。", await badLang.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Both values unreadable: both named, in the browser's language since lang could not say.
        using var both = new HttpRequestMessage(HttpMethod.Get, $"api/rotations/page-test/schedule.html?token={token}&weeks=0&lang=xx");
        both.Headers.Accept.ParseAdd("text/html");
        both.Headers.AcceptLanguage.ParseAdd("en-GB");
        using var bothBad = await app.Anonymous.SendAsync(both);
        Assert.Equal((HttpStatusCode.BadRequest, "text/html"), (bothBad.StatusCode, bothBad.Content.Headers.ContentType?.MediaType));
        var bothText = await bothBad.Content.ReadAsStringAsync();
        Assert.Contains("A value in this page&#x27;s address (weeks, lang) is not one this page takes.", bothText, StringComparison.Ordinal);
        Assert.Contains("weeks must be a whole number from 1 to 26. lang must be one of: ja, en.", bothText, StringComparison.Ordinal);
    }

    /// <summary>A value read but out of range is said with its range, as the API says it, not as unreadable (F10.7).</summary>
    [Theory]
    [InlineData("weeks=1000", "weeks は 1〜26 の整数で指定してください。")]
    [InlineData("weeks=abc", "weeks は 1〜26 の整数で指定してください。")]
    public async Task SchedulePage_WeeksOutOfRange_PageSaysTheRange(string query, string expected)
    {
        var (_, _, token, _) = await CreateFeedAsync("api/rotations/incident-duty/feeds");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/rotations/incident-duty/schedule.html?token={token}&lang=ja&{query}");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await app.Anonymous.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain("読めませんでした", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", ";;;q=abc, ja;q=x", 200)]
    [InlineData("&weeks=abc", null, 400)]
    [InlineData("&weeks=99999999999", null, 400)]
    [InlineData("&lang=%00", null, 400)]
    public async Task SchedulePage_OddQueryOrHeader_IsNeverA500(string query, string? acceptLanguage, int status)
    {
        var (_, _, token, _) = await CreateFeedAsync("api/rotations/incident-duty/feeds");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/rotations/incident-duty/schedule.html?token={token}{query}");
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        using var response = await app.Anonymous.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
    }

    [Fact]
    public async Task RemindIncomingDuty_RunTwice_OneEmailPerIncomingMember()
    {
        var calendar = app.DemoCalendar();
        var next = calendar.ShiftIndexAt(app.Time.GetUtcNow()) + 1;
        var handoff = calendar.HandoffDate(next);
        var day = handoff.AddDays(-1);
        var workingDays = app.App.Services.GetRequiredService<IWorkingCalendar>();
        while (!workingDays.IsWorkingDay(day))
        {
            day = day.AddDays(-1);
        }

        var remindAt = calendar.ToInstant(day, new TimeOnly(10, 0)).AddMinutes(1);
        if (remindAt > app.Time.GetUtcNow())
        {
            await app.SetUtcNowAsync(remindAt);
        }

        var week = calendar.WeekLabel(next);
        var schedule = await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/incident-duty/schedule?from={calendar.ShiftStartDate(next - 1):yyyy-MM-dd}&weeks=2");
        var shifts = schedule.GetProperty("shifts");
        var before = shifts[0].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToHashSet();
        var incoming = shifts[1].GetProperty("members").EnumerateArray()
            .Where(m => !before.Contains(m.GetProperty("id").GetString()))
            .Select(m => m.GetProperty("email").GetString()!)
            .ToList();
        Assert.NotEmpty(incoming);

        await app.RunFunctionAsync("RemindIncomingDuty");
        await app.RunFunctionAsync("RemindIncomingDuty");
        await app.WaitForOutboxIdleAsync(allowRetrying: true);

        await app.SettleAsync();
        var mails = (await app.Smtp.MessagesAsync())
            .Where(m => m.Subject == $"【障害当番】{handoff.ToString("M月d日(ddd)", System.Globalization.CultureInfo.GetCultureInfo("ja-JP"))} 10:00（JST）から当番です"
                || (m.Subject.StartsWith("[Incident duty] Your duty", StringComparison.Ordinal) && m.Subject.Contains(WeekText.English(week)[1..], StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(incoming.Order(), mails.SelectMany(m => m.To).Order());
        Assert.DoesNotContain(mails, m => m.To.Contains("pm-team@onduty.example"));
    }
}
