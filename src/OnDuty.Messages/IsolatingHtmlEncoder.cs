using System.Text.Encodings.Web;
using OnDuty.Core.Common;

namespace OnDuty.Messages;

/// <summary>
/// The HTML encoder of every page and mail (<see cref="TemplateSet.Html"/>): <paramref name="inner"/>'s encoding, and a value that
/// holds a bidi embedding, override or isolate (<see cref="PersonText.IsDirectionalControl"/>, e.g. an alert title with an unclosed
/// U+202E) is isolated between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE — what <c>&lt;bdi&gt;</c> does, but
/// also inside <c>&lt;title&gt;</c>, attributes and phrases that carry the value — so it cannot turn the text after it around.
/// A value already so isolated (an edit form's field posted back as shown) is isolated once, not again, so a title saved from
/// the form keeps its length. Values without such characters are encoded exactly as by <paramref name="inner"/>.
/// </summary>
internal sealed class IsolatingHtmlEncoder(HtmlEncoder inner) : HtmlEncoder
{
    private const char Fsi = '\u2068';
    private const char Pdi = '\u2069';
    private const string Open = "&#x2068;";
    private const string Close = "&#x2069;";

    public override int MaxOutputCharactersPerInputCharacter => inner.MaxOutputCharactersPerInputCharacter;

    public override string Encode(string value)
    {
        if (!NeedsIsolation(value))
        {
            return inner.Encode(value);
        }

        using var writer = new StringWriter();
        Encode(writer, value, 0, value.Length);
        return writer.ToString();
    }

    public override void Encode(TextWriter output, string value, int startIndex, int characterCount)
    {
        var isolate = Isolation(value.AsSpan(startIndex, characterCount), ref startIndex, ref characterCount);
        if (isolate)
        {
            output.Write(Open);
        }

        inner.Encode(output, value, startIndex, characterCount);
        if (isolate)
        {
            output.Write(Close);
        }
    }

    public override void Encode(TextWriter output, char[] value, int startIndex, int characterCount)
    {
        var isolate = Isolation(value.AsSpan(startIndex, characterCount), ref startIndex, ref characterCount);
        if (isolate)
        {
            output.Write(Open);
        }

        inner.Encode(output, value, startIndex, characterCount);
        if (isolate)
        {
            output.Write(Close);
        }
    }

    /// <summary>Whether <paramref name="span"/> is to be isolated; when it already is, the range narrowed to inside its own isolate.</summary>
    private static bool Isolation(ReadOnlySpan<char> span, ref int startIndex, ref int characterCount)
    {
        if (!NeedsIsolation(span))
        {
            return false;
        }

        if (span.Length >= 2 && span[0] == Fsi && span[^1] == Pdi)
        {
            startIndex++;
            characterCount -= 2;
        }

        return true;
    }

    public override bool WillEncode(int unicodeScalar) => inner.WillEncode(unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) => inner.FindFirstCharacterToEncode(text, textLength);

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    private static bool NeedsIsolation(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (PersonText.IsDirectionalControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
