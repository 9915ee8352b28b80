using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Retros;

/// <summary>
/// The lead's list of open action items (trial 37 M4), through the real host on its own clock: a retro written on Mon 2 Nov 2026
/// (Tokyo) with items of a member who stays and of one whose last day is Thu 5 Nov, read on Mon 9 Nov.
/// </summary>
public sealed class ActionItemListTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-action-items-key";

    /// <summary>Mon 2 Nov 2026 10:00 in Tokyo.</summary>
    private static readonly DateTimeOffset November = new(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(9));

    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

    public async Task InitializeAsync() => _app = await OwnApp.StartAsync(MasterKey, November, smtp: false);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ListActionItems_Open_OverdueFirstThenByDueDate_OwnerWhoLeftFlagged_DoneLeftOut()
    {
        var id = await SeedAsync();
        using var response = await Host.Client.GetAsync("api/action-items?status=open");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var rows = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Select(i => string.Join("|",
            i.GetProperty("incidentId").GetString(), i.GetProperty("incidentTitle").GetString(), i.GetProperty("title").GetString(), i.GetProperty("owner").GetString(),
            i.GetProperty("ownerLeft").GetBoolean(), i.GetProperty("due").ValueKind == JsonValueKind.Null ? "-" : i.GetProperty("due").GetString(),
            i.GetProperty("overdue").GetBoolean(), i.GetProperty("retro").GetString())).ToList();
        var retro = $"/api/incidents/{id}/retro/page";
        Assert.Equal(
        [
            $"{id}|<b>決済</b>が遅い|Runbook を更新|木村 大輔|False|2026-11-04|True|{retro}",
            $"{id}|<b>決済</b>が遅い|<script>alert(1)</script> 手順書を直す|<b>退職</b> 予定|True|2026-11-06|True|{retro}",
            $"{id}|<b>決済</b>が遅い|監視を追加|木村 大輔|False|2026-11-20|False|{retro}",
            $"{id}|<b>決済</b>が遅い|閾値を見直す|木村 大輔|False|-|False|{retro}",
        ], rows);
    }

    /// <summary>
    /// The page lists the same rows in the same order, every user text HTML-encoded, the owner who left flagged 「チームを離れました」, each
    /// row linking to its retro; the retro page's navigation links to it.
    /// </summary>
    [Fact]
    public async Task ActionItemsPage_Ja_RowsOverdueFirstEncodedOwnerWhoLeftFlagged_LinkedFromTheRetroPage()
    {
        var id = await SeedAsync();

        using var response = await Host.Client.GetAsync("api/action-items/page?lang=ja");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = $"<a href=\"/api/incidents/{id}/retro/page?lang=ja\">{id} &lt;b&gt;決済&lt;/b&gt;が遅い</a>";
        var rows = html[html.IndexOf("<tbody>", StringComparison.Ordinal)..html.IndexOf("</tbody>", StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(
        [
            $"<tr><td data-label=\"期限\" class=\"overdue\">2026年11月4日(水) 期限切れ</td><td>Runbook を更新</td><td data-label=\"担当\">木村 大輔</td><td data-label=\"振り返り\">{link}</td></tr>",
            $"<tr><td data-label=\"期限\" class=\"overdue\">2026年11月6日(金) 期限切れ</td><td>&lt;script&gt;alert(1)&lt;/script&gt; 手順書を直す</td><td data-label=\"担当\">&lt;b&gt;退職&lt;/b&gt; 予定 <span class=\"left\">チームを離れました</span></td><td data-label=\"振り返り\">{link}</td></tr>",
            $"<tr><td data-label=\"期限\">2026年11月20日(金)</td><td>監視を追加</td><td data-label=\"担当\">木村 大輔</td><td data-label=\"振り返り\">{link}</td></tr>",
        ], rows);
        // Without a due date: in its own section (session 48), not at the table's foot as if least urgent.
        var undated = html[html.IndexOf("<h2 id=\"h-undated\">", StringComparison.Ordinal)..];
        Assert.StartsWith("<h2 id=\"h-undated\">期限なし</h2>\n<p class=\"meta\">期限が決まっていないアクションアイテムです。振り返りページで期限を設定してください（期限のないものは、振り返りの保存から14日後に担当者へ一度お知らせします）。</p>", undated, StringComparison.Ordinal);
        Assert.Contains($"<tbody>\n<tr><td>閾値を見直す</td><td data-label=\"担当\">木村 大輔</td><td data-label=\"振り返り\">{link}</td></tr>\n</tbody>", undated, StringComparison.Ordinal);
        Assert.Contains("<p class=\"meta\" id=\"scope\">すべての振り返りから4件。期限切れを先に、期限の近い順に並べています。</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("直近", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);

        var retro = await Host.Client.GetStringAsync($"api/incidents/{id}/retro/page?lang=ja");
        Assert.Contains("<a href=\"/api/action-items/page?lang=ja\" id=\"action-items-link\">未完了のアクションアイテム</a>", retro, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 39: the list reads the action-item index, so a retro of an incident resolved long before the reminders' window
    /// (<c>Retros__LookBackDays</c>, 120) is still listed — here read 200 days after it resolved — and the page no longer says
    /// it covers the last 120 days.
    /// </summary>
    [Fact]
    public async Task ListActionItems_RetroOfAnIncidentResolvedLongAgo_StillListed()
    {
        var id = await SeedAsync();
        using (var resolved = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "fixed", by = "kimura" }))
        {
            Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
        }

        await Host.AdvanceAsync(TimeSpan.FromDays(200));
        using var response = await Host.Client.GetAsync("api/action-items?status=open");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["Runbook を更新", "<script>alert(1)</script> 手順書を直す", "監視を追加", "閾値を見直す"],
            JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        var page = await Host.Client.GetStringAsync("api/action-items/page?lang=en");
        Assert.Contains("<p class=\"meta\" id=\"scope\">4 open, from every retro. Overdue first, then by due date.</p>", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 39: the index row follows the incident. Renamed after its retro was saved, the list and the page name it by its new
    /// title; merged into another incident as a duplicate, its items stay listed (API <c>mergedInto</c>, <c>mergedIntoRetro</c>; the page
    /// 「INC-… に統合済み」 linking that incident's retro) under the duplicate's retro, where they are edited.
    /// </summary>
    [Fact]
    public async Task ListActionItems_IncidentRenamedThenMergedIntoAnother_NewTitleAndWhereItWasMerged()
    {
        var id = await SeedAsync();
        using (var renamed = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { message = "件名を直しました", title = "決済 API のタイムアウト", by = "kimura" }))
        {
            Assert.True(renamed.IsSuccessStatusCode, await renamed.Content.ReadAsStringAsync());
        }

        var keep = await DeclareAsync("決済障害");
        using (var merged = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/merge", new { into = keep, by = "kimura" }))
        {
            Assert.True(merged.IsSuccessStatusCode, await merged.Content.ReadAsStringAsync());
        }

        using var response = await Host.Client.GetAsync("api/action-items?status=open");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(4, items.Count);
        Assert.All(items, i => Assert.Equal(
            $"{id}|決済 API のタイムアウト|{keep}|/api/incidents/{keep}/retro/page",
            $"{i.GetProperty("incidentId").GetString()}|{i.GetProperty("incidentTitle").GetString()}|{i.GetProperty("mergedInto").GetString()}|{i.GetProperty("mergedIntoRetro").GetString()}"));

        var page = await Host.Client.GetStringAsync("api/action-items/page?lang=ja");
        Assert.Contains(
            $"<a href=\"/api/incidents/{id}/retro/page?lang=ja\">{id} 決済 API のタイムアウト</a><br><a class=\"merged\" href=\"/api/incidents/{keep}/retro/page?lang=ja\">{keep} に統合済み</a></td></tr>",
            page, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;b&gt;決済&lt;/b&gt;が遅い", page, StringComparison.Ordinal);
        var en = await Host.Client.GetStringAsync("api/action-items/page?lang=en");
        Assert.Contains($"<a class=\"merged\" href=\"/api/incidents/{keep}/retro/page?lang=en\">Merged into {keep}</a>", en, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task ListActionItems_WithoutTheKey_Is401(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/action-items?status=open");
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await Host.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ListActionItems_StatusDone_400ProblemNamingStatus()
    {
        using var response = await Host.Client.GetAsync("api/action-items?status=done");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("status", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Two members (one leaving Thu 5 Nov), an incident and its retro of five items written Mon 2 Nov; then Mon 9 Nov.</summary>
    private async Task<string> SeedAsync()
    {
        await PostAsync("api/members", new { id = "kimura", displayName = "木村 大輔", email = "kimura@onduty.example", language = "ja", joinedOn = "2020-04-01" });
        await PostAsync("api/members", new { id = "leaver", displayName = "<b>退職</b> 予定", email = "leaver@onduty.example", language = "ja", joinedOn = "2020-04-01", leavesOn = "2026-11-05" });
        var id = await DeclareAsync("<b>決済</b>が遅い");
        using (var saved = await Host.Client.PutAsJsonAsync($"api/incidents/{id}/retro", new
        {
            summary = "s",
            by = "kimura",
            actionItems = new object[]
            {
                new { title = "<script>alert(1)</script> 手順書を直す", owner = "leaver", due = "2026-11-06" },
                new { title = "監視を追加", owner = "kimura", due = "2026-11-20" },
                new { title = "閾値を見直す", owner = "kimura" },
                new { title = "済み", owner = "kimura", due = "2026-11-03", status = "done" },
                new { title = "Runbook を更新", owner = "kimura", due = "2026-11-04" },
            },
        }))
        {
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }

        await Host.AdvanceAsync(new DateTimeOffset(2026, 11, 9, 10, 0, 0, TimeSpan.FromHours(9)) - Host.Time.GetUtcNow());
        return id;
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await Host.Client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> DeclareAsync(string title)
    {
        using var created = await Host.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev3" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
