using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Retros;

/// <summary>The retro, criteria, lessons-search and load-report routes through LocalHost on Azurite.</summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class RetroApiTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task Retro_RoundTripWithVersionsAndAConcurrentEdit_NothingLost()
    {
        var id = await CreateIncidentAsync(new { title = "決済が止まった", severity = "sev2", affectedAreas = new[] { "決済" } });
        await PostAsync($"api/incidents/{id}/updates", new { message = "原因はキャッシュ", by = "sato" });

        // Before the first save: a draft whose timeline is the incident's own.
        var draft = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro");
        Assert.False(draft.GetProperty("exists").GetBoolean());
        Assert.True(draft.GetProperty("incidentOpen").GetBoolean());
        var prefill = draft.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal("opened", prefill[0].GetProperty("kind").GetString());
        Assert.Contains(prefill, e => e.GetProperty("text").GetString() == "原因はキャッシュ");

        using var first = await PutRetroAsync(id, null, new { summary = "キャッシュ設定の誤り", by = "sato", timeline = prefill, actionItems = new[] { new { title = "設定レビュー", owner = "sato", due = "2027-12-10" } } });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var etag1 = first.Headers.ETag!.ToString();

        // Two people read version 1; liam saves first, emma's save is refused and liam's stays.
        using var liam = await PutRetroAsync(id, etag1, new { summary = "liam's summary", by = "liam" });
        Assert.Equal(HttpStatusCode.OK, liam.StatusCode);
        using var emma = await PutRetroAsync(id, etag1, new { summary = "emma's summary", by = "emma" });
        await ProblemAsync(emma, HttpStatusCode.PreconditionFailed);
        using var noIfMatch = await PutRetroAsync(id, null, new { summary = "blind", by = "emma" });
        await ProblemAsync(noIfMatch, HttpStatusCode.Conflict);

        using var current = await app.Client.GetAsync($"api/incidents/{id}/retro");
        var body = await current.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(liam.Headers.ETag!.ToString(), current.Headers.ETag!.ToString());
        Assert.Equal(("liam's summary", 2, "liam"), (body.GetProperty("summary").GetString(), body.GetProperty("version").GetInt32(), body.GetProperty("savedBy").GetString()));

        var versions = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro/versions")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(2, "liam"), (1, "sato")], versions.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("savedBy").GetString())));
        var v1 = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro/versions/1");
        Assert.Equal("キャッシュ設定の誤り", v1.GetProperty("summary").GetString());
        Assert.Equal("sato", v1.GetProperty("actionItems")[0].GetProperty("owner").GetString());
        Assert.Equal("open", v1.GetProperty("actionItems")[0].GetProperty("status").GetString());

        // `*` saves over whatever is current, still as a new version.
        using var star = await PutRetroAsync(id, "*", new { summary = "final", by = "sato" });
        Assert.Equal(3, (await star.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
    }

    /// <summary>
    /// Trial 39 M7: an action item's owner heard of it only once it was overdue. A save tells each owner of the items new to them, in
    /// their language, in one mail — not the person saving (they typed it); saving again tells nothing; an added item is news, listing
    /// only it.
    /// </summary>
    [Fact]
    public async Task Retro_ActionItemsGiven_EachOwnerToldOnceInTheirLanguage_NotTheSaver_AnAddedItemIsNews()
    {
        var id = await CreateIncidentAsync(new { title = "在庫数がずれる", severity = "sev3" });
        object[] items =
        [
            new { title = "同期ジョブの監視を追加", owner = "emma", due = "2027-12-10" },
            new { title = "在庫ずれの手順書を更新", owner = "tanaka" },
            new { title = "再発時の連絡先を決める", owner = "tanaka", due = "2027-12-17" },
            new { title = "自分の宿題", owner = "sato" },
        ];
        using var first = await PutRetroAsync(id, null, new { summary = "同期の遅れ", by = "佐藤 花子", actionItems = items });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var told = await WaitForAssignedAsync(id, 2);
        Assert.Equal(
            [("emma@onduty.example", $"[Action item for you] {id}: 在庫数がずれる"), ("tanaka@onduty.example", $"【アクションアイテムの担当】{id} 在庫数がずれる（2件）")],
            told.Select(m => (m.To.Single(), m.Subject)).Order());
        var tanaka = await app.Smtp.TextAsync(told.Single(m => m.To.Single() == "tanaka@onduty.example").Id);
        Assert.Contains($"佐藤さんが {id}「在庫数がずれる」の振り返りで、あなたが担当するアクションアイテムを2件登録しました。", tanaka, StringComparison.Ordinal);
        Assert.Contains("- 在庫ずれの手順書を更新", tanaka, StringComparison.Ordinal);
        Assert.Contains("- 再発時の連絡先を決める（期限 2027年12月17日(金)）", tanaka, StringComparison.Ordinal);
        var emma = await app.Smtp.TextAsync(told.Single(m => m.To.Single() == "emma@onduty.example").Id);
        Assert.Contains($"佐藤 花子 gave you an action item in the retro of {id} 在庫数がずれる:", emma, StringComparison.Ordinal);
        Assert.Contains("- 同期ジョブの監視を追加 (due Fri 10 Dec 2027)", emma, StringComparison.Ordinal);
        Assert.Contains($"/api/incidents/{id}/retro/page", emma, StringComparison.Ordinal);

        // The same items saved again: nothing new. One more for emma: a mail naming only it.
        using var second = await PutRetroAsync(id, first.Headers.ETag!.ToString(), new { summary = "同期の遅れ（追記）", by = "sato", actionItems = items });
        using var third = await PutRetroAsync(id, second.Headers.ETag!.ToString(), new
        {
            summary = "同期の遅れ（追記）",
            by = "sato",
            actionItems = items.Append(new { title = "アラートの閾値を見直す", owner = "emma", due = (string?)null }).ToArray(),
        });
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        told = await WaitForAssignedAsync(id, 3);
        Assert.Equal(3, told.Count);
        var added = told.Where(m => m.To.Single() == "emma@onduty.example").Select(m => m.Id).ToList();
        Assert.Equal(2, added.Count);
        var texts = await Task.WhenAll(added.Select(app.Smtp.TextAsync));
        var news = Assert.Single(texts, t => t.Contains("アラートの閾値を見直す", StringComparison.Ordinal));
        Assert.DoesNotContain("同期ジョブの監視を追加", news, StringComparison.Ordinal);
        Assert.DoesNotContain(told, m => m.To.Contains("sato@onduty.example"));
    }

    private async Task<List<ReceivedEmail>> WaitForAssignedAsync(string id, int count)
    {
        static bool Assigned(ReceivedEmail m) => m.Subject.StartsWith("[Action item", StringComparison.Ordinal) || m.Subject.StartsWith("【アクションアイテムの担当】", StringComparison.Ordinal);
        List<ReceivedEmail> told = [];
        await Eventually.HoldsAsync(async () => (told = [.. (await app.Smtp.AboutAsync(id)).Where(Assigned)]).Count >= count, $"{count} owner mails about {id}");
        await Task.Delay(500); // and no more than that
        return [.. (await app.Smtp.AboutAsync(id)).Where(Assigned)];
    }

    /// <summary>
    /// Trial 31a L9: a retro saved through the API without <c>timeline</c> stored none (the 障害報告書's 対応経緯 read 「なし」). It now
    /// stores the incident's own timeline as the retro page pre-fills it; a later save without one keeps the saved version's;
    /// an empty list given is an empty timeline.
    /// </summary>
    [Fact]
    public async Task Retro_SavedWithoutTimeline_StoresTheIncidentsOwnAsTheFormPrefillsIt()
    {
        var id = await CreateIncidentAsync(new { title = "請求書が送れない", severity = "sev2" });
        await PostAsync($"api/incidents/{id}/updates", new { message = "メール送信のキューが詰まっていた", by = "sato" });
        var prefill = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro")).GetProperty("timeline").EnumerateArray()
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("text").GetString())).ToList();
        Assert.Contains(("update", "メール送信のキューが詰まっていた"), prefill);

        using var first = await PutRetroAsync(id, null, new { summary = "キューの詰まり", by = "sato" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var v1 = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro/versions/1");
        Assert.Equal(prefill, v1.GetProperty("timeline").EnumerateArray().Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("text").GetString())));

        using var second = await PutRetroAsync(id, first.Headers.ETag!.ToString(), new { summary = "キューの詰まり（追記）", by = "sato" });
        var v2 = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro/versions/2");
        Assert.Equal(prefill.Count, v2.GetProperty("timeline").GetArrayLength());

        using var third = await PutRetroAsync(id, second.Headers.ETag!.ToString(), new { summary = "経緯なし", by = "sato", timeline = Array.Empty<object>() });
        var v3 = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro/versions/3");
        Assert.Equal(0, v3.GetProperty("timeline").GetArrayLength());
    }

    /// <summary>
    /// L2 (trial 33): the retro's prefilled acknowledgement line said by = <c>sato</c> (the member id a one-click link records) beside
    /// lines by typed names. A member recorded by id is written by their roster name; a typed name stays as typed.
    /// </summary>
    [Fact]
    public async Task Retro_Prefill_NamesAMemberRecordedByIdByTheirRosterName_ATypedNameAsTyped()
    {
        var id = await CreateIncidentAsync(new { title = "カード決済でエラー", severity = "sev2" });
        (await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = "sato" })).Dispose();
        await PostAsync($"api/incidents/{id}/updates", new { message = "決済代行の応答が遅い", by = "山田 太郎" });

        var prefill = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro")).GetProperty("timeline").EnumerateArray()
            .Select(e => (Kind: e.GetProperty("kind").GetString(), By: e.TryGetProperty("by", out var by) ? by.GetString() : null)).ToList();

        Assert.Contains(("acknowledged", "佐藤 花子"), prefill);
        Assert.Contains(("update", "山田 太郎"), prefill);
        Assert.DoesNotContain(prefill, e => e.By == "sato");

        // Saved without a timeline: the same names are stored.
        using var saved = await PutRetroAsync(id, null, new { summary = "決済代行の遅延", by = "sato" });
        var v1 = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro/versions/1");
        Assert.Contains(v1.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "acknowledged" && e.GetProperty("by").GetString() == "佐藤 花子");
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadRetros() => new()
    {
        { "no summary", """{"impact":"x"}""", HttpStatusCode.BadRequest, "summary" },
        { "owner not on the roster", """{"summary":"s","actionItems":[{"title":"t","owner":"nobody"}]}""", HttpStatusCode.BadRequest, "actionItems[0].owner" },
        { "unknown criterion", """{"summary":"s","criteriaChanges":[{"criterionId":"no-such-rule"}]}""", HttpStatusCode.BadRequest, "criteriaChanges[0].criterionId" },
        { "bad status", """{"summary":"s","actionItems":[{"title":"t","owner":"sato","status":"later"}]}""", HttpStatusCode.BadRequest, "\"actionItems[0].status\":[\"must be one of: open, done\"]" },
        { "unknown field", """{"summary":"s","mood":"tired"}""", HttpStatusCode.BadRequest, "mood" },
        { "too large in all", "{\"summary\":\"s\",\"impact\":\"" + new string('影', 90_000) + "\",\"wentWell\":\"" + new string('良', 90_000) + "\",\"hardToJudge\":\"" + new string('難', 99_000) + "\",\"manualChanges\":\"" + new string('手', 90_000) + "\"}", HttpStatusCode.BadRequest, "hardToJudge" },
        { "one field too long", "{\"summary\":\"" + new string('s', 4_001) + "\"}", HttpStatusCode.BadRequest, "summary" },
        { "body over 2 MiB", "{\"summary\":\"" + new string('x', 2 * 1024 * 1024) + "\"}", HttpStatusCode.RequestEntityTooLarge, "The body is larger than 2 MiB." },
    };

    [Theory]
    [MemberData(nameof(BadRetros))]
    public async Task PutRetro_BadInput_4xxNamingTheFieldAndNothingWritten(string what, string json, HttpStatusCode expected, string field)
    {
        var id = await CreateIncidentAsync(new { title = "Bad retro " + what, severity = "sev3" });

        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/incidents/{id}/retro") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await app.Client.SendAsync(request);

        var problem = await ProblemAsync(response, expected);
        Assert.Contains(field, problem.GetRawText());
        Assert.Empty((await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro/versions")).GetProperty("items").EnumerateArray());
        Assert.False((await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro")).GetProperty("exists").GetBoolean());
    }

    [Fact]
    public async Task Retro_LongNotesInJapanese_StoredAndReadBackWhole()
    {
        var id = await CreateIncidentAsync(new { title = "長い振り返り", severity = "sev2" });
        var impact = string.Concat(Enumerable.Repeat("ユーザーは決済できなかった。", 6_000)); // 84,000 characters

        using var saved = await PutRetroAsync(id, null, new { summary = "長文", impact, hardToJudge = impact, by = "yamada" });

        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var back = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro");
        Assert.Equal(impact, back.GetProperty("impact").GetString());
        Assert.Equal(impact, back.GetProperty("hardToJudge").GetString());
    }

    [Fact]
    public async Task Retro_UnknownIncident_404()
    {
        using var get = await app.Client.GetAsync("api/incidents/INC-1999-0001/retro");
        await ProblemAsync(get, HttpStatusCode.NotFound);
        using var put = await PutRetroAsync("INC-1999-0001", null, new { summary = "s" });
        await ProblemAsync(put, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Search_SavedRetro_FoundAtOnceByJapaneseAndEnglishWordsAreaSeverityAndTime()
    {
        var id = await CreateIncidentAsync(new { title = "鳩時計の通知が遅延", severity = "sev2", affectedAreas = new[] { "Notifications" } });
        var other = await CreateIncidentAsync(new { title = "鳩時計 settings", severity = "sev4", affectedAreas = new[] { "Settings" } });
        using (await PutRetroAsync(id, null, new { summary = "Cuckoo <clock> pushes were throttled by the provider", hardToJudge = "鳩時計の遅延を SEV2 にするか迷った", by = "emma" }))
        using (await PutRetroAsync(other, null, new { summary = "別件", by = "emma" }))
        {
        }

        // Findable the moment the saves returned, by a Japanese word and by an English word (plural folded).
        Assert.Equal([id, other], await SearchAsync("q=鳩時計"));
        Assert.Equal([id], await SearchAsync("q=cuckoo+clocks"));
        Assert.Equal([id], await SearchAsync("q=鳩時計&area=notifications"));
        Assert.Equal([other], await SearchAsync("q=鳩時計&severity=SEV4"));
        var today = app.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([id, other], await SearchAsync($"q=鳩時計&from={today}&to={today}"));
        Assert.Empty(await SearchAsync("q=鳩時計&from=2020-01-01&to=2020-12-31"));

        var hit = (await app.Client.GetFromJsonAsync<JsonElement>("api/retros?q=throttled+cuckoo")).GetProperty("items")[0];
        var snippet = hit.GetProperty("snippet");
        Assert.Equal("summary", snippet.GetProperty("field").GetString());
        var text = snippet.GetProperty("text").GetString()!;
        Assert.Contains("<clock>", text); // data, not markup: the page encodes it
        Assert.Equal(["Cuckoo", "throttled"], snippet.GetProperty("highlights").EnumerateArray().Select(h => text.Substring(h.GetProperty("start").GetInt32(), h.GetProperty("length").GetInt32())));
    }

    [Fact]
    public async Task Search_ResolvedIncidentWithoutRetro_FoundAfterIndexLessons_AndShownAsSimilarOnTheNextOnesPage()
    {
        var word = "ペリカン" + Guid.NewGuid().ToString("N")[..4];
        var past = await CreateIncidentAsync(new { title = $"{word}決済 <b>timeout</b>", severity = "sev2", userImpact = "カードで払えない", affectedAreas = new[] { "決済" } });
        await PostAsync($"api/incidents/{past}/updates", new { status = "resolved", message = "再起動で復旧", by = "sato" });
        Assert.Empty(await SearchAsync("q=" + word));

        await app.RunFunctionAsync("IndexLessons");

        var hit = Assert.Single((await app.Client.GetFromJsonAsync<JsonElement>("api/retros?q=" + word)).GetProperty("items").EnumerateArray());
        Assert.Equal(past, hit.GetProperty("incidentId").GetString());
        Assert.Equal(JsonValueKind.Null, hit.GetProperty("retroVersion").ValueKind);

        // The next time it breaks, the new incident's page points at the last one.
        var next = await CreateIncidentAsync(new { title = $"{word}決済がまた遅い", severity = "sev3", affectedAreas = new[] { "決済" } });
        using var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(app.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{next}/page?lang=ja");
        var similar = page[page.IndexOf("id=\"similar\"", StringComparison.Ordinal)..];
        similar = similar[..similar.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains($"href=\"/api/incidents/{past}/page?lang=ja\">{past}</a>", similar, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;timeout&lt;/b&gt;", similar, StringComparison.Ordinal);
        Assert.DoesNotContain($"/api/incidents/{next}/page", similar, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("q=the", "q")]
    [InlineData("severity=sev9", "severity")]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("from=2026-12-02&to=2026-12-01", "from")]
    [InlineData("limit=500", "limit")]
    [InlineData("from=0001-01-01", "from")]
    [InlineData("to=9999-12-31", "to")]
    public async Task Search_BadQuery_400NamingIt(string query, string field)
    {
        using var response = await app.Client.GetAsync("api/retros?" + query);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Criteria_AddChangeWithHistoryLinkedToTheRetro()
    {
        var criterion = "sev2-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await app.Client.PostAsJsonAsync("api/criteria", new { id = criterion, title = "SEV2 を宣言する", text = "決済が 5 分止まったら", topic = "severity" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var duplicate = await app.Client.PostAsJsonAsync("api/criteria", new { id = criterion, title = "x", text = "y" });
        await ProblemAsync(duplicate, HttpStatusCode.Conflict);

        var id = await CreateIncidentAsync(new { title = "基準を変えた障害", severity = "sev2" });
        using (var retro = await PutRetroAsync(id, null, new { summary = "2 分で SEV2 にすべきだった", criteriaChanges = new[] { new { criterionId = criterion, note = "5 分は長すぎる" } } }))
        {
            Assert.Equal(HttpStatusCode.Created, retro.StatusCode);
        }

        using var changed = await PutJsonAsync($"api/criteria/{criterion}", created.Headers.ETag!.ToString(), new { title = "SEV2 を宣言する", text = "決済が 2 分止まったら", retro = id, note = "retro で短縮", by = "sato" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        using var stale = await PutJsonAsync($"api/criteria/{criterion}", created.Headers.ETag!.ToString(), new { title = "x", text = "stale" });
        await ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        using var blind = await PutJsonAsync($"api/criteria/{criterion}", null, new { title = "x", text = "blind" });
        await ProblemAsync(blind, HttpStatusCode.Conflict);
        using var badRetro = await PutJsonAsync($"api/criteria/{criterion}", "*", new { title = "x", text = "y", retro = "INC-1999-0001" });
        Assert.Contains("retro", (await ProblemAsync(badRetro, HttpStatusCode.BadRequest)).GetProperty("errors").GetRawText());
        using var missing = await PutJsonAsync("api/criteria/no-such-criterion", "*", new { title = "x", text = "y" });
        await ProblemAsync(missing, HttpStatusCode.NotFound);

        var detail = await app.Client.GetFromJsonAsync<JsonElement>($"api/criteria/{criterion}");
        Assert.Equal("決済が 2 分止まったら", detail.GetProperty("criterion").GetProperty("text").GetString());
        Assert.Equal([(1, (string?)null), (2, id)], detail.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("version").GetInt32(), h.GetProperty("retro").GetString())));
        var list = await app.Client.GetFromJsonAsync<JsonElement>("api/criteria");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == criterion && c.GetProperty("version").GetInt32() == 2);
    }

    [Fact]
    public async Task LoadReport_DefaultTwelveWeeks_PerMemberWithTheRetroWriterCounted()
    {
        var id = await CreateIncidentAsync(new { title = "Load report case", severity = "sev3" });
        using (await PutRetroAsync(id, null, new { summary = "counted", by = "tanaka" }))
        {
        }

        var report = await app.Client.GetFromJsonAsync<JsonElement>("api/reports/load");

        var to = DateOnly.Parse(report.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var from = DateOnly.Parse(report.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(83, to.DayNumber - from.DayNumber);
        var members = report.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("memberId").GetString()!);
        Assert.True(members["tanaka"].GetProperty("retrosWritten").GetInt32() >= 1);
        Assert.True(members.Values.Sum(m => m.GetProperty("dutyWeeks").GetInt32()) > 0);

        // The look-ahead (trial 32b M7): 12 coming weeks by default, two people a week, each counted for its pair; 0 turns it off.
        Assert.Equal(12, report.GetProperty("aheadWeeks").GetInt32());
        Assert.InRange(members.Values.Sum(m => m.GetProperty("scheduledWeeks").GetInt32()), 1, 24);
        var none = await app.Client.GetFromJsonAsync<JsonElement>("api/reports/load?ahead=0");
        Assert.All(none.GetProperty("members").EnumerateArray(), m => Assert.Equal(0, m.GetProperty("scheduledWeeks").GetInt32()));
        Assert.Equal(JsonValueKind.Null, none.GetProperty("aheadTo").ValueKind);
        using var badAhead = await app.Client.GetAsync("api/reports/load?ahead=27");
        Assert.Contains("ahead", (await ProblemAsync(badAhead, HttpStatusCode.BadRequest)).GetRawText(), StringComparison.Ordinal);

        using var bad = await app.Client.GetAsync("api/reports/load?from=2026-12-01&to=2026-11-01");
        await ProblemAsync(bad, HttpStatusCode.BadRequest);
        using var tooLong = await app.Client.GetAsync("api/reports/load?from=2020-01-01&to=2026-11-01");
        await ProblemAsync(tooLong, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task IncidentReport_TwoIncidentsDeclared_CountedInTheJsonAndShownOnThePage()
    {
        var before = await app.Client.GetFromJsonAsync<JsonElement>("api/reports/incidents");
        var open = await CreateIncidentAsync(new { title = "月次レポート確認（未復旧）", severity = "sev3", affectedAreas = new[] { "レポート" } });
        var resolved = await CreateIncidentAsync(new { title = "月次レポート確認", severity = "sev1", affectedAreas = new[] { "レポート" } });
        (await app.Client.PostAsJsonAsync($"api/incidents/{resolved}/ack", new { memberId = "sato" })).Dispose();
        await PostAsync($"api/incidents/{resolved}/updates", new { status = "resolved", message = "fixed", by = "sato" });

        // Without dates: this month so far, in the team's time zone. The same range a day longer counts the two just made even
        // if midnight (or a month's end) passed meanwhile; the tests before this one in the collection add their own incidents.
        Assert.EndsWith("-01", before.GetProperty("from").GetString(), StringComparison.Ordinal);
        var until = DateOnly.Parse(before.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture).AddDays(1);
        var after = await app.Client.GetFromJsonAsync<JsonElement>($"api/reports/incidents?from={before.GetProperty("from").GetString()}&to={until:yyyy-MM-dd}");
        int Total(JsonElement r, string name) => r.GetProperty("totals").GetProperty(name).GetInt32();
        int Severity(JsonElement r, string severity, string name) =>
            r.GetProperty("severities").EnumerateArray().Single(s => s.GetProperty("severity").GetString() == severity).GetProperty(name).GetInt32();
        Assert.Equal(Total(before, "incidents") + 2, Total(after, "incidents"));
        Assert.Equal(Total(before, "declared") + 2, Total(after, "declared"));
        Assert.Equal(Total(before, "stillOpen") + 1, Total(after, "stillOpen"));
        Assert.Equal(Severity(before, "sev1", "incidents") + 1, Severity(after, "sev1", "incidents"));
        Assert.Equal(Severity(before, "sev1", "acknowledged") + 1, Severity(after, "sev1", "acknowledged"));
        Assert.Equal(Severity(before, "sev1", "resolved") + 1, Severity(after, "sev1", "resolved"));

        // The times to acknowledge come with their denominator: the open one nobody acknowledged is counted, not timed.
        Assert.Equal(Total(before, "acknowledged") + 1, Total(after, "acknowledged"));
        Assert.Equal(Total(before, "unacknowledged") + 1, Total(after, "unacknowledged"));
        Assert.Equal(Total(after, "incidents"), Total(after, "acknowledged") + Total(after, "unacknowledged"));
        Assert.Equal(Severity(before, "sev3", "unacknowledged") + 1, Severity(after, "sev3", "unacknowledged"));
        Assert.Equal(after.GetProperty("retros").GetProperty("owed").GetInt32(), before.GetProperty("retros").GetProperty("owed").GetInt32() + 1);
        Assert.Contains(after.GetProperty("areas").EnumerateArray(), a => a.GetProperty("area").GetString() == "レポート" && a.GetProperty("incidents").GetInt32() >= 2);

        using var page = await app.Client.GetAsync($"api/reports/incidents/page?lang=ja&from={before.GetProperty("from").GetString()}&to={until:yyyy-MM-dd}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>障害レポート ", html, StringComparison.Ordinal);
        Assert.Contains($"障害{Total(after, "incidents")}件", html, StringComparison.Ordinal);
        Assert.Contains("<table id=\"severities\">", html, StringComparison.Ordinal);
        Assert.Contains($"対応開始済み {Total(after, "acknowledged")}/{Total(after, "incidents")}件・未応答{Total(after, "unacknowledged")}件", html, StringComparison.Ordinal);

        // The same month's incidents as a CSV download: UTF-8 with a BOM (Excel reads Japanese then), a row each.
        using var csv = await app.Client.GetAsync("api/reports/incidents/csv?lang=ja");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", csv.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.StartsWith("障害ID,タイトル,重大度,最大重大度,", rows[0], StringComparison.Ordinal);
        Assert.StartsWith($"{resolved},月次レポート確認,SEV1,SEV1,復旧済み,manual,", rows.Single(r => r.StartsWith(resolved + ",", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith(open + ",", StringComparison.Ordinal));
        Assert.Contains("id=\"csv\"", html, StringComparison.Ordinal);

        using var bad = await app.Client.GetAsync("api/reports/incidents?from=2026-12-01&to=2026-11-01");
        Assert.Contains("from", (await ProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors").GetRawText());
        using var tooLong = await app.Client.GetAsync("api/reports/incidents?from=2020-01-01&to=2026-11-01");
        await ProblemAsync(tooLong, HttpStatusCode.BadRequest);
        using var garbage = await app.Client.GetAsync("api/reports/incidents?from=yesterday");
        await ProblemAsync(garbage, HttpStatusCode.BadRequest);
        foreach (var range in new[] { "from=0001-01-01&to=0001-01-05", "to=0001-01-15", "from=9999-12-01&to=9999-12-31", "from=9999-12-15" })
        {
            using var edge = await app.Client.GetAsync("api/reports/incidents?" + range);
            await ProblemAsync(edge, HttpStatusCode.BadRequest);
            using var edgeLoad = await app.Client.GetAsync("api/reports/load?" + range);
            await ProblemAsync(edgeLoad, HttpStatusCode.BadRequest);
            using var edgePage = await app.Client.GetAsync("api/reports/incidents/page?lang=ja&" + range);
            Assert.Equal(HttpStatusCode.BadRequest, edgePage.StatusCode);
            Assert.Equal("text/html", edgePage.Content.Headers.ContentType?.MediaType);
            Assert.Matches("このページのアドレスの値（(from|to)(, to)?）は指定できる値ではありません。(from|to) は 2000-01-01〜9998-12-31 の日付（YYYY-MM-DD）で指定してください。", await edgePage.Content.ReadAsStringAsync());
            using var edgeCsv = await app.Client.GetAsync("api/reports/incidents/csv?lang=ja&" + range);
            Assert.Equal(HttpStatusCode.BadRequest, edgeCsv.StatusCode);
        }

        foreach (var range in new[] { "from=2000-01-01&to=2000-01-02", "from=9998-12-15&to=9998-12-31" })
        {
            using var edge = await app.Client.GetAsync("api/reports/incidents?" + range);
            Assert.True(edge.StatusCode == HttpStatusCode.OK, $"{range}: {(int)edge.StatusCode} {await edge.Content.ReadAsStringAsync()}");
        }

        // A page's lang it cannot read: a page in the team's language (ja here) naming it, not a problem document.
        using var badLang = await app.Client.GetAsync("api/reports/incidents/page?lang=xx");
        Assert.Equal((HttpStatusCode.BadRequest, "text/html"), (badLang.StatusCode, badLang.Content.Headers.ContentType?.MediaType));
        Assert.Contains("lang は ja, en のいずれかで指定してください。", await badLang.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Read, but out of range: the page says the range, as the API does ("the range must be at most 366 days"), in Japanese (F10.7).
        using var tooLongPage = await app.Client.GetAsync("api/reports/incidents/page?lang=ja&from=2026-12-01&to=2027-12-31");
        var tooLongHtml = await tooLongPage.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, tooLongPage.StatusCode);
        Assert.Contains("このページのアドレスの値（to）は指定できる値ではありません。期間（from〜to）は366日以内で指定してください。", tooLongHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("読めませんでした", tooLongHtml, StringComparison.Ordinal);
        using var backwardsPage = await app.Client.GetAsync("api/reports/incidents/page?lang=en&from=2026-12-01&to=2026-11-01");
        Assert.Contains("from must not be after to.", await backwardsPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var noKey = await app.Anonymous.GetAsync("api/reports/incidents");
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task RetroReport_BeforeAndAfterTheRetroIsSaved_RedirectsThenShowsThePostIncidentReport()
    {
        var id = await CreateIncidentAsync(new { title = "報告書の確認 <b>太字</b>", severity = "sev2", affectedAreas = new[] { "決済" } });
        using var noClient = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };
        using (var before = await noClient.GetAsync($"api/incidents/{id}/retro/report?lang=ja"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, before.StatusCode);
            Assert.Equal($"/api/incidents/{id}/retro/page?lang=ja", before.Headers.Location?.OriginalString);
        }

        // Emma works on a duplicate, a lead not on duty takes this one, sato merges the duplicate in and resolves: 対応者 are those
        // three by first action (the duplicate's timeline counts), not the duty pair it paged.
        var duplicate = await CreateIncidentAsync(new { title = "決済の重複", severity = "sev3" });
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        await PostAsync($"api/incidents/{duplicate}/updates", new { message = "見ています", by = "emma" });
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        await PostAsync($"api/incidents/{id}/ack", new { memberId = "tanaka" });
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        await PostAsync($"api/incidents/{duplicate}/merge", new { into = id, by = "sato" });
        await PostAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧", by = "sato" });
        using (var saved = await PutRetroAsync(id, null, new
        {
            summary = "決済 API のタイムアウト",
            by = "sato",
            hardToJudge = "SEV2 で良いか迷った",
            actionItems = new[] { new { title = "タイムアウト値を見直す", owner = "tanaka", due = "2027-12-20" } },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        using var report = await noClient.GetAsync($"api/incidents/{id}/retro/report?lang=ja");
        var html = await report.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1 id=\"title\">障害報告書</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<p id=\"heading\"><strong>{id} 報告書の確認 &lt;b&gt;太字&lt;/b&gt;</strong></p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>太字</b>", html, StringComparison.Ordinal);
        Assert.Contains("<p>決済 API のタイムアウト</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>SEV2 で良いか迷った</p>", html, StringComparison.Ordinal);
        Assert.Matches("<td>タイムアウト値を見直す</td><td>[^<]+</td><td>2027年12月20日", html);
        Assert.Contains("決済", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">対応者</th><td>Emma Wilson・田中 健・佐藤 花子</td></tr>", html, StringComparison.Ordinal);

        using var retroPage = await noClient.GetAsync($"api/incidents/{id}/retro/page?lang=ja");
        Assert.Contains($"href=\"/api/incidents/{id}/retro/report?lang=ja\" id=\"report-link\"", await retroPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknown = await noClient.GetAsync("api/incidents/INC-1999-0001/retro/report");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<IReadOnlyList<string>> SearchAsync(string query) =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>("api/retros?" + query)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("incidentId").GetString()!)];

    private async Task<string> CreateIncidentAsync(object body)
    {
        using var response = await app.Client.PostAsJsonAsync("api/incidents", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await app.Client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Session 58 (session 57's two-PMs walk): the 412 for a retro (and its action items) saved by someone else meanwhile named
    /// their save's time in UTC (「2026-11-30 01:00:00Z」). It says it in the team's zone with its name, in the reader's language,
    /// with the code and arguments scripts read.
    /// </summary>
    [Fact]
    public async Task Retro_SavedMeanwhile_The412SaysTheOtherSavesTimeInTheTeamsZone()
    {
        var id = await CreateIncidentAsync(new { title = "決済が止まった", severity = "sev2" });
        using var first = await PutRetroAsync(id, null, new { summary = "v1", by = "sato" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var etag1 = first.Headers.ETag!.ToString();
        var savedAt = TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        using var theirs = await PutRetroAsync(id, etag1, new { summary = "v2", by = "sato", actionItems = new[] { new { title = "接続先の設定を監視する", owner = "sato", due = "2027-12-21" } } });
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);

        foreach (var (lang, said) in new[]
        {
            ("en", $" on {savedAt.ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture)} (JST) (version 2); their version is kept. Read it again and retry with the new ETag."),
            ("ja", $"の振り返りは、佐藤さんが{savedAt.Month}月{savedAt.Day}日({"日月火水木金土"[(int)savedAt.DayOfWeek]}) {savedAt:HH:mm}（JST）に第2版を保存しています。"),
        })
        {
            using var mine = await PutJsonAsync($"api/incidents/{id}/retro?lang={lang}", etag1, new { summary = "mine", by = "tanaka", actionItems = new[] { new { title = "手順を書く", owner = "tanaka", due = "2027-12-21" } } });
            var problem = await ProblemAsync(mine, HttpStatusCode.PreconditionFailed);
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains(said, detail, StringComparison.Ordinal);
            Assert.DoesNotContain("Z ", detail, StringComparison.Ordinal);
            Assert.Equal("retroSavedMeanwhile", problem.GetProperty("code").GetString());
        }

        var kept = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro");
        Assert.Equal(("v2", "接続先の設定を監視する"), (kept.GetProperty("summary").GetString(), kept.GetProperty("actionItems")[0].GetProperty("title").GetString()));
    }

    private Task<HttpResponseMessage> PutRetroAsync(string id, string? ifMatch, object body) => PutJsonAsync($"api/incidents/{id}/retro", ifMatch, body);

    private async Task<HttpResponseMessage> PutJsonAsync(string path, string? ifMatch, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await app.Client.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }
}
