using System.Text.Encodings.Web;
using OnDuty.Core.Common;

namespace OnDuty.Messages;

/// <summary>
/// The HTML encoder of every page and mail (<see cref="TemplateSet.Html"/>): <paramref name="inner"/>'s encoding, and a value that
/// holds a bidi control or zero-width character (<see cref="PersonText.IsInvisibleFormat"/>, e.g. an alert title with an unclosed
/// U+202E) is isolated between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE — what <c>&lt;bdi&gt;</c> does, but
/// also inside <c>&lt;title&gt;</c>, attributes and phrases that carry the value — so it cannot turn the text after it around.
/// Values without such characters are encoded exactly as by <paramref name="inner"/>.
/// </summary>
internal sealed class IsolatingHtmlEncoder(HtmlEncoder inner) : HtmlEncoder
{
    private const string Open = "&#x2068;";
    private const string Close = "&#x2069;";

    public override int MaxOutputCharactersPerInputCharacter => inner.MaxOutputCharactersPerInputCharacter;

    public override string Encode(string value) =>
        NeedsIsolation(value) ? Open + inner.Encode(value) + Close : inner.Encode(value);

    public override void Encode(TextWriter output, string value, int startIndex, int characterCount)
    {
        var isolate = NeedsIsolation(value.AsSpan(startIndex, characterCount));
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
        var isolate = NeedsIsolation(value.AsSpan(startIndex, characterCount));
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

    public override bool WillEncode(int unicodeScalar) => inner.WillEncode(unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) => inner.FindFirstCharacterToEncode(text, textLength);

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    private static bool NeedsIsolation(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (PersonText.IsInvisibleFormat(c))
            {
                return true;
            }
        }

        return false;
    }
}
