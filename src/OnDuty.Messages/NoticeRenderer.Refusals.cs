using System.Globalization;
using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

/// <summary>
/// The incident about deliveries OnDuty refused (<see cref="RefusedDelivery"/>): its title, 「Alertmanager からの通知を読めません
/// でした（形式の誤り）」; its text, saying what was refused, when, the problem detail as the sender was answered, and what to do
/// (check the sender's own view of its alerts; fix the named setting, or the shape at the named JSON path); its timeline rows.
/// Plain text: every page and mail encodes it where it shows it.
/// </summary>
public sealed partial class NoticeRenderer
{
    /// <summary>How much of the problem detail the text keeps (the delivery list has it whole).</summary>
    private const int MaxRefusalDetail = 600;

    private static string RefusedDeliveryPart(RefusedDeliveryNotice n)
    {
        var p = Phrases.For(n.Language);
        var d = n.Delivery;
        var source = p[$"Refused.Source.{d.Source}"];
        // A 401 is titled by the check that failed, as the sender's tool can fail it: the shared secret, the signature, or (for a
        // tool that cannot sign) the signing setting it cannot meet.
        var cause = d.RoutingKey ? "RoutingKey" : d.Cause == RefusalCause.Unauthenticated ? $"Unauthenticated{UnauthenticatedTitle(d)}" : d.Cause.ToString();
        var at = p.TimeWithZone(d.At, TimeZones.Find(n.TimeZone), n.TimeZone);
        return n.Part switch
        {
            RefusedDeliveryText.Title => p.Format($"Refused.Title.{cause}", source, RefusedSize(d, p)),
            RefusedDeliveryText.Row => p.Format("Refused.Row", d.Status, RefusedDetail(d, 200)),
            RefusedDeliveryText.Accepted => p.Format("Refused.Accepted", source, at),
            _ => RefusedDescription(d, p, source, at),
        };
    }

    private static string RefusedDescription(RefusedDelivery d, Phrases p, string source, string at)
    {
        var lines = new List<string> { p.Format("Refused.Lead", source, d.Source.ToRouteName(), at, d.Status) };
        if (RefusedDetail(d, MaxRefusalDetail) is { Length: > 0 } detail)
        {
            lines.Add(p.Format("Refused.Detail", detail));
        }

        lines.Add(p.Format("Refused.Check", source));
        lines.Add(d.Cause switch
        {
            _ when d.RoutingKey => p.Format("Refused.Fix.RoutingKey", d.Setting ?? "Incidents__Sources__pagerduty__RoutingKeys"),
            RefusalCause.TooLarge => p.Format("Refused.Fix.TooLarge", d.Limit.ToString("N0", CultureInfo.InvariantCulture)),
            RefusalCause.Unauthenticated => p.Format($"Refused.Fix.Unauthenticated{UnauthenticatedFix(d)}", d.Setting ?? $"Incidents__Sources__{d.Source.ToSettingName()}__SharedSecret"),
            _ when d.PostTo is { } other => p.Format("Refused.Fix.WrongRoute", p[$"Refused.Source.{other}"], other.ToRouteName()),
            _ => p.Format("Refused.Fix.Unreadable", d.Path ?? "$"),
        });
        lines.Add(p[d.Cause == RefusalCause.TooLarge ? "Refused.Close.ByHand" : "Refused.Close.Accepted"]);
        return string.Join('\n', lines);
    }

    /// <summary>
    /// The suffix of a 401's title (<c>Refused.Title.Unauthenticated</c>), by the setting whose check failed: the shared secret
    /// (<c>.SharedSecret</c>); the signature (<c>.Signature</c>), or for Datadog and Azure Monitor, which cannot sign, the
    /// signing setting itself (<c>.Unsigned</c>); none when the setting is not known.
    /// </summary>
    private static string UnauthenticatedTitle(RefusedDelivery d) => d.Setting switch
    {
        { } s when s.EndsWith("__SharedSecret", StringComparison.Ordinal) => ".SharedSecret",
        { } s when Signed(s) => WebhookAuthentication.CannotSign(d.Source) ? ".Unsigned" : ".Signature",
        _ => "",
    };

    /// <summary>
    /// The suffix of a 401's advice (<c>Refused.Fix.Unauthenticated</c>), as the sender's tool allows: Datadog has only its
    /// webhook's custom headers for a shared secret, an Azure Monitor action group only <c>&amp;secret=</c> in its webhook URI, and
    /// neither can sign (<c>.DatadogSigned</c>, <c>.AzureMonitorSigned</c>: remove the signing setting); the other tools take a
    /// secret or a key as the general advice says.
    /// </summary>
    private static string UnauthenticatedFix(RefusedDelivery d) =>
        WebhookAuthentication.CannotSign(d.Source) ? $".{d.Source}{(d.Setting is { } s && Signed(s) ? "Signed" : "")}" : "";

