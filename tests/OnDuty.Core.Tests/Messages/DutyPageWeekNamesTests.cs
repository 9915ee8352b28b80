using System.Net;
using System.Text.RegularExpressions;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Trial 46 N2, N4, N5: the duty page names weeks as the mails do in Japanese (「1月12日(火)からの週」, the ISO label kept as the
/// forms' values and the ids), says the zone of the week choices once in each select's label, and its confirmation of a replace
/// names everyone the change is mailed to (the others on the shift too).
/// </summary>
public sealed partial class DutyPageWeekNamesTests
{
    private static string Render(Language language, Func<DutyPageNotice, DutyPageNotice>? after = null)
    {
        var n = (DutyPageNotice)NoticeSamples.All(language).First(s => s.Name == "duty-page" && s.Form == NoticeForm.Page).Notice;
        return WebUtility.HtmlDecode(TestRenderer.Instance.Page((after ?? (x => x))(n)));
    }

    [Fact]
    public void Ja_NamesWeeksByTheirFirstDay_TheIsoLabelOnlyAsValuesAndIds()
    {
        var page = Render(Language.Ja);

        Assert.Contains("<li id=\"s-2027-W02\" class=\"now\"><b>1月12日(火)からの週</b>", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2027-W03\">1月18日(月)からの週（1/18 (月) 10:00〜）Liam Chen、伊藤 さくら</option>", page, StringComparison.Ordinal);
        // No ISO week left in what the page says: only in attributes (values, ids, links).
        Assert.DoesNotMatch(IsoWeek(), Attribute().Replace(page, ""));
    }

    [Fact]
    public void En_KeepsTheIsoLabel()
    {
        var page = Render(Language.En);

        Assert.Contains("<li id=\"s-2027-W02\" class=\"now\"><b>2027-W02</b>", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2027-W03\">2027-W03 (from Mon 18 Jan 10:00): Liam Chen, 伊藤 さくら</option>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "<label for=\"replace-week\">週（JST） *</label>", "<label for=\"swap-otherWeek\">相手の当番週（JST） *</label>")]
    [InlineData(Language.En, "<label for=\"replace-week\">Week (JST) *</label>", "<label for=\"swap-otherWeek\">The other member's week (JST) *</label>")]
    public void WeekChoices_SayTheirZoneOnceInTheLabel(Language language, string replaceLabel, string otherLabel)
    {
        var page = Render(language);

        Assert.Contains(replaceLabel, page, StringComparison.Ordinal);
        Assert.Contains(otherLabel, page, StringComparison.Ordinal);
        Assert.DoesNotMatch("<option [^>]*>[^<]*JST", page);
    }

    [Theory]
    [InlineData(Language.Ja, "交代しました（すぐに有効）。交代する方・交代される方・同じ当番のほかの方・チームに連絡します。これ以降の呼び出しは新しい当番に届きます。")]
    [InlineData(Language.En, "Replaced, effective now. The replacement, the member replaced, the others on the shift and the team are being told; pages go to the new pair.")]
    public void ReplacedNow_NamesEveryoneTheChangeIsMailedTo(Language language, string expected)
    {
        Assert.Contains($"<p class=\"done\" role=\"status\" id=\"done\">{expected}</p>", Render(language, n => n with { Done = "replacedNow" }), StringComparison.Ordinal);
    }

    [GeneratedRegex("[0-9]{4}-W[0-9]{2}")]
    private static partial Regex IsoWeek();

    [GeneratedRegex("[a-z-]+=\"[^\"]*\"")]
    private static partial Regex Attribute();
}
