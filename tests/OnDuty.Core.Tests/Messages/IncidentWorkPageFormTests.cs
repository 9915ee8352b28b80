using System.Net;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The incident page's forms shown again after a refused post: a stale update (409) and problems of fields the page no longer shows (400).</summary>
public sealed class IncidentWorkPageFormTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 19, 0, 0, TimeSpan.Zero); // 04:00 JST

    private static string Render(Incident incident, Func<IncidentWorkPageNotice, IncidentWorkPageNotice> failed) =>
        TestRenderer.Instance.Page(failed(new IncidentWorkPageNotice(
            Language.Ja, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(12))
        {
            RequestId = "req-1",
            Names = new Dictionary<string, string> { ["ito"] = "伊藤 さくら" },
        }));

    private static string Form(string html, string name)
    {
        var start = html.IndexOf($"<h2 id=\"h-{name}\">", StringComparison.Ordinal);
        return html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
    }

    private static Incident Declared()
    {
        var incident = Incident.Open("INC-2026-0005", new NewIncident { Title = "ポイントが付与されない", Severity = AlertSeverity.Sev1 }, [], "takahashi", T0);
        incident.IssueStakeholderNotice(T0);
        return incident;
    }

    [Fact]
    public void StaleUpdate_ShownAgainWithWhatWasTyped_SayingWhoReportedWhatAndWhen_CarryingTheNewVersion()
    {
        var incident = Declared();
        incident.PostUpdate(IncidentStatus.Resolved, "復旧しました", "ito", T0.AddMinutes(11), new IncidentEdit { Cause = "バッチの遅延" });
        incident.IssueStakeholderNotice(T0.AddMinutes(11));
        var typed = new Dictionary<string, string> { ["status"] = "resolved", ["cause"] = "ポイントバッチの遅延", ["message"] = "復旧を確認", [StaleUpdate.Field] = "1" };

        var html = Render(incident, n => n with
        {
            FailedForm = "update", Values = typed, UpdateStale = new StaleUpdate("ito", T0.AddMinutes(11), IncidentStatus.Resolved, Told: true),
        });

        const string said = "この間に伊藤さんが 04:11（JST）に「復旧済み」として報告しました（関係者に送信済み）。内容を確認してから送ってください。";
        var form = Form(html, "update");
        Assert.Contains($"id=\"update-warning\">{said}</p>", form, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"problem\" role=\"alert\">{said} <a href=\"#h-update\" id=\"problem-link\">「状況を更新する」へ移動する</a></p>", html, StringComparison.Ordinal);
        Assert.Contains(">ポイントバッチの遅延</textarea>", form, StringComparison.Ordinal);
        Assert.Contains(">復旧を確認</textarea>", form, StringComparison.Ordinal);
        Assert.Contains($"name=\"{StaleUpdate.Field}\" value=\"{StaleUpdate.VersionOf(incident)}\"", form, StringComparison.Ordinal);
        Assert.Contains("確認したので、この内容で送る</button>", html[html.IndexOf("id=\"submit-update\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateForm_FirstShownAndAfterA400_CarriesTheVersionItsTypingStartedFrom()
    {
        var incident = Declared();

        var shown = Form(Render(incident, n => n), "update");
        var again = Form(Render(incident, n => n with
        {
            FailedForm = "update", Values = new Dictionary<string, string> { ["message"] = " ", [StaleUpdate.Field] = "42" }, Errors = new Dictionary<string, string[]> { ["message"] = ["message"] },
        }), "update");

        Assert.Contains($"name=\"{StaleUpdate.Field}\" value=\"1\"", shown, StringComparison.Ordinal);
        Assert.Contains($"name=\"{StaleUpdate.Field}\" value=\"42\"", again, StringComparison.Ordinal);
        Assert.DoesNotContain("update-warning", again, StringComparison.Ordinal);
    }

    /// <summary>Trial 33, M4: resolved by monitoring meanwhile, the form of a resolved incident keeps the posted 復旧日時 and says its problem there.</summary>
    [Fact]
    public void UpdateRefused_ResolvedMeanwhile_TheRecoveryTimeFieldStaysWithItsProblem()
    {
        var incident = Declared();
        incident.PostUpdate(IncidentStatus.Resolved, null, "alert:grafana", T0.AddMinutes(5));

        var html = Render(incident, n => n with
        {
            FailedForm = "update",
            Values = new Dictionary<string, string> { ["status"] = "resolved", ["resolvedAt"] = "2026-12-03T04:30", ["nextUpdateDefault"] = "2026-12-03T05:00" },
            Errors = new Dictionary<string, string[]> { ["resolvedAt"] = ["must not be in the future"] },
        });

        var form = Form(html, "update");
        Assert.Contains("name=\"resolvedAt\" value=\"2026-12-03T04:30\"", form, StringComparison.Ordinal);
        Assert.Contains("<p class=\"err\" id=\"update-resolvedAt-err\">", form, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"nextUpdateAt\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"resolvedAt\"", Form(Render(incident, n => n), "update"), StringComparison.Ordinal);
    }

    /// <summary>A problem of a field no form shows (an API-level check naming it) is said above the form's fields, with the field's name.</summary>
    [Fact]
    public void Refused_ProblemOfAFieldTheFormDoesNotShow_SaidAboveTheFieldsWithItsName()
    {
        var incident = Declared();

        var html = Render(incident, n => n with
        {
            FailedForm = "help", Values = new Dictionary<string, string> { ["message"] = "誰か" }, Errors = new Dictionary<string, string[]> { ["resolvedAt"] = ["beforeStart"] },
        });

        var form = Form(html, "help");
        Assert.Contains("id=\"help-warning\">復旧日時：", WebUtility.HtmlDecode(form), StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 45: a refused form is shown again far down the page while the problem is said at its top, off a phone's screen: the
    /// problem links to the form it is about, by that form's heading.
    /// </summary>
    [Theory]
    [InlineData("update", "状況を更新する")]
    [InlineData("help", "応援を呼ぶ")]
    public void Refused_TheProblemAtTheTop_LinksToTheFormItIsAbout(string failed, string heading)
    {
        var incident = Declared();

        var html = Render(incident, n => n with
        {
            FailedForm = failed, Values = new Dictionary<string, string> { ["message"] = "誰か" }, Errors = new Dictionary<string, string[]> { ["by"] = ["required"] },
        });

        Assert.Contains($"<p class=\"problem\" role=\"alert\">入力内容を確認してください。該当する項目に印を付けています。 <a href=\"#h-{failed}\" id=\"problem-link\">「{heading}」へ移動する</a></p>", html, StringComparison.Ordinal);
        Assert.Contains($"<h2 id=\"h-{failed}\">{heading}</h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("problem-link", Render(incident, n => n), StringComparison.Ordinal);
    }
}
