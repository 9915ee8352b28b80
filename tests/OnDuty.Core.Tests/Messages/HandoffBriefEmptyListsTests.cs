using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// The handoff brief leads with what needs the reader: a list with nothing in it is not a heading followed by 「なし」 (four of them
/// in a row on a quiet week), the empty lists are named together in one line at the end, in the HTML and the text part alike (session 44).
/// </summary>
public sealed class HandoffBriefEmptyListsTests
{
    private static readonly DateTimeOffset Declared = new(2026, 12, 3, 21, 44, 0, TimeSpan.FromHours(9));

    private static RenderedEmail Brief(Language language, params Incident[] open) =>
        TestRenderer.Instance.Email(new HandoffBriefNotice(language,
            new HandoffBrief("Incident duty", "障害当番", "2026-W49", new DateOnly(2026, 12, 7), open, [], [], []), "Asia/Tokyo", new DateOnly(2026, 12, 4))
        {
            BaseUrl = "https://onduty.example",
        });

    /// <summary>As the HTML part encodes it: 「last week&amp;#x27;s incidents」.</summary>
    private static string Html(string text) => text.Replace("'", "&#x27;", StringComparison.Ordinal);

    [Theory]
    [InlineData(Language.Ja, "■対応中の障害（1件、時刻は JST）", "対応中の障害（1件、時刻は JST）", "なし：未記入の振り返り、期限切れ・今週期限のアクションアイテム、先週の障害")]
    [InlineData(Language.En, "Open incidents (1; times in JST):", "Open incidents (1; times in JST)",
        "Nothing to report: retros not yet written, action items past due or due this week, last week's incidents.")]
    public void OneListHasLines_ItsSectionFirstTheEmptyOnesNamedInOneLineAtTheEnd(Language language, string textHeading, string htmlHeading, string nothing)
    {
        var open = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, [], "sato", Declared);

        var mail = Brief(language, open);

        var text = mail.Text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        Assert.Contains($"\n\n{textHeading}\n- INC-2026-0001 SEV2 決済が一部失敗 — ", text, StringComparison.Ordinal);
        Assert.EndsWith($"/api/incidents/INC-2026-0001/page\n\n{nothing}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(language == Language.Ja ? "（0件）" : "(0)", text, StringComparison.Ordinal);
        Assert.Single(mail.Html.Split("<h3 ")[1..]);
        Assert.Contains($">{htmlHeading}</h3>", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"</ul>\n<p style=\"margin:16px 0 0;color:#555\">{Html(nothing)}</p>\n</body>", mail.Html.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "なし：対応中の障害、未記入の振り返り、期限切れ・今週期限のアクションアイテム、先週の障害")]
    [InlineData(Language.En, "Nothing to report: open incidents, retros not yet written, action items past due or due this week, last week's incidents.")]
    public void EveryListEmpty_OneLineAfterTheLeadAndNoHeadings(Language language, string nothing)
    {
        var mail = Brief(language);

        var text = mail.Text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        var lines = text.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("", lines[1]);
        Assert.Equal(nothing, lines[2]);
        Assert.DoesNotContain("<h3", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"<p style=\"margin:16px 0 0;color:#555\">{Html(nothing)}</p>", mail.Html, StringComparison.Ordinal);
    }
}
