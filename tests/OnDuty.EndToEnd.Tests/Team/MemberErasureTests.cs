using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Team;

/// <summary>
/// <c>DELETE /api/members/{id}?erase=true</c> through the whole app on Azurite: a person who left is taken off the roster
/// and their name and addresses are gone from every table afterwards (read raw, not through the API), while their id stays
/// in history. Its own app, because it changes the rotation's announcement list and announces a week.
/// </summary>
public sealed class MemberErasureTests(OnDutyAppFixture app) : IClassFixture<OnDutyAppFixture>
{
    private const string Id = "erin";
    private const string Email = "erin.example@onduty.example";
    private const string Upn = "erin.upn@onduty.example";
    private const string DisplayName = "江林 エリン";
    private const string Phone = "+818011112222";

    private readonly OnDutyAppFixture _app = app;

    [Fact]
    public async Task Delete_MemberOnDutyNow_409AndNothingRemoved()
    {
        var onDuty = (await _app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members")[0].GetProperty("id").GetString()!;

        using var response = await _app.Client.DeleteAsync($"api/members/{onDuty}?erase=true");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("incident-duty", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync($"api/members/{onDuty}")).StatusCode);
    }

    [Fact]
    public async Task DeleteWithErase_NameAndAddressesGoneFromEveryTable_IdKeptInHistory()
    {
        Assert.Equal(HttpStatusCode.Created, (await _app.Client.PostAsJsonAsync("api/members", new { id = Id, displayName = DisplayName, email = Email, upn = Upn, phone = "+81 80-1111-2222", language = "ja", joinedOn = "2023-04-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _app.Client.PostAsJsonAsync($"api/members/{Id}/leave", new { from = "2027-01-04", to = "2027-01-08", note = "休暇" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _app.Client.PostAsJsonAsync($"api/members/{Id}/feeds", new { note = "phone" })).StatusCode);
        // Leave they entered for someone else: who entered it is kept with it.
        Assert.Equal(HttpStatusCode.Created, (await _app.Client.PostAsJsonAsync("api/members/liam/leave", new { from = "2027-09-06", to = "2027-09-07", by = DisplayName })).StatusCode);

        // The person's name and address in an incident (title, update, who posted it) and a message to them in the outbox.
        using var created = await _app.Client.PostAsJsonAsync("api/incidents", new { title = $"{DisplayName} さんから報告: 決済エラー", severity = "sev3", by = Email });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incidentId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.PostAsJsonAsync($"api/incidents/{incidentId}/updates", new { message = $"{DisplayName} ({Email}) confirmed; see <{Upn}>, call {Phone}", by = Email })).StatusCode);
        // They follow it: a row keyed by their id beside the incident, and one in their own index.
        Assert.Equal(HttpStatusCode.Created, (await _app.Client.PostAsJsonAsync($"api/incidents/{incidentId}/followers", new { memberId = Id })).StatusCode);
        Assert.Equal(2, (await FollowRowsAsync(Id)).Count); // the check below can fail
        // A maintenance window they planned and ended (who, and their name in its title).
        using var window = await _app.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = $"{DisplayName} のリリース作業",
            to = _app.Time.GetUtcNow().AddHours(1),
            labels = new Dictionary<string, string> { ["onduty_test"] = Guid.NewGuid().ToString("n") },
            by = DisplayName,
        });
        Assert.Equal(HttpStatusCode.Created, window.StatusCode);
        var windowId = (await window.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.DeleteAsync($"api/maintenance/{windowId}?by={Uri.EscapeDataString(Email)}")).StatusCode);
        await SetNotifyEmailsAsync([Email]);
        await _app.AdvanceToNextHandoffAsync();
        await _app.RunFunctionAsync("AnnounceDutyWeek");
        await _app.SettleAsync();
        Assert.NotEmpty(await FindAsync(Email)); // the check below can fail: the address is in storage now
        Assert.NotEmpty(await FindAsync(Phone)); // and the phone number, as the roster stores it

        // Still announced to: erasing would rewrite the team's settings, so it is refused until they take it out.
        Assert.Equal(HttpStatusCode.Conflict, (await _app.Client.DeleteAsync($"api/members/{Id}?erase=true")).StatusCode);
        await SetNotifyEmailsAsync([]);

