using System.Globalization;
using System.Text;

namespace OnDuty.Core.Alerts;

/// <summary>
/// The identity Alertmanager gives an alert (<c>fingerprint</c>): FNV-1a 64 over the label names and values sorted by name,
/// each followed by the byte 255, as 16 hex digits (Prometheus <c>model.LabelSet.Fingerprint</c>). Senders from before the
/// field existed get the same identity a newer Alertmanager would send, so an upgrade mid-incident keeps its alerts.
/// </summary>
public static class LabelFingerprint
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;
    private const byte Separator = 255;

    public static string Of(IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count == 0)
        {
            return "0000000000000000";
        }

        var hash = Offset;
        foreach (var name in labels.Keys.Order(StringComparer.Ordinal))
        {
            hash = Add(hash, name);
            hash = Add(hash, labels[name]);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static ulong Add(ulong hash, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= Prime;
        }

        hash ^= Separator;
        hash *= Prime;
        return hash;
    }
}
