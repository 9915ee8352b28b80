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
}
