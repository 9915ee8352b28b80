using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Acknowledgement expiry and snooze through the hosted app (a fixture of its own: its clock moves past the hour). A SEV2 acknowledged
/// by one of the pair and left quiet for <c>Incidents__AckExpiry__Sev2</c> asks its holder 「まだ対応中ですか？」 once (smtp4dev); unanswered
/// for the ack timeout the pair is paged again. A snooze through <c>POST /api/incidents/{id}/snooze</c> does the same with the setting off,
/// and its refusals are problem details with nothing saved.
/// </summary>
public sealed class AckExpiryTests(OnDutyAppFixture app) : IClassFixture<OnDutyAppFixture>
{
    [Fact]
    public async Task Expiry_AsksTheHolderOnce_ThenPagesThePair()
    {
        await app.AdvanceToNextHandoffAsync(); // a whole week ahead: the pair does not change under the test
        // The timer of an instance with the setting on (the shared host has it off: its queues send what this one queues).
        var timer = await app.ClassHostAsync(typeof(AckExpiryTests), new Dictionary<string, string?> { ["Incidents:AckExpiry:Sev2"] = "01:00:00" });
        var (id, holder, partner) = await OpenAndAcknowledgeAsync("Expiry: checkout errors");

        await app.AdvanceAsync(TimeSpan.FromMinutes(59));
        await timer.RunFunctionAsync("EscalateIncidents");
        await app.SettleAsync();
        Assert.Empty(await StillYoursAsync(id));

        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        await timer.RunFunctionAsync("EscalateIncidents");
        await timer.RunFunctionAsync("EscalateIncidents");
        await app.SettleAsync();
        var asked = Assert.Single(await StillYoursAsync(id));
        Assert.Equal(holder.Email, Assert.Single(asked.To));
        var body = await app.Smtp.TextAsync(asked.Id);
        Assert.True(body.Contains("1時間以上、更新がありません", StringComparison.Ordinal) || body.Contains("or more. If you are still on it", StringComparison.Ordinal), body);
        Assert.Contains("/api/ack/", body, StringComparison.Ordinal);
        var details = await DetailsAsync(id);
        Assert.Equal(holder.Id, details.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.Equal(JsonValueKind.String, details.GetProperty("incident").GetProperty("stillYoursAskedAt").ValueKind);
        var pagesBefore = (await PagesAsync(id)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);

        // Unanswered for SEV2's ack timeout (15 min): the acknowledgement lapses and the pair is paged, the partner too.
        await app.AdvanceAsync(TimeSpan.FromMinutes(15));
        await timer.RunFunctionAsync("EscalateIncidents");
        await app.SettleAsync();
        var pages = (await PagesAsync(id)).Where(m => !pagesBefore.Contains(m.Id)).ToList();
        Assert.Contains(pages, m => m.To.Contains(partner.Email));
        Assert.Contains(pages, m => m.To.Contains(holder.Email));
        var page = pages.First(m => m.To.Contains(partner.Email));
        var paged = await app.Smtp.TextAsync(page.Id);
        Assert.True(paged.Contains("再通知にも応答がありませんでした", StringComparison.Ordinal) || paged.Contains("the reminder went unanswered", StringComparison.Ordinal), paged);
        details = await DetailsAsync(id);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("incident").GetProperty("acknowledgedBy").ValueKind);
        Assert.Equal(2, details.GetProperty("timeline").EnumerateArray().Count(t => t.GetProperty("kind").GetString() == "ackExpired"));
        Assert.Single(await StillYoursAsync(id));
    }

