namespace OnDuty.Core.Common;

/// <summary>Text cut to a length in characters for a place that holds no more (a stored row, a text message's title).</summary>
public static class TextCut
{
    /// <summary>
    /// <paramref name="text"/> as it is when it has at most <paramref name="max"/> characters; else its start and "…", together
    /// <paramref name="max"/> characters at most, never ending on half of a surrogate pair.
    /// </summary>
    public static string WithEllipsis(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var keep = max - 1;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }
}
