using System.Text.Json.Nodes;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Trial 46 N1: when half of a trade (swap) is the announced week, the 【交代】 mail read as a plain replacement and never said
/// it was a trade nor with which shift. Every reader (both members, the partner, the team, the channel) is told both.
/// </summary>
public sealed class DutyChangeTradeTests
{
    private static DutyChangedNotice Sample(Language language, string name, NoticeForm form = NoticeForm.Email) =>
        (DutyChangedNotice)NoticeSamples.All(language).First(s => s.Name == name && s.Form == form).Notice;

    [Theory]
    [InlineData(Language.Ja, "入れ替えのため、1月25日(月)からの週は伊藤さんに代わって田中さんが担当します。")]
    [InlineData(Language.En, "This is a trade: in return, 田中 健 serves the week of Mon 25 Jan in place of 伊藤 さくら.")]
    public void Trade_TheMailAndTheCardSayItIsATradeAndNameTheOtherShift(Language language, string expected)
    {
        var notice = Sample(language, "duty-traded");

        var lines = TestRenderer.Instance.Email(notice).Text.Split('\n');
        Assert.Equal(expected, lines[3]);
        Assert.Contains(expected, TestRenderer.Instance.Email(notice with { ToReplacement = true }).Text, StringComparison.Ordinal);
        var card = JsonNode.Parse(TestRenderer.Instance.Card(notice).CardJson)!;
        Assert.Contains(expected, card["body"]!.AsArray().SelectMany(b => b?["inlines"]?.AsArray() ?? []).Select(i => (string?)i?["text"]));
    }

    [Theory]
    [InlineData(Language.Ja, "入れ替え")]
    [InlineData(Language.En, "trade")]
    public void PlainReplacement_IsNotCalledATrade(Language language, string word)
    {
        Assert.DoesNotContain(word, TestRenderer.Instance.Email(Sample(language, "duty-changed")).Text, StringComparison.Ordinal);
    }
}
