using System.Text;
using System.Text.Json;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages.Cards;

namespace OnDuty.Core.Tests.Messages;

public sealed class AdaptiveCardBuilderTests
{
    /// <summary>
    /// The largest card any notice can produce: an incident page with the longest title and impact, every alert shown with a
    /// huge description, many labels and links, and many more alerts behind. Teams' flow drops cards over ~28 KB silently.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void Card_LargestIncidentPage_StaysUnderTheLimitAndSaysWhatWasLeftOut(Language language)
    {
        var assignees = Enumerable.Range(0, 20).Select(i => new AssignedMember($"m{i}", new string('名', 200), $"m{i}@example.com", Language.Ja)).ToList();
        var incident = Incident.Open("INC-20261201-001",
            new NewIncident { Title = new string('障', Incident.MaxTitleLength), Severity = AlertSeverity.Sev1, UserImpact = new string('影', Incident.MaxTextLength) },
            assignees, "alert:alertmanager", DateTimeOffset.UnixEpoch);
        var alerts = Enumerable.Range(0, FiredAlert.MaxShown).Select(i => new FiredAlert(new string('概', 1024), AlertSeverity.Sev1, AlertStatus.Firing)
        {
            Description = new string('説', 64 * 1024),
            Labels = [.. Enumerable.Range(0, 50).Select(l => new KeyValuePair<string, string>($"label{l}", new string('値', 500)))],
            Links = [.. Enumerable.Range(0, 20).Select(l => new AlertLink(AlertLinkKinds.Link, new Uri($"https://example.com/{new string('x', 1500)}/{l}"), new string('リ', 300)))],
            Runbook = new Uri("https://wiki.example/runbook"),
        }).ToList();
        var notice = new IncidentPageNotice(language, incident, IncidentNotice.Page, "Asia/Tokyo", null)
        {
            Alerts = alerts,
            MoreAlerts = 400,
            Mentions = [.. assignees.Select(a => new Mention(a.DisplayName, a.Email))],
        };

        var card = TestRenderer.Instance.Card(notice).CardJson;

        Assert.InRange(Encoding.UTF8.GetByteCount(card), 1, AdaptiveCardBuilder.MaxBytes);
        var texts = JsonDocument.Parse(card).RootElement.GetProperty("body").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "TextBlock").Select(b => b.GetProperty("text").GetString()!).ToList();
        Assert.Contains(texts, t => t.Contains(language == Language.Ja ? "ほか" : "more alerts", StringComparison.Ordinal));
    }

    [Fact]
    public void Section_NonHttpLinks_NeverReachTheCard()
    {
        var json = new AdaptiveCardBuilder()
            .Section("alert", null, [], [("evil", new Uri("javascript:alert(1)")), ("file", new Uri("file:///etc/passwd")), ("ok", new Uri("https://example.com/x"))])
            .Build("fallback");

        Assert.DoesNotContain("javascript:", json, StringComparison.Ordinal);
        Assert.DoesNotContain("file:", json, StringComparison.Ordinal);
        Assert.Contains("https://example.com/x", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-W49", "2026-W49")]
    [InlineData("v1.2 (beta)", "v1.2 (beta)")]
    [InlineData("*bold* _it_ [x](y)", @"\*bold\* \_it\_ \[x\](y)")]
    [InlineData("# heading", @"\# heading")]
    [InlineData("- item", @"\- item")]
    [InlineData("1. first", @"1\. first")]
    [InlineData("<at>x</at>", @"\<at\>x\</at\>")]
    [InlineData("a\\b", @"a\\b")]
    [InlineData("two\nlines", "two lines")]
    public void Escape_OnlyWhatTeamsMarkdownActsOn(string input, string expected) => Assert.Equal(expected, CardText.Escape(input));
}
