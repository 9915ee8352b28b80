using System.Globalization;

namespace OnDuty.Core.Common;

/// <summary>
/// A limit in bytes as users read it, exact and in binary units: "8 MiB", "64 KiB", "1500 B" (never rounded: a limit said
/// "8.4 MB" in one place and "8192 KiB" in another reads as two limits). The 413's problem details and the delivery list say it so.
/// </summary>
public static class ByteSize
{
    public static string Limit(long bytes) =>
        bytes > 0 && bytes % (1024 * 1024) == 0 ? $"{(bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MiB"
        : bytes > 0 && bytes % 1024 == 0 ? $"{(bytes / 1024).ToString(CultureInfo.InvariantCulture)} KiB"
        : $"{bytes.ToString(CultureInfo.InvariantCulture)} B";
}
