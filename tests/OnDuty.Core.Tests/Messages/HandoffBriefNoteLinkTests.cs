using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// The handoff brief's notes name the contact page inside a sentence: in the HTML part the address is a link (encoded), not plain
/// text a mail client may or may not guess is one; the text part says the same sentence with the bare address (session 44).
/// </summary>
public sealed class HandoffBriefNoteLinkTests
{
    private static RenderedEmail Brief(Language language, string? baseUrl) =>
        TestRenderer.Instance.Email(new HandoffBriefNotice(language,
            new HandoffBrief("Incident duty", "障害当番", "2026-W49", new DateOnly(2026, 12, 7), [], [], [], []), "Asia/Tokyo", new DateOnly(2026, 12, 4))
        {
            BaseUrl = baseUrl,
            NoPhoneForSms = true,
        });

    [Theory]
    [InlineData(Language.Ja, "携帯番号が登録されていないため、呼び出しはメールと Teams だけで届きます（SMS や電話は届きません）。当番が始まる前に ",
        " で登録し、テスト送信で確かめてください。")]
    [InlineData(Language.En, "You have no mobile number on the roster, so pages reach you by email and Teams only (no texts or calls). Before your week starts, add one at ",
        " and send yourself a test.")]
    public void NoPhoneNote_ContactPageALinkInTheHtmlTheBareAddressInTheText(Language language, string before, string after)
    {
        var mail = Brief(language, "https://onduty.example/team&1");

        Assert.Contains($">{before}<a href=\"https://onduty.example/team&amp;1/api/status/me\">https://onduty.example/team&amp;1/api/status/me</a>{after}</p>",
            mail.Html, StringComparison.Ordinal);
        Assert.Contains($"\n{before}https://onduty.example/team&1/api/status/me{after}\n", mail.Text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void NoPhoneNote_NoPublicAddress_ThePathAsTextNotALink()
    {
        var mail = Brief(Language.Ja, null);

        Assert.Contains("当番が始まる前に /api/status/me で登録し、テスト送信で確かめてください。</p>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a ", mail.Html, StringComparison.Ordinal);
    }
}
