using System.Globalization;
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

    private static string RefusedDeliveryPart(RefusedDeliveryNotice n) =>
        RefusedText(n.Delivery, n.Part, Phrases.For(n.Language), TimeZones.Find(n.TimeZone), n.TimeZone);

    /// <summary>
    /// A part of the incident about a refused delivery in <paramref name="p"/>'s reader's language and <paramref name="zone"/>, from the
    /// refusal as the incident keeps it (<see cref="RefusedDelivery.Stored"/>): the same words the team's are stored in, in the reader's.
    /// </summary>
    private static string RefusedText(RefusedDelivery d, RefusedDeliveryText part, Phrases p, TimeZoneInfo zone, string zoneId)
    {
        string At() => p.TimeWithZone(d.At, zone, zoneId);
        return part switch
        {
            RefusedDeliveryText.Title => RefusedTitle(d, p),
            RefusedDeliveryText.Row => p.Format("Refused.Row", d.Status, RefusedDetail(d, 200)),
            RefusedDeliveryText.Accepted => p.Format("Refused.Accepted", p[$"Refused.Source.{d.Source}"], At()),
            _ => RefusedDescription(d, p, p[$"Refused.Source.{d.Source}"], At()),
        };
    }

    /// <summary>
    /// 「Alertmanager からの通知が大きすぎて読めませんでした（9.0 MB）」, "Alertmanager sent a notification too large to read (9.0 MB)".
    /// A 401 is titled by the check that failed, as the sender's tool can fail it: the shared secret, the signature, or (for a tool
    /// that cannot sign) the signing setting it cannot meet.
    /// </summary>
    private static string RefusedTitle(RefusedDelivery d, Phrases p)
    {
        var cause = d.RoutingKey ? "RoutingKey" : d.Cause == RefusalCause.Unauthenticated ? $"Unauthenticated{UnauthenticatedTitle(d)}" : d.Cause.ToString();
        return p.Format($"Refused.Title.{cause}", p[$"Refused.Source.{d.Source}"], RefusedSize(d, p));
    }

    /// <summary>
    /// An incident's title as the reader reads it: one opened about a refused delivery (<see cref="Incident.Refusal"/>) is worded
    /// from its refusal in the reader's language while its stored title is the one OnDuty gave it (in any language: the team's
    /// may have changed since); a title a person gave it, and every title stored before the refusal was kept, read as stored.
    /// Any other incident's as <see cref="IncidentTitle(string, Phrases)"/> reads it.
    /// </summary>
    internal static string IncidentTitle(Incident i, Phrases p) => IncidentTitle(i.Title, i.Refusal, p);

    /// <summary>The same for a title stored with the refusal its incident was opened about (null for any other incident).</summary>
    private static string IncidentTitle(string stored, RefusedDelivery? refusal, Phrases p) =>
        refusal is not null && Enum.GetValues<Core.Team.Language>().Any(l => RefusedTitle(refusal, Phrases.For(l)) == stored)
            ? RefusedTitle(refusal, p)
            : IncidentTitle(stored, p);

    /// <summary>
    /// A timeline row of an incident about refused deliveries in the reader's language, from the refusal it keeps: its opening (the
    /// title), the accepted delivery that resolved it, or a refusal (the first, and each folded in); null for a row that keeps none
    /// (every other row, and rows stored before it was kept, read as stored).
    /// </summary>
    private static string? RefusedRow(TimelineEntry t, Phrases p, TimeZoneInfo zone, string zoneId) => t.Refusal is { } refusal
        ? RefusedText(refusal, t.Kind switch
        {
            TimelineKind.Opened => RefusedDeliveryText.Title,
            TimelineKind.AlertResolved => RefusedDeliveryText.Accepted,
            _ => RefusedDeliveryText.Row,
        }, p, zone, zoneId)
        : null;

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
        lines.Add(p[RefusedDelivery.ClosesOnAcceptance(d.Source, d.Cause) ? "Refused.Close.Accepted"
            : d.Cause == RefusalCause.TooLarge ? "Refused.Close.ByHand" : "Refused.Close.ByHand.SharedRoute"]);
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

    /// <summary>The problems as the sender was answered, one line, cut to <paramref name="max"/> characters.</summary>
    private static string RefusedDetail(RefusedDelivery d, int max) => TextCut.WithEllipsis(string.Join("; ", d.Problems), max);

    /// <summary>「9.4 MB」, or 「8 MiB 超」 (the limit, as the 413 says it: <see cref="ByteSize.Limit"/>) when the sender did not say its size: the 413's only.</summary>
    private static string RefusedSize(RefusedDelivery d, Phrases p) =>
        d.Bytes is { } b
            ? p.Format("Refused.Size", (b / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture))
            : p.Format("Refused.Size.Over", ByteSize.Limit(d.Limit));
}
