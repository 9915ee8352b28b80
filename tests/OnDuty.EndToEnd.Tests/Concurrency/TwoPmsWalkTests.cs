using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Concurrency;

/// <summary>
/// Trial walk (session 57): the duty pair 佐藤 (sato, experienced) and 田中 (tanaka, new) work a SEV2 payment incident on Monday
/// 7 December 2026 at 14:00 JST, both on the incident page on their phones, on a train with a flaky connection. They press the same
/// buttons within the same second (real parallel requests), the browser sends a form again after the connection dropped, and each
/// writes a stakeholder update at the same minute. What storage concurrency (ETags) and idempotency make of it is read where the
/// people are: the pages, the mails in smtp4dev, the Teams cards.
/// </summary>
public sealed partial class TwoPmsWalkTests() : WalkTestBase(MasterKey, Monday, Path.Combine(Path.GetTempPath(), "twopms-walk"), teams: true, dutyPair: ("sato", "tanaka"))
{
    private const string MasterKey = "e2e-twopms-walk-key";

    private const string From = "onduty@onduty.example";

    /// <summary>Monday 7 December 2026, 14:00 JST.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 14, 0, 0, TimeSpan.FromHours(9));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Teams:WebhookUrl"] = Teams.Url,
        ["Comms:Audiences:execs:Members:0"] = "ceo@onduty.example",
        ["Comms:Audiences:execs:Members:1"] = "emma",
        ["Comms:Audiences:execs:Language"] = "ja",
        ["Comms:Audiences:execs:DisplayName"] = "経営層",
        ["Comms:Audiences:execs:DisplayNameEn"] = "Executives",
        ["Comms:Audiences:support:Members:0"] = "support-leads@onduty.example",
        ["Comms:Audiences:support:Language"] = "ja",
        ["Comms:Audiences:support:DisplayName"] = "サポート",
        ["Comms:BySeverity:Sev1:0"] = "execs",
        ["Comms:BySeverity:Sev1:1"] = "support",
        ["Comms:BySeverity:Sev2:0"] = "execs",
        ["Comms:BySeverity:Sev2:1"] = "support",
    };

    /// <summary>
    /// Step 3 through the API: both post a 第2報 at the same minute, each with their own text, telling the stakeholders. Each reader
    /// must get two notices under two numbers (第2報 and 第3報), each saying one person's text: neither text is lost, no number twice,
    /// none skipped.
    /// </summary>
    [Fact]
    public async Task BothPostAnUpdateAtOnce_EachReaderGetsTwoNoticesInOrder_NeitherTextLost()
    {
        var id = await DeclareByApiAsync();
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        var cardsBefore = Teams.Requests.Count;
        await Host.AdvanceAsync(TimeSpan.FromMinutes(10));

        const string SatoText = "決済代行の応答遅延を確認しました。接続先を切り替えています。";
        const string TanakaText = "iOS アプリのカード決済のみ失敗しています。Web からの決済は利用できます。";
        var answers = await Task.WhenAll(
            PostJsonAsync($"api/incidents/{id}/updates", new { message = SatoText, by = "sato", notifyStakeholders = true }),
            PostJsonAsync($"api/incidents/{id}/updates", new { message = TanakaText, by = "tanaka", notifyStakeholders = true }));
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body));

        // Twice more in the next minutes (the timing of two requests varies: the race is run more than once).
        string[] texts = [SatoText, TanakaText, "3 回目の佐藤の更新です。", "3 回目の田中の更新です。", "4 回目の佐藤の更新です。", "4 回目の田中の更新です。"];
        for (var round = 1; round <= 2; round++)
        {
            await Host.AdvanceAsync(TimeSpan.FromMinutes(1));
            var more = await Task.WhenAll(
                PostJsonAsync($"api/incidents/{id}/updates", new { message = texts[2 * round], by = "sato" }),
                PostJsonAsync($"api/incidents/{id}/updates", new { message = texts[(2 * round) + 1], by = "tanaka" }));
            Assert.All(more, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body));
        }

        await SettleAsync();

        var mails = (await Smtp.AboutAsync(id)).ToList();
        await Walk.DumpMailsAsync("api-updates", mails);
        await File.WriteAllTextAsync(Path.Combine(Dump!, "api-updates-outbox.json"), await Host.Client.GetStringAsync("api/outbox?status=sent&max=1000"));
        foreach (var reader in new[] { "ceo@onduty.example", "support-leads@onduty.example" })
        {
            var theirs = mails.Where(m => m.To.Contains(reader, StringComparer.OrdinalIgnoreCase)).ToList();
            Assert.Equal(["第2報", "第3報", "第4報", "第5報", "第6報", "第7報"], theirs.Select(m => Number().Match(m.Subject).Value).Order(StringComparer.Ordinal));
            var read = new List<string>();
            foreach (var mail in theirs)
            {
                read.Add((await Smtp.TextAsync(mail.Id)).ReplaceLineEndings("\n"));
            }

            Assert.All(texts, t => Assert.Single(read, r => r.Contains(t, StringComparison.Ordinal)));
        }

        // Emma reads English: six as well, (update 2) to (update 7).
        var emma = mails.Where(m => m.To.Contains("emma@onduty.example", StringComparer.OrdinalIgnoreCase)).Select(m => m.Subject).ToList();
        Assert.Equal(6, emma.Count);
        Assert.Equal(6, emma.Distinct().Count());

        // The channel: one card per notice.
        var cards = Teams.Requests.Skip(cardsBefore).Select(r => WalkSteps.CardText(r.Body)).Where(c => c.Contains(id, StringComparison.Ordinal)).ToList();
        await File.WriteAllTextAsync(Path.Combine(Dump!, "api-updates-cards.txt"), string.Join("\n\n=====\n\n", cards));
        Assert.All(texts, t => Assert.Single(cards, c => c.Contains(t, StringComparison.Ordinal)));
    }

    /// <summary>
    /// Step 4: 佐藤 corrects the impact quietly (details form, 「関係者には知らせない」) while 田中's page, loaded before, still shows the
    /// old impact in its update form. 田中 only writes a message and sends. His form must not put the old impact back: 佐藤's
    /// correction stays, and the notice his update sends says the corrected impact.
    /// </summary>
    [Fact]
    public async Task QuietImpactCorrection_ThenAnUpdateFromAPageLoadedBefore_TheCorrectionIsNotUndone()
    {
        var id = await DeclareByApiAsync();
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        await Host.AdvanceAsync(TimeSpan.FromMinutes(10));

        using var sato = new PageBrowser(Host.BaseAddress);
        using var tanaka = new PageBrowser(Host.BaseAddress);
        var (_, tanakaPage) = await tanaka.GetAsync($"api/incidents/{id}/page?lang=ja");
        var (_, satoPage) = await sato.GetAsync($"api/incidents/{id}/page?lang=ja");

        const string Corrected = "iOS アプリのカード決済ができません。Android と Web は利用できます。";
        var details = AsShown(PageBrowser.FormOf(satoPage, "/page/details"));
        details["by"] = "佐藤";
        details["userImpact"] = Corrected;
        details["notify"] = "quiet";
        var (saved, savedHtml) = await sato.SubmitAsync(satoPage, "/page/details", details);
        Assert.True(saved.StatusCode == HttpStatusCode.SeeOther, savedHtml);
        Assert.Equal(Corrected, (await Walk.IncidentAsync(id)).GetProperty("userImpact").GetString());

        await Host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var update = AsShown(PageBrowser.FormOf(tanakaPage, "/page/update"));
        Assert.Equal("決済でエラーが発生しています。", update["userImpact"]); // what his page still shows
        update["by"] = "田中";
        update["message"] = "決済代行の担当者と調査しています。";
        var (posted, postedHtml) = await tanaka.SubmitAsync(tanakaPage, "/page/update", update);
        await File.WriteAllTextAsync(Path.Combine(Dump!, "stale-impact-update.html"), postedHtml);
        Assert.True(posted.StatusCode == HttpStatusCode.SeeOther, $"{(int)posted.StatusCode} {postedHtml}");

        Assert.Equal(Corrected, (await Walk.IncidentAsync(id)).GetProperty("userImpact").GetString());
        await SettleAsync();
        var second = await Smtp.AboutAsync("第2報");
        Assert.NotEmpty(second);
        var text = (await Smtp.TextAsync(second[0].Id)).ReplaceLineEndings("\n");
        await Walk.DumpMailsAsync("stale-impact-notice", second);
        Assert.Contains(Corrected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("決済でエラーが発生しています。", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Steps 1, 2, 3 (page), 5 and 6: both acknowledge and take over at once, the declare form sent three times, both send the
    /// update form at once, both resolve at once, both save the retro and add an action item at once. Whatever the order the
    /// requests land in: one holder, one incident, no notice twice, nobody's text silently dropped.
    /// </summary>
    [Fact]
    public async Task TheRestOfTheAfternoon_ParallelPresses_OneIncidentOneHolderNoNoticeTwice()
    {
        // 1. Both press 「受け付ける」 in the same second.
        var id = await DeclareByApiAsync();
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        await Host.AdvanceAsync(TimeSpan.FromMinutes(2));
        var acks = await Task.WhenAll(
            PostJsonAsync($"api/incidents/{id}/ack", new { memberId = "sato" }),
            PostJsonAsync($"api/incidents/{id}/ack", new { memberId = "tanaka" }));
        Assert.All(acks, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body));
        var incident = await Walk.IncidentAsync(id);
        var holder = incident.GetProperty("acknowledgedBy").GetString();
        Assert.Contains(holder, new[] { "sato", "tanaka" });
        Assert.Single(await TimelineAsync(id), r => r.Kind == "acknowledged");
        await SettleAsync();
        AssertNoMailTwice(await Smtp.MessagesAsync());

        // Then both press 「対応を引き継ぐ」: one holder at the end, nothing failed.
        var takeovers = await Task.WhenAll(
            PostJsonAsync($"api/incidents/{id}/takeover", new { by = "sato" }),
            PostJsonAsync($"api/incidents/{id}/takeover", new { by = "tanaka" }));
        Assert.All(takeovers, a => Assert.True((int)a.Status < 500, a.Body));
        Assert.Contains((await Walk.IncidentAsync(id)).GetProperty("acknowledgedBy").GetString(), new[] { "sato", "tanaka" });
        await SettleAsync();
        AssertNoMailTwice(await Smtp.MessagesAsync());

        // 2. A customer report: 田中 declares it on the form; the connection drops and the browser sends it again at once, and once
        // more 20 s later. One incident.
        using (var phone = new PageBrowser(Host.BaseAddress))
        {
            var (_, form) = await phone.GetAsync("api/incidents/new?lang=ja");
            var fields = new Dictionary<string, string> { ["by"] = "田中", ["title"] = "お客様から決済できないとの問い合わせ", ["severity"] = "SEV2", ["userImpact"] = "一部のお客様が決済できません。" };
            var twice = await Task.WhenAll(phone.SubmitAsync(form, "/api/incidents/new", fields), phone.SubmitAsync(form, "/api/incidents/new", fields));
            await Host.AdvanceAsync(TimeSpan.FromSeconds(20));
            var again = await phone.SubmitAsync(form, "/api/incidents/new", fields);
            var all = twice.Append(again).ToList();
            Assert.All(all, a => Assert.True(a.Response.StatusCode == HttpStatusCode.SeeOther, $"{(int)a.Response.StatusCode} {a.Html}"));
            Assert.Single(all.Select(a => a.Response.Headers.Location!.ToString().Split('?')[0]).Distinct());
            var open = (await Host.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray();
            Assert.Single(open, i => i.GetProperty("title").GetString() == "お客様から決済できないとの問い合わせ");
        }

        await SettleAsync();
        AssertNoMailTwice(await Smtp.MessagesAsync());

        // 3 (pages). Both have the page open and send the update form in the same second: one goes out; the other is told that
        // the first had just sent one, their text kept in the form, nothing sent.
        await Smtp.DeleteAllAsync();
        await Host.AdvanceAsync(TimeSpan.FromMinutes(5));
        using var sato = new PageBrowser(Host.BaseAddress);
        using var tanaka = new PageBrowser(Host.BaseAddress);
        var (_, satoPage) = await sato.GetAsync($"api/incidents/{id}/page?lang=ja");
        var (_, tanakaPage) = await tanaka.GetAsync($"api/incidents/{id}/page?lang=ja");
        await File.WriteAllTextAsync(Path.Combine(Dump!, "incident-page.html"), satoPage);
        var satoUpdate = AsShown(PageBrowser.FormOf(satoPage, "/page/update"));
        satoUpdate["by"] = "佐藤";
        satoUpdate["message"] = "接続先の切り替えを始めました。";
        var tanakaUpdate = AsShown(PageBrowser.FormOf(tanakaPage, "/page/update"));
        tanakaUpdate["by"] = "田中";
        tanakaUpdate["message"] = "問い合わせは 12 件です。";
        var pageUpdates = await Task.WhenAll(sato.SubmitAsync(satoPage, "/page/update", satoUpdate), tanaka.SubmitAsync(tanakaPage, "/page/update", tanakaUpdate));
        Assert.Single(pageUpdates, u => u.Response.StatusCode == HttpStatusCode.SeeOther);
        var refused = Assert.Single(pageUpdates, u => u.Response.StatusCode == HttpStatusCode.Conflict);
        await File.WriteAllTextAsync(Path.Combine(Dump!, "update-refused.html"), refused.Html);
        var refusedText = WebUtility.HtmlDecode(refused.Html);
        Assert.Contains("この間に", refusedText, StringComparison.Ordinal);
        var kept = refused == pageUpdates[0] ? satoUpdate["message"] : tanakaUpdate["message"];
        Assert.Contains(WebUtility.HtmlEncode(kept), refused.Html, StringComparison.Ordinal);
        await SettleAsync();
        var notices = (await Smtp.AboutAsync(id)).Where(m => m.To.Contains("ceo@onduty.example", StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.Single(notices);

        // 5. Both resolve at once (one also writing the recovery notice's text): one recovery notice per reader.
        await Smtp.DeleteAllAsync();
        await Host.AdvanceAsync(TimeSpan.FromMinutes(20));
        var resolves = await Task.WhenAll(
            PostJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "接続先を切り替え、決済は復旧しました。", by = "sato" }),
            PostJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", by = "tanaka" }));
        await File.WriteAllTextAsync(Path.Combine(Dump!, "resolves-answers.txt"), string.Join("\n\n", resolves.Select(r => $"{(int)r.Status} {r.Body}")));
        Assert.All(resolves, a => Assert.True((int)a.Status < 500, a.Body));
        Assert.Contains(resolves, r => r.Status == HttpStatusCode.OK);
        await SettleAsync();
        var recovered = (await Smtp.AboutAsync(id)).ToList();
        await Walk.DumpMailsAsync("resolves", recovered);
        AssertNoMailTwice(recovered);
        // 佐藤's words reach the readers once. A bare resolve landing second changes nothing (one 【復旧済み】); landing first, it is one
        // and 佐藤's the next (two, both told): the API applies an update without If-Match to the latest version, as documented.
        var ceo = recovered.Where(m => m.To.Contains("ceo@onduty.example", StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.InRange(ceo.Count(m => m.Subject.Contains("【復旧済み】", StringComparison.Ordinal)), 1, 2);
        var ceoTexts = new List<string>();
        foreach (var mail in ceo)
        {
            ceoTexts.Add(await Smtp.TextAsync(mail.Id));
        }

        Assert.Single(ceoTexts, t => t.Contains("接続先を切り替え、決済は復旧しました。", StringComparison.Ordinal));

        // The retro: both open it and save their notes at once; the first save wins, the other is refused (409), not overwritten.
        var retros = await Task.WhenAll(
            PutJsonAsync($"api/incidents/{id}/retro", new { summary = "佐藤のメモ: 決済代行の接続先が古かった。", by = "sato" }),
            PutJsonAsync($"api/incidents/{id}/retro", new { summary = "田中のメモ: 問い合わせ対応の手順がなかった。", by = "tanaka" }));
        await File.WriteAllTextAsync(Path.Combine(Dump!, "retros.txt"), string.Join("\n\n", retros.Select(r => $"{(int)r.Status} {r.Body}")));
        Assert.Single(retros, r => r.Status == HttpStatusCode.Created);
        var retroRefused = Assert.Single(retros, r => r.Status == HttpStatusCode.Conflict);
        Assert.Contains("saved by someone else first; their version is kept", retroRefused.Body, StringComparison.Ordinal);
        var retro = await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro");
        var etag = await RetroETagAsync(id);

        // Both add an action item from the same version at once: one saved, the other 412 with what to do, nothing overwritten.
        var summary = retro.GetProperty("summary").GetString();
        var items = await Task.WhenAll(
            PutJsonAsync($"api/incidents/{id}/retro", new { summary, by = "sato", actionItems = new[] { new { title = "接続先の設定を監視する", owner = "sato", due = "2026-12-21" } } }, etag),
            PutJsonAsync($"api/incidents/{id}/retro", new { summary, by = "tanaka", actionItems = new[] { new { title = "問い合わせ対応の手順を書く", owner = "tanaka", due = "2026-12-21" } } }, etag));
        await File.WriteAllTextAsync(Path.Combine(Dump!, "action-items.txt"), string.Join("\n\n", items.Select(r => $"{(int)r.Status} {r.Body}")));
        Assert.Single(items, r => r.Status == HttpStatusCode.OK);
        Assert.Single(items, r => r.Status == HttpStatusCode.PreconditionFailed);
    }

    private async Task<string> DeclareByApiAsync()
    {
        var created = await PostJsonAsync("api/incidents", new
        {
            title = "決済エラー", severity = "sev2", by = "sato", userImpact = "決済でエラーが発生しています。", startedAt = Monday.AddMinutes(-5),
        });
        Assert.True(created.Status == HttpStatusCode.Created, created.Body);
        return JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<(HttpStatusCode Status, string Body)> PostJsonAsync(string path, object body)
    {
        using var response = await Host.Client.PostAsJsonAsync(path, body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, string Body)> PutJsonAsync(string path, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await Host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> RetroETagAsync(string id)
    {
        using var response = await Host.Client.GetAsync($"api/incidents/{id}/retro");
        return response.Headers.GetValues("ETag").Single();
    }

    private async Task<List<(string Kind, string? By)>> TimelineAsync(string id) =>
        [.. (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray()
            .Select(r => (r.GetProperty("kind").GetString()!, r.TryGetProperty("by", out var by) ? by.GetString() : null))];

    private static void AssertNoMailTwice(IEnumerable<ReceivedEmail> mails) =>
        Assert.All(mails.Where(m => !m.To.Contains(From, StringComparer.OrdinalIgnoreCase)).GroupBy(m => string.Join(",", m.To.Order(StringComparer.OrdinalIgnoreCase)) + "|" + m.Subject), g => Assert.Single(g));

    /// <summary>A form's visible fields as a browser posts them (its hidden ones go with <see cref="PageBrowser.SubmitAsync"/>).</summary>
    private static Dictionary<string, string> AsShown(string form)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in TextareaField().Matches(form))
        {
            fields[m.Groups[1].Value] = WebUtility.HtmlDecode(m.Groups[2].Value);
        }

        foreach (Match m in InputField().Matches(form))
        {
            fields[m.Groups[1].Value] = WebUtility.HtmlDecode(m.Groups[2].Value);
        }

        foreach (Match m in CheckedField().Matches(form))
        {
            fields[m.Groups[1].Value] = WebUtility.HtmlDecode(m.Groups[2].Value);
        }

        foreach (Match m in SelectField().Matches(form))
        {
            if (SelectedOption().Match(m.Groups[2].Value) is { Success: true } selected)
            {
                fields[m.Groups[1].Value] = WebUtility.HtmlDecode(selected.Groups[1].Value);
            }
        }

        return fields;
    }

    [GeneratedRegex("第[0-9]+報")]
    private static partial Regex Number();

    [GeneratedRegex("<textarea id=\"[^\"]*\" name=\"([^\"]+)\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextareaField();

    [GeneratedRegex("<input type=\"(?:text|url|datetime-local)\"[^>]* name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex InputField();

    [GeneratedRegex("<input type=\"(?:radio|checkbox)\"[^>]* name=\"([^\"]+)\" value=\"([^\"]*)\"[^>]* checked")]
    private static partial Regex CheckedField();

    [GeneratedRegex("<select [^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectField();

    [GeneratedRegex("<option value=\"([^\"]*)\" selected")]
    private static partial Regex SelectedOption();
}