    [Fact]
    public async Task Snooze_ThroughTheApi_PagesTheHolderAtItsEnd_AndRefusesWhatItCannot()
    {
        var (id, holder, _) = await OpenAndAcknowledgeAsync("Snooze: search is slow");

        using (var snoozed = await app.Client.PostAsJsonAsync($"api/incidents/{id}/snooze", new { by = holder.Id, minutes = 30 }))
        {
            var text = await snoozed.Content.ReadAsStringAsync();
            Assert.True(snoozed.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal(app.Time.GetUtcNow().AddMinutes(30), JsonDocument.Parse(text).RootElement.GetProperty("snoozed").GetProperty("until").GetDateTimeOffset());
        }

        var row = Assert.Single((await DetailsAsync(id)).GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "snoozed");
        Assert.StartsWith($"{holder.Id} snoozed it for 30 minutes (until ", row.GetProperty("message").GetString(), StringComparison.Ordinal);

        await AssertRefusedAsync(id, new { by = holder.Id, minutes = 3 }, HttpStatusCode.BadRequest, "minutes");
        await AssertRefusedAsync(id, new { by = "nobody-here", minutes = 30 }, HttpStatusCode.BadRequest, "by");
        var unacknowledged = await CreateAsync("Snooze: nobody took it");
        await AssertRefusedAsync(unacknowledged, new { by = holder.Id, minutes = 30 }, HttpStatusCode.Conflict, "id");

        await app.AdvanceAsync(TimeSpan.FromMinutes(29));
        await app.RunFunctionAsync("EscalateIncidents");
        await app.SettleAsync();
        Assert.Empty(await StillYoursAsync(id));

        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        await app.RunFunctionAsync("EscalateIncidents");
        await app.RunFunctionAsync("EscalateIncidents");
        await app.SettleAsync();
        var asked = Assert.Single(await StillYoursAsync(id));
        Assert.Equal(holder.Email, Assert.Single(asked.To));
        var said = await app.Smtp.TextAsync(asked.Id);
        Assert.True(said.Contains("スヌーズの時間になりました", StringComparison.Ordinal) || said.Contains("Your snooze is over", StringComparison.Ordinal), said);

        using (var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧しました。", by = holder.Id }))
        {
            Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
        }

        await AssertRefusedAsync(id, new { by = holder.Id, minutes = 30 }, HttpStatusCode.Conflict, "id");
        Assert.Single((await DetailsAsync(id)).GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "snoozed");
    }

    private sealed record Person(string Id, string Email);

    /// <summary>A SEV2 declared through the API and acknowledged by the first of its pair: its id, the holder and the partner.</summary>
    private async Task<(string Id, Person Holder, Person Partner)> OpenAndAcknowledgeAsync(string title)
    {
        var id = await CreateAsync(title);
        await app.SettleAsync();
        var assignees = (await DetailsAsync(id)).GetProperty("incident").GetProperty("assignees").EnumerateArray()
            .Select(a => new Person(a.GetProperty("id").GetString()!, a.GetProperty("email").GetString()!)).ToList();
        Assert.Equal(2, assignees.Count);
        using (var ack = await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = assignees[0].Id }))
        {
            Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
        }

        await app.SettleAsync();
        return (id, assignees[0], assignees[1]);
    }

    private async Task<List<ReceivedEmail>> StillYoursAsync(string id) =>
        [.. (await app.Smtp.AboutAsync(id)).Where(m => m.Subject.Contains("再通知】", StringComparison.Ordinal) || m.Subject.Contains(" still yours?]", StringComparison.Ordinal))];

    private async Task<List<ReceivedEmail>> PagesAsync(string id) =>
        [.. (await app.Smtp.AboutAsync(id)).Where(m => m.Subject.StartsWith("【SEV2 障害】", StringComparison.Ordinal) || m.Subject.StartsWith("[SEV2 incident]", StringComparison.Ordinal))];

    private async Task<JsonElement> DetailsAsync(string id) => await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");

    private async Task AssertRefusedAsync(string id, object body, HttpStatusCode status, string field)
    {
        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/snooze", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
        Assert.Contains(field, text, StringComparison.Ordinal);
    }

    private async Task<string> CreateAsync(string title)
    {
        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev2" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }
}
