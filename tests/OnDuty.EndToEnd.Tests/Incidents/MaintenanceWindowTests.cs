using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Maintenance windows through the real host on Azurite: <c>/api/maintenance</c>, an Alertmanager delivery the window covers,
/// the held page (nothing in smtp4dev), the status and incident pages saying so, and the page going out when the window ends.
/// Each window names a label of its own test, so it never holds another test's alerts.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class MaintenanceWindowTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task AWindowHoldsThePageOfWhatItCovers_EndingItPagesNow_AndTheApiAndPagesSaySo()
    {
        var label = Guid.NewGuid().ToString("n");
        using var planned = await app.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "決済DBの移行 <b>夜間</b>",
            to = app.Time.GetUtcNow().AddHours(2),
            sources = new[] { "alertmanager" },
            labels = new Dictionary<string, string> { ["onduty_test"] = label },
            by = "佐藤",
        });
        var window = await planned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        var windowId = window.GetProperty("id").GetString()!;
        Assert.Equal($"/api/maintenance/{windowId}", planned.Headers.Location?.OriginalString);
        Assert.Equal(("active", "佐藤"), (window.GetProperty("state").GetString(), window.GetProperty("createdBy").GetString()));
        Assert.False(window.TryGetProperty("holding", out _)); // said only where asked for: one window's GET

        var coveredBody = Labelled("maint", label);
        var outsideBody = Labelled("maint-other", "another-" + label);
        var covered = await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", coveredBody);
        var outside = await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", outsideBody);
        var id = covered.GetProperty("incidentId").GetString()!;
        var paged = outside.GetProperty("incidentId").GetString()!;
        Assert.Equal("opened", covered.GetProperty("outcome").GetString());

        var incident = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(windowId, incident.GetProperty("pagesHeld").GetProperty("maintenance").GetString());
        Assert.Equal(JsonValueKind.Null, (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{paged}")).GetProperty("incident").GetProperty("pagesHeld").ValueKind);
        Assert.Equal([id], (await app.Client.GetFromJsonAsync<JsonElement>($"api/maintenance/{windowId}")).GetProperty("holding").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains((await app.Client.GetFromJsonAsync<JsonElement>("api/maintenance")).GetProperty("items").EnumerateArray(), w => w.GetProperty("id").GetString() == windowId);

        // The one outside the window pages; the covered one waits.
        Assert.NotEmpty(await app.Smtp.WaitForAboutAsync(paged));
        await app.SettleAsync();
        Assert.Empty(await app.Smtp.AboutAsync(id));

        using var browser = new PageBrowser(app.BaseAddress);
        var (_, status) = await browser.GetAsync("api/status?lang=ja");
        Assert.Contains("<h2>メンテナンス</h2>", status);
        Assert.Contains($"{windowId} 決済DBの移行 &lt;b&gt;夜間&lt;/b&gt;", status);
        Assert.Contains($"対象：Alertmanager 連携、onduty_test={label}", status);
        Assert.Matches(@"メンテナンス終了 \d{4}/\d{2}/\d{2} \d{2}:\d{2}（JST）まで呼び出し保留中", status);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("<dt>呼び出し保留</dt><dd><a href=\"/api/status/maintenance?lang=ja\">", page);
        Assert.Contains($"メンテナンス {windowId}（決済DBの移行 &lt;b&gt;夜間&lt;/b&gt;）の対象のため、終了まで当番への連絡を保留しました", page);

        using var ended = await app.Client.DeleteAsync($"api/maintenance/{windowId}?by=suzuki");
        var end = await ended.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal([id], end.GetProperty("released").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(("ended", "suzuki"), (end.GetProperty("window").GetProperty("state").GetString(), end.GetProperty("window").GetProperty("endedBy").GetString()));
        Assert.NotEmpty(await app.Smtp.WaitForAboutAsync(id));
        var (_, after) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains($"メンテナンス {windowId} が予定より早く終了したため、当番に連絡します", after);
        Assert.DoesNotContain((await app.Client.GetFromJsonAsync<JsonElement>("api/maintenance")).GetProperty("items").EnumerateArray(), w => w.GetProperty("id").GetString() == windowId);
        Assert.Contains((await app.Client.GetFromJsonAsync<JsonElement>("api/maintenance?ended=true")).GetProperty("items").EnumerateArray(), w => w.GetProperty("id").GetString() == windowId);

        // Resolved, so the shared app's open list stays short for the tests after this one.
        foreach (var body in new[] { coveredBody, outsideBody })
        {
            await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", body));
        }
    }

    /// <summary>
    /// Brief boardstorm, 2: a window planned mid-storm without holdOpen leaves the open incident it covers paging; the answer says so
    /// in words, naming it and the window's button that holds it, beside <c>held:false</c>; with holdOpen nothing of the kind is said.
    /// </summary>
    [Fact]
    public async Task AWindowPlannedOverAnOpenIncident_WithoutHoldOpen_TheAnswerSaysItsEscalationGoesOn()
    {
        var label = Guid.NewGuid().ToString("n");
        var body = OpenBeforeBody(label);
        var id = (await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", body)).GetProperty("incidentId").GetString()!;
        object Window(bool holdOpen) => new
        {
            title = "決済DBの移行",
            to = app.Time.GetUtcNow().AddHours(2),
            sources = new[] { "alertmanager" },
            labels = new Dictionary<string, string> { ["service"] = label },
            by = "佐藤",
            holdOpen,
        };

        using var planned = await app.Client.PostAsJsonAsync("api/maintenance", Window(holdOpen: false));
        var window = await planned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        var match = Assert.Single(window.GetProperty("openMatches").EnumerateArray());
        Assert.Equal((id, false), (match.GetProperty("id").GetString(), match.GetProperty("held").GetBoolean()));
        var note = window.GetProperty("openMatchesNote");
        Assert.Equal($"この時間帯に当てはまる対応中の障害が1件あります（{id}）。これらのエスカレーションは止まっていません。止めるには、メンテナンス画面のこの時間帯にある「当てはまる対応中の障害も止める」を押してください。",
            note.GetProperty("ja").GetString());
        Assert.Equal($"1 open incident matches this window ({id}). Its escalation has not stopped. To stop it, press “Also stop the open incidents that match” on this window on the maintenance page.",
            note.GetProperty("en").GetString());
        using var ended = await app.Client.DeleteAsync($"api/maintenance/{window.GetProperty("id").GetString()}?by=suzuki");

        using var holding = await app.Client.PostAsJsonAsync("api/maintenance", Window(holdOpen: true));
        var held = await holding.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(Assert.Single(held.GetProperty("openMatches").EnumerateArray()).GetProperty("held").GetBoolean());
        Assert.False(held.TryGetProperty("openMatchesNote", out _));
        using var endedHeld = await app.Client.DeleteAsync($"api/maintenance/{held.GetProperty("id").GetString()}?by=suzuki");

        await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", body));
    }

    /// <summary>
    /// An Alertmanager firing whose incident a window planned after it covers: by a label OnDuty keeps of the alert (service), as
    /// the window is matched against what is stored of an incident already open.
    /// </summary>
    internal static string OpenBeforeBody(string label) => AlertIntakeTests.Read("alertmanager-firing.json", root =>
    {
        root["groupKey"] = "{}:{storm=\"" + label + "\"}";
        foreach (var alert in root["alerts"]!.AsArray())
        {
            alert!["labels"]!["service"] = label;
            alert["fingerprint"] = Guid.NewGuid().ToString("n")[..16];
        }
    });

    /// <summary>
    /// Session 52: a window planned without holdOpen over an open incident, asked afterwards with <c>PATCH</c> <c>{"holdOpen":true}</c>,
    /// holds it as planning with holdOpen would have (<c>held:true</c>, <c>holding</c>, a row naming who asked, no note); asked
    /// again, nothing changes; without <c>to</c> or <c>holdOpen</c>, or with <c>holdOpen:false</c>, a 400 naming the field.
    /// </summary>
    [Fact]
    public async Task AWindowPlannedWithoutHoldOpen_PatchHoldOpen_HoldsTheOpenIncidentItCovers_Once()
    {
        var label = Guid.NewGuid().ToString("n");
        var body = OpenBeforeBody(label);
        var id = (await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", body)).GetProperty("incidentId").GetString()!;
        using var planned = await app.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "決済DBの移行",
            to = app.Time.GetUtcNow().AddHours(2),
            sources = new[] { "alertmanager" },
            labels = new Dictionary<string, string> { ["service"] = label },
            by = "佐藤",
        });
        var windowId = (await planned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        try
        {
            using var neither = await app.Client.PatchAsJsonAsync($"api/maintenance/{windowId}", new { by = "suzuki" });
            using var undo = await app.Client.PatchAsJsonAsync($"api/maintenance/{windowId}", new { holdOpen = false, by = "suzuki" });
            Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { neither.StatusCode, undo.StatusCode });
            Assert.Equal(["to"], (await neither.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
            Assert.Equal(["holdOpen"], (await undo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
            var unchanged = await app.Client.GetFromJsonAsync<JsonElement>($"api/maintenance/{windowId}");
            Assert.False(unchanged.GetProperty("holdOpen").GetBoolean());
            Assert.False(Assert.Single(unchanged.GetProperty("openMatches").EnumerateArray()).GetProperty("held").GetBoolean());

            using var patched = await app.Client.PatchAsJsonAsync($"api/maintenance/{windowId}", new { holdOpen = true, by = "suzuki" });
            var window = await patched.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            Assert.True(window.GetProperty("holdOpen").GetBoolean());
            var match = Assert.Single(window.GetProperty("openMatches").EnumerateArray());
            Assert.Equal((id, true), (match.GetProperty("id").GetString(), match.GetProperty("held").GetBoolean()));
            Assert.False(window.TryGetProperty("openMatchesNote", out _));
            Assert.Equal([id], window.GetProperty("holding").EnumerateArray().Select(e => e.GetString()));
            var incident = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
            Assert.Equal(windowId, incident.GetProperty("incident").GetProperty("pagesHeld").GetProperty("maintenance").GetString());
            var row = Assert.Single(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "pagesHeld");
            Assert.Equal("suzuki", row.GetProperty("by").GetString());

            using var repeated = await app.Client.PatchAsJsonAsync($"api/maintenance/{windowId}", new { holdOpen = true, by = "suzuki" });
            var again = await repeated.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
            Assert.Empty(again.GetProperty("openMatches").EnumerateArray());
            Assert.Equal([id], again.GetProperty("holding").EnumerateArray().Select(e => e.GetString()));
            Assert.Single((await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "pagesHeld");
        }
        finally
        {
            using var ended = await app.Client.DeleteAsync($"api/maintenance/{windowId}?by=suzuki");
            await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", body));
        }
    }

    [Fact]
    public async Task AShortenedWindow_PagesWhatItHeldWhenTheEscalationRunFindsItOver()
    {
        var label = Guid.NewGuid().ToString("n");
        var windowId = (await PlanAsync(label, TimeSpan.FromHours(3))).GetProperty("id").GetString()!;
        var body = Labelled("maint-short", label);
        var id = (await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", body)).GetProperty("incidentId").GetString()!;

        using var moved = await app.Client.PatchAsJsonAsync($"api/maintenance/{windowId}", new { to = app.Time.GetUtcNow().AddSeconds(30), by = "sato" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal([id], (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holding").EnumerateArray().Select(e => e.GetString()));
        await app.RunFunctionAsync("EscalateIncidents");
        await app.SettleAsync();
        Assert.Empty(await app.Smtp.AboutAsync(id));
        // Nobody paged yet: no step to show (0 would say the first page went out).
        Assert.Equal(JsonValueKind.Null, (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("escalationStep").ValueKind);

        await app.AdvanceAsync(TimeSpan.FromSeconds(31));
        await app.RunFunctionAsync("EscalateIncidents");
        Assert.NotEmpty(await app.Smtp.WaitForAboutAsync(id));
        Assert.Equal(0, (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("escalationStep").GetInt32());
        await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", body));
    }

    [Fact]
    public async Task BadRequests_AreProblemsNamingTheField_AndStoreNothing()
    {
        var before = (await app.Client.GetFromJsonAsync<JsonElement>("api/maintenance?ended=true")).GetProperty("items").GetArrayLength();
        using var missing = await app.Client.PostAsJsonAsync("api/maintenance", new { sources = new[] { "nagios" } });
        using var unscoped = await app.Client.PostAsJsonAsync("api/maintenance", new { title = "全部", to = app.Time.GetUtcNow().AddHours(1) });
        using var tooLong = await app.Client.PostAsJsonAsync("api/maintenance", new { title = "長い", to = app.Time.GetUtcNow().AddDays(8), sources = new[] { "grafana" } });
        using var malformed = await app.Client.PostAsync("api/maintenance", new StringContent("{\"title\":", Encoding.UTF8, "application/json"));
        using var numberLabel = await app.Client.PostAsync("api/maintenance", new StringContent("{\"title\":\"x\",\"to\":\"2099-01-01T00:00:00Z\",\"labels\":{\"a\":1}}", Encoding.UTF8, "application/json"));
        using var unknown = await app.Client.GetAsync("api/maintenance/MW-00000000");
        using var endUnknown = await app.Client.DeleteAsync("api/maintenance/MW-00000000");
        using var noTo = await app.Client.PatchAsJsonAsync("api/maintenance/MW-00000000", new { by = "sato" });
        using var wrongKey = await app.Anonymous.PostAsJsonAsync("api/maintenance", new { title = "x", to = app.Time.GetUtcNow().AddHours(1), allAlerts = true });

        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized],
            new[] { missing, unscoped, tooLong, malformed, numberLabel, unknown, endUnknown, noTo, wrongKey }.Select(r => r.StatusCode));
        Assert.All(new[] { missing, unscoped, tooLong, malformed, numberLabel, unknown, endUnknown, noTo }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["sources", "title", "to"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True((await unscoped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("labels", out _));
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _));
        Assert.Equal(before, (await app.Client.GetFromJsonAsync<JsonElement>("api/maintenance?ended=true")).GetProperty("items").GetArrayLength());
    }

    /// <summary>
    /// A window customers are told of (<c>customerImpact</c>, at planning or by <c>PATCH</c>): the API says it, the maintenance page offers
    /// the 「メンテナンスのお知らせ」 draft with it; a bad one is a problem naming the field, and a <c>PATCH</c> moving the end too changes nothing.
    /// </summary>
    [Fact]
    public async Task CustomerImpact_PlannedAndPatched_TheMaintenancePageOffersTheDraft_ABadOneChangesNothing()
    {
        var from = app.Time.GetUtcNow().AddDays(2);
        using var planned = await app.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "決済DBの移行", from, to = from.AddHours(2), labels = new Dictionary<string, string> { ["onduty_test"] = Guid.NewGuid().ToString("n") },
            customerImpact = "決済が最大2時間ご利用いただけません", by = "ito",
        });
        var window = await planned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(planned.StatusCode == HttpStatusCode.Created, window.ToString());
        var windowId = window.GetProperty("id").GetString()!;
        try
        {
            Assert.Equal("決済が最大2時間ご利用いただけません", window.GetProperty("customerImpact").GetString());

            using var bad = await app.Client.PatchAsJsonAsync($"api/maintenance/{windowId}", new { to = from.AddHours(3), customerImpact = new string('決', 501), by = "ito" });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            Assert.Equal(["customerImpact"], (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
            var unchanged = await app.Client.GetFromJsonAsync<JsonElement>($"api/maintenance/{windowId}");
            Assert.Equal((from.AddHours(2), "決済が最大2時間ご利用いただけません"), (unchanged.GetProperty("to").GetDateTimeOffset(), unchanged.GetProperty("customerImpact").GetString()));

            using var patched = await app.Client.PatchAsJsonAsync($"api/maintenance/{windowId}", new { customerImpact = "カード決済が最大2時間ご利用いただけません <b>", by = "ito" });
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            Assert.Equal("カード決済が最大2時間ご利用いただけません <b>", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("customerImpact").GetString());

            using var browser = new PageBrowser(app.BaseAddress);
            var (_, page) = await browser.GetAsync("api/status/maintenance?lang=ja");
            var draft = System.Text.RegularExpressions.Regex.Match(page, $"<details class=\"draft\" id=\"customer-draft-{windowId}\">.*?</details>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
            Assert.Contains("【メンテナンス】決済DBの移行のお知らせ", draft, StringComparison.Ordinal);
            Assert.Contains("カード決済が最大2時間ご利用いただけません &lt;b&gt;", draft, StringComparison.Ordinal); // encoded
            Assert.Contains("■影響\nカード決済が最大2時間ご利用いただけません <b>\n", System.Net.WebUtility.HtmlDecode(draft), StringComparison.Ordinal);
            Assert.Contains("■お願い", draft, StringComparison.Ordinal);
        }
        finally
        {
            await app.Client.DeleteAsync($"api/maintenance/{windowId}?by=test");
        }
    }

    [Fact]
    public async Task AWindowForSomeSeverities_HoldsThoseAlone()
    {
        var label = Guid.NewGuid().ToString("n");
        using var planned = await app.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "軽微なアラートのみ",
            to = app.Time.GetUtcNow().AddHours(1),
            severities = new[] { "sev4", "SEV3" },
            labels = new Dictionary<string, string> { ["onduty_test"] = label },
        });
        var window = await planned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        var windowId = window.GetProperty("id").GetString()!;
        try
        {
            Assert.Equal(["SEV3", "SEV4"], window.GetProperty("severities").EnumerateArray().Select(s => s.GetString()));

            // The sample's alert is critical: more urgent than the window holds, so it pages.
            var body = Labelled("maint-sev", label);
            var id = (await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", body)).GetProperty("incidentId").GetString()!;
            var incident = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
            Assert.Equal(JsonValueKind.Null, incident.GetProperty("pagesHeld").ValueKind);
            Assert.NotEmpty(await app.Smtp.WaitForAboutAsync(id));
            await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", body));

            using var bad = await app.Client.PostAsJsonAsync("api/maintenance", new { title = "x", to = app.Time.GetUtcNow().AddHours(1), severities = new[] { "critical" } });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("severities", out _));
        }
        finally
        {
            await app.Client.DeleteAsync($"api/maintenance/{windowId}?by=test");
        }
    }

    private async Task<JsonElement> PlanAsync(string label, TimeSpan length)
    {
        using var response = await app.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "メンテナンス",
            to = app.Time.GetUtcNow() + length,
            labels = new Dictionary<string, string> { ["onduty_test"] = label },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The Alertmanager sample as a group of its own whose every alert carries <c>onduty_test=<paramref name="label"/></c>.</summary>
    internal static string Labelled(string group, string label) =>
        AlertIntakeTests.Read("alertmanager-firing.json", root =>
        {
            root["groupKey"] = "{}:{" + group + "=\"" + Guid.NewGuid().ToString("n") + "\"}";
            foreach (var alert in root["alerts"]!.AsArray())
            {
                alert!["labels"]!["onduty_test"] = label;
                alert["fingerprint"] = Guid.NewGuid().ToString("n")[..16];
            }
        });
}
