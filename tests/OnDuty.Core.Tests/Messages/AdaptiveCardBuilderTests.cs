using System.Text;
using System.Text.Json;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages.Cards;
using OnDuty.Testing;

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
            PageLink = "https://onduty.example/api/incidents/INC-20261201-001/page",
        };

        var card = TestRenderer.Instance.Card(notice).CardJson;

        Assert.InRange(Encoding.UTF8.GetByteCount(card), 1, AdaptiveCardBuilder.MaxBytes);
        // How many are left out depends on how many fit; what to do about them is said as the button below names the page.
        Assert.Contains(CardTexts.Plain(card), t => language == Language.Ja
            ? t.StartsWith("ほか", StringComparison.Ordinal) && t.EndsWith("件のアラート：すべて障害ページで確認できます", StringComparison.Ordinal)
            : t.StartsWith("… and ", StringComparison.Ordinal) && t.EndsWith(" more alerts: all of them are on the incident page", StringComparison.Ordinal));

        // The alerts dropped to fit, the incident page stays: the head's button and the one under "… more alerts" that says
        // to read the rest there — named as the head's is (it was 「障害の詳細」 / "Open the incident": one page, two names).
        var buttons = JsonDocument.Parse(card).RootElement.GetProperty("body").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "ActionSet")
            .Select(b => b.GetProperty("actions")[0])
            .Select(a => (Title: a.GetProperty("title").GetString(), Url: a.GetProperty("url").GetString()))
            .ToList();
        var page = "https://onduty.example/api/incidents/INC-20261201-001/page";
        Assert.Contains((language == Language.Ja ? "障害ページを開く" : "Open the incident page", page), buttons);
        Assert.Equal((language == Language.Ja ? "障害ページを開く" : "Open the incident page", page), buttons[^1]);
    }

    /// <summary>
    /// The largest storm cards: a thousand incidents with the longest titles, acknowledged or escalated together. Each stays
    /// under the limit, keeps its links (status page, acknowledge together) and says how many incidents it does not list.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void Card_LargestStormNotices_StayUnderTheLimitKeepTheirLinksAndCountWhatIsLeftOut(Language language)
    {
        var assignees = Enumerable.Range(0, 20).Select(i => new AssignedMember($"m{i}", new string('名', 200), $"m{i}@example.com", Language.Ja)).ToList();
        var incidents = Enumerable.Range(0, 1000).Select(i => Incident.Open(
            $"INC-2026-{i:0000}", new NewIncident { Title = new string('障', Incident.MaxTitleLength), Severity = AlertSeverity.Sev1 }, assignees, "alert:alertmanager", DateTimeOffset.UnixEpoch)).ToList();
        var escalated = new IncidentsEscalatedNotice(language, 2, [.. incidents.Select(i => new EscalatedIncident(i, null))], "Asia/Tokyo", "https://onduty.example/api/status")
        {
            AckTogetherLink = "https://onduty.example/api/status/ack",
            Mentions = [.. assignees.Select(a => new Mention(a.DisplayName, a.Email))],
        };
        var acknowledged = new IncidentsAcknowledgedNotice(language, new string('名', 200), incidents, "https://onduty.example/api/status");

        foreach (var card in new[] { TestRenderer.Instance.Card(escalated).CardJson, TestRenderer.Instance.Card(acknowledged).CardJson })
        {
            Assert.InRange(Encoding.UTF8.GetByteCount(card), 1, AdaptiveCardBuilder.MaxBytes);
            Assert.Contains("https://onduty.example/api/status\"", card, StringComparison.Ordinal);
            Assert.Contains("INC-2026-0000", card, StringComparison.Ordinal);
            Assert.Contains(CardTexts.Plain(card), t => t.StartsWith(language == Language.Ja ? "ほか" : "and ", StringComparison.Ordinal));
        }

        Assert.Contains("https://onduty.example/api/status/ack\"", TestRenderer.Instance.Card(escalated).CardJson, StringComparison.Ordinal);
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

    /// <summary>
    /// Teams applies markdown to TextBlocks and facts but not to TextRuns, so user text goes into TextRuns as typed: nothing
    /// becomes bold, a link or a mention, and no backslash (which Teams mobile showed literally) is added.
    /// </summary>
    [Theory]
    [InlineData("2026-W49 v1.2 (beta) 2026-12-07 (月)")]
    [InlineData("*bold* _it_ [x](http://evil.example) ~s~ `c`")]
    [InlineData("# heading")]
    [InlineData("- item")]
    [InlineData("1. first")]
    [InlineData("<at>x</at> <b>y</b>")]
    [InlineData(@"a\b")]
    public void Text_UserText_ShownAsTypedInATextRunAndNeverAsMarkdown(string input)
    {
        var json = new AdaptiveCardBuilder().Title(input).Text(input).Subtle(input).Attention(input).Footer(input)
            .Facts([(input, input)]).Section(input, input, [(input, input)], []).Build("fallback");

        var shown = CardTexts.Plain(json);
        Assert.Equal(7, shown.Count(t => t == input));
        Assert.Equal(2, shown.Count(t => t == input + " " + input));
        Assert.Empty(CardTexts.Markdown(json));
    }

    /// <summary>
    /// Brief trialstake (session 46): a text of several lines keeps them in Teams, a block each (a run shows one line). A ■ section
    /// of a stakeholder notice read 「調査中 原因は…と判明しました。 更新：…」 as one sentence, the monthly report's counts ran together.
    /// </summary>
    [Fact]
    public void SectionAndText_SeveralLines_ALineEach_BlankLinesDropped()
    {
        var json = new AdaptiveCardBuilder()
            .Text("第2報：障害の状況を更新しました。\n重大度を SEV3 から SEV2 に引き上げました。")
            .Section("対応状況", "原因特定\r\n\r\n原因は URL 設定の誤りと判明しました。\n更新：2026年12月5日(土) 23:58（JST）、佐藤 花子", [], [])
            .Build("f");

        Assert.Equal(
            ["第2報：障害の状況を更新しました。", "重大度を SEV3 から SEV2 に引き上げました。", "対応状況", "原因特定", "原因は URL 設定の誤りと判明しました。", "更新：2026年12月5日(土) 23:58（JST）、佐藤 花子"],
            CardTexts.Plain(json));
        using var doc = JsonDocument.Parse(json);
        var section = doc.RootElement.GetProperty("body")[2].GetProperty("items");
        Assert.All(Enumerable.Range(1, 3), n => Assert.Equal(("None", true),
            (section[n].GetProperty("spacing").GetString(), section[n].GetProperty("inlines")[0].GetProperty("isSubtle").GetBoolean())));
    }

    [Fact]
    public void Text_MoreLinesThanShown_TheRestRunOnInTheLast()
    {
        var lines = Enumerable.Range(1, AdaptiveCardBuilder.MaxLines + 3).Select(n => $"行{n}").ToList();

        var shown = CardTexts.Plain(new AdaptiveCardBuilder().Text(string.Join("\n", lines)).Build("f"));

        Assert.Equal([.. lines.Take(AdaptiveCardBuilder.MaxLines - 1), string.Join(" ", lines.Skip(AdaptiveCardBuilder.MaxLines - 1))], shown);
    }

    /// <summary>The stakeholder notice in Teams: its opening (the stage, then what changed: the card's preview), and each ■ section's lines, as the mail gives them.</summary>
    [Fact]
    public void StakeholderCard_LeadAndSections_LineByLineAsTheMail()
    {
        var notice = NoticeSamples.All(Language.Ja).Single(s => s.Name == "stakeholder-lowered" && s.Form == NoticeForm.Card).Notice;

        var shown = CardTexts.Plain(TestRenderer.Instance.Card(notice).CardJson);

        Assert.Equal(["第4報（SEV2・調査中）：重大度を SEV1 から SEV2 に引き下げました。", "発生日時", "2027年1月12日(火) 10:40（JST）"], shown.Skip(1).Take(3));
        var status = shown.ToList().IndexOf("対応状況");
        Assert.Equal(["調査中", "Only iOS is affected now.", "更新：2027年1月12日(火) 11:00（JST）、田中 健", "回避策"], shown.Skip(status + 1).Take(4));
        var impact = shown.ToList().IndexOf("影響範囲");
        Assert.Equal(["Some users cannot open the checkout screen", "対象機能：checkout", "対象環境：iOS、Android", "対応状況"], shown.Skip(impact + 1).Take(4));
    }

    [Fact]
    public void Facts_LabelIsBoldAndTheValueAsTyped()
    {
        using var doc = JsonDocument.Parse(new AdaptiveCardBuilder().Facts([("重大度", "*SEV1*")]).Build("f"));

        var runs = doc.RootElement.GetProperty("body")[0].GetProperty("inlines");
        Assert.Equal("RichTextBlock", doc.RootElement.GetProperty("body")[0].GetProperty("type").GetString());
        Assert.Equal(("重大度", "Bolder"), (runs[0].GetProperty("text").GetString(), runs[0].GetProperty("weight").GetString()));
        Assert.Equal(" *SEV1*", runs[1].GetProperty("text").GetString());
    }

    /// <summary>Teams finds mentions only in TextBlock and FactSet text, so the mention line stays a TextBlock whose names cannot close the tag or format.</summary>
    [Fact]
    public void Mentions_StayInATextBlock_NamesCannotCloseTheTagOrFormat_PeopleWithoutIdAreNamedAsText()
    {
        var json = new AdaptiveCardBuilder()
            .Mentions([new Mention("Liam Chen", "liam@onduty.example"), new Mention("x</at><at>*y*", "evil@onduty.example"), new Mention("[No id]", null)])
            .Build("f");
        using var doc = JsonDocument.Parse(json);

        var line = Assert.Single(CardTexts.Markdown(json));
        Assert.Equal("<at>Liam Chen</at> <at>x‹/at›‹at›∗y∗</at>", line);
        var entities = doc.RootElement.GetProperty("msteams").GetProperty("entities").EnumerateArray().ToList();
        Assert.Equal(["<at>Liam Chen</at>", "<at>x‹/at›‹at›∗y∗</at>"], entities.Select(e => e.GetProperty("text").GetString()));
        Assert.Equal("x</at><at>*y*", entities[1].GetProperty("mentioned").GetProperty("name").GetString());
        Assert.Contains("[No id]", CardTexts.Plain(json));
    }

    /// <summary>
    /// Teams evaluates {{DATE(…)}} and {{TIME(…)}} in card text: user text (titles, texts, facts, sections, buttons, names) can never
    /// form one, whatever its case or how many braces; the braces still read as typed, with an invisible word joiner between them.
    /// </summary>
    [Theory]
    [InlineData("{{DATE(2026-12-03T00:00:00Z, SHORT)}}")]
    [InlineData("期限 {{TIME(2026-12-03T09:00:00Z)}} まで")]
    [InlineData("{{{date(2026-12-03T00:00:00Z, LONG)}}}")]
    [InlineData("{{{{TIME(2026-12-03T00:00:00Z)}}")]
    public void Text_UserTextWithDateOrTimeFunction_CannotFormOne(string input)
    {
        var json = new AdaptiveCardBuilder().Title(input).Text(input).Subtle(input).Attention(input).Footer(input)
            .Facts([(input, input)]).Section(input, input, [(input, input)], [])
            .Mentions([new Mention(input, "x@onduty.example")]).Build("fallback");

        using var doc = JsonDocument.Parse(json);
        var texts = Strings(doc.RootElement).ToList();
        Assert.Contains(texts, t => t.Replace("\u2060", "", StringComparison.Ordinal) == input);
        Assert.DoesNotContain(texts, t => t.Contains("{{", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("{{DATE(", StringComparison.OrdinalIgnoreCase) || t.Contains("{{TIME(", StringComparison.OrdinalIgnoreCase));

        static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => [e.GetString()!],
            JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
            // The mention's entity carries the name as the person has it (Teams shows the roster's), not card text.
            JsonValueKind.Object => e.EnumerateObject().Where(p => p.Name != "mentioned").SelectMany(p => Strings(p.Value)),
            _ => [],
        };
    }

    [Fact]
    public void Text_SingleBraces_Untouched()
    {
        var json = new AdaptiveCardBuilder().Text("{x} {DATE(1)}").Build("f");

        Assert.Contains("{x} {DATE(1)}", CardTexts.Plain(json));
    }
}
