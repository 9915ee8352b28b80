using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 53: timeline rows added lately name people — who took an incident over from whom, who approved the drafts (as typed), who
/// planned the maintenance that holds an open incident. Once a member's personal data is erased, what named her is her id; the
/// incident page names her 「退任したメンバー」 / "a former member" (as <see cref="NoticeRenderer.WithFormer"/> says it), never by the
/// id, and never 「退任したメンバーさん」: it is not a name, so it takes no honorific. The others keep their names, with it.
/// </summary>
public sealed class ErasedMemberTimelineTests
{
    private static readonly DateTimeOffset At = new(2027, 1, 12, 9, 0, 0, TimeSpan.FromHours(9));

    private static string Row(TimelineKind kind, string message, Language language)
    {
        var p = Phrases.For(language);
        var roster = TeamData.Members().Where(m => m.Id != "tanaka").ToDictionary(m => m.Id, m => m.DisplayName);
        var names = NoticeRenderer.WithFormer(roster, [new FormerMember("tanaka", null, Language.Ja, At)], p);
        return TimelineText.For(kind, message, p, who => names.GetValueOrDefault(who));
    }

    [Theory]
    [InlineData(Language.Ja, "sato took over from tanaka", "佐藤 花子さんが退任したメンバーから対応を引き継ぎました")]
    [InlineData(Language.En, "sato took over from tanaka", "佐藤 花子 took over from a former member")]
    [InlineData(Language.Ja, "tanaka took over from sato", "退任したメンバーが佐藤 花子さんから対応を引き継ぎました")]
    public void TookOver_FromOrByAnErasedMember_AFormerMember(Language language, string message, string expected) =>
        Assert.Equal(expected, Row(TimelineKind.TookOver, message, language));

    /// <summary>The approver as typed (a role may come with it), unless it is the id an erasure left in place of her name.</summary>
    [Theory]
    [InlineData(Language.Ja, "ja drafts approved by tanaka", "日本語の文案を退任したメンバーが承認しました")]
    [InlineData(Language.En, "ja drafts approved by tanaka", "Japanese drafts approved by a former member")]
    [InlineData(Language.Ja, "ja drafts approved by 広報 佐々木（PR）", "日本語の文案を広報 佐々木さん（PR）が承認しました")]
    public void DraftsApproved_ByAnErasedMember_AFormerMember(Language language, string message, string expected) =>
        Assert.Equal(expected, Row(TimelineKind.DraftsApproved, message, language));

    /// <summary>Who planned the window with holdOpen: by name with the honorific (it read 「suzukiが指定」, the bare id), an erased one as a former member.</summary>
    [Theory]
    [InlineData(Language.Ja, "tanaka", "メンテナンス mw-1（決済DBの移行）の間、呼び出しを保留します（退任したメンバーが指定、開始前から発生）")]
    [InlineData(Language.En, "tanaka", "Pages held while maintenance mw-1 (決済DBの移行) runs, as a former member asked (open before it)")]
    [InlineData(Language.Ja, "sato", "メンテナンス mw-1（決済DBの移行）の間、呼び出しを保留します（佐藤 花子さんが指定、開始前から発生）")]
    public void PagesHeldOpen_NamesWhoAskedByName_AnErasedOneAsAFormerMember(Language language, string by, string expected) =>
        Assert.Equal(expected, Row(TimelineKind.PagesHeld, string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.PagesHeldOpen, "mw-1", "決済DBの移行", by), language));
}
