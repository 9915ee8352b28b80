using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

/// <summary>The other open incidents a new incident's first page and the top of its page name (trial 39 M1).</summary>
public sealed partial class NoticeRenderer
{
    /// <summary>
    /// 「対応中の障害がほかにあります：INC-2026-0001 決済画面でエラーが表示される（SEV2・伊藤さんが対応中・1 分前に起票）。」: each with its
    /// severity, who is on it and its age as of <see cref="OtherOpenIncidents.At"/>, then 「ほか 2 件」 past the ones named; null when none.
    /// </summary>
    internal static string? OtherOpenLine(OtherOpenIncidents? others, Phrases p)
    {
        if (others is not { Shown.Count: > 0 })
        {
            return null;
        }

        var items = others.Shown.Select(o => p.Format("OtherOpen.Item", o.Incident.Id, OnDuty.Core.Common.TextCut.WithEllipsis(ShownTitle(o.Incident, p), OtherOpenTitleLength),
            string.Join(p["OtherOpen.Separator"], SevLabel(o.Incident.Severity), Holder(o, others.At, p), Opened(o.Incident, others.At, p))));
        var list = string.Join(p["OtherOpen.ItemSeparator"], items) + (others.More > 0 ? p.Format("OtherOpen.More", others.More) : "");
        return p.Format("OtherOpen.Lead", list);
    }

    /// <summary>
    /// The longest title the list names whole; a longer one is cut to this many characters, 「…」 last. Each other incident is named
    /// in a line under the lead: a storm's 900-character title filled a phone's screen above the facts of every page after it
    /// (session 59, the channel walk). Its own page, a step away, has it whole.
    /// </summary>
    internal const int OtherOpenTitleLength = 60;

    /// <summary>
    /// 「伊藤さんが対応中」, 「監視ツールのみ受付済み」 (no person took it), 「メンテナンスで呼び出し保留中」 (nobody took it and a maintenance
    /// window holds its pages: planned work, not something waiting on the reader — trial 55 read 「未対応」 at 02:40), or 「未対応」.
    /// </summary>
    private static string Holder(OtherOpenIncident o, DateTimeOffset at, Phrases p) =>
        o.Incident.AcknowledgedByPerson && o.TakenBy is { } name
            ? p.Format("OtherOpen.TakenBy", name.Contains('@', StringComparison.Ordinal) ? name : Called(name, null, p))
            : o.Incident.IsAcknowledged ? p["OtherOpen.ToolOnly"]
            : o.Incident.PagesHeldAt(at) ? p["OtherOpen.Held"] : p["OtherOpen.Nobody"];

    /// <summary>「1 分前に起票」 (declared by a person) or 「3 分前に検知」 (opened by monitoring); 「1 分以内に…」 under a minute.</summary>
    private static string Opened(Incident i, DateTimeOffset at, Phrases p)
    {
        var age = at - i.DetectedAt;
        return p.Format(i.Source == Incident.ManualSource ? "OtherOpen.Declared" : "OtherOpen.Detected",
            age < TimeSpan.FromMinutes(1) ? p["OtherOpen.Age.Now"] : Age(age, p));
    }
}
