using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Team;

/// <summary>
/// Session 49: the JSON API names people by member id (who acknowledged, a timeline row's <c>by</c>, who saved a retro, an action
/// item's owner, who saved a criterion, who planned and ended a maintenance window); beside each id it now gives the name
/// (<c>…Name</c>) as the pages do. A member acts, then is taken off the roster: the answers give the name they had, marked
/// 「（退任）」 / "(no longer on the roster)" — erased with them, 「退任したメンバー」 / "a former member", never the id made a
/// name — while the ids stay as they were.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class FormerMemberNamesApiTests(OnDutyAppFixture app)
{
    [Theory]
    [InlineData("小林 四郎", false, "小林 四郎（退任）", "小林 四郎 (no longer on the roster)")]
    [InlineData("小林 五郎", true, "退任したメンバー", "a former member")]
    public async Task MemberWhoActed_TakenOffTheRoster_EveryAnswerNamesThemAsThePagesDo(string name, bool erase, string ja, string en)
    {
        var id = "kobayashi-" + Guid.NewGuid().ToString("n")[..6];
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsJsonAsync("api/members", new { id, displayName = name, email = id + "@onduty.example", language = "ja", joinedOn = "2023-04-01" })).StatusCode);
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = "退任後のAPI " + id, severity = "sev4", by = "Emma" });
        var incident = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // While on the roster: their roster name beside their id, already in the answer to the acknowledgement.
        using var acked = await app.Client.PostAsJsonAsync($"api/incidents/{incident}/ack", new { memberId = id });
        Assert.Equal(HttpStatusCode.OK, acked.StatusCode);
        var ack = await acked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((id, name), (ack.GetProperty("acknowledgedBy").GetString(), ack.GetProperty("acknowledgedByName").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsJsonAsync($"api/incidents/{incident}/updates", new { status = "identified", message = "原因を特定", by = id })).StatusCode);
        using var retroSaved = await app.Client.PutAsJsonAsync($"api/incidents/{incident}/retro", new { summary = "設定ミス", actionItems = new[] { new { title = "監視を追加", owner = id } }, by = id });
        Assert.True(retroSaved.IsSuccessStatusCode, await retroSaved.Content.ReadAsStringAsync());
        Assert.Equal(name, (await retroSaved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("savedByName").GetString());
        // What GET gives can be sent back as it is: the names beside the ids are taken back and ignored.
        using var read = await app.Client.GetAsync($"api/incidents/{incident}/retro");
        var body = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(name, body.GetProperty("actionItems")[0].GetProperty("ownerName").GetString());
        // The pre-filled lines already say a member by name (their id is the incident's): no id, so nothing beside it — but the
        // field is there, and goes back with the PUT.
        Assert.Contains(body.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("by").GetString() == name && t.GetProperty("byName").ValueKind == JsonValueKind.Null);
        using var again = new HttpRequestMessage(HttpMethod.Put, $"api/incidents/{incident}/retro")
        {
            Content = JsonContent.Create(new { summary = "設定ミス", timeline = body.GetProperty("timeline"), actionItems = body.GetProperty("actionItems"), by = id }),
        };
        again.Headers.IfMatch.Add(read.Headers.ETag!);
        using var resaved = await app.Client.SendAsync(again);
        Assert.True(resaved.StatusCode == HttpStatusCode.OK, await resaved.Content.ReadAsStringAsync());
        var criterion = "former-api-" + id[^6..];
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsJsonAsync("api/criteria", new { id = criterion, title = "退任APIの基準 " + criterion, text = "x", topic = "severity", by = id })).StatusCode);
        using var window = await app.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "退任APIのメンテナンス " + criterion,
            to = app.Time.GetUtcNow().AddHours(1),
            labels = new Dictionary<string, string> { ["onduty_test"] = criterion },
            by = id,
        });
        var planned = await window.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((HttpStatusCode.Created, name), (window.StatusCode, planned.GetProperty("createdByName").GetString()));
        var windowId = planned.GetProperty("id").GetString()!;
        using var ended = await app.Client.DeleteAsync($"api/maintenance/{windowId}?by={id}");
        Assert.Equal(name, (await ended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("window").GetProperty("endedByName").GetString());

        // Resolved first: one who still holds an open incident is not taken off the roster (409), as its pages would reach nobody.
        using (var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{incident}/updates", new { status = "resolved", message = "復旧しました。", by = "Emma" }))
        {
            Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
        }

        using var removed = await app.Client.DeleteAsync($"api/members/{id}{(erase ? "?erase=true" : "")}");
        Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());

        var details = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{incident}?lang=ja");
        var english = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{incident}?lang=en");
        Assert.Equal((id, ja), (details.GetProperty("incident").GetProperty("acknowledgedBy").GetString(), details.GetProperty("incident").GetProperty("acknowledgedByName").GetString()));
        Assert.Equal(en, english.GetProperty("incident").GetProperty("acknowledgedByName").GetString());
        var update = details.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "update" && t.GetProperty("by").GetString() == id);
        Assert.Equal((id, ja), (update.GetProperty("by").GetString(), update.GetProperty("byName").GetString()));
        // A name typed on a form is no member id: nothing beside it.
        var opened = details.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "opened");
        Assert.Equal(JsonValueKind.Null, opened.GetProperty("byName").ValueKind);
        var listed = (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=resolved&lang=ja")).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == incident);
        Assert.Equal(ja, listed.GetProperty("acknowledgedByName").GetString());

        var retro = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{incident}/retro?lang=ja");
        Assert.Equal((id, ja), (retro.GetProperty("savedBy").GetString(), retro.GetProperty("savedByName").GetString()));
        Assert.Equal((id, ja), (retro.GetProperty("actionItems")[0].GetProperty("owner").GetString(), retro.GetProperty("actionItems")[0].GetProperty("ownerName").GetString()));
        var versions = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{incident}/retro/versions?lang=en");
        Assert.Equal((id, en), (versions.GetProperty("items")[0].GetProperty("savedBy").GetString(), versions.GetProperty("items")[0].GetProperty("savedByName").GetString()));
        var first = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{incident}/retro/versions/1?lang=ja");
        Assert.Equal(ja, first.GetProperty("savedByName").GetString());
        Assert.Equal(ja, first.GetProperty("actionItems")[0].GetProperty("ownerName").GetString());
        var item = (await app.Client.GetFromJsonAsync<JsonElement>("api/action-items?lang=ja")).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("incidentId").GetString() == incident);
        Assert.Equal((id, ja), (item.GetProperty("ownerId").GetString(), item.GetProperty("ownerName").GetString()));

        var saved = await app.Client.GetFromJsonAsync<JsonElement>($"api/criteria/{criterion}?lang=ja");
        Assert.Equal((id, ja), (saved.GetProperty("criterion").GetProperty("updatedBy").GetString(), saved.GetProperty("criterion").GetProperty("updatedByName").GetString()));
        var criteria = (await app.Client.GetFromJsonAsync<JsonElement>("api/criteria?lang=en")).GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetString() == criterion);
        Assert.Equal(en, criteria.GetProperty("updatedByName").GetString());

        var maintenance = await app.Client.GetFromJsonAsync<JsonElement>($"api/maintenance/{windowId}?lang=ja");
        Assert.Equal((id, ja), (maintenance.GetProperty("createdBy").GetString(), maintenance.GetProperty("createdByName").GetString()));
        Assert.Equal((id, ja), (maintenance.GetProperty("endedBy").GetString(), maintenance.GetProperty("endedByName").GetString()));
        var windows = (await app.Client.GetFromJsonAsync<JsonElement>("api/maintenance?ended=true&lang=en")).GetProperty("items").EnumerateArray().Single(w => w.GetProperty("id").GetString() == windowId);
        Assert.Equal(en, windows.GetProperty("createdByName").GetString());

        if (erase)
        {
            // Erased: the name is in no answer.
            foreach (var path in new[] { $"api/incidents/{incident}", $"api/incidents/{incident}/retro", $"api/criteria/{criterion}", "api/action-items", $"api/maintenance/{windowId}" })
            {
                Assert.DoesNotContain(name, await app.Client.GetStringAsync(path), StringComparison.Ordinal);
            }
        }
    }
}
