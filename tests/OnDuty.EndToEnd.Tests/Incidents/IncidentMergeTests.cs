using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Merging a duplicate incident through the real host on Azurite: <c>POST /api/incidents/{id}/merge</c> and the incident page's
/// merge form. The duplicate's alert groups and alerts move; what monitoring sends afterwards lands on the incident merged into.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class IncidentMergeTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task AzureMonitorIncidentMergedIntoAnAlertmanagerOne_BothSourcesLandThere_AndItResolvesWhenBothResolve()
    {
        // Past the sibling window of what the shared app's other tests opened at its frozen instant (deliveries refused on purpose
        // open incidents too): the pair below are then the ones opened alongside each other, as in the trial.
        await app.AdvanceAsync(OnDuty.Core.Messages.IncidentWorkPageNotice.SiblingWindow + TimeSpan.FromMinutes(1));
        var alertmanager = AlertIntakeTests.NewAlertmanagerGroup("merge");
        var azure = AlertIntakeTests.OwnKey("azure-monitor", AlertIntakeTests.Read("azure-monitor-metric-fired.json"), Guid.NewGuid().ToString("n"));
        var keep = (await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", alertmanager)).GetProperty("incidentId").GetString()!;
        var duplicate = (await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", azure)).GetProperty("incidentId").GetString()!;
        Assert.NotEqual(keep, duplicate);

        // Trial day 33, M7: two sources never group; the page's merge form names the other source's incident opened alongside.
        using (var browser = new PageBrowser(app.BaseAddress))
        {
            var (_, page) = await browser.GetAsync($"api/incidents/{duplicate}/page?lang=ja");
            var hint = page[page.IndexOf("ほかに対応中の障害：", StringComparison.Ordinal)..];
            Assert.Contains($"{keep}（ほぼ同時、Alertmanager 連携）", hint[..hint.IndexOf("</small>", StringComparison.Ordinal)], StringComparison.Ordinal);
            // Trial 39 M1: and at the top, above the facts, newest first, with a link down to the merge form.
            var at = page.IndexOf("<p role=\"status\" id=\"other-open\"", StringComparison.Ordinal);
            Assert.True(at > 0 && at < page.IndexOf("<dl id=\"facts\">", StringComparison.Ordinal), page);
            var top = page[page.IndexOf('>', at)..page.IndexOf("</p>", at, StringComparison.Ordinal)];
            Assert.StartsWith($">対応中の障害がほかにあります：{keep} ", top, StringComparison.Ordinal);
            Assert.EndsWith("同じ障害なら、このページの統合フォームから統合できます。 <a href=\"#h-merge\" id=\"other-open-link\">統合フォームへ</a>", top, StringComparison.Ordinal);
            Assert.Contains("<h2 id=\"h-merge\">", page, StringComparison.Ordinal);
        }

        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{duplicate}/merge", new { into = keep, by = "sato" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/api/incidents/{keep}", response.Headers.Location?.OriginalString);
        Assert.Equal(keep, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        var merged = await IncidentAsync(keep);
        Assert.Equal([duplicate], merged.GetProperty("mergedIncidents").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("azure-monitor", merged.GetProperty("mergedGroups")[0].GetProperty("source").GetString());
        var alertCount = merged.GetProperty("alerts").GetArrayLength();
        Assert.True(alertCount >= 2, $"both incidents' alerts are tracked on {keep}: {alertCount}");
        var gone = await IncidentAsync(duplicate);
        Assert.Equal(("resolved", keep), (gone.GetProperty("incident").GetProperty("status").GetString(), gone.GetProperty("incident").GetProperty("mergedInto").GetString()));
        Assert.Contains(gone.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("message").GetString() == $"merged into {keep}");
        var open = (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Contains(keep, open);
        Assert.DoesNotContain(duplicate, open);

        // Azure Monitor's resolve lands on the incident merged into (still open: Alertmanager's alert fires); Alertmanager's resolves it.
        var azureResolved = await AlertIntakeTests.PostAcceptedAsync(app.Client, "azure-monitor", AlertIntakeTests.ResolvedOf("azure-monitor", azure));
        Assert.Equal(keep, azureResolved.GetProperty("incidentId").GetString());
        Assert.Equal("investigating", (await IncidentAsync(keep)).GetProperty("incident").GetProperty("status").GetString());
        var last = await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", alertmanager));
        Assert.Equal(("resolved", keep), (last.GetProperty("outcome").GetString(), last.GetProperty("incidentId").GetString()));
    }

    [Fact]
    public async Task RefusedMerges_ProblemDetailsAndNothingChanged()
    {
        var open = await CreateAsync("Merge target");
        var resolved = await CreateAsync("Already fixed");
        (await app.Client.PostAsJsonAsync($"api/incidents/{resolved}/updates", new { status = "resolved", message = "fixed", by = "ito" })).EnsureSuccessStatusCode();

        using var itself = await app.Client.PostAsJsonAsync($"api/incidents/{open}/merge", new { into = open });
        using var missing = await app.Client.PostAsJsonAsync($"api/incidents/{open}/merge", new { into = "INC-2099-9999" });
        using var none = await app.Client.PostAsJsonAsync($"api/incidents/{open}/merge", new { by = "ito" });
        using var intoResolved = await app.Client.PostAsJsonAsync($"api/incidents/{open}/merge", new { into = resolved });
        using var unknown = await app.Client.PostAsJsonAsync("api/incidents/INC-2099-9998/merge", new { into = open });
        using var malformed = await app.Client.PostAsync($"api/incidents/{open}/merge", new StringContent("{\"into\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Conflict, HttpStatusCode.NotFound, HttpStatusCode.BadRequest],
            new[] { itself, missing, none, intoResolved, unknown, malformed }.Select(r => r.StatusCode));
        Assert.All(new[] { itself, missing, none, intoResolved, unknown, malformed }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Contains("is resolved: reopen it first", (await intoResolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var stillOpen = await IncidentAsync(open);
        Assert.Equal("investigating", stillOpen.GetProperty("incident").GetProperty("status").GetString());
        Assert.Empty(stillOpen.GetProperty("mergedIncidents").EnumerateArray());
        Assert.DoesNotContain(stillOpen.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "merged");
    }

    [Fact]
    public async Task DeclareFormListsWhatIsOpen_AndTheIncidentPagesMergeForm_SaysWhatIsWrongInJapanese_ThenMerges()
    {
        // Detected after whatever other tests left open on the shared app, so the form's newest ten include them.
        await app.AdvanceAsync(TimeSpan.FromSeconds(1));
        var keep = await CreateAsync("決済が失敗する");
        var duplicate = await CreateAsync("決済できない <b>重複</b>");
        using var browser = new PageBrowser(app.BaseAddress);

        // The declare form lists what is open, newest first, so the second PM could have seen the first one's incident.
        var (_, form) = await browser.GetAsync("api/incidents/new?lang=ja");
        Assert.Contains("対応中の障害", form);
        Assert.Contains($"<a href=\"/api/incidents/{keep}/page?lang=ja\">{keep}</a> <b>SEV4</b> 決済が失敗する", form);
        Assert.Contains("決済できない &lt;b&gt;重複&lt;/b&gt;", form);

        var (_, page) = await browser.GetAsync($"api/incidents/{duplicate}/page?lang=ja");
        Assert.Contains("重複した障害を別の障害に統合する", page);
        Assert.Contains($"<option value=\"{keep}\">SEV4 決済が失敗する</option>", page); // offered as the merge's choice
        Assert.DoesNotContain($"<option value=\"{duplicate}\">", page);

        var (refused, again) = await browser.SubmitAsync(page, "/page/merge", new Dictionary<string, string> { ["by"] = "佐藤", ["into"] = "INC-2099-9999" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("INC-2099-9999 という障害はありません。", again);
        Assert.Equal("investigating", (await IncidentAsync(duplicate)).GetProperty("incident").GetProperty("status").GetString());

        var (merged, _) = await browser.SubmitAsync(again, "/page/merge", new Dictionary<string, string> { ["by"] = "佐藤", ["into"] = keep.ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.SeeOther, merged.StatusCode);
        Assert.StartsWith($"/api/incidents/{keep}/page", merged.Headers.Location!.OriginalString);
        var (_, target) = await browser.GetAsync(merged.Headers.Location!.OriginalString);
        Assert.Contains("統合しました。重複していた障害に監視から届いたアラートは、この障害に移りました。", target);
        Assert.DoesNotContain("アラートグループ", target); // the page's reader is a PM: no internal term (trial 50)
        Assert.Contains($"{duplicate}（決済できない &lt;b&gt;重複&lt;/b&gt;）をこの障害に統合しました", target);
        Assert.Contains($"<dt>統合した障害</dt><dd><a href=\"/api/incidents/{duplicate}/page?lang=ja\">{duplicate}</a></dd>", target);
        var (_, gone) = await browser.GetAsync($"api/incidents/{duplicate}/page?lang=ja");
        Assert.Contains($"{keep} に統合しました", gone);
        Assert.Contains($"<dt>統合先</dt><dd><a href=\"/api/incidents/{keep}/page?lang=ja\">{keep}</a></dd>", gone);
        Assert.DoesNotContain("id=\"form-merge\"", gone);
        Assert.Equal(keep, (await IncidentAsync(duplicate)).GetProperty("incident").GetProperty("mergedInto").GetString());

        // The retro of the incident merged into starts from both timelines, in time order; the duplicate's lines say so.
        var retro = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{keep}/retro");
        var lines = retro.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(lines, l => l.TryGetProperty("incident", out var from) && from.GetString() == duplicate && l.GetProperty("kind").GetString() == "opened");
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "merged");
        Assert.Equal(lines.Select(l => l.GetProperty("at").GetDateTimeOffset()).Order(), lines.Select(l => l.GetProperty("at").GetDateTimeOffset()));
        var (_, retroPage) = await browser.GetAsync($"api/incidents/{keep}/retro/page?lang=ja");
        Assert.Contains($"{duplicate}: {keep} に統合しました", retroPage);
        Assert.Contains("<legend>統合 — 佐藤</legend>", retroPage); // the merge, not a recovery (trial 39, L2)

        // Saved as a browser posts the Japanese form, the duplicate's lines stay its OnDuty lines: an English report says them in
        // English, after its id (trial 39, M8: they read 「INC-…: INC-… に統合しました」 in the English report).
        var fields = new Dictionary<string, string>(PageBrowser.RetroLinesAsShown(retroPage)) { ["by"] = "佐藤", ["summary"] = "重複を統合" };

        var (saved, savedHtml) = await browser.SubmitAsync(retroPage, "/retro/page", fields);
        Assert.True(saved.StatusCode == HttpStatusCode.SeeOther, savedHtml);
        var stored = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{keep}/retro")).GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(stored, l => l.TryGetProperty("incident", out var from) && from.GetString() == duplicate
            && l.GetProperty("kind").GetString() == "resolved" && l.GetProperty("text").GetString() == $"merged into {keep}");
        var (_, en) = await browser.GetAsync($"api/incidents/{keep}/retro/report?lang=en");
        Assert.Contains($"{duplicate}: merged into {keep}", en);
        Assert.DoesNotContain("統合しました", en);
        var (_, ja) = await browser.GetAsync($"api/incidents/{keep}/retro/report?lang=ja");
        Assert.Contains($"{duplicate}: {keep} に統合しました", ja);
    }

    /// <summary>
    /// Trial day 33: merging a SEV2 duplicate into a SEV4 incident raises it to SEV2. The API refuses it with 409 naming both
    /// severities (field confirmSeverity) unless the caller sends <c>"confirmSeverity": true</c>; the page's merge form asks first
    /// (「統合すると … は SEV4 から SEV2 に上がります」, a question: 200, nothing changed) and merges when the person confirms.
    /// </summary>
    [Fact]
    public async Task AMergeThatRaisesTheSeverity_TheApiWantsItConfirmed_AndThePageAsksFirst()
    {
        var keep = await CreateAsync("検索が遅い");
        var urgent = await CreateAsync("検索できない", "sev2");

        using (var refused = await app.Client.PostAsJsonAsync($"api/incidents/{urgent}/merge", new { into = keep, by = "sato" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains($"raises {keep} from SEV4 to SEV2", problem.GetProperty("errors").GetProperty("confirmSeverity")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("sev4", (await IncidentAsync(keep)).GetProperty("incident").GetProperty("severity").GetString(), ignoreCase: true);
        Assert.Equal("investigating", (await IncidentAsync(urgent)).GetProperty("incident").GetProperty("status").GetString());
        using (var confirmed = await app.Client.PostAsJsonAsync($"api/incidents/{urgent}/merge", new { into = keep, by = "sato", confirmSeverity = true }))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        Assert.Equal("sev2", (await IncidentAsync(keep)).GetProperty("incident").GetProperty("severity").GetString(), ignoreCase: true);

        // The page: the form says what the merge does and asks again; nothing is merged until the person confirms.
        var quiet = await CreateAsync("請求書が遅い");
        var loud = await CreateAsync("請求書が出ない", "sev2");
        using var browser = new PageBrowser(app.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{loud}/page?lang=ja");
        var (asked, question) = await browser.SubmitAsync(page, "/page/merge", new Dictionary<string, string> { ["by"] = "佐藤", ["into"] = quiet });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains($"統合すると {quiet} は SEV4 から SEV2 に上がります。", question, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"hidden\" name=\"confirmSeverity\" value=\"{quiet}\">", question, StringComparison.Ordinal);
        Assert.Contains("重大度を上げて統合する", question, StringComparison.Ordinal);
        Assert.DoesNotContain("入力内容を確認してください", question, StringComparison.Ordinal);
        Assert.Equal("investigating", (await IncidentAsync(loud)).GetProperty("incident").GetProperty("status").GetString());
        Assert.Equal("sev4", (await IncidentAsync(quiet)).GetProperty("incident").GetProperty("severity").GetString(), ignoreCase: true);

        var (merged, _) = await browser.SubmitAsync(question, "/page/merge", new Dictionary<string, string> { ["by"] = "佐藤", ["into"] = quiet });
        Assert.Equal(HttpStatusCode.SeeOther, merged.StatusCode);
        Assert.Equal(quiet, (await IncidentAsync(loud)).GetProperty("incident").GetProperty("mergedInto").GetString());
        Assert.Equal("sev2", (await IncidentAsync(quiet)).GetProperty("incident").GetProperty("severity").GetString(), ignoreCase: true);
    }

    /// <summary>
    /// Trial 39 M2: the confirm step offers a second button, 「… の重大度（SEV4）のまま統合する」; pressed in a real Chromium it merges
    /// keeping the severity, and the timeline says who judged so. The API's equivalent is <c>"keepSeverity": true</c> (400 together
    /// with <c>confirmSeverity</c>).
    /// </summary>
    [Fact]
    public async Task AMergeThatRaisesTheSeverity_ThePagesSecondButtonMergesKeepingIt_InChromium_AndTheApiTakesKeepSeverity()
    {
        var quiet = await CreateAsync("在庫表示が遅い");
        var loud = await CreateAsync("在庫表示が出ない", "sev2");
        using (var chromium = new HeadlessChromium())
        {
            chromium.GoTo(new Uri(app.BaseAddress, $"api/incidents/{loud}/page?lang=ja"));
            chromium.Type("merge-by", "田中 太郎");
            chromium.Type("merge-into", quiet);
            chromium.ClickAndWait("submit-merge");
            Assert.Equal(
                $"統合すると {quiet} は SEV4 から SEV2 に上がります。関係者には {quiet} の次の報告で伝わります。上げてよければ「重大度を上げて統合する」、SEV4 のままにするなら「{quiet} の重大度（SEV4）のまま統合する」を押してください。",
                chromium.Find("merge-into-err").Text);
            Assert.Equal("重大度を上げて統合する", chromium.Find("submit-merge").Text);
            Assert.Equal($"{quiet} の重大度（SEV4）のまま統合する", chromium.Find("submit-merge-alt").Text);
            Assert.Equal("investigating", (await IncidentAsync(loud)).GetProperty("incident").GetProperty("status").GetString());

            chromium.ClickAndWait("submit-merge-alt");
            chromium.Wait(d => d.Url.Contains("done=merged", StringComparison.Ordinal));
            Assert.Contains($"{loud}（SEV2）を統合しました。重大度は SEV4 のままです（", chromium.Find("timeline").Text, StringComparison.Ordinal);
        }

        Assert.Equal(quiet, (await IncidentAsync(loud)).GetProperty("incident").GetProperty("mergedInto").GetString());
        Assert.Equal("sev4", (await IncidentAsync(quiet)).GetProperty("incident").GetProperty("severity").GetString(), ignoreCase: true);

        // The API: both at once is refused (nothing merged); keepSeverity alone merges keeping it.
        var calm = await CreateAsync("通知が遅い");
        var urgent = await CreateAsync("通知が届かない", "sev1");
        using (var both = await app.Client.PostAsJsonAsync($"api/incidents/{urgent}/merge", new { into = calm, by = "sato", confirmSeverity = true, keepSeverity = true }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
            Assert.True((await both.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("keepSeverity", out _));
        }

        Assert.Equal("investigating", (await IncidentAsync(urgent)).GetProperty("incident").GetProperty("status").GetString());
        using (var kept = await app.Client.PostAsJsonAsync($"api/incidents/{urgent}/merge", new { into = calm, by = "sato", keepSeverity = true }))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }

        Assert.Equal("sev4", (await IncidentAsync(calm)).GetProperty("incident").GetProperty("severity").GetString(), ignoreCase: true);
        Assert.Equal(calm, (await IncidentAsync(urgent)).GetProperty("incident").GetProperty("mergedInto").GetString());
    }

    /// <summary>
    /// An alert storm's duplicates merged into the cause with one request (<c>…/merge-many</c>, <c>{id}</c> the one kept): the open
    /// ones merge, a resolved one, the target itself and one merged elsewhere already are skipped saying why, and repeating the
    /// request merges nothing twice.
    /// </summary>
    [Fact]
    public async Task MergeMany_MergesTheOpenDuplicates_AndSaysWhichWereNotAndWhy()
    {
        var cause = await CreateAsync("Storm cause");
        var first = await CreateAsync("Storm duplicate 1");
        var second = await CreateAsync("Storm duplicate 2");
        var resolved = await CreateAsync("Storm duplicate fixed");
        (await app.Client.PostAsJsonAsync($"api/incidents/{resolved}/updates", new { status = "resolved", message = "fixed", by = "ito" })).EnsureSuccessStatusCode();
        var elsewhere = await CreateAsync("Other outage");
        var chained = await CreateAsync("Other duplicate");
        (await app.Client.PostAsJsonAsync($"api/incidents/{chained}/merge", new { into = elsewhere, by = "ito" })).EnsureSuccessStatusCode();

        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{cause}/merge-many", new { ids = new[] { first, second, resolved, cause, chained }, by = "sato" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(cause, body.GetProperty("into").GetString());
        Assert.Equal([first, second], body.GetProperty("merged").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            [$"{resolved}:resolved:", $"{cause}:itself:", $"{chained}:merged:{elsewhere}"],
            body.GetProperty("skipped").EnumerateArray().Select(s => $"{s.GetProperty("id").GetString()}:{s.GetProperty("reason").GetString()}:{s.GetProperty("mergedInto").GetString()}"));
        Assert.Equal([first, second], (await IncidentAsync(cause)).GetProperty("mergedIncidents").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(("resolved", cause), ((await IncidentAsync(second)).GetProperty("incident").GetProperty("status").GetString(), (await IncidentAsync(second)).GetProperty("incident").GetProperty("mergedInto").GetString()));

        // Those paged about them and who declared them get one 統合 mail each naming both, not one per duplicate (trial 51).
        await app.SettleAsync();
        var told = await MergedMailsAsync(cause, first, second);
        Assert.NotEmpty(told);
        Assert.Equal(told.Count, told.SelectMany(m => m.To).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var mail in told)
        {
            var text = await app.Smtp.TextAsync(mail.Id);
            Assert.Contains(first, text, StringComparison.Ordinal);
            Assert.Contains(second, text, StringComparison.Ordinal);
        }

        using var again = await app.Client.PostAsJsonAsync($"api/incidents/{cause}/merge-many", new { ids = new[] { first, second }, by = "sato" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal([first, second], (await IncidentAsync(cause)).GetProperty("mergedIncidents").EnumerateArray().Select(e => e.GetString()));
        await app.SettleAsync();
        Assert.Equal(told.Select(m => m.Id).Order(StringComparer.Ordinal), (await MergedMailsAsync(cause, first, second)).Select(m => m.Id).Order(StringComparer.Ordinal));

        using var none = await app.Client.PostAsJsonAsync($"api/incidents/{cause}/merge-many", new { ids = Array.Empty<string>(), by = "sato" });
        using var unknown = await app.Client.PostAsJsonAsync("api/incidents/INC-2099-9997/merge-many", new { ids = new[] { first }, by = "sato" });
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (none.StatusCode, none.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>
    /// The incident page of the one kept lists the other open incidents with checkboxes — those detected within the hour ticked,
    /// titles encoded — and 「選んだ障害をこの障害に統合する」 merges the ticked ones at once; one resolved after the page was shown
    /// is left, and the page says so.
    /// </summary>
    [Fact]
    public async Task TheIncidentPage_MergesTheTickedIncidentsAtOnce_AndSaysWhichWereNotAndWhy()
    {
        await app.AdvanceAsync(TimeSpan.FromSeconds(1));
        var earlier = await CreateAsync("昨夜の別件");
        await app.AdvanceAsync(TimeSpan.FromHours(2));
        var cause = await CreateAsync("DB の主系が落ちた");
        var first = await CreateAsync("API が <b>500</b> を返す");
        var second = await CreateAsync("Web が遅い");
        var fixedMeanwhile = await CreateAsync("バッチが止まった");
        using var browser = new PageBrowser(app.BaseAddress);

        var (_, page) = await browser.GetAsync($"api/incidents/{cause}/page?lang=ja");
        Assert.Contains("ほかの障害をまとめてこの障害に統合する", page);
        Assert.Contains($"<input type=\"checkbox\" name=\"mergeId.{first}\" value=\"true\" checked><span>{first} SEV4 API が &lt;b&gt;500&lt;/b&gt; を返す</span>", page);
        Assert.Contains($"<input type=\"checkbox\" name=\"mergeId.{earlier}\" value=\"true\"><span>{earlier} SEV4 昨夜の別件</span>", page);
        Assert.DoesNotContain($"name=\"mergeId.{cause}\"", page);
        (await app.Client.PostAsJsonAsync($"api/incidents/{fixedMeanwhile}/updates", new { status = "resolved", message = "fixed", by = "ito" })).EnsureSuccessStatusCode();

        var (none, noneHtml) = await browser.SubmitAsync(page, "/page/mergeMany", new Dictionary<string, string> { ["by"] = "佐藤" });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("障害を1件以上チェックしてください。", noneHtml);

        var (merged, _) = await browser.SubmitAsync(page, "/page/mergeMany", new Dictionary<string, string>
        {
            ["by"] = "佐藤", [$"mergeId.{first}"] = "true", [$"mergeId.{second}"] = "true", [$"mergeId.{fixedMeanwhile}"] = "true",
        });

        Assert.Equal(HttpStatusCode.SeeOther, merged.StatusCode);
        var (_, after) = await browser.GetAsync(merged.Headers.Location!.OriginalString);
        Assert.Contains($"{first}、{second} をこの障害に統合しました。{fixedMeanwhile} は解決済みのため統合しませんでした。", after);
        Assert.Equal([first, second], (await IncidentAsync(cause)).GetProperty("mergedIncidents").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(cause, (await IncidentAsync(first)).GetProperty("incident").GetProperty("mergedInto").GetString());
        Assert.False((await IncidentAsync(fixedMeanwhile)).GetProperty("incident").TryGetProperty("mergedInto", out var into) && into.ValueKind == JsonValueKind.String);
        Assert.Equal("investigating", (await IncidentAsync(earlier)).GetProperty("incident").GetProperty("status").GetString());

        // Without the page's token the form is refused, as the other forms are.
        using var forged = await browser.Client.PostAsync($"api/incidents/{cause}/page/mergeMany?lang=ja",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["by"] = "佐藤", [$"mergeId.{earlier}"] = "true" }));
        Assert.True((int)forged.StatusCode >= 400, forged.StatusCode.ToString());
        Assert.Equal("investigating", (await IncidentAsync(earlier)).GetProperty("incident").GetProperty("status").GetString());
    }

    /// <summary>
    /// The mails telling of <paramref name="duplicates"/> merged into <paramref name="into"/>: the request's one 統合 mail
    /// (「【統合】{into} …（障害2件を統合）」, "[Merged] {into}: …"); none of a duplicate's own (「【SEV4 統合】{duplicate} …」) may be among them.
    /// </summary>
    private async Task<List<OnDuty.Testing.ReceivedEmail>> MergedMailsAsync(string into, params string[] duplicates)
    {
        var mails = await app.Smtp.MessagesAsync();
        Assert.DoesNotContain(mails, m => duplicates.Any(d => m.Subject.Contains($"統合】{d} ", StringComparison.Ordinal) || m.Subject.Contains($"merged] {d}:", StringComparison.Ordinal)));
        return [.. mails.Where(m => m.Subject.StartsWith($"【統合】{into} ", StringComparison.Ordinal) || m.Subject.StartsWith($"[Merged] {into}:", StringComparison.Ordinal))];
    }

    private async Task<JsonElement> IncidentAsync(string id) => await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");

    private async Task<string> CreateAsync(string title, string severity = "sev4")
    {
        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity, by = "ito" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
