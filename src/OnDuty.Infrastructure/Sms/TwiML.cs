using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using OnDuty.Core.Team;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// The TwiML documents OnDuty gives Twilio: what a page call says and listens for, what it says after a key is pressed, and the
/// empty answer to a webhook. Built as XML, so whatever a page's text holds (<c>&lt;</c>, <c>&amp;</c>, an alert's title) is
/// encoded, never markup.
/// </summary>
public static class TwiML
{
    /// <summary>Twilio's limit on the <c>Twiml</c> parameter of a call, in characters (error 32018 beyond it).</summary>
    public const int MaxCallLength = 4000;

    /// <summary>Amazon Polly's limit on the text of one <c>&lt;Say&gt;</c>, counted in UTF-8 bytes (warning 13521, the text is not spoken).</summary>
    public const int MaxSayBytes = 3000;

    /// <summary>Seconds a call waits for the key after the text was spoken, before it says it once more (and then hangs up).</summary>
    public const int GatherSeconds = 8;

    private const string Declaration = """<?xml version="1.0" encoding="UTF-8"?>""";
    private const string Ellipsis = "…";

    /// <summary>
    /// A page call: the text, spoken twice, each time listening for one key that Twilio posts to <paramref name="actionUrl"/>; then
    /// the call hangs up. A text too long for Twilio is cut at a character boundary and ends "…".
    /// </summary>
    public static string Call(string text, Language language, string actionUrl, VoiceSettings voice)
    {
        var clean = Clean(text);
        var document = CallDocument(clean, language, actionUrl, voice);
        if (document.Length <= MaxCallLength && Encoding.UTF8.GetByteCount(clean) <= MaxSayBytes)
        {
            return document;
        }

        // The longest start of the text that fits, with "…": the document only grows with the text, so halve the range.
        var (fits, tooLong) = (0, clean.Length);
        while (tooLong - fits > 1)
        {
            var middle = (fits + tooLong) / 2;
            if (Fits(Cut(clean, middle), language, actionUrl, voice))
            {
                fits = middle;
            }
            else
            {
                tooLong = middle;
            }
        }

        return CallDocument(Cut(clean, fits), language, actionUrl, voice);
    }

    /// <summary>Speaks <paramref name="text"/> once and hangs up: the answer to the key pressed on a call.</summary>
    public static string Say(string text, Language language, VoiceSettings voice) =>
        Document(new XElement("Response", SayElement(Clean(text), language, voice), new XElement("Hangup")));

    /// <summary>
    /// Says <paramref name="text"/> to a caller, then rings <paramref name="number"/> for at most <paramref name="ringSeconds"/> and puts
    /// them through; how that ended (<c>DialCallStatus</c>) is posted to <paramref name="actionUrl"/>, which says what comes next.
    /// The caller's own number shows on the phone rung.
    /// </summary>
    public static string Dial(string text, Language language, string number, int ringSeconds, string actionUrl, VoiceSettings voice) =>
        Document(new XElement(
            "Response",
            SayElement(Clean(text), language, voice),
            new XElement(
                "Dial",
                new XAttribute("timeout", ringSeconds.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("action", actionUrl),
                new XAttribute("method", "POST"),
                new XElement("Number", number))));

    /// <summary>A response with nothing to do: the answer to a webhook that wants no reply (an incoming text, a call's status).</summary>
    public static string Empty() => Document(new XElement("Response"));

    private static string CallDocument(string text, Language language, string actionUrl, VoiceSettings voice)
    {
        // Said twice: a listener who picks up mid-sentence still hears the whole page once before the call ends.
        XElement Gather() => new(
            "Gather",
            new XAttribute("input", "dtmf"),
            new XAttribute("numDigits", "1"),
            new XAttribute("timeout", GatherSeconds.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("action", actionUrl),
            new XAttribute("method", "POST"),
            SayElement(text, language, voice));
        return Document(new XElement("Response", Gather(), Gather(), new XElement("Hangup")));
    }

    private static XElement SayElement(string text, Language language, VoiceSettings voice) =>
        new("Say", new XAttribute("language", language == Language.En ? "en-US" : "ja-JP"), new XAttribute("voice", voice.VoiceFor(language)), text);

    private static bool Fits(string text, Language language, string actionUrl, VoiceSettings voice) =>
        Encoding.UTF8.GetByteCount(text) <= MaxSayBytes && CallDocument(text, language, actionUrl, voice).Length <= MaxCallLength;

    /// <summary>The first <paramref name="length"/> characters and "…", never ending on half of a surrogate pair.</summary>
    private static string Cut(string text, int length)
    {
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length].TrimEnd() + Ellipsis;
    }

    private static string Document(XElement response) => Declaration + response.ToString(SaveOptions.DisableFormatting);

    /// <summary>
    /// The text without characters XML cannot carry (control characters, a lone surrogate), which an alert's title may hold: a
    /// space in their place, so the call still speaks the rest.
    /// </summary>
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i, 2);
                i++;
            }
            else
            {
                clean.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : ' ');
            }
        }

        return clean.ToString();
    }
}
