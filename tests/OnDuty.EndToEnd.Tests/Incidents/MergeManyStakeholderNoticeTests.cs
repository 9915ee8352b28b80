using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// A storm's duplicates merged into the cause with one request (<c>POST /api/incidents/{id}/merge-many</c>) on the real app and
/// smtp4dev, with two audiences: the executives (ja) told of SEV2, support (en) of SEV2 and SEV3. Each audience gets one 統合 mail
/// naming the duplicates it was told about — the executives not the SEV3 support alone heard of, nobody the SEV4 no audience heard
/// of —, no duplicate sends its own 【統合】 notice, and the request repeated sends nothing more (trial 51: nine mails an audience).
/// </summary>
public sealed class MergeManyStakeholderNoticeTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-mergenotice-key";

    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(3), new Dictionary<string, string?>
        {
            ["Comms:Audiences:execs:Members:0"] = "ceo@execs.example",
            ["Comms:Audiences:execs:Language"] = "ja",
            ["Comms:Audiences:support:Members:0"] = "lead@support.example",
            ["Comms:Audiences:support:Language"] = "en",
            ["Comms:BySeverity:Sev2:0"] = "execs",
            ["Comms:BySeverity:Sev2:1"] = "support",
            ["Comms:BySeverity:Sev3:0"] = "support",
        });

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task MergeMany_EachAudienceGetsOneMail_NamingTheDuplicatesItWasToldOf_AndARepeatSendsNothing()
    {
        var cause = await DeclareAsync("決済の主系 DB が停止", "sev2");
        var api = await DeclareAsync("API が 500 を返す", "sev2");
        var web = await DeclareAsync("Web が遅い", "sev2");
        var batch = await DeclareAsync("バッチが遅延", "sev3");
        var quiet = await DeclareAsync("管理画面の表示崩れ", "sev4");
        await SettleAsync();
        var before = (await _app.Smtp!.MessagesAsync()).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);

        using var response = await Host.Client.PostAsJsonAsync($"api/incidents/{cause}/merge-many", new { ids = new[] { api, web, batch, quiet }, by = "sato" });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal([api, web, batch, quiet], (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("merged").EnumerateArray().Select(e => e.GetString()));
        await SettleAsync();
        var mails = (await _app.Smtp.MessagesAsync()).Where(m => !before.Contains(m.Id)).ToList();
        // No duplicate's own 統合 notice (「【統合】{id} …（第2報）」) nor its own mail to those paged (「【SEV2 統合】{id} …」).
        Assert.DoesNotContain(mails, m => new[] { api, web, batch, quiet }.Any(d => m.Subject.Contains($"統合】{d} ", StringComparison.Ordinal) || m.Subject.Contains($"merged] {d}:", StringComparison.Ordinal)));

        var execs = Assert.Single(mails, m => m.To.Contains("ceo@execs.example", StringComparer.OrdinalIgnoreCase));
        Assert.Equal($"【統合】{cause} 決済の主系 DB が停止（障害2件を統合）", execs.Subject);
        var execsText = (await _app.Smtp.TextAsync(execs.Id)).ReplaceLineEndings("\n");
        Assert.Contains($"次の障害は {cause}（決済の主系 DB が停止）と同一の障害であることがわかったため、{cause} に統合しました。\n\n{api}（API が 500 を返す）\n{web}（Web が遅い）\n\n以降の続報は {cause} でお知らせします。", execsText, StringComparison.Ordinal);
        Assert.DoesNotContain(batch, execsText, StringComparison.Ordinal);
        Assert.DoesNotContain(quiet, execsText, StringComparison.Ordinal);

        var support = Assert.Single(mails, m => m.To.Contains("lead@support.example", StringComparer.OrdinalIgnoreCase));
        Assert.Equal($"[Merged] {cause}: 決済の主系 DB が停止 (3 incidents merged into it)", support.Subject);
        var supportText = await _app.Smtp.TextAsync(support.Id);
        Assert.Contains($"{batch} (バッチが遅延)", supportText, StringComparison.Ordinal);
        Assert.Contains($"{api} (API が 500 を返す)", supportText, StringComparison.Ordinal);
        Assert.DoesNotContain(quiet, supportText, StringComparison.Ordinal);

        // The request again (a retry): nothing more to anyone.
        var sent = (await _app.Smtp.MessagesAsync()).Count;
        using var again = await Host.Client.PostAsJsonAsync($"api/incidents/{cause}/merge-many", new { ids = new[] { api, web, batch, quiet }, by = "sato" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await SettleAsync();
        Assert.Equal(sent, (await _app.Smtp.MessagesAsync()).Count);
    }

    private Task SettleAsync() => Host.SettleAsync(async () => (await _app.Smtp!.MessagesAsync()).Count);

    private async Task<string> DeclareAsync(string title, string severity)
    {
        using var created = await Host.Client.PostAsJsonAsync("api/incidents", new { title, severity, by = "ito" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