        using var response = await _app.Client.DeleteAsync($"api/members/{Id}?erase=true");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.True(body.GetProperty("erased").GetBoolean());
        Assert.Equal(1, body.GetProperty("leaveDeleted").GetInt32());
        Assert.Equal(1, body.GetProperty("feedsRevoked").GetInt32());
        Assert.True(body.GetProperty("messagesDeleted").GetInt32() >= 1);
        Assert.Equal(1, body.GetProperty("followsDeleted").GetInt32());
        Assert.Empty(await FollowRowsAsync(Id));
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Client.GetAsync($"api/members/{Id}")).StatusCode);
        foreach (var text in new[] { Email, Upn, Phone, DisplayName })
        {
            Assert.Empty(await FindAsync(text));
        }

        // History keeps the id where the person was named, and the incident still reads.
        var incident = await _app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{incidentId}");
        Assert.Equal($"{Id} さんから報告: 決済エラー", incident.GetProperty("incident").GetProperty("title").GetString());
        Assert.Contains(incident.GetProperty("timeline").EnumerateArray(), e => e.TryGetProperty("message", out var m) && m.GetString() == $"{Id} ({Id}) confirmed; see <{Id}>, call {Id}");

        var liamsLeave = (await _app.Client.GetFromJsonAsync<JsonElement>("api/members/liam/leave")).GetProperty("items").EnumerateArray();
        Assert.Equal(Id, liamsLeave.Single(l => l.GetProperty("from").GetString() == "2027-09-06").GetProperty("by").GetString());

        var erasedWindow = await _app.Client.GetFromJsonAsync<JsonElement>($"api/maintenance/{windowId}");
        Assert.Equal(($"{Id} のリリース作業", Id, Id), (erasedWindow.GetProperty("title").GetString(), erasedWindow.GetProperty("createdBy").GetString(), erasedWindow.GetProperty("endedBy").GetString()));

        // Erasing again finds nothing left: the member is gone, and so is the claim on their address, which is free again.
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Client.DeleteAsync($"api/members/{Id}?erase=true")).StatusCode);
        Assert.Empty(await RowsNamingAsync(Id));
        // What history needs to say they were a member, without their name (pages call them 「退任したメンバー」, never the bare id).
        var former = Assert.Single(await RowsNamingAsync(Id, "former"));
        Assert.Equal((Id, false), (former.GetString("Id"), former.ContainsKey("DisplayName")));
        using var successor = await _app.Client.PostAsJsonAsync("api/members", new { id = "erin2", displayName = "後任", email = Email, language = "ja", joinedOn = "2027-04-01" });
        Assert.Equal(HttpStatusCode.Created, successor.StatusCode);
    }

    /// <summary>
    /// Session 53: a PM who took part in what was added lately — acknowledged an incident, had it taken over from her (the timeline's
    /// row names both; the mail telling her is in the outbox), approved its drafts under her name, followed it. While she holds it
    /// the erasure is refused, naming the incident and what to do (nobody would be paged for an incident held by someone gone);
    /// once taken over, it erases her everywhere, and the incident page calls her 「退任したメンバー」 / "a former member" — never her
    /// name, her id, nor 「退任したメンバーさん」.
    /// </summary>
    [Fact]
    public async Task DeleteWithErase_MemberWhoTookPartInTakeoverAndDrafts_RefusedWhileSheHoldsIt_ThenGoneAndCalledAFormerMember()
    {
        const string id = "zoepm";
        const string name = "坂井 ゾエ";
        const string email = "zoe.sakai@onduty.example";
        const string upn = "zoe.upn@onduty.example";
        Assert.Equal(HttpStatusCode.Created, (await _app.Client.PostAsJsonAsync("api/members", new { id, displayName = name, email, upn, phone = "+81 80-3333-4444", language = "ja", joinedOn = "2024-04-01" })).StatusCode);
        using var created = await _app.Client.PostAsJsonAsync("api/incidents", new { title = "プッシュ通知の遅延", severity = "sev3", by = email });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incidentId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using (var ack = await _app.Client.PostAsJsonAsync($"api/incidents/{incidentId}/ack", new { memberId = id }))
        {
            Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.Created, (await _app.Client.PostAsJsonAsync($"api/incidents/{incidentId}/followers", new { memberId = id })).StatusCode);
        using (var drafts = new HttpRequestMessage(HttpMethod.Put, $"api/incidents/{incidentId}/drafts?lang=ja")
        {
            Content = JsonContent.Create(new { customerNotice = "レビュー済みのお知らせ", status = "approved", approvedBy = name }),
        })
        {
            drafts.Headers.TryAddWithoutValidation("If-Match", "*");
            using var saved = await _app.Client.SendAsync(drafts);
            Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        }

        // She holds it: refused, nothing removed, the incident named with what to do.
        using (var refused = await _app.Client.DeleteAsync($"api/members/{id}?erase=true"))
        {
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"holds open incident '{incidentId}'", problem, StringComparison.Ordinal);
            Assert.Contains($"POST /api/incidents/{incidentId}/takeover", problem, StringComparison.Ordinal);
        }

        // Taken off the roster without erasing is refused the same way: the pages would reach nobody either.
        Assert.Equal(HttpStatusCode.Conflict, (await _app.Client.DeleteAsync($"api/members/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync($"api/members/{id}")).StatusCode);

        using (var taken = await _app.Client.PostAsJsonAsync($"api/incidents/{incidentId}/takeover", new { by = "yamada" }))
        {
            Assert.True(taken.StatusCode == HttpStatusCode.OK, await taken.Content.ReadAsStringAsync());
        }

        await _app.SettleAsync();
        Assert.NotEmpty(await FindAsync(name)); // the checks below can fail: her name and address are in storage now
        Assert.NotEmpty(await FindAsync(email));
        // Mails to the others call her by family name (「坂井さんが対応します」): those copies go too.
        Assert.NotEmpty(await FindAsync("坂井さん"));

        using var response = await _app.Client.DeleteAsync($"api/members/{id}?erase=true");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        foreach (var text in new[] { email, upn, "+818033334444", name, "坂井" })
        {
            Assert.Empty(await FindAsync(text));
        }

        var timeline = (await _app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{incidentId}")).GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "tookOver" && e.GetProperty("message").GetString() == $"yamada took over from {id}");
        Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "draftsApproved" && e.GetProperty("message").GetString() == $"ja drafts approved by {id}");

        using var browser = new PageBrowser(_app.BaseAddress);
        var (_, ja) = await browser.GetAsync($"api/incidents/{incidentId}/page?lang=ja");
        Assert.Contains("さんが退任したメンバーから対応を引き継ぎました", ja, StringComparison.Ordinal);
        Assert.Contains("日本語の文案を退任したメンバーが承認しました", ja, StringComparison.Ordinal);
        Assert.Contains("退任したメンバーが", ja[ja.IndexOf("id=\"h-drafts\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var (_, en) = await browser.GetAsync($"api/incidents/{incidentId}/page?lang=en");
        Assert.Contains(" took over from a former member", en, StringComparison.Ordinal);
        Assert.Contains("drafts approved by a former member", en, StringComparison.Ordinal);
        foreach (var page in new[] { ja, en })
        {
            Assert.DoesNotContain(id, page, StringComparison.Ordinal);
            Assert.DoesNotContain("退任したメンバーさん", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Delete_EraseNotTrueOrFalse_400()
    {
        using var response = await _app.Client.DeleteAsync("api/members/nobody?erase=yes");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("erase", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task SetNotifyEmailsAsync(string[] emails)
    {
        using var current = await _app.Client.GetAsync("api/rotations/incident-duty");
        var rotation = JsonNode.Parse(await current.Content.ReadAsStringAsync())!;
        rotation["notifyEmails"] = new JsonArray([.. emails.Select(e => JsonValue.Create(e))]);
        using var put = new HttpRequestMessage(HttpMethod.Put, "api/rotations/incident-duty") { Content = JsonContent.Create(rotation) };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        using var response = await _app.Client.SendAsync(put);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The roster's rows (members, claims on addresses) that name member <paramref name="id"/>, read raw.</summary>
    private async Task<List<string>> RowsNamingAsync(string id) =>
        [.. (await RowsNamingAsync(id, "team")).Select(row => $"{row.PartitionKey}/{row.RowKey}")];

    /// <summary>The rows of the members' table in <paramref name="partition"/> that name member <paramref name="id"/>, read raw.</summary>
    private async Task<List<TableEntity>> RowsNamingAsync(string id, string partition)
    {
        var service = new TableServiceClient(_app.Azurite.ConnectionString);
        var found = new List<TableEntity>();
        await foreach (var table in service.QueryAsync())
        {
            if (!table.Name.EndsWith("Members", StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>(e => e.PartitionKey == partition))
            {
                if (row.GetString("Id") == id || row.GetString("MemberId") == id)
                {
                    found.Add(row);
                }
            }
        }

        return found;
    }

    /// <summary>The rows of the incidents' tables that keep member <paramref name="id"/> following something, read raw.</summary>
    private async Task<List<string>> FollowRowsAsync(string id)
    {
        var service = new TableServiceClient(_app.Azurite.ConnectionString);
        var found = new List<string>();
        await foreach (var table in service.QueryAsync())
        {
            if (!table.Name.EndsWith("Incidents", StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>(e => e.RowKey == $"follower|{id}" || e.PartitionKey == $"following|{id}"))
            {
                found.Add($"{table.Name}/{row.PartitionKey}/{row.RowKey}");
            }
        }

        return found;
    }

    /// <summary>Every table, every row, every text property, read raw: where <paramref name="text"/> is stored, plain or JSON-escaped.</summary>
    private async Task<List<string>> FindAsync(string text)
    {
        var forms = new[] { text, JsonEncodedText.Encode(text).Value, WebUtility.HtmlEncode(text) };
        var service = new TableServiceClient(_app.Azurite.ConnectionString);
        var found = new List<string>();
        await foreach (var table in service.QueryAsync())
        {
            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var texts = row.Select(p => p.Value).OfType<string>().Append(row.PartitionKey).Append(row.RowKey);
                if (texts.Any(t => forms.Any(f => t.Contains(f, StringComparison.OrdinalIgnoreCase))))
                {
                    found.Add($"{table.Name}/{row.PartitionKey}/{row.RowKey}");
                }
            }
        }

        return found;
    }
}
