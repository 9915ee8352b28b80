using System.Net;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// The open action items page (session 62): a confidential incident's item is listed by its incident's id for a visitor who may not
/// read confidential incidents — 「非公開の障害」 / 'Confidential incident' for its title, no word of the item, its owner and due date
/// kept — as the lessons search lists one; whole for anyone who may.
/// </summary>
public sealed class ActionItemsPageConfidentialTests
{
    private static readonly ActionItem Item = new() { Title = "持ち出し経路を塞ぐ", Owner = "tanaka", Due = new DateOnly(2026, 12, 20) };

    private static readonly OpenActionItem Secret = new("INC-2026-0042", "顧客リストの流出の疑い", Item, "田中 健", OwnerLeft: false, Overdue: false) { Confidential = true };

    private static readonly OpenActionItem Open = new("INC-2026-0043", "決済が遅い", Item with { Title = "監視を追加" }, "田中 健", OwnerLeft: false, Overdue: false);

    [Theory]
    [InlineData(Language.Ja, "非公開の障害", "非公開の障害の対応項目です。内容は障害のページで確認してください。")]
    [InlineData(Language.En, "Confidential incident", "A confidential incident's action item: read it on the incident's pages.")]
    public void Page_ConfidentialItem_ForAnOutsider_ByItsIdOnly(Language language, string title, string withheld)
    {
        var html = WebUtility.HtmlDecode(TestRenderer.Instance.Page(new ActionItemsPageNotice(language, [Secret, Open])));

        Assert.DoesNotContain("顧客リストの流出の疑い", html, StringComparison.Ordinal);
        Assert.DoesNotContain("持ち出し経路を塞ぐ", html, StringComparison.Ordinal);
        Assert.Contains($"INC-2026-0042 {title}</a>", html, StringComparison.Ordinal);
        Assert.Contains(withheld, html, StringComparison.Ordinal);
        Assert.Contains("INC-2026-0043 決済が遅い</a>", html, StringComparison.Ordinal);
        Assert.Contains("監視を追加", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_ConfidentialItem_ForAReader_Whole()
    {
        var html = WebUtility.HtmlDecode(TestRenderer.Instance.Page(new ActionItemsPageNotice(Language.Ja, [Secret]) { ReadsConfidential = true }));

        Assert.Contains("INC-2026-0042 顧客リストの流出の疑い</a>", html, StringComparison.Ordinal);
        Assert.Contains("持ち出し経路を塞ぐ", html, StringComparison.Ordinal);
    }
}
