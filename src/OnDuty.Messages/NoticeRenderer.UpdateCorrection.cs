using OnDuty.Core.Incidents;

namespace OnDuty.Messages;

/// <summary>A stakeholder notice sent as a correction of the one before (【訂正】, <c>"correction": true</c> on an update).</summary>
public sealed partial class NoticeRenderer
{
    /// <summary>
    /// What a correction says, a sentence each detail — 「第2報で影響範囲を『全ユーザーが決済できません』とお伝えしましたが、正しくは
    /// 『iOSアプリのカード決済のみ失敗しています』です。」 —, then 「お詫びして訂正いたします。」 once; empty when <paramref name="corrections"/> is.
    /// </summary>
    /// <param name="corrects">The number the notice corrected has in the readers' series.</param>
    private static List<string> CorrectionSentences(IReadOnlyList<DetailCorrection> corrections, int corrects, Phrases p, ReaderClock clock)
    {
        var said = new List<string>();
        foreach (var c in corrections)
        {
            if (c is { Detail: ToldDetail.StartedAt, StartWas: { } was, StartIs: { } now })
            {
                var (from, to) = clock.Clocks(was, now);
                said.Add(p.Format("Stakeholder.Correction.Start", corrects, from, to, clock.ClocksZone(now)));
                continue;
            }

            var detail = p[$"Stakeholder.Correction.Detail.{c.Detail}"];
            said.Add((Quote(c.Was, c.Detail, p), Quote(c.Is, c.Detail, p)) switch
            {
                (null, { } right) => p.Format("Stakeholder.Correction.SaidNone", corrects, detail, right),
                ({ } wrong, null) => p.Format("Stakeholder.Correction.NowNone", corrects, detail, wrong),
                (var wrong, var right) => p.Format("Stakeholder.Correction.Said", corrects, detail, wrong ?? "", right ?? ""),
            });
        }

        if (said.Count > 0)
        {
            said.Add(p["Stakeholder.Correction.Apology"]);
        }

        return said;
    }

    /// <summary>A list (areas, platforms) as the reader's language separates items (「iOS、Android」).</summary>
    private static string? Quote(string? quote, ToldDetail detail, Phrases p) =>
        quote is not null && detail is ToldDetail.AffectedAreas or ToldDetail.Platforms ? quote.Replace(", ", p["List.Separator"], StringComparison.Ordinal) : quote;

    /// <summary>The changes a correction's sentences say already (「影響範囲を更新しました。」 would read as news, not a correction).</summary>
    private static bool SaidByCorrection(IncidentChange change, IReadOnlyList<DetailCorrection> corrections) => change switch
    {
        IncidentChange.Title => corrections.Any(c => c.Detail == ToldDetail.Title),
        IncidentChange.Impact => corrections.Any(c => c.Detail is ToldDetail.Impact or ToldDetail.AffectedAreas or ToldDetail.Platforms),
        IncidentChange.WorkaroundAdded or IncidentChange.WorkaroundChanged or IncidentChange.WorkaroundRemoved => corrections.Any(c => c.Detail == ToldDetail.Workaround),
        IncidentChange.StartedAt => corrections.Any(c => c.Detail == ToldDetail.StartedAt),
        _ => false,
    };

    /// <summary>
    /// A notice row of the incident page sent as a correction: 「（第2報の訂正）」 after 「第3報を関係者（経営層）に送信」, the notice it
    /// corrected numbered as the longest series of its audiences reads it (as the general 障害の状況 view numbers it); empty otherwise.
    /// </summary>
    private static string NoticeCorrects(TimelineEntry t, IncidentComms comms, Phrases p) =>
        t is { Kind: TimelineKind.StakeholdersNotified, Correction: { } c, Recipients.Count: > 0 }
            ? p.Format("Stakeholder.Correction.Row", t.Recipients.Max(a => comms.NumberIn(a, c.Corrects)))
            : "";
}
