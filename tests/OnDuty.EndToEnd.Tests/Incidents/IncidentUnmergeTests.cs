using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Undoing a mistaken merge through the real host on Azurite (session 54): <c>POST /api/incidents/{id}/unmerge</c> and the incident
/// pages' 「統合を取り消す」 form. The duplicate is its own incident again: its alerts, its group's next alert, its pages.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class IncidentUnmergeTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task Unmerge_AnAlertIncidentMergedManyByMistake_IsItsOwnAgain_ItsGroupsNextAlertLandsOnIt_AndThePairIsPaged()
    {
        var payment = await CreateAsync("決済APIの応答遅延", "sev2");
        var group = AlertIntakeTests.NewAlertmanagerGroup("unmerge");
        var login = (await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", group)).GetProperty("incidentId").GetString()!;
        using (var merged = await app.Client.PostAsJsonAsync($"api/incidents/{payment}/merge-many", new { ids = new[] { login }, by = "sato", confirmSeverity = true }))
        {
            merged.EnsureSuccessStatusCode();
            Assert.Equal([login], (await merged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("merged").EnumerateArray().Select(e => e.GetString()));
        }

        await app.SettleAsync();
        var pagedBefore = Pages(await app.Smtp.AboutAsync(login)).Count;
        var paymentMails = (await app.Smtp.AboutAsync(payment)).Count;

        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{login}/unmerge", new { by = "sato" });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal($"/api/incidents/{login}", response.Headers.Location?.OriginalString);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((login, "investigating"), (answer.GetProperty("incident").GetProperty("id").GetString(), answer.GetProperty("incident").GetProperty("status").GetString()));
        Assert.True(answer.GetProperty("incident").GetProperty("mergedInto").ValueKind is JsonValueKind.Null or JsonValueKind.Undefined);
        Assert.True(answer.GetProperty("alerts").GetArrayLength() > 0, "its alerts came back with it");

        // Stored: the payment incident forgot it and holds none of its alerts; both timelines say who undid it.
        var kept = await IncidentAsync(payment);
        Assert.Empty(kept.GetProperty("mergedIncidents").EnumerateArray());
        Assert.Empty(kept.GetProperty("mergedGroups").EnumerateArray());
        Assert.Equal(0, kept.GetProperty("alerts").GetArrayLength());
        Assert.Contains(kept.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("message").GetString() == $"merge of {login} undone by sato");
        var back = await IncidentAsync(login);
        Assert.Contains(back.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("message").GetString() == $"merge into {payment} undone by sato");
        var open = (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Contains(login, open);

        // The group's next alert lands on it, not on the payment incident.
        var again = await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", group);
        Assert.Equal(login, again.GetProperty("incidentId").GetString());
        Assert.Equal(0, (await IncidentAsync(payment)).GetProperty("alerts").GetArrayLength());

        // Nobody had taken it: the pair on duty is paged for it again; the payment incident's people are not paged again.
        await app.SettleAsync();
        Assert.True(Pages(await app.Smtp.AboutAsync(login)).Count > pagedBefore, "the duty pair is paged for the reopened incident");
        Assert.Equal(paymentMails, (await app.Smtp.AboutAsync(payment)).Count(m => !m.Subject.Contains(login, StringComparison.Ordinal)));

        // Repeating it changes nothing more.
        using var repeat = await app.Client.PostAsJsonAsync($"api/incidents/{login}/unmerge", new { by = "sato" });
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Single((await IncidentAsync(payment)).GetProperty("timeline").EnumerateArray(), t => t.GetProperty("message").GetString() == $"merge of {login} undone by sato");
    }

    /// <summary>
    /// Brief unmerge2: an alert new to the duplicate's group that fired after the merge (on the incident merged into, where the claim
    /// pointed) goes back with the duplicate; its resolve resolves the duplicate, and the incident merged into resolves on its own alerts.
    /// </summary>
    [Fact]
    public async Task Unmerge_AnAlertNewToTheDuplicatesGroupFiredAfterTheMerge_GoesBackToIt_AndEachResolvesOnItsOwnAlerts()
    {
        var paymentGroup = AlertIntakeTests.NewAlertmanagerGroup("unmerge-payment");
        var payment = (await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", paymentGroup)).GetProperty("incidentId").GetString()!;
        // The sample's alert with a fingerprint of its own: the two groups' alerts are different alerts.
        var loginNode = System.Text.Json.Nodes.JsonNode.Parse(AlertIntakeTests.NewAlertmanagerGroup("unmerge-login"))!;
        loginNode["alerts"]![0]!["fingerprint"] = "login-first-alert";
        var loginGroup = loginNode.ToJsonString();
        var login = (await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", loginGroup)).GetProperty("incidentId").GetString()!;
        (await app.Client.PostAsJsonAsync($"api/incidents/{login}/merge", new { into = payment, by = "sato" })).EnsureSuccessStatusCode();

        // While merged, the login group's first alert resolves and a new one of it fires: both land on the payment incident.
        var newAlert = WithNewAlert(loginGroup, first: "resolved");
        Assert.Equal(payment, (await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", newAlert)).GetProperty("incidentId").GetString());
        Assert.Contains("fresh-login-alert", Keys(await IncidentAsync(payment)));
        await app.SettleAsync();

        using (var undone = await app.Client.PostAsJsonAsync($"api/incidents/{login}/unmerge", new { by = "sato" }))
        {
            Assert.True(undone.StatusCode == HttpStatusCode.OK, await undone.Content.ReadAsStringAsync());
        }

        // It is on the login incident, open for it, and not on the payment incident, which keeps its own alert only.
        var back = await IncidentAsync(login);
        Assert.Equal("investigating", back.GetProperty("incident").GetProperty("status").GetString());
        Assert.Contains(back.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("dedupKey").GetString() == "fresh-login-alert" && a.GetProperty("status").GetString() == "firing");
        var kept = await IncidentAsync(payment);
        Assert.DoesNotContain("fresh-login-alert", Keys(kept));
        Assert.Equal(["firing"], kept.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("status").GetString()));

        // Its resolve resolves the login incident; the payment incident stays open until its own alert resolves, then resolves.
        var resolved = await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", WithNewAlert(loginGroup, first: "resolved", fresh: "resolved"));
        Assert.Equal(login, resolved.GetProperty("incidentId").GetString());
        Assert.Equal("resolved", (await IncidentAsync(login)).GetProperty("incident").GetProperty("status").GetString());
        Assert.NotEqual("resolved", (await IncidentAsync(payment)).GetProperty("incident").GetProperty("status").GetString());
        await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", paymentGroup));
        Assert.Equal("resolved", (await IncidentAsync(payment)).GetProperty("incident").GetProperty("status").GetString());
        await app.SettleAsync();
    }

    /// <summary>The group's delivery with its first alert <paramref name="first"/> and a second alert, new to it (<c>fresh-login-alert</c>), <paramref name="fresh"/>.</summary>
    private static string WithNewAlert(string group, string first, string fresh = "firing")
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(group)!.AsObject();
        var alerts = root["alerts"]!.AsArray();
        var added = alerts[0]!.DeepClone().AsObject();
        alerts[0]!["status"] = first;
        added["status"] = fresh;
        added["fingerprint"] = "fresh-login-alert";
        added["labels"]!["instance"] = "https://login.example.org";
        added["annotations"]!["summary"] = "BlackBox Probe Failure: https://login.example.org";
        alerts.Add(added);
        root["status"] = first == "firing" || fresh == "firing" ? "firing" : "resolved";
        return root.ToJsonString();
    }

    private static List<string?> Keys(JsonElement incident) => [.. incident.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("dedupKey").GetString())];

    [Fact]
    public async Task Unmerge_Refused_ProblemDetails()
    {
        var a = await CreateAsync("A");
        var b = await CreateAsync("B");
        var c = await CreateAsync("C");
        (await app.Client.PostAsJsonAsync($"api/incidents/{a}/merge", new { into = b, by = "ito" })).EnsureSuccessStatusCode();
        (await app.Client.PostAsJsonAsync($"api/incidents/{b}/merge", new { into = c, by = "ito" })).EnsureSuccessStatusCode();

        using var notMerged = await app.Client.PostAsJsonAsync($"api/incidents/{c}/unmerge", new { by = "ito" });
        using var chained = await app.Client.PostAsJsonAsync($"api/incidents/{a}/unmerge", new { by = "ito" });
        using var unknown = await app.Client.PostAsJsonAsync("api/incidents/INC-2099-9997/unmerge", new { by = "ito" });
        using var malformed = await app.Client.PostAsync($"api/incidents/{a}/unmerge", new StringContent("{\"by\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(
            [HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.NotFound, HttpStatusCode.BadRequest],
            new[] { notMerged, chained, unknown, malformed }.Select(r => r.StatusCode));
        Assert.All(new[] { notMerged, chained, unknown, malformed }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Contains($"undo that merge first (POST /api/incidents/{b}/unmerge)", (await chained.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        // Never merged: a refusal of its state naming the field, as taking over a merged incident is.
        var refused = await notMerged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"id: Cannot undo a merge of {c}: it was not merged into another incident.", refused.GetProperty("detail").GetString());
        Assert.Equal($"Cannot undo a merge of {c}: it was not merged into another incident.", refused.GetProperty("errors").GetProperty("id")[0].GetString());
        Assert.Equal(b, (await IncidentAsync(a)).GetProperty("incident").GetProperty("mergedInto").GetString());
    }

    [Fact]
    public async Task UndoMergeButton_OnTheDuplicatesPage_AsksNamingBoth_ThenUndoes_AndOnThePageMergedInto_TheSame()
    {
        var keep = await CreateAsync("決済APIの応答遅延");
        var duplicate = await CreateAsync("ログイン失敗率の上昇 <b>誤統合</b>");
        (await app.Client.PostAsJsonAsync($"api/incidents/{duplicate}/merge", new { into = keep, by = "ito" })).EnsureSuccessStatusCode();
        using var browser = new PageBrowser(app.BaseAddress);

        var (_, page) = await browser.GetAsync($"api/incidents/{duplicate}/page?lang=ja");
        Assert.Contains("id=\"form-unmerge\"", page);
        Assert.Contains($"{duplicate} は {keep} に統合されています。", page);

        var (asked, confirm) = await browser.SubmitAsync(page, "/page/unmerge", new Dictionary<string, string> { ["by"] = "佐藤" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains($"{duplicate} の {keep} への統合を取り消しますか。", confirm);
        Assert.Contains("統合を取り消す（確定）", confirm);
        Assert.Equal(keep, (await IncidentAsync(duplicate)).GetProperty("incident").GetProperty("mergedInto").GetString());

        var (done, _) = await browser.SubmitAsync(confirm, "/page/unmerge", new Dictionary<string, string> { ["by"] = "佐藤" });
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.StartsWith($"/api/incidents/{duplicate}/page", done.Headers.Location!.OriginalString);
        var (_, reopened) = await browser.GetAsync(done.Headers.Location!.OriginalString);
        Assert.Contains("統合を取り消しました。この障害は別の障害に戻り、アラートもこの障害に届きます。", reopened);
        Assert.Contains($"{keep} への統合を取り消しました（取り消した人：", reopened);
        Assert.Contains("ログイン失敗率の上昇 &lt;b&gt;誤統合&lt;/b&gt;", reopened);
        var stored = (await IncidentAsync(duplicate)).GetProperty("incident");
        Assert.Equal("investigating", stored.GetProperty("status").GetString());
        Assert.Empty((await IncidentAsync(keep)).GetProperty("mergedIncidents").EnumerateArray());

        // Merged again, and undone from the page of the one merged into: its list of merged incidents offers it.
        (await app.Client.PostAsJsonAsync($"api/incidents/{duplicate}/merge", new { into = keep, by = "ito" })).EnsureSuccessStatusCode();
        var (_, target) = await browser.GetAsync($"api/incidents/{keep}/page?lang=ja");
        Assert.Contains($"name=\"duplicate\" value=\"{duplicate}\"", target);
        var (_, confirmTarget) = await browser.SubmitAsync(target, "/page/unmerge", new Dictionary<string, string> { ["by"] = "佐藤", ["duplicate"] = duplicate });
        Assert.Contains($"{duplicate} の {keep} への統合を取り消しますか。", confirmTarget);
        var (doneTarget, _) = await browser.SubmitAsync(confirmTarget, "/page/unmerge", new Dictionary<string, string> { ["by"] = "佐藤" });
        Assert.Equal(HttpStatusCode.SeeOther, doneTarget.StatusCode);
        Assert.StartsWith($"/api/incidents/{duplicate}/page", doneTarget.Headers.Location!.OriginalString);
        Assert.True((await IncidentAsync(duplicate)).GetProperty("incident").GetProperty("mergedInto").ValueKind is JsonValueKind.Null or JsonValueKind.Undefined);
    }

    /// <summary>Pages and escalations (「【SEV… 障害】…」, "[SEV… incident] …"), not the 統合 or 対応開始 mails.</summary>
    private static List<OnDuty.Testing.ReceivedEmail> Pages(IEnumerable<OnDuty.Testing.ReceivedEmail> mails) =>
        [.. mails.Where(m => m.Subject.Contains("障害】", StringComparison.Ordinal) || m.Subject.Contains("incident]", StringComparison.Ordinal))];

    private async Task<JsonElement> IncidentAsync(string id) => await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");

    private async Task<string> CreateAsync(string title, string severity = "sev4")
    {
        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity, by = "ito" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
