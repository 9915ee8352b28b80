using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

public sealed class DutyChangedNoticeTests
{
    private static Notice Sample(Language language, string name) =>
        NoticeSamples.All(language).First(s => s.Name == name && s.Form == NoticeForm.Email).Notice;

    /// <summary>A one-off cover taken back: the English line names who covered whom in words, not as a bracket beside the time's "(JST)".</summary>
    [Fact]
    public void Email_CoverUndone_NoTwoBracketsSideBySide()
    {
        var en = TestRenderer.Instance.Email(Sample(Language.En, "duty-cover-cancelled")).Text;
        var ja = TestRenderer.Instance.Email(Sample(Language.Ja, "duty-cover-cancelled")).Text;

        Assert.Contains("The cover by 伊藤 さくら for 田中 健 on Wed 13 Jan 2027 19:00 – 23:00 (JST) was cancelled: 田中 健 is on duty then.", en, StringComparison.Ordinal);
        Assert.DoesNotContain(") (", en, StringComparison.Ordinal);
        Assert.Contains("1月13日(水) 19:00〜23:00（JST）の伊藤さんによる田中さんの代わりは取り消されました。この時間も田中さんが当番です。", ja, StringComparison.Ordinal);
    }
}
