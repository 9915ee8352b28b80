using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// Trial 37 M6: a second rotation (release or maintenance duty) mailed its members a link to the duty page, which showed only
/// the paging rotation. Its page is <c>/api/status/duty?rotation={id}</c>: its own shifts, forms that change it (not the paging
/// rotation) and come back to it, links between the rotations' pages; an unknown rotation is a 404 that says so. Its own app:
/// it adds a rotation other pages would link.
/// </summary>
public sealed class OtherRotationDutyPageTests(OnDutyAppFixture app) : IClassFixture<OnDutyAppFixture>
{
    [Fact]
    public async Task SecondRotation_ItsOwnPage_FormsChangeItAndComeBack_PagesLinkEachOther_UnknownIs404()
    {
        using var created = await app.Client.PutAsync("api/rotations/release-duty", new StringContent(
            """{"name":"Release duty","nameJa":"リリース当番","startDate":"2026-11-02","members":["yamada","sato","emma"],"peoplePerShift":1}""", Encoding.UTF8, "application/json"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var shift = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/release-duty/schedule?weeks=3")).GetProperty("shifts")[2];
        var week = shift.GetProperty("week").GetString()!;
        var onDuty = shift.GetProperty("members")[0].GetProperty("id").GetString()!;
        var replacement = new[] { "yamada", "sato", "emma" }.First(m => m != onDuty);

        using var browser = new PageBrowser(app.BaseAddress);
        var (shown, html) = await browser.GetAsync("api/status/duty?lang=ja&rotation=release-duty");

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("<title>当番表（リリース当番）</title>", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/status/duty/replace?lang=ja&amp;rotation=release-duty\"", html, StringComparison.Ordinal);
        Assert.Contains("<span> · </span>ほかの当番表：<a href=\"/api/status/duty?lang=ja\" class=\"rotation-link\">障害当番</a><span>、</span><a href=\"/api/status/duty?lang=ja&amp;rotation=maintenance-client\"", html, StringComparison.Ordinal);
        Assert.Contains($"<li id=\"s-{week}\"", html, StringComparison.Ordinal);
        var (_, paging) = await browser.GetAsync("api/status/duty?lang=ja");
        Assert.Contains("<title>当番表（障害当番）</title>", paging, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/status/duty?lang=ja&amp;rotation=release-duty\" class=\"rotation-link\">リリース当番</a></nav>", paging, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/status/duty/replace?lang=ja\"", paging, StringComparison.Ordinal);

        var (replaced, _) = await browser.SubmitAsync(html, "/api/status/duty/replace", new Dictionary<string, string>
        {
            ["by"] = "佐藤 花子", ["week"] = week, ["memberId"] = onDuty, ["replacementId"] = replacement, ["reason"] = "リリース作業の都合",
        });

        Assert.Equal(HttpStatusCode.SeeOther, replaced.StatusCode);
        Assert.StartsWith("/api/status/duty?lang=ja&done=replaced&rotation=release-duty", replaced.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var change = Assert.Single((await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/release-duty/overrides")).GetProperty("items").EnumerateArray());
        Assert.Equal((week, onDuty, replacement, "リリース作業の都合"),
            (change.GetProperty("week").GetString(), change.GetProperty("memberId").GetString(), change.GetProperty("replacementId").GetString(), change.GetProperty("reason").GetString()));
        Assert.DoesNotContain((await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/overrides")).GetProperty("items").EnumerateArray(),
            c => c.GetProperty("reason").GetString() == "リリース作業の都合");
        var (_, after) = await browser.GetAsync(replaced.Headers.Location.OriginalString);
        Assert.Contains("<title>当番表（リリース当番）</title>", after, StringComparison.Ordinal);
        Assert.Contains("<p class=\"done\" role=\"status\" id=\"done\">", after, StringComparison.Ordinal);

        var (unknown, missing) = await browser.GetAsync("api/status/duty?lang=ja&rotation=no-such-rotation");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("ローテーション「no-such-rotation」はありません。", missing, StringComparison.Ordinal);
        var (posted, _) = await browser.SubmitAsync(html.Replace("rotation=release-duty", "rotation=gone-rotation", StringComparison.Ordinal), "/api/status/duty/replace",
            new Dictionary<string, string> { ["by"] = "佐藤 花子", ["week"] = week, ["memberId"] = onDuty, ["replacementId"] = replacement });
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Single((await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/release-duty/overrides")).GetProperty("items").EnumerateArray());
    }
}
