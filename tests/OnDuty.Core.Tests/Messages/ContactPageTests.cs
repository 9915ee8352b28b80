using OnDuty.Testing;
using System.Net;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// "How pages reach me" with the team's country code (<c>Team__PhoneCountryCode</c>): the number's hint says a national number is
/// saved with it, the field shows the number as stored, and a refused one is told the rule naming the country. Without it, as before.
/// </summary>
public sealed class ContactPageTests
{
    private static readonly FormToken Token = new("__RequestVerificationToken", "CfDJ8-token");
    private static readonly PageVisitor Ito = new("伊藤 さくら", "ito@onduty.example");

    private static ContactPageNotice Page(Language language, string? country, string? stored = "+819012345678") =>
        new(language, new Member { Id = "ito", DisplayName = "伊藤 さくら", Email = "ito@onduty.example", Language = language, Phone = stored, TimeZone = TestZones.Tokyo }, Token, Ito)
        {
            SmsEnabled = true,
            PhoneCountryCode = country,
            TimeZone = "Asia/Tokyo",
        };

    private static string Render(ContactPageNotice notice) => WebUtility.HtmlDecode(TestRenderer.Instance.Page(notice));

    [Fact]
    public void Hint_WithCountryCode_SaysANationalNumberIsSavedWithIt()
    {
        Assert.Contains("<small id=\"phone-hint\">090-1234-5678 のように入力すると、+81 の番号として登録します。空にして保存すると、番号を削除します。</small>", Render(Page(Language.Ja, "81")));
        Assert.Contains("<small id=\"phone-hint\">Type it as a domestic number (090-1234-5678): it is saved with +81. Leave it empty and save to remove the number.</small>", Render(Page(Language.En, "81")));
    }

    [Fact]
    public void Hint_WithoutCountryCode_TodaysInternationalOnly()
    {
        Assert.Contains("<small id=\"phone-hint\">+81 90-1234-5678 のように国番号から（090-… は受け付けません）。空にして保存すると、番号を削除します。</small>", Render(Page(Language.Ja, null)));
        Assert.Contains("<small id=\"phone-hint\">International form with the country code, e.g. +81 90-1234-5678. Leave it empty and save to remove the number.</small>", Render(Page(Language.En, null)));
    }

    /// <summary>
    /// Session 61: a member abroad (Emma in San Francisco on the Tokyo roster) was told to type a domestic number saved with +81 —
    /// her own number is not one. Whatever the team's country code, she is asked for the country code; a team-zone member reads
    /// the hints above.
    /// </summary>
    [Theory]
    [InlineData("81")]
    [InlineData(null)]
    public void Hint_MemberInAnotherZone_SaysToTypeTheCountryCode(string? country)
    {
        var ja = Page(Language.Ja, country, stored: "+14155550100");
        var en = Page(Language.En, country, stored: "+14155550100");

        Assert.Contains("<small id=\"phone-hint\">国番号から入力してください（例：+1 415 555 0100）。空にして保存すると、番号を削除します。</small>", Render(ja with { Member = ja.Member! with { TimeZone = "America/Los_Angeles" } }));
        Assert.Contains("<small id=\"phone-hint\">Type it with the country code (e.g. +1 415 555 0100). Leave it empty and save to remove the number.</small>", Render(en with { Member = en.Member! with { TimeZone = "America/Los_Angeles" } }));
    }

    /// <summary>
    /// After saving 090-1234-5678 the page shows what was stored, not what was typed: the field in E.164 form, the test buttons'
    /// hints as people read it (session 44 reader pass: 「+819012345678」 ungrouped).
    /// </summary>
    [Fact]
    public void Saved_FieldKeepsE164_TestButtonsShowTheNumberGrouped()
    {
        var html = Render(Page(Language.Ja, "81") with { Done = "saved", CallsFromStep = 1 });

        Assert.Contains("value=\"+819012345678\"", html);
        Assert.Contains("保存しました。", html);
        Assert.Contains("登録済みの番号 +81 90-1234-5678 にテストの SMS を送ります。", html);
        Assert.Contains("登録済みの番号 +81 90-1234-5678 にテストの電話をかけます。", html);
        Assert.Contains("Texts a test message to +44 7700 900123, the number saved.", Render(Page(Language.En, "81", stored: "+447700900123")));
        Assert.DoesNotContain("+819012345678,", Render(Page(Language.En, "81")));
    }

