using OnDuty.Core.Maintenance;

namespace OnDuty.Messages;

/// <summary>What a window just planned says of the open incidents it covers but does not hold (plain text; templates encode it).</summary>
public static class MaintenanceText
{
    /// <summary>
    /// 「この時間帯に当てはまる対応中の障害が3件あります（INC-…）。これらのエスカレーションは止まっていません。止めるには「対応中の障害も
    /// 止める」を選んでください。」: the plan form's confirmation and the API's answer (brief boardstorm, 2). Null when every match is held.
    /// </summary>
    public static string? NotHeld(IReadOnlyList<MaintenanceMatch> matches, Phrases p)
    {
        var ids = matches.Where(m => !m.Held).Select(m => m.Id).ToList();
        return ids.Count == 0 ? null
            : p.Format(p.Counted("PmPage.MaintenancePage.OpenMatchesNotHeld", ids.Count), ids.Count, p.Join(ids), p["PmPage.MaintenancePage.Field.holdOpen"]);
    }
}
