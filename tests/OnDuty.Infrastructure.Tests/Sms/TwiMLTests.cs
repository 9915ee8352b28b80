using System.Text;
using System.Xml.Linq;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Sms;

namespace OnDuty.Infrastructure.Tests.Sms;

public sealed class TwiMLTests
{
    private const string Action = "https://onduty.example.com/api/voice/twilio?tag=voice%3A1";
    private const string Declaration = """<?xml version="1.0" encoding="UTF-8"?>""";

    private static readonly VoiceSettings Voice = new();

    [Fact]
    public void Call_JapaneseText_TwoGathersOfOneKeyThenHangup()
    {
        var twiml = TwiML.Call("当番です。1 を押してください。", Language.Ja, Action, Voice);

        const string gather = """<Gather input="dtmf" numDigits="1" timeout="8" action="https://onduty.example.com/api/voice/twilio?tag=voice%3A1" method="POST"><Say language="ja-JP" voice="Polly.Mizuki">当番です。1 を押してください。</Say></Gather>""";
        Assert.Equal(Declaration + "<Response>" + gather + gather + "<Hangup /></Response>", twiml);
    }

    [Fact]
    public void Dial_SaysWhomThenRingsTheNumber_ReportingToTheAction_TextEncoded()
    {
        var twiml = TwiML.Dial("伊藤 <さくら> & 山田さんにおつなぎします。", Language.Ja, "+819012345678", 25, "/api/voice/twilio/incoming?rung=1&x=\"y\"", Voice);

        Assert.Equal(
            Declaration + """<Response><Say language="ja-JP" voice="Polly.Mizuki">伊藤 &lt;さくら&gt; &amp; 山田さんにおつなぎします。</Say>"""
            + """<Dial timeout="25" action="/api/voice/twilio/incoming?rung=1&amp;x=&quot;y&quot;" method="POST"><Number>+819012345678</Number></Dial></Response>""",
            twiml);
    }

    [Fact]
    public void Call_EnglishText_SpokenInTheEnglishVoice()
    {
        var say = Says(TwiML.Call("Press 1.", Language.En, Action, Voice)).First();

        Assert.Equal(("en-US", "Polly.Joanna"), ((string?)say.Attribute("language"), (string?)say.Attribute("voice")));
    }

    [Fact]
    public void Call_VoicesSet_UsesThem()
    {
        var voice = new VoiceSettings { JapaneseVoice = "Polly.Takumi", EnglishVoice = "Polly.Matthew" };

        Assert.Equal("Polly.Takumi", (string?)Says(TwiML.Call("当番", Language.Ja, Action, voice)).First().Attribute("voice"));
        Assert.Equal("Polly.Matthew", (string?)Says(TwiML.Call("Duty", Language.En, Action, voice)).First().Attribute("voice"));
    }

    [Fact]
    public void Call_MarkupInTheText_EncodedAndSpokenAsText()
    {
        const string text = "<Hangup/> & \"x\" </Say><Play>https://evil.example/a.mp3</Play>";

        var twiml = TwiML.Call(text, Language.En, Action, Voice);

        Assert.Contains("&lt;Hangup/&gt; &amp; \"x\" &lt;/Say&gt;&lt;Play&gt;https://evil.example/a.mp3&lt;/Play&gt;", twiml);
        Assert.Empty(XDocument.Parse(twiml).Descendants("Play"));
        Assert.Equal([text, text], Says(twiml).Select(s => s.Value));
    }

    [Fact]
    public void Call_ActionWithAmpersandAndQuote_EncodedInTheAttribute()
    {
        const string action = "https://onduty.example.com/api/voice/twilio?tag=a&x=\"<b>\"";

        var twiml = TwiML.Call("当番", Language.Ja, action, Voice);

        Assert.Contains("action=\"https://onduty.example.com/api/voice/twilio?tag=a&amp;x=&quot;&lt;b&gt;&quot;\"", twiml);
        Assert.All(XDocument.Parse(twiml).Descendants("Gather"), g => Assert.Equal(action, (string?)g.Attribute("action")));
    }

    [Fact]
    public void Call_VeryLongJapaneseText_CutWithinPollysLimitEndingWithAnEllipsis()
    {
        var text = string.Concat(Enumerable.Repeat("決済APIが応答しません。", 400));

        var twiml = TwiML.Call(text, Language.Ja, Action, Voice);

        Assert.True(twiml.Length <= TwiML.MaxCallLength, $"{twiml.Length} characters");
        var spoken = Says(twiml).Select(s => s.Value).Distinct().Single();
        Assert.EndsWith("…", spoken);
        Assert.StartsWith(spoken[..^1], text);
        // As much as fits: one more character (3 UTF-8 bytes at most) would pass Polly's 3000 bytes.
        Assert.InRange(Encoding.UTF8.GetByteCount(spoken), TwiML.MaxSayBytes - 3, TwiML.MaxSayBytes);
    }

    [Fact]
    public void Call_VeryLongAsciiText_CutToTwiliosLimitOnTheWholeDocument()
    {
        var twiml = TwiML.Call(new string('a', 5000), Language.En, Action, Voice);

        // Each character more is two in the document (it is said twice): the cut leaves at most one to spare.
        Assert.InRange(twiml.Length, TwiML.MaxCallLength - 1, TwiML.MaxCallLength);
        Assert.Matches("^a+…$", Says(twiml).First().Value);
    }

    [Fact]
    public void Call_LongTextOfSurrogatePairs_NeverCutInHalfAPair()
    {
        var twiml = TwiML.Call(string.Concat(Enumerable.Repeat("🚨", 2000)), Language.En, Action, Voice);

        var spoken = Says(twiml).First().Value;
        Assert.EndsWith("…", spoken);
        Assert.Equal(0, (spoken.Length - 1) % 2);
        Assert.All(spoken[..^1].Chunk(2), pair => Assert.Equal("🚨", new string(pair)));
    }

    [Fact]
    public void Call_ShortText_NotCut()
    {
        const string text = "障害 INC-2026-0001 sev1。1 を押してください。";

        Assert.All(Says(TwiML.Call(text, Language.Ja, Action, Voice)), say => Assert.Equal(text, say.Value));
    }

    [Fact]
    public void Call_ControlCharactersInTheText_SpokenAsSpaces()
    {
        var twiml = TwiML.Call("API\u0007down\u0000now\uD800", Language.En, Action, Voice);

        Assert.Equal("API down now ", Says(twiml).First().Value);
    }

    [Fact]
    public void Say_Text_SaidOnceThenHangup()
    {
        var twiml = TwiML.Say("確認しました。ありがとうございます。", Language.Ja, Voice);

        Assert.Equal(Declaration + """<Response><Say language="ja-JP" voice="Polly.Mizuki">確認しました。ありがとうございます。</Say><Hangup /></Response>""", twiml);
    }

    [Fact]
    public void Say_MarkupInTheText_Encoded()
    {
        var twiml = TwiML.Say("a < b & c", Language.En, Voice);

        Assert.Contains(">a &lt; b &amp; c</Say>", twiml);
    }

    [Fact]
    public void Empty_IsAResponseWithNothingInIt()
    {
        Assert.Equal(Declaration + "<Response />", TwiML.Empty());
    }

    private static IEnumerable<XElement> Says(string twiml)
    {
        Assert.StartsWith(Declaration, twiml);
        return XDocument.Parse(twiml).Descendants("Say");
    }
}