    /// <summary>
    /// With <c>Voice__FromStep=2</c> only the leads' step rings: the page does not tell a duty member their number is called when a page
    /// is not acknowledged in time (it is not), but that calls go to the leads' numbers only; from step 1 (or 0) as before.
    /// </summary>
    [Fact]
    public void Calls_FromTheLeadsStep_SaysOnlyTheLeadsAreCalled_NotTheirNumber()
    {
        var ja = Render(Page(Language.Ja, "81") with { CallsFromStep = 2 });
        var en = Render(Page(Language.En, "81") with { CallsFromStep = 2 });

        Assert.DoesNotContain("登録した番号に電話がかかります", ja);
        Assert.DoesNotContain("your number is called", en);
        Assert.Contains("電話は、呼び出しに誰も応答せずリーダーに連絡が上がったときに、リーダーの番号にだけかかります。電話で 1 を押すと対応開始にできます。", ja);
        Assert.Contains("Only the leads are called, once a page nobody acknowledged is taken to them; press 1 on the call to acknowledge.", en);
        Assert.Contains("登録した番号に電話がかかります", Render(Page(Language.Ja, "81") with { CallsFromStep = 1 }));
        Assert.Contains("Every page also calls your number", Render(Page(Language.En, "81") with { CallsFromStep = 0 }));
    }

    /// <summary>Session 44 reader pass: the details said 「Asia/Tokyo」 where every other page says JST.</summary>
    [Fact]
    public void Details_TimeZone_NamedAsOtherPagesNameIt()
    {
        Assert.Contains("<dt>タイムゾーン</dt><dd>JST</dd>", Render(Page(Language.Ja, "81")));
        Assert.Contains("<dt>Time zone</dt><dd>JST</dd>", Render(Page(Language.En, "81")));
    }

    /// <summary>
    /// Session 44 reader pass: after テスト送信 the page said 「テストのSMSを送りました。」 right under 「…にテストの SMS を送ります。」;
    /// SMS is set apart by spaces as everywhere else in Japanese text.
    /// </summary>
    [Fact]
    public void Tested_SaysTheTextWasSent_InTheWordsOfTheButtonsHint()
    {
        Assert.Contains("テストの SMS を送りました。届かない場合は番号を確認してください。", Render(Page(Language.Ja, "81") with { Done = "tested" }));
        Assert.Contains("Test text sent. If it does not arrive, check the number.", Render(Page(Language.En, "81") with { Done = "tested" }));
    }

    private static ContactPageNotice Refused(Language language, string? country, string typed) => Page(language, country, stored: null) with
    {
        Values = new Dictionary<string, string> { ["phone"] = typed },
        Errors = new Dictionary<string, string[]> { ["phone"] = [PhoneNumber.Refusal(typed, country)] },
    };

    [Fact]
    public void Refused_WithCountryCode_SaysWhatIsWrong_ThenTheRuleAndTheCountry_TypedKept()
    {
        var ja = Render(Refused(Language.Ja, "81", "0081 90-1234-5678"));
        Assert.Contains("先頭の 00（国際電話の識別番号）は不要です。090-1234-5678 のような国内の番号（+81 の番号として登録します）か、+81 90-1234-5678 のように国番号から入力してください。", ja);
        Assert.Contains("value=\"0081 90-1234-5678\"", ja);
        Assert.DoesNotContain("E.164", ja);
        Assert.Contains("The 00 in front (the prefix for calling abroad) is not needed. Enter it as a domestic number (e.g. 090-1234-5678, saved with +81) or with + and the country code (e.g. +81 90-1234-5678).", Render(Refused(Language.En, "81", "0081 90-1234-5678")));
    }

