using System.Net;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Problems on the retro page that belong to no one box: said in the reader's words above the form, not as the API field and the
/// domain's English (「timeline: the retro is 400,000 characters stored, …」).
/// </summary>
public sealed class RetroPageProblemsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 17, 50, 0, TimeSpan.Zero);

    private static string Page(Language language, Dictionary<string, string[]> errors)
    {
        var incident = Incident.Open("INC-2026-0002", new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, [], "sato", T0);
        incident.Resolve("sato", T0.AddMinutes(45));
        return WebUtility.HtmlDecode(TestRenderer.Instance.Page(new RetroPageNotice(language, new RetroState(incident, null, []), [], [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Values = new Dictionary<string, string> { ["summary"] = "s" },
            Errors = errors,
        }));
    }

    [Theory]
    [InlineData("timeline", "いちばん長いのはタイムラインです。不要な行を削除するか、各行を短くしてください。", "The timeline is the longest part: remove the lines you do not need, or shorten them.")]
    [InlineData("actionItems", "いちばん長いのはアクションアイテムです。やることを短くしてください。", "The action items are the longest part: shorten them.")]
    [InlineData("criteriaChanges", "いちばん長いのは判断基準の変更点です。変更点と理由を短くしてください。", "The notes on judgement criteria are the longest part: shorten them.")]
    public void WholeRetroTooLong_ItsRowsTheLongestPart_SaidAboveTheFormInTheReadersWords(string part, string ja, string en)
    {
        var errors = new Dictionary<string, string[]> { [part] = [$"retroTooLong.{part}:320,000"] };

        Assert.Contains($"<p class=\"err\" role=\"alert\">振り返り全体が長すぎて保存できません（全体で320,000文字まで）。{ja}</p>", Page(Language.Ja, errors));
        Assert.Contains($"<p class=\"err\" role=\"alert\">The whole retro is too long to save (at most 320,000 characters in all). {en}</p>", Page(Language.En, errors));
        Assert.DoesNotContain($"{part}:", Page(Language.Ja, errors));
    }

    [Fact]
    public void AProblemThePageHasNoWordsFor_StillShownAsTheDomainSaidIt()
    {
        var errors = new Dictionary<string, string[]> { ["timeline"] = ["must have at most 500 entries"] };

        Assert.Contains("timeline: must have at most 500 entries", Page(Language.Ja, errors));
    }
}
