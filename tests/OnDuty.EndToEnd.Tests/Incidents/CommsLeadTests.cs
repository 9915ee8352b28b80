using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// The communications lead (連絡担当) through the hosted app (a fixture of its own: its clock moves past the update interval and its
/// reminder timer runs). <c>POST /api/incidents/{id}/comms-lead</c> stores the lead (<c>commsLead {id,name}</c>, a timeline row),
/// the member made it is told once by mail (smtp4dev), the 【更新のお願い】 reminder goes to them rather than the pair, and the refusals
/// are problem details with nothing stored. The incident page's forms do the same for a PM on a phone.
/// </summary>
public sealed class CommsLeadTests(OnDutyAppFixture app) : IClassFixture<OnDutyAppFixture>
{
    [Fact]
    public async Task CommsLead_ThroughTheApi_StoredTold_RemindedInsteadOfThePair_AndRefusals()
    {
        await app.AdvanceToNextHandoffAsync(); // a whole week ahead: the pair does not change under the test
        var (id, holder, partner) = await OpenAndAcknowledgeAsync("Comms lead: checkout errors");
        var lead = await OutsideAsync(holder, partner);

        using (var made = await app.Client.PostAsJsonAsync($"api/incidents/{id}/comms-lead", new { member = lead.Id, by = holder.Id }))
        {
            var text = await made.Content.ReadAsStringAsync();
            Assert.True(made.StatusCode == HttpStatusCode.OK, text);
            var commsLead = JsonDocument.Parse(text).RootElement.GetProperty("commsLead");
            Assert.Equal(lead.Id, commsLead.GetProperty("id").GetString());
            Assert.False(string.IsNullOrWhiteSpace(commsLead.GetProperty("name").GetString()));
        }

        // A double click: 200, nothing more recorded or sent.
        using (var again = await app.Client.PostAsJsonAsync($"api/incidents/{id}/comms-lead", new { member = lead.Id, by = holder.Id }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        await app.SettleAsync();
        var details = await DetailsAsync(id);
        Assert.Equal(lead.Id, details.GetProperty("incident").GetProperty("commsLead").GetProperty("id").GetString());
        Assert.Equal(holder.Id, details.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        var row = Assert.Single(details.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "commsLead");
        Assert.Equal($"{lead.Id} is the communications lead", row.GetProperty("message").GetString());

        var told = Assert.Single(await LeadMailsAsync(id));
        Assert.Equal(lead.Email, Assert.Single(told.To));
        var body = await app.Smtp.TextAsync(told.Id);
        Assert.True(body.Contains("あなたをこの障害の連絡担当にしました。", StringComparison.Ordinal) || body.Contains("made you the communications lead", StringComparison.Ordinal), body);

        // Past the SEV2 update interval with nobody updating: the reminder goes to the lead, not the pair.
        await app.AdvanceAsync(TimeSpan.FromHours(2));
        await app.RunFunctionAsync("NudgeIncidentUpdates");
        await app.SettleAsync();
        var reminders = await RemindersAsync(id);
        Assert.NotEmpty(reminders);
        Assert.Equal([lead.Email], reminders.SelectMany(m => m.To).Distinct(StringComparer.OrdinalIgnoreCase));

        // Stood down: the next reminder goes to the pair again.
        using (var cleared = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/incidents/{id}/comms-lead") { Content = JsonContent.Create(new { by = holder.Id }) }))
        {
            var text = await cleared.Content.ReadAsStringAsync();
            Assert.True(cleared.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(text).RootElement.GetProperty("commsLead").ValueKind);
        }

        var before = reminders.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        await app.AdvanceAsync(TimeSpan.FromHours(2));
        await app.RunFunctionAsync("NudgeIncidentUpdates");
        await app.SettleAsync();
        var later = (await RemindersAsync(id)).Where(m => !before.Contains(m.Id)).SelectMany(m => m.To).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(holder.Email, later);
        Assert.Contains(partner.Email, later);
        Assert.DoesNotContain(lead.Email, later);

        await AssertRefusedAsync(id, new { member = "nobody-here", by = holder.Id }, HttpStatusCode.BadRequest, "member");
        await AssertRefusedAsync(id, new { by = holder.Id }, HttpStatusCode.BadRequest, "member");
        using (var missing = await app.Client.PostAsJsonAsync("api/incidents/INC-1999-9999/comms-lead", new { member = lead.Id }))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧しました。", by = holder.Id }))
        {
            Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
        }

        await AssertRefusedAsync(id, new { member = lead.Id, by = holder.Id }, HttpStatusCode.Conflict, "id");
        details = await DetailsAsync(id);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("incident").GetProperty("commsLead").ValueKind);
        Assert.Equal(2, details.GetProperty("timeline").EnumerateArray().Count(t => t.GetProperty("kind").GetString() == "commsLead"));
        Assert.Single(await LeadMailsAsync(id));
    }

    [Fact]
    public async Task CommsLead_FromTheIncidentPage_AssignShownAndTold_TakeAndStandDown()
    {
        var (id, holder, partner) = await OpenAndAcknowledgeAsync("Comms lead: search is slow");
        var lead = await OutsideAsync(holder, partner);
        using var browser = new PageBrowser(app.BaseAddress);

        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("連絡担当を割り当てる", page, StringComparison.Ordinal);
        Assert.Contains("連絡担当になる", page, StringComparison.Ordinal);
        Assert.DoesNotContain("連絡担当をやめる", page, StringComparison.Ordinal);

        // Not signed in (local use): the name asked, as the other forms ask it.
        var after = await PostAsync(browser, page, "/page/commslead-assign", new Dictionary<string, string> { ["member"] = lead.Id, ["by"] = holder.Id });
        Assert.Contains("を連絡担当にしました。", after, StringComparison.Ordinal);
        Assert.Contains("にメールで知らせています。", after, StringComparison.Ordinal);
        Assert.Contains("<dt>連絡担当</dt>", after, StringComparison.Ordinal);
        Assert.Matches("さんが[^<>]+さんを連絡担当にしました", after);
        Assert.Contains("連絡担当をやめる", after, StringComparison.Ordinal);
        var details = await DetailsAsync(id);
        Assert.Equal(lead.Id, details.GetProperty("incident").GetProperty("commsLead").GetProperty("id").GetString());
        var row = Assert.Single(details.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "commsLead");
        Assert.Equal(holder.Id, row.GetProperty("by").GetString());
        await app.SettleAsync();
        Assert.Equal(lead.Email, Assert.Single(Assert.Single(await LeadMailsAsync(id)).To));

        // The status board says it beside who holds it.
        var (_, board) = await browser.GetAsync("api/status?lang=ja");
        Assert.Contains("連絡担当：", board, StringComparison.Ordinal);

        // The partner takes it themselves (name typed): no mail, 「…が連絡担当になりました」.
        var takenPage = await PostAsync(browser, after, "/page/commslead-take", new Dictionary<string, string> { ["by"] = partner.Id });
        Assert.Contains("連絡担当になりました。以後の更新のお願いはあなたに届きます。", takenPage, StringComparison.Ordinal);
        Assert.Equal(partner.Id, (await DetailsAsync(id)).GetProperty("incident").GetProperty("commsLead").GetProperty("id").GetString());

        var clearedPage = await PostAsync(browser, takenPage, "/page/commslead-clear", new Dictionary<string, string> { ["by"] = partner.Id });
        Assert.Contains("連絡担当を外しました。", clearedPage, StringComparison.Ordinal);
        Assert.Contains("が連絡担当をやめました", clearedPage, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await DetailsAsync(id)).GetProperty("incident").GetProperty("commsLead").ValueKind);
        await app.SettleAsync();
        Assert.Single(await LeadMailsAsync(id));
    }

    /// <summary>
    /// A member who is the lead of an open incident taken off the roster: not refused (nobody holds it through them), but the lead is
    /// taken off with a row 「…さんが当番表から外れたため、連絡担当を外しました」 and the answer names the incident; reminders go to the pair.
    /// </summary>
    [Fact]
    public async Task CommsLead_TakenOffTheRoster_LeadCleared_Said_InTheAnswerAndOnTheTimeline()
    {
        var (id, holder, _) = await OpenAndAcknowledgeAsync("Comms lead: leaving the roster");
        const string leaving = "leadleaving";
        using (var added = await app.Client.PostAsJsonAsync("api/members", new { id = leaving, displayName = "退任 太郎", email = "leaving.lead@onduty.example", language = "ja", joinedOn = "2024-04-01" }))
        {
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }

        using (var made = await app.Client.PostAsJsonAsync($"api/incidents/{id}/comms-lead", new { member = leaving, by = holder.Id }))
        {
            Assert.True(made.StatusCode == HttpStatusCode.OK, await made.Content.ReadAsStringAsync());
        }

        using (var removed = await app.Client.DeleteAsync($"api/members/{leaving}"))
        {
            var text = await removed.Content.ReadAsStringAsync();
            Assert.True(removed.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal([id], JsonDocument.Parse(text).RootElement.GetProperty("commsLeadCleared").EnumerateArray().Select(e => e.GetString()));
        }

        var details = await DetailsAsync(id);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("incident").GetProperty("commsLead").ValueKind);
        var row = details.GetProperty("timeline").EnumerateArray().Last(t => t.GetProperty("kind").GetString() == "commsLead");
        Assert.Equal($"{leaving} is no longer the communications lead: taken off the roster", row.GetProperty("message").GetString());

        using var browser = new PageBrowser(app.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        // Named by the name they had, marked as no longer on the roster, as the page names a former member on every row.
        Assert.Contains("退任 太郎さん（退任）が当番表から外れたため、連絡担当を外しました", page, StringComparison.Ordinal);
    }

    private sealed record Person(string Id, string Email);

    /// <summary>Posts the page's form, expects its <c>303</c> back to the page, and reads that page.</summary>
    private static async Task<string> PostAsync(PageBrowser browser, string html, string action, IDictionary<string, string> fields)
    {
        var (posted, body) = await browser.SubmitAsync(html, action, fields);
        Assert.True(posted.StatusCode == HttpStatusCode.SeeOther, body);
        var (_, page) = await browser.GetAsync(posted.Headers.Location!.ToString());
        return page;
    }

    /// <summary>A SEV2 declared through the API and acknowledged by the first of its pair: its id, the holder and the partner.</summary>
    private async Task<(string Id, Person Holder, Person Partner)> OpenAndAcknowledgeAsync(string title)
    {
        var id = await CreateAsync(title);
        await app.SettleAsync();
        var assignees = (await DetailsAsync(id)).GetProperty("incident").GetProperty("assignees").EnumerateArray()
            .Select(a => new Person(a.GetProperty("id").GetString()!, a.GetProperty("email").GetString()!)).ToList();
        Assert.Equal(2, assignees.Count);
        using (var ack = await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = assignees[0].Id }))
        {
            Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
        }

        await app.SettleAsync();
        return (id, assignees[0], assignees[1]);
    }

    /// <summary>An active roster member with an address who is not in the pair.</summary>
    private async Task<Person> OutsideAsync(Person holder, Person partner)
    {
        var members = (await app.Client.GetFromJsonAsync<JsonElement>("api/members")).GetProperty("items").EnumerateArray();
        var m = members.First(m => m.GetProperty("active").GetBoolean() && m.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String
            && m.GetProperty("id").GetString() is { } id && id != holder.Id && id != partner.Id);
        return new Person(m.GetProperty("id").GetString()!, m.GetProperty("email").GetString()!);
    }

    private async Task<List<ReceivedEmail>> LeadMailsAsync(string id) =>
        [.. (await app.Smtp.AboutAsync(id)).Where(m => m.Subject.Contains("連絡担当の割り当て】", StringComparison.Ordinal) || m.Subject.Contains(" communications lead]", StringComparison.Ordinal))];

    private async Task<List<ReceivedEmail>> RemindersAsync(string id) =>
        [.. (await app.Smtp.AboutAsync(id)).Where(m => m.Subject.StartsWith("【更新のお願い】", StringComparison.Ordinal) || m.Subject.StartsWith("[Update due]", StringComparison.Ordinal))];

    private async Task<JsonElement> DetailsAsync(string id) => await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");

    private async Task AssertRefusedAsync(string id, object body, HttpStatusCode status, string field)
    {
        var timelineBefore = (await DetailsAsync(id)).GetProperty("timeline").GetArrayLength();
        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/comms-lead", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
        Assert.Contains(field, text, StringComparison.Ordinal);
        Assert.Equal(timelineBefore, (await DetailsAsync(id)).GetProperty("timeline").GetArrayLength());
    }

    private async Task<string> CreateAsync(string title)
    {
        using var response = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev2" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }
}
