using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// Session 56, after the correction walk (<see cref="CorrectionWalkTests"/>): 佐藤's 第2報 says every user cannot pay; only iOS card
/// payments fail. She fixes the impact on the incident page's update form and ticks 「前回の報告の訂正として送る」: the executives read
/// 【訂正】 and what they were told beside what is right, Emma the English one; asking to correct again with nothing changed is refused.
/// What each reader gets is read in smtp4dev.
/// </summary>
public sealed class UpdateCorrectionWalkTests() : WalkTestBase(MasterKey, Declared)
{
    private const string MasterKey = "e2e-update-correction-key";

    private const string From = "onduty@onduty.example";

    /// <summary>Monday 7 December 2026, 13:10 JST: she declares it.</summary>
    private static readonly DateTimeOffset Declared = new(2026, 12, 7, 13, 10, 0, TimeSpan.FromHours(9));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Comms:Audiences:execs:Members:0"] = "ceo@onduty.example",
        ["Comms:Audiences:execs:Members:1"] = "emma",
        ["Comms:Audiences:execs:Language"] = "ja",
        ["Comms:Audiences:execs:DisplayName"] = "経営層",
        ["Comms:Audiences:execs:DisplayNameEn"] = "Executives",
        ["Comms:BySeverity:Sev1:0"] = "execs",
        ["Comms:BySeverity:Sev2:0"] = "execs",
    };

    [Fact]
    public async Task Walk_WrongImpactInTheSecondNotice_CorrectedFromTheUpdateForm_ReadersReadWhatTheyWereToldAndWhatIsRight()
    {
        var id = await PostAsync("api/incidents", new { title = "決済エラー", severity = "sev2", by = "sato", userImpact = "決済でエラーが発生しています。" }, HttpStatusCode.Created);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(45));
        await PostAsync($"api/incidents/{id}/updates", new { message = "決済代行への接続を調査しています。", userImpact = "全ユーザーが決済できません。", by = "sato" }, HttpStatusCode.OK);
        await SettleAsync();
        Assert.Single(await Smtp.AboutAsync("第2報"));

        // 14:05: the update form, with the checkbox.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(10));
        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("前回の報告の訂正として送る", page, StringComparison.Ordinal);
        Assert.Contains("name=\"correction\" value=\"true\"", page, StringComparison.Ordinal);
        var (posted, said) = await browser.SubmitAsync(page, "/page/update", new Dictionary<string, string>
        {
            ["by"] = "sato", ["status"] = "investigating", ["severity"] = "SEV2", ["userImpact"] = "iOSアプリのカード決済のみ失敗しています。",
            ["message"] = "第2報の影響範囲に誤りがありました。", ["correction"] = "true",
        });
        Assert.True(posted.StatusCode == HttpStatusCode.SeeOther, said);
        await SettleAsync();

        var third = Assert.Single(await Smtp.AboutAsync("第3報"));
        Assert.Equal($"【訂正】【障害・調査中】{id} 決済エラー（第3報）", third.Subject);
        Assert.Equal(["ceo@onduty.example"], Readers([third]));
        var ja = (await Smtp.TextAsync(third.Id)).ReplaceLineEndings("\n");
        Assert.StartsWith(
            "第3報（SEV2・調査中）：第2報の内容を訂正します。\n"
            + "第2報で影響範囲を『全ユーザーが決済できません』とお伝えしましたが、正しくは『iOSアプリのカード決済のみ失敗しています』です。お詫びして訂正いたします。\n",
            ja, StringComparison.Ordinal);
        Assert.DoesNotContain("影響範囲を更新しました。", ja, StringComparison.Ordinal);
        var english = Assert.Single(await Smtp.AboutAsync("[Correction]"));
        Assert.Equal(["emma@onduty.example"], Readers([english]));
        Assert.Equal($"[Correction] [Incident · Investigating] {id}: 決済エラー (update 3)", english.Subject);
        Assert.Contains(
            "In update 2 we said the impact was “全ユーザーが決済できません”; it is “iOSアプリのカード決済のみ失敗しています”. We apologise for the error.",
            await Smtp.TextAsync(english.Id), StringComparison.Ordinal);

        // Nothing told differs now: refused naming correction, in Japanese for a Japanese caller; nothing sent.
        using (var again = new HttpRequestMessage(HttpMethod.Post, $"api/incidents/{id}/updates")
        {
            Content = JsonContent.Create(new { message = "念のため再送します。", correction = true, by = "sato" }),
        })
        {
            again.Headers.AcceptLanguage.ParseAdd("ja");
            using var refused = await Host.Client.SendAsync(again);
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, problem);
            using var json = JsonDocument.Parse(problem);
            Assert.StartsWith("訂正する内容がありません。", json.RootElement.GetProperty("errors").GetProperty("correction")[0].GetString(), StringComparison.Ordinal);
            Assert.Equal("nothingToCorrect", json.RootElement.GetProperty("code").GetString());
        }

        var count = (await Smtp.MessagesAsync()).Count;
        await SettleAsync();
        Assert.Equal(count, (await Smtp.MessagesAsync()).Count);
        Assert.Equal(3, (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("stakeholderNotices").GetInt32());

        // The incident page's row and the 障害の状況 view say it was a correction, and what it put right.
        (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("第3報を関係者（経営層）に送信（第2報の訂正）", page, StringComparison.Ordinal);
        var (_, overview) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja&for=execs");
        overview = WebUtility.HtmlDecode(overview);
        Assert.Contains("第3報（SEV2・調査中）：第2報の内容を訂正します。", overview, StringComparison.Ordinal);
        Assert.Contains("第2報で影響範囲を『全ユーザーが決済できません』とお伝えしましたが、正しくは『iOSアプリのカード決済のみ失敗しています』です。", overview, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "update-correction-page.html"), page);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "update-correction-overview.html"), overview);
    }

    private Task<string> PostAsync(string path, object body, HttpStatusCode expected) => Walk.PostAsync(path, body, expected);

    private static List<string> Readers(IEnumerable<ReceivedEmail> mails) => WalkSteps.Readers(mails, From);
}
