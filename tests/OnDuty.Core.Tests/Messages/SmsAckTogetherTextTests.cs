using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 45: the text's link to acknowledge several incidents read 「まとめて対応：URL」 / "Acknowledge together: URL" while the
/// mail's button says 「まとめて対応する」 / "Acknowledge them together" and the single link 「対応します：URL」. It now names the
/// button's action in the single link's form, on the storm's one text and at the end of the last text before the quiet window.
/// </summary>
public sealed class SmsAckTogetherTextTests
{
    private static string[] Lines(Language language, string sample) =>
        TestRenderer.Instance.Text(NoticeSamples.All(language).First(s => s.Name == sample && s.Form == NoticeForm.Text).Notice).Split('\n');

    [Theory]
    [InlineData(Language.Ja, "まとめて対応します：https://onduty.example/api/status/ack")]
    [InlineData(Language.En, "Acknowledge them together: https://onduty.example/api/status/ack")]
    public void PagesText_SeveralIncidents_LinkNamedAsTheButton(Language language, string link)
    {
        Assert.Equal(link, Lines(language, "sms-pages-together")[1]);
    }

    [Theory]
    [InlineData(Language.Ja, "（この後15分間は SMS を送らず、メールと Teams でお知らせします。まとめて対応します：https://onduty.example/api/status/ack）")]
    [InlineData(Language.En, "(No more texts for 15 minutes: further pages come by email and Teams. Acknowledge them together: https://onduty.example/api/status/ack)")]
    public void PageText_LastBeforeTheQuietWindow_EndsWithTheTogetherLinkNamedAsTheButton(Language language, string quiet)
    {
        Assert.Equal(quiet, Lines(language, "sms-page-last-for-a-while")[^1]);
    }
}
