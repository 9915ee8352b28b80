using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// 判断基準の見直し提案 (session 48): each proposal with the criterion by its wording, its retro linked, who wrote it by name (one taken
/// off the roster by the name they had) and when, and whether it was adopted — not yet: a link that changes the criterion from the
/// retro; adopted: which version, when and by whom. Rows in the order given; the filter says which list this is.
/// </summary>
public sealed class CriterionProposalsPageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 1, 30, 0, TimeSpan.Zero);

    private static readonly Criterion Help = new() { Id = "help", Title = "応援は 30 分で呼ぶ", Text = "30 分で見込みが立たなければ応援を呼ぶ", TitleEn = "Call for help at 30 minutes", Version = 1 };

    private static readonly Criterion Sev1 = new() { Id = "sev1", Title = "決済は SEV1", Text = "決済が止まったら SEV1", Version = 3 };

    private static CriterionProposal Proposal(string incident, Criterion criterion, string? note, string by, DateTimeOffset at, Criterion? adoptedBy = null) =>
        new(new IndexedCriterionChange(incident, "障害 " + incident, new CriterionChange { CriterionId = criterion.Id, Note = note }, new RetroVersion(1, by, at)), criterion, adoptedBy);

    private static string Page(Language language, bool all, params CriterionProposal[] rows) =>
        TestRenderer.Instance.Page(new CriterionProposalsPageNotice(language, new CriterionProposalList(rows, all, rows.Count(r => !r.Adopted), rows.Length), "Asia/Tokyo")
        {
            Names = new Dictionary<string, string> { ["sato"] = "佐藤 花子" },
            Former = [new FormerMember("kimura", "木村 健", Language.Ja, At)],
        });

    [Fact]
    public void Page_Japanese_RowsInOrder_WhoByName_NotAdoptedLinksTheChangeFromTheRetro_AdoptedSaysWhichVersion()
    {
        var html = Page(Language.Ja, all: true,
            Proposal("INC-2026-0009", Help, "20 分に<script>", "kimura", At),
            Proposal("INC-2026-0001", Sev1, null, "sato", At.AddDays(-10), Sev1 with { Version = 2, Retro = "INC-2026-0001", UpdatedBy = "sato", UpdatedAt = At.AddDays(-5) }));

        Assert.True(html.IndexOf("INC-2026-0009", StringComparison.Ordinal) < html.IndexOf("INC-2026-0001", StringComparison.Ordinal));
        Assert.Contains("<b>応援は 30 分で呼ぶ</b>", html);
        Assert.Contains("""<p class="note">20 分に&lt;script&gt;</p>""", html);
        Assert.Contains("""<a href="/api/incidents/INC-2026-0009/retro/page?lang=ja">INC-2026-0009 障害 INC-2026-0009</a> · 記入 2026/12/01 10:30（JST）・木村 健（退任）""", html);
        Assert.Contains("""<span class="open">未反映</span> · <a href="/api/criteria/page?lang=ja&amp;edit=help&amp;retro=INC-2026-0009#edit" class="adopt-link">この振り返りから変更</a>""", html);
        Assert.Contains("""<p class="note">（変更点と理由は書かれていません）</p>""", html);
        Assert.Contains("""<span class="meta adopted">反映済み：第2版（2026/11/26 10:30（JST）・佐藤 花子）</span>""", html);
        Assert.Contains("""<p class="meta" id="scope">未反映1件（全2件）</p>""", html);
        Assert.Contains("""<a href="/api/criteria/proposals/page?lang=ja" id="show-open">未反映のみ</a><b>すべて</b>""", html);
    }

    [Fact]
    public void Page_English_NotYetAdoptedList_CriterionInEnglishWhereGiven_LinksToAll()
    {
        var html = Page(Language.En, all: false, Proposal("INC-2026-0009", Help, "20 minutes", "sato", At));

        Assert.Contains("<b>Call for help at 30 minutes</b>", html);
        Assert.Contains("Written 1 Dec 2026 10:30 (JST) by 佐藤 花子", html);
        Assert.Contains("""<b>Not yet adopted</b><a href="/api/criteria/proposals/page?lang=en&amp;show=all" id="show-all">All</a>""", html);
        Assert.Contains("""<p class="meta" id="scope">1 not yet adopted (of 1)</p>""", html);
    }

    [Fact]
    public void Page_NothingWaiting_SaysSoForTheList()
    {
        var none = Page(Language.Ja, all: false);
        Assert.Contains("""<p id="none">未反映の提案はありません。</p>""", none);
        Assert.DoesNotContain("id=\"scope\"", none);
        Assert.Contains("""<p id="none">No retro has proposed a criteria change yet.</p>""", Page(Language.En, all: true));
    }
}
