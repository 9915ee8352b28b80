using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Retros;

/// <summary>The handoff brief through LocalHost, Azurite and smtp4dev: right after the announcement, once per member and week.</summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class HandoffBriefTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task AnnounceDutyWeek_RunRepeatedly_EachIncomingMemberGetsOneBriefListingWhatIsOpen()
    {
        var week = await app.AdvanceToNextHandoffAsync();
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = "Brief: 検索が遅い <b>x</b>", severity = "sev3", by = "Emma" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var pair = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!).Order().ToList();

        await app.RunFunctionAsync("AnnounceDutyWeek");
        await app.RunFunctionAsync("AnnounceDutyWeek");
        await Task.WhenAll(app.RunFunctionAsync("AnnounceDutyWeek"), app.RunFunctionAsync("AnnounceDutyWeek"));
        await app.SettleAsync();

        var briefs = (await app.Smtp.MessagesAsync()).Where(m => m.Subject.StartsWith("【引き継ぎ】", StringComparison.Ordinal) && WeekText.Names(m.Subject, week)).ToList();
        Assert.Equal(pair, briefs.SelectMany(m => m.To).Order());
        var html = await app.Smtp.HtmlAsync(briefs[0].Id);
        // Other tests of the collection leave incidents open: past 20 lines the list says how many more instead.
        if (!html.Contains("ほか ", StringComparison.Ordinal))
        {
            Assert.Contains(id, html, StringComparison.Ordinal);
            Assert.Contains("Brief: 検索が遅い &lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
        }

        Assert.Contains("対応中の障害", html, StringComparison.Ordinal);
    }
}
