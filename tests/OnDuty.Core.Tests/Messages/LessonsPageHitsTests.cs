using OnDuty.Core.Alerts;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>「過去の教訓を探す」's incident hits: the field a hit was found in, named in the reader's words.</summary>
public sealed class LessonsPageHitsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 2, 1, 56, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Language.Ja, "<span class=\"field\">担当：</span><mark>伊藤</mark> さくら")]
    [InlineData(Language.En, "<span class=\"field\">On duty: </span><mark>伊藤</mark> さくら")]
    public void AHitFoundByADutyMembersName_SaysTheNameWasFoundAsTheirs(Language language, string expected)
    {
        var hit = new LessonHit("INC-2026-0001", "決済画面が開かない", AlertSeverity.Sev1, [], T0, 1, 1, 1.0, new LessonSnippet("dutyMembers", "伊藤 さくら", [new TextSpan(0, 2)]), false);

        var html = TestRenderer.Instance.Page(new LessonsPageNotice(language, "伊藤", [hit], "Asia/Tokyo"));

        Assert.Contains($"<p class=\"snippet\">{expected}</p>", html);
        Assert.DoesNotContain("dutyMembers", html);
    }

    /// <summary>
    /// 「決済」 in a team whose incidents are mostly 決済: the page lists the 20 most relevant and said 「検索結果：20件」, read as all
    /// there are. Now, when more match, it says so under the count; when all are listed, nothing more.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<p class=\"sub\" id=\"more\">ほかにも一致する障害があります。関連の高い順に上位2件を表示しています。言葉を足すと絞り込めます。</p>")]
    [InlineData(Language.En, "<p class=\"sub\" id=\"more\">More incidents match: the 2 most relevant are shown. Add words to narrow the search.</p>")]
    public void MoreMatchThanListed_SaidUnderTheCount(Language language, string expected)
    {
        LessonHit Hit(string id) => new(id, "決済画面が開かない", AlertSeverity.Sev1, [], T0, 1, 1, 1.0, new LessonSnippet("title", "決済画面が開かない", [new TextSpan(0, 2)]), false);
        IReadOnlyList<LessonHit> hits = [Hit("INC-2026-0001"), Hit("INC-2026-0002")];

        var more = TestRenderer.Instance.Page(new LessonsPageNotice(language, "決済", hits, "Asia/Tokyo") { More = true });
        var all = TestRenderer.Instance.Page(new LessonsPageNotice(language, "決済", hits, "Asia/Tokyo"));

        Assert.Contains(expected, more);
        Assert.True(more.IndexOf("id=\"h-hits\"", StringComparison.Ordinal) < more.IndexOf("id=\"more\"", StringComparison.Ordinal));
        Assert.DoesNotContain("id=\"more\"", all);
    }
}
