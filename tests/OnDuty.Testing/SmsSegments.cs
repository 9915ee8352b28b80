namespace OnDuty.Testing;

/// <summary>
/// How many SMS segments (billed parts) a text goes out as, as the providers count them: any character outside 7-bit ASCII — a
/// Japanese title or name in an English text too — sends the whole text in UCS-2, 70 characters alone or 67 a part when joined;
/// otherwise 160, or 153 a part (GSM-7, approximated by ASCII).
/// </summary>
public static class SmsSegments
{
    public static bool Unicode(string text) => text.Any(c => c > 0x7F);

    public static int Count(string text)
    {
        var unicode = Unicode(text);
        return text.Length <= (unicode ? 70 : 160) ? 1 : (int)Math.Ceiling(text.Length / (unicode ? 67.0 : 153.0));
    }
}
