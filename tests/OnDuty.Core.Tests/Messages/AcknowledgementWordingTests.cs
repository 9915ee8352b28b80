using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 47 (brief J): the partner's 【対応開始】 mail says when the other took it, with its zone, as the acknowledge page does
/// (<c>Ack.Taken</c>); and an escalation's mail and its call say the same fact — nobody has acknowledged — in one wording
/// (応答, what is measured), where the call said 「まだ誰も対応していません」.
/// </summary>
public sealed class AcknowledgementWordingTests
{
    private static Notice Sample(Language language, string name, NoticeForm form = NoticeForm.Email) =>
        NoticeSamples.All(language).First(s => s.Name == name && s.Form == form).Notice;

    [Theory]
    [InlineData(Language.Ja, "田中さんが 2027年1月12日(火) 11:12（JST）に対応を開始しました。", "対応者：田中 健 — 2027年1月12日(火) 11:12（JST）")]
    [InlineData(Language.En, "田中 健 acknowledged it at Tue 12 Jan 2027 11:12 (JST).", "Acknowledged by: 田中 健 — Tue 12 Jan 2027 11:12 (JST)")]
    public void AckMail_SaysWhoAndWhen_WithTheZone(Language language, string lead, string fact)
    {
        var email = TestRenderer.Instance.Email(Sample(language, "incident-ack"));

        Assert.Contains("\n" + lead + "\n", email.Text, StringComparison.Ordinal);
        Assert.Contains("\n" + fact + "\n", email.Text, StringComparison.Ordinal);
        Assert.Contains(lead, email.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "田中さんが対応を開始しました。")]
    [InlineData(Language.En, "田中 健 acknowledged it.")]
    public void AckMail_WithoutAStoredTime_SaysWhoAlone(Language language, string lead)
    {
        var notice = (IncidentPageNotice)Sample(language, "incident-ack");
        var unstamped = notice with { Incident = ((IncidentPageNotice)Sample(language, "incident-page")).Incident };

        var text = TestRenderer.Instance.Email(unstamped).Text;

        Assert.Contains("\n" + lead + "\n", text, StringComparison.Ordinal);
        Assert.Contains(language == Language.Ja ? "\n対応者：田中 健\n" : "\nAcknowledged by: 田中 健\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "まだ誰も応答していません。", "OnDuty からの呼び出しです。重大度 1 の障害、INC-20270112-001、Checkout fails for card payments。まだ誰も応答していません。対応する場合は 1 を押してください。")]
    [InlineData(Language.En, "Nobody has acknowledged this yet.", "This is OnDuty with a page. Severity 1 incident, INC-20270112-001: Checkout fails for card payments. Nobody has acknowledged it yet. Press 1 to acknowledge.")]
    public void EscalationStep1_MailAndCall_SayNobodyHasAcknowledged_InOneWording(Language language, string mailLead, string call)
    {
        var mail = TestRenderer.Instance.Email(Sample(language, "incident-escalation-first")).Text;

        Assert.Contains("\n" + mailLead, mail, StringComparison.Ordinal);
        Assert.Equal(call, TestRenderer.Instance.Text(Sample(language, "call-escalation", NoticeForm.Text)));
        Assert.DoesNotContain("誰も対応していません", mail + call, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "OnDuty からの呼び出しです。まだ誰も応答していない障害が2件あります。最も重大なものは、重大度 1 の障害、INC-20270112-001、Checkout fails for card payments。すべて対応開始にする場合は 1 を押してください。")]
    [InlineData(Language.En, "This is OnDuty with a page. Nobody has acknowledged 2 incidents yet. The most severe is a severity 1 incident, INC-20270112-001: Checkout fails for card payments. Press 1 to acknowledge all of them.")]
    public void EscalationsTogether_Call_SaysNobodyHasAcknowledged(Language language, string call)
    {
        Assert.Equal(call, TestRenderer.Instance.Text(Sample(language, "call-escalations-together", NoticeForm.Text)));
    }

    /// <summary>
    /// Session 48 (brief F): who took it is named with the same words by the 【対応開始】 mail, the answer to an SMS reply and the
    /// call's answer to 1 (<see cref="IncidentTaker"/>): a duty member (田中さん / 田中 健), a name typed on the acknowledge page
    /// by someone without a roster entry (伊藤さん / 伊藤 さくら).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, null, "田中さん")]
    [InlineData(Language.En, null, "田中 健")]
    [InlineData(Language.Ja, "伊藤 さくら", "伊藤さん")]
    [InlineData(Language.En, "伊藤 さくら", "伊藤 さくら")]
    public void WhoTookIt_TheSameWords_InTheMail_TheSmsAnswer_AndTheCall(Language language, string? typed, string said)
    {
        var ack = (IncidentPageNotice)Sample(language, "incident-ack");
        var tanaka = ack.Incident.Assignees.Single(a => a.DisplayName == "田中 健");
        var taker = typed is null ? IncidentTaker.Of(tanaka) : new IncidentTaker(typed, null);

        var mail = TestRenderer.Instance.Email(ack with { Stage = IncidentNotice.Ack(typed ?? tanaka.DisplayName) }).Text;
        var sms = TestRenderer.Instance.Text(new SmsReplyNotice(language, SmsReplyKind.NothingWaiting, []) { Taken = [new(ack.Incident.Id, taker)] });
        var call = TestRenderer.Instance.Text(new CallAnswerNotice(language, []) { TakenBy = [taker] });

        Assert.Contains(language == Language.Ja ? $"\n{said}が " : $"\n{said} acknowledged it", mail, StringComparison.Ordinal);
        Assert.EndsWith(language == Language.Ja ? $"{ack.Incident.Id}（{said}）。" : $"{ack.Incident.Id} ({said}).", sms, StringComparison.Ordinal);
        // The English voice cannot say a Japanese name: the call says that someone else has it (next test); a text or mail names them.
        Assert.Contains(language == Language.Ja ? $"。{said}が対応を開始しています。" : ". Someone else has acknowledged it.", call, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 50 reader's pass: Liam (English voice) presses 1 after 近藤 took it. The English voice reads 「近藤 健」 as nothing —
    /// "Nothing is waiting for you. has acknowledged it." — so the call says someone else has it; a name in Latin letters is said
    /// as before, and the Japanese voice says every name.
    /// </summary>
    [Theory]
    [InlineData(Language.En, "近藤 健", "Nothing is waiting for you. Someone else has acknowledged it. Thank you.")]
    [InlineData(Language.En, "Emma Wilson", "Nothing is waiting for you. Emma Wilson has acknowledged it. Thank you.")]
    [InlineData(Language.Ja, "Liam Chen", "あなたの対応を待っている障害はありません。Liam Chenさんが対応を開始しています。ありがとうございました。")]
    public void CallAnswer_TakenBySomeoneTheVoiceCannotName_SaysSomeoneElseHasIt(Language language, string taker, string said)
    {
        var call = TestRenderer.Instance.Text(new CallAnswerNotice(language, []) { TakenBy = [new IncidentTaker(taker, taker.Any(char.IsAsciiLetter) ? Language.En : Language.Ja)] });

        Assert.Equal(said, call);
    }
}