    private static bool Signed(string setting) => setting.EndsWith("__HmacSecret", StringComparison.Ordinal);

    private static readonly string[] RefusedTitleKeys =
    [
        "Refused.Title.TooLarge", "Refused.Title.Unreadable", "Refused.Title.Unauthenticated", "Refused.Title.Unauthenticated.SharedSecret",
        "Refused.Title.Unauthenticated.Signature", "Refused.Title.Unauthenticated.Unsigned", "Refused.Title.RoutingKey",
    ];

    /// <summary>
    /// Every wording of a refused delivery's title in each language, as the part before and after its size (the whole title for
    /// those without one), with the title's key and the source's.
    /// </summary>
    private static readonly (string Before, string After, bool Sized, string Key, string Source)[] StoredRefusedTitles =
    [
        .. Enum.GetValues<Core.Team.Language>().Select(Phrases.For).SelectMany(p =>
            RefusedTitleKeys.SelectMany(key => Enum.GetValues<AlertSource>().Where(source => p.Has($"Refused.Source.{source}")).Select(source =>
            {
                const string size = "\u0001";
                var title = p.Format(key, p[$"Refused.Source.{source}"], size);
                var at = title.IndexOf(size, StringComparison.Ordinal);
                return at < 0 ? (title, "", false, key, source.ToString()) : (title[..at], title[(at + size.Length)..], true, key, source.ToString());
            }))),
    ];

    /// <summary>
    /// The size inside a refused delivery's title in either language (「9.0 MB」, 「8 MiB 超」, "over 8 MiB"), with its key. The limit
    /// is said as the 413 says it (<see cref="ByteSize.Limit"/>), and titles stored before 12-06 said it in decimal MB (「8.4 MB 超」): both read.
    /// </summary>
    private static readonly (Regex Pattern, string Key)[] StoredRefusedSizes =
    [
        .. Enum.GetValues<Core.Team.Language>().Select(Phrases.For).SelectMany(p => new[] { "Refused.Size.Over", "Refused.Size" }
            .Select(key => (new Regex("^" + Regex.Escape(p[key]).Replace("\\{0}", key == "Refused.Size.Over" ? "([0-9]+\\.[0-9] MB|[0-9]+ (?:MiB|KiB|B))" : "([0-9]+\\.[0-9])",
                StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant), key))),
    ];

    /// <summary>
    /// A title OnDuty gave an incident about a refused delivery, worded in the team's language when it was opened
    /// (「Alertmanager からの通知が大きすぎて読めませんでした（9.0 MB）」), as <paramref name="p"/>'s reader reads it ("Alertmanager
    /// sent a notification too large to read (9.0 MB)"); null for any other title.
    /// </summary>
    private static string? RefusedTitle(string stored, Phrases p)
    {
        foreach (var (before, after, sized, key, source) in StoredRefusedTitles)
        {
            if (!sized)
            {
                if (stored == before)
                {
                    return p.Format(key, p[$"Refused.Source.{source}"]);
                }

                continue;
            }

            if (stored.Length > before.Length + after.Length && stored.StartsWith(before, StringComparison.Ordinal) && stored.EndsWith(after, StringComparison.Ordinal)
                && stored[before.Length..^after.Length] is var size
                && StoredRefusedSizes.Select(x => (Match: x.Pattern.Match(size), x.Key)).FirstOrDefault(x => x.Match.Success) is { Match: not null } read)
            {
                return p.Format(key, p[$"Refused.Source.{source}"], p.Format(read.Key, read.Match.Groups[1].Value));
            }
        }

        return null;
    }

    /// <summary>The problems as the sender was answered, one line, cut to <paramref name="max"/> characters.</summary>
    private static string RefusedDetail(RefusedDelivery d, int max) => TextCut.WithEllipsis(string.Join("; ", d.Problems), max);

    /// <summary>「9.4 MB」, or 「8 MiB 超」 (the limit, as the 413 says it: <see cref="ByteSize.Limit"/>) when the sender did not say its size: the 413's only.</summary>
    private static string RefusedSize(RefusedDelivery d, Phrases p) =>
        d.Bytes is { } b
            ? p.Format("Refused.Size", (b / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture))
            : p.Format("Refused.Size.Over", ByteSize.Limit(d.Limit));
}
