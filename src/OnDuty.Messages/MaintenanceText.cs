using OnDuty.Core.Maintenance;

namespace OnDuty.Messages;

/// <summary>What a window just planned (or just asked to hold them) says of the open incidents it covers but does not hold (plain text; templates encode it).</summary>
public static class MaintenanceText
{
    /// <summary>
    /// 「この時間帯に当てはまる対応中の障害が3件あります（INC-…）。これらのエスカレーションは止まっていません。止めるには、メンテナンス画面の
    /// この時間帯にある「当てはまる対応中の障害も止める」を押してください。」: the plan form's confirmation and the API's answer (brief
    /// boardstorm, 2), pointing at the window's button (the API's <c>holdOpen</c> <c>PATCH</c>). Null when every match is held.
    /// </summary>
    public static string? NotHeld(IReadOnlyList<MaintenanceMatch> matches, Phrases p)
    {
        var ids = matches.Where(m => !m.Held).Select(m => m.Id).ToList();
        return ids.Count == 0 ? null
            : p.Format(p.Counted("PmPage.MaintenancePage.OpenMatchesNotHeld", ids.Count), ids.Count, p.Join(ids), p["PmPage.MaintenancePage.HoldOpen"]);
    }
}
