using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

[Collection(OnDutyAppCollection.Name)]
public sealed class IncidentCardTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task PostAlert_NewIncident_TeamsCardMentionsTheDutyMembersAndShowsTheTitleAsTyped()
    {
        var before = app.Teams.Requests.Count;
        var key = "card-" + Guid.NewGuid().ToString("n")[..8];
        var alert = $$"""
            {"summary":"Checkout **down** [click](http://evil.example) <b>x</b>","severity":"critical","source":"synthetic-{{key}}",
             "dedup_key":"{{key}}","event_action":"trigger"}
            """;

        using var response = await app.Client.PostAsync("api/alerts/generic", new StringContent(alert, Encoding.UTF8, "application/json"));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = result.GetProperty("incidentId").GetString()!;
        await app.WaitForOutboxIdleAsync(allowRetrying: true);
        var incident = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        // The incident names its assignees by member id; their UPNs (what Teams mentions) are on the roster.
        var assignees = new List<(string Upn, string Name)>();
        foreach (var a in incident.GetProperty("incident").GetProperty("assignees").EnumerateArray())
        {
            var member = await app.Client.GetFromJsonAsync<JsonElement>($"api/members/{a.GetProperty("id").GetString()}");
            assignees.Add((member.GetProperty("upn").GetString()!, a.GetProperty("displayName").GetString()!));
        }

        var card = app.Teams.Requests.Skip(before)
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("attachments")[0].GetProperty("content"))
            .Single(c => c.GetRawText().Contains(id, StringComparison.Ordinal));
        var entities = card.GetProperty("msteams").GetProperty("entities").EnumerateArray().ToList();
        Assert.Equal(assignees.Select(a => a.Upn).Order(), entities.Select(e => e.GetProperty("mentioned").GetProperty("id").GetString()!).Order());
        var cardMentions = app.Teams.Mentions.Where(m => assignees.Any(a => a.Upn == m.Id)).ToList();
        Assert.NotEmpty(cardMentions);
        Assert.All(cardMentions, m => Assert.True(m.Delivered, $"mention of {m.Id} would not reach anyone"));
        Assert.All(entities, e => Assert.Equal("mention", e.GetProperty("type").GetString()));
        var markdown = CardTexts.Markdown(card);
        Assert.All(entities, e => Assert.Contains(markdown, t => t.Contains(e.GetProperty("text").GetString()!, StringComparison.Ordinal)));
        // The title is in TextRuns, shown as typed (Teams applies no markdown there), and in no TextBlock, where it would format.
        Assert.Contains(CardTexts.Plain(card), t => t.Contains("Checkout **down** [click](http://evil.example) <b>x</b>", StringComparison.Ordinal));
        Assert.DoesNotContain(markdown, t => t.Contains("click", StringComparison.Ordinal));
        Assert.Equal(2, assignees.Count);

        await app.Client.PostAsync("api/alerts/generic", new StringContent(alert.Replace("\"trigger\"", "\"resolve\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"));
    }
}