    /// <summary>
    /// Session 44 reader pass: 「0312」 was refused with 「…00 から始まる形式は使えません。」, about a prefix nobody typed. Each refusal
    /// now says first what is wrong with what was typed, then how to type it.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "81", "0312", "番号の桁が足りません。090-1234-5678 のような国内の番号（+81 の番号として登録します）か、+81 90-1234-5678 のように国番号から入力してください。")]
    [InlineData(Language.En, "81", "0312", "The number is too short: digits are missing. Enter it as a domestic number (e.g. 090-1234-5678, saved with +81) or with + and the country code (e.g. +81 90-1234-5678).")]
    [InlineData(Language.Ja, "81", "090-1234-5678-1234", "番号の桁が多すぎます（国番号を含めて15桁までです）。090-1234-5678 のような国内の番号")]
    [InlineData(Language.En, "81", "090-1234-5678-1234", "The number is too long: a phone number has at most 15 digits with the country code. Enter it as a domestic number")]
    [InlineData(Language.Ja, "81", "090-1234-5678#", "番号に数字以外の文字が入っています（空白・ハイフン・ピリオド・かっこは使えます）。090-1234-5678 のような国内の番号")]
    [InlineData(Language.En, "81", "090-1234-5678#", "The number has characters other than digits (spaces, hyphens, dots and brackets are fine). Enter it as a domestic number")]
    [InlineData(Language.Ja, "81", "90-1234-5678", "番号が 0 でも + でも始まっていません。090-1234-5678 のような国内の番号")]
    [InlineData(Language.En, "81", "90-1234-5678", "The number starts with neither 0 nor +. Enter it as a domestic number")]
    [InlineData(Language.Ja, "81", "+090 1234 5678", "+ の後には国番号が入ります（0 から始まる国番号はありません）。090-1234-5678 のような国内の番号")]
    [InlineData(Language.En, "81", "+090 1234 5678", "After the + comes the country code, and no country code starts with 0. Enter it as a domestic number")]
    [InlineData(Language.Ja, null, "090-1234-5678", "番号の先頭に + と国番号がありません。+81 90-1234-5678 のように国番号から入力してください（090-… のような国内の形式は使えません）。")]
    [InlineData(Language.En, null, "090-1234-5678", "The number has no + and country code in front. Enter it with + and the country code, e.g. +81 90-1234-5678 (not 090-…).")]
    [InlineData(Language.Ja, null, "+81 3123", "番号の桁が足りません。+81 90-1234-5678 のように国番号から入力してください（090-… のような国内の形式は使えません）。")]
    [InlineData(Language.En, null, "0081 90-1234-5678", "The 00 in front (the prefix for calling abroad) is not needed. Enter it with + and the country code, e.g. +81 90-1234-5678 (not 090-…).")]
    public void Refused_SaysWhatIsWrongWithWhatWasTyped(Language language, string? country, string typed, string expected)
    {
        var html = Render(Refused(language, country, typed));

        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain(language == Language.Ja ? "00 から始まる" : "00 first", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 44 reader pass: the page promised 「障害の呼び出しは、メールと Teams で届きます。」 to a team with no Teams channel set up
    /// (no <c>Teams__WebhookUrl</c>): pages reach it by email only, and the page says so; with Teams, as before.
    /// </summary>
    [Fact]
    public void Lead_NoTeamsChannel_SaysPagesComeByEmail_NotTeams()
    {
        Assert.Contains("障害の呼び出しは、メールで届きます。", Render(Page(Language.Ja, "81") with { TeamsEnabled = false }));
        Assert.Contains("Pages reach you by email.", Render(Page(Language.En, "81") with { TeamsEnabled = false }));
        Assert.DoesNotContain("Teams", Render(Page(Language.Ja, "81") with { TeamsEnabled = false }));
        Assert.Contains("障害の呼び出しは、メールと Teams で届きます。", Render(Page(Language.Ja, "81")));

        var smsOff = Render(Page(Language.Ja, "81") with { TeamsEnabled = false, SmsEnabled = false });
        Assert.Contains("このチームでは SMS の送信がまだ設定されていないため、呼び出しはメールだけで届きます。", smsOff);
        Assert.DoesNotContain("Teams", smsOff);
    }

    /// <summary>What did not reach the member: each line's time says its zone, the zone it is written in (the team's).</summary>
    [Theory]
    [InlineData(Language.En, "Asia/Tokyo", "<li>11 Jan 2027 11:00 (JST) \"OnDuty: INC-2027-0003\": not delivered (Failed: Blocked by the carrier)</li>")]
    [InlineData(Language.Ja, "Asia/Tokyo", "<li>2027/01/11 11:00（JST）「OnDuty: INC-2027-0003」：not delivered (Failed: Blocked by the carrier)</li>")]
    [InlineData(Language.En, "Europe/London", "<li>11 Jan 2027 02:00 (GMT) \"OnDuty: INC-2027-0003\": not delivered (Failed: Blocked by the carrier)</li>")]
    public void Undelivered_EachLineSaysItsTimesZone(Language language, string zone, string line)
    {
        var html = Render(Page(language, null) with
        {
            TimeZone = zone,
            Undelivered =
            [
                new OutboxMessage
                {
                    Id = "incident:INC-2027-0003:page:sms:ito", Channel = Channel.Sms, Recipient = "+819012345678", Status = OutboxStatus.Failed,
                    Subject = "OnDuty: INC-2027-0003", CreatedAt = NoticeSamples.Now.AddDays(-1), LastError = "not delivered (Failed: Blocked by the carrier)",
                },
            ],
        });

        Assert.Contains(line, html, StringComparison.Ordinal);
    }
}
