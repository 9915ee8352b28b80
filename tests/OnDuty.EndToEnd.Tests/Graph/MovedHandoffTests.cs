using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Graph;

/// <summary>A handoff moved off a non-working day is one instant everywhere it is shown.</summary>
[Collection(GraphAppCollection.Name)]
public sealed class MovedHandoffTests(GraphAppFixture app)
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    [Fact]
    public async Task MovedHandoff_SameInstantInTheAnnouncementTheFeedThePageAndTheOutlookEvent()
    {
        // Every Saturday 10:00 handoff is on a weekend, so it moves to Monday 10:00 (the next working day).
        const string id = "moved-duty";
        using (var put = await app.Client.PutAsync($"api/rotations/{id}", new StringContent(
            """{"name":"Moved duty","nameJa":"移動当番","startDate":"2026-10-31","handoffDay":"saturday","members":["yamada","emma","sato","liam"],"handoffTime":"10:00","timeZone":"Asia/Tokyo","notifyEmails":["moved-list@onduty.example"]}""",
            Encoding.UTF8,
            "application/json")))
        {
            Assert.True(put.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        }

        var next = (await app.Client.GetFromJsonAsync<JsonElement>($"api/rotations/{id}/oncall")).GetProperty("next");
        var week = next.GetProperty("week").GetString()!;
        var nominal = DateOnly.Parse(next.GetProperty("handoffMoved").GetProperty("nominalDate").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(DayOfWeek.Saturday, nominal.DayOfWeek);
        var monday = nominal.AddDays(2);
        var handoff = new DateTimeOffset(monday.ToDateTime(new TimeOnly(10, 0)), Tokyo);
        Assert.Equal(handoff, next.GetProperty("startsAt").GetDateTimeOffset());
        var members = next.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();

        await app.SetUtcNowAsync(handoff.AddMinutes(5));
        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.RunFunctionAsync("SyncDutyCalendars");
        await app.SettleAsync();

        // The announcement: its period starts at the moved instant, in each reader's language; in Japanese the week is named by
        // that Monday (the day the shift really starts), not the nominal Saturday.
        var announcements = app.Graph.Mail.Where(m => m.Subject.StartsWith($"【移動当番】{WeekText.Japanese(monday)}", StringComparison.Ordinal) || m.Subject.StartsWith($"[Moved duty] {WeekText.English(monday)}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(announcements);
        var ja = $"{monday.Year}年{monday.Month}月{monday.Day}日(月) 10:00〜";
        var en = monday.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en-GB")) + " 10:00 – ";
        Assert.All(announcements, m => Assert.True(m.Content.Contains(ja, StringComparison.Ordinal) || m.Content.Contains(en, StringComparison.Ordinal), m.Subject + "\n" + m.Content));
        Assert.Contains(announcements, m => m.Content.Contains(ja, StringComparison.Ordinal));
        Assert.Contains(announcements, m => m.Content.Contains(en, StringComparison.Ordinal));

        // The feed: the shift's event (keyed by its nominal start) starts at the moved instant.
        using var created = await app.Client.PostAsync($"api/rotations/{id}/feeds", new StringContent("{}", Encoding.UTF8, "application/json"));
        var feed = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var calendar = Ical.Net.Calendar.Load(await app.Anonymous.GetStringAsync(feed.GetProperty("url").GetString()))!;
        var shiftEvent = Assert.Single(calendar.Events, e => e.Uid == $"{id}-{nominal:yyyy-MM-dd}@onduty");
        Assert.Equal(handoff.UtcDateTime, shiftEvent.DtStart!.AsUtc);

        // The schedule page: the row's <time> is the moved instant.
        var page = WebUtility.HtmlDecode(await app.Anonymous.GetStringAsync(feed.GetProperty("pageUrl").GetString() + "&lang=en"));
        Assert.Contains($"<th scope=\"row\">{WeekText.English(monday)}", page); // by the day it really starts, not {week}
        Assert.Contains($"datetime=\"{monday:yyyy-MM-dd}T10:00+09:00\"", page);
        var pageJa = WebUtility.HtmlDecode(await app.Anonymous.GetStringAsync(feed.GetProperty("pageUrl").GetString() + "&lang=ja"));
        Assert.Contains($"<th scope=\"row\">{WeekText.Japanese(monday)}", pageJa);

        // Outlook: each member on the shift has one event, starting at the moved instant.
        var outlook = app.Graph.Events.Where(e => e.State == GraphEventState.Active && (e.Subject.StartsWith($"【移動当番】{WeekText.Japanese(monday)}", StringComparison.Ordinal) || e.Subject.StartsWith($"[Moved duty] {WeekText.English(monday)}", StringComparison.Ordinal))).ToList();
        Assert.Equal(members.Count, outlook.Count);
        Assert.All(outlook, e => Assert.Equal(handoff, e.Start));
    }
}
