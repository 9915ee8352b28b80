using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// <c>POST /api/incidents/{id}/takeover</c> through the real host: a member takes over an incident another acknowledged — it is theirs,
/// the timeline says from whom, the previous holder gets one email (smtp4dev) however often it is pressed — and the refusals are
/// problem details with nothing changed.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class TakeOverApiTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task TakeOver_MakesItTheirs_TellsThePreviousHolderOnce_AndRefusesWhatItCannotTake()
    {
        var id = await CreateAsync("Checkout errors after the handoff");
        using (var ack = await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = "sato" }))
        {
            Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
        }

        await app.SettleAsync();
        var acknowledged = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(JsonValueKind.Null, acknowledged.GetProperty("takenOverAt").ValueKind);
        var ackAt = acknowledged.GetProperty("acknowledgedAt").GetDateTimeOffset();
        // Taken over later (the shared app's clock stays short of the handoff): the holder's time is the takeover's.
        await app.AdvanceAsync(TimeSpan.FromMinutes(7));
        var takenAt = app.Time.GetUtcNow();

        using (var taken = await app.Client.PostAsJsonAsync($"api/incidents/{id}/takeover", new { by = "yamada" }))
        {
            var text = await taken.Content.ReadAsStringAsync();
            Assert.True(taken.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal("yamada", JsonDocument.Parse(text).RootElement.GetProperty("acknowledgedBy").GetString());
        }

        // A double click: 200, nothing more recorded or sent.
        using (var again = await app.Client.PostAsJsonAsync($"api/incidents/{id}/takeover", new { by = "yamada" }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        await app.SettleAsync();
        var details = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal("yamada", details.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        // acknowledgedAt stays the first acknowledgement (time to acknowledge counts from it); takenOverAt is when yamada took it.
        Assert.Equal(ackAt, details.GetProperty("incident").GetProperty("acknowledgedAt").GetDateTimeOffset());
        Assert.Equal(takenAt, details.GetProperty("incident").GetProperty("takenOverAt").GetDateTimeOffset());
        var row = Assert.Single(details.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "tookOver");
        Assert.Equal("yamada", row.GetProperty("by").GetString());
        Assert.Equal("yamada took over from sato", row.GetProperty("message").GetString());

        var told = (await app.Smtp.AboutAsync(id)).Where(m => m.Subject.Contains("対応の引き継ぎ】", StringComparison.Ordinal) || m.Subject.Contains(" taken over]", StringComparison.Ordinal)).ToList();
        var mail = Assert.Single(told);
        Assert.StartsWith("sato@", Assert.Single(mail.To), StringComparison.Ordinal);
        var body = await app.Smtp.TextAsync(mail.Id);
        Assert.True(body.Contains($"{id} の対応を", StringComparison.Ordinal) || body.Contains($"took over {id}.", StringComparison.Ordinal), body);

        // The incident page says it in the reader's words, both people by name (the API keeps member ids).
        using (var browser = new PageBrowser(app.BaseAddress))
        {
            var (_, ja) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
            Assert.Contains("対応の引き継ぎ", ja, StringComparison.Ordinal);
            Assert.Matches("さんが[^<>]+さんから対応を引き継ぎました", ja);
            Assert.DoesNotContain("yamada took over from sato", ja, StringComparison.Ordinal);
            // The holder's line gives when they took it over, not when the first acknowledgement was.
            string Stamp(DateTimeOffset at, string format) => TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($" — {Stamp(takenAt, "yyyy/MM/dd HH:mm")}（JST）に引き継ぎ", ja, StringComparison.Ordinal);
            Assert.DoesNotContain($" — {Stamp(ackAt, "yyyy/MM/dd HH:mm")}（JST）", ja, StringComparison.Ordinal);
            var (_, en) = await browser.GetAsync($"api/incidents/{id}/page?lang=en");
            Assert.Contains("Taken over", en, StringComparison.Ordinal);
            Assert.Contains(" — took it over on ", en, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "takeover-incident.html"), ja);
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "takeover-incident-en.html"), en);
            Assert.DoesNotContain("yamada took over from sato", en, StringComparison.Ordinal);
        }

        await AssertRefusedAsync(id, new { by = "nobody-here" }, HttpStatusCode.BadRequest, "by");
        await AssertRefusedAsync(id, new { }, HttpStatusCode.BadRequest, "by");
        using (var missing = await app.Client.PostAsJsonAsync("api/incidents/INC-1999-9999/takeover", new { by = "yamada" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧しました。", by = "yamada" }))
        {
            Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
        }

        await AssertRefusedAsync(id, new { by = "sato" }, HttpStatusCode.Conflict, "id");
        Assert.Equal("yamada", (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("acknowledgedBy").GetString());
    }

    private async Task AssertRefusedAsync(string id, object body, HttpStatusCode status, string field)
    {
        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/takeover", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
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
