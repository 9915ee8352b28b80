using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Long text a person writes on <c>POST /api/incidents</c>: 2,900 Japanese characters of impact and workaround are stored
/// and read back whole (they used to overflow a 64 KiB property as escaped JSON: 500 and a phantom row); text that cannot
/// be stored is refused with a 400 naming the field before anything is written.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class LongTextTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task Create_2900JapaneseCharactersOfImpactAndWorkaround_StoredWhole()
    {
        var impact = string.Concat(Enumerable.Repeat("決済画面で支払いが完了しない。", 200))[..2900];
        var workaround = string.Concat(Enumerable.Repeat("アプリを再起動して再度お試しください。", 200))[..2900];
        var title = "長文の影響 " + Guid.NewGuid().ToString("n");

        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev3", userImpact = impact, workaround });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        var stored = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(impact, stored.GetProperty("userImpact").GetString());
        Assert.Equal(workaround, stored.GetProperty("workaround").GetString());
        await app.SettleAsync();
    }

    [Fact]
    public async Task Create_ControlCharactersThatWouldOverflowStorage_400NamingTheFieldAndNothingWritten()
    {
        var title = "制御文字 " + Guid.NewGuid().ToString("n");
        var before = await OpenCountAsync();

        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev3", userImpact = new string('\u0001', 3900), workaround = new string('\u0002', 3900) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("userImpact", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("workaround", out _));
        Assert.Equal(before, await OpenCountAsync());
        var all = await app.Client.GetFromJsonAsync<JsonElement>("api/incidents");
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == title);
    }

    [Fact]
    public async Task Create_TextOverTheLimit_400NamingTheField()
    {
        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title = "too long", severity = "sev3", workaround = new string('回', 4001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("workaround", out _));
    }

    private async Task<int> OpenCountAsync() =>
        (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").GetArrayLength();
}
