using System.Net;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// A retro written the day after, then the incident comes back: the retro page showed the saved version as if it told the whole
/// story (its 復旧日時 the new one), with nothing to say the reopen and what followed are in no line of it.
/// </summary>
public sealed class RetroPageReopenedTests
{
    private static readonly DateTimeOffset T0 = new(2027, 1, 12, 1, 10, 0, TimeSpan.Zero);

    private static string Page(Language language, DateTimeOffset savedAt, bool reopen)
    {
        var incident = Incident.Open("INC-2027-0004", new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, [], "sato", T0);
        incident.Resolve("sato", T0.AddHours(1));
        if (reopen)
        {
            incident.Reopen("alert:generic", T0.AddDays(1), "fired again");
            incident.Resolve("sato", T0.AddDays(1).AddHours(2));
        }

        var content = new RetroContent { Summary = "決済代行のタイムアウト" };
        var saved = new StoredRetro(incident.Id, content, new RetroVersion(1, "sato", savedAt), LessonDocument.For(incident, content));
        return WebUtility.HtmlDecode(TestRenderer.Instance.Page(new RetroPageNotice(
            language, new RetroState(incident, new Versioned<StoredRetro>(saved, "W/\"v1\""), []), [], [], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Values = new Dictionary<string, string> { ["summary"] = content.Summary },
        }));
    }

    [Fact]
    public void ReopenedAfterTheSavedVersion_SaidUnderTheVersionLine_WhenInTheTeamsZone()
    {
        Assert.Contains(
            "<p class=\"late\" role=\"status\" id=\"reopened\">第1版を保存した後、2027/01/13 10:10（JST）に障害が再開されました。再開後の経過はこの振り返りにまだありません。タイムラインに行を追加し、概要と影響も見直してください。</p>",
            Page(Language.Ja, T0.AddHours(20), reopen: true));
        Assert.Contains(
            "<p class=\"late\" role=\"status\" id=\"reopened\">The incident was reopened on 13 Jan 2027 10:10 (JST), after version 1 of this retro was saved: what happened since is not in it yet. Add it to the timeline, and check the summary and impact.</p>",
            Page(Language.En, T0.AddHours(20), reopen: true));
    }

    [Fact]
    public void ReopenedBeforeTheSavedVersion_OrNeverReopened_NothingSaid()
    {
        Assert.DoesNotContain("id=\"reopened\"", Page(Language.Ja, T0.AddDays(2), reopen: true));
        Assert.DoesNotContain("id=\"reopened\"", Page(Language.Ja, T0.AddHours(20), reopen: false));
    }
}
