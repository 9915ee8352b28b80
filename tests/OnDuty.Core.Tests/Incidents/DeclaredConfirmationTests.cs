using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Brief trialdeclare (session 47): a PM who declares from the form lands on the incident page, which said only 「当番に連絡して
/// います」. It now names whom the declaration paged — the pair the page mails went to — and where whoever takes it will show. Its
/// timeline's 「関係者へ報告を送信」 row, for a severity with no audience, read as sent while the forms said nobody is told: it says so.
/// </summary>
public sealed class DeclaredConfirmationTests
{
    /// <summary>The page says it as shown: a name joined with 「&amp;」 in English, 「・」 in Japanese, each as the roster has it.</summary>
    [Theory]
    [InlineData(Language.Ja, "障害を起票しました。当番の{0}に連絡しています。引き受けた人がこのページの「対応者」に表示されます。", "{0}さん", "・")]
    [InlineData(Language.En, "Incident declared. Paging who is on duty: {0}. Whoever takes it is shown under “Acknowledged” on this page.", "{0}", " &amp; ")]
    public async Task Declared_TheConfirmationNamesThePairThePagesWentTo(Language language, string sentence, string honorific, string and)
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev2 }, "ito", null, default)).Incident.Value.Id;
        var details = await h.Service.GetAsync(id, default);
        var pair = details.Incident.Value.Assignees;

        Assert.Equal(2, pair.Count);
        Assert.Equal(
            pair.Select(a => a.Email).Order(StringComparer.Ordinal),
            h.Outbox.All.Where(m => m.Topic == $"incident:{id}:page" && m.Channel == Channel.Email).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        var html = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, details, "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow())
        {
            RequestId = "req-1",
            Done = "declared",
        });

        var names = string.Format(System.Globalization.CultureInfo.InvariantCulture, honorific, pair[0].DisplayName) + and
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, honorific, pair[1].DisplayName);
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, sentence, names), html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "この重大度には関係者の宛先が設定されていないため、誰にも送っていません。")]
    [InlineData(Language.En, "No stakeholder audience is set for this severity, so no notice went out.")]
    public async Task Declared_ASeverityWithNoAudience_TheNoticeRowSaysNobodyWasSentIt_NotWhenAnAudienceWas(Language language, string nobody)
    {
        string Row(string html)
        {
            var label = language == Language.Ja ? "<b>関係者へ報告を送信</b>" : "<b>Stakeholders notified</b>";
            var start = html.IndexOf(label, StringComparison.Ordinal);
            Assert.True(start >= 0, "no notice row");
            return html[start..html.IndexOf("</li>", start, StringComparison.Ordinal)];
        }

        async Task<(string Id, string Html)> DeclaredPageAsync(IncidentHarness h)
        {
            var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev2 }, "ito", null, default)).Incident.Value.Id;
            return (id, TestRenderer.Instance.Page(new IncidentWorkPageNotice(
                language, await h.Service.GetAsync(id, default), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow())
            { RequestId = "req-1", Done = "declared" }));
        }

        var none = await CreateAsync();
        var (id, page) = await DeclaredPageAsync(none);
        Assert.Contains($"<span class=\"msg\">{nobody}</span>", Row(page), StringComparison.Ordinal);
        Assert.DoesNotContain(none.Outbox.All, m => m.Topic == OutboxIds.StakeholderTopic(id, 1));

        var told = await CreateAsync(comms: c =>
        {
            c.Audiences["support"] = new AudienceOptions { Members = ["support-leads@example.com"], DisplayName = "サポート", DisplayNameEn = "Support" };
            c.BySeverity.Sev2 = ["support"];
        });
        var (toldId, toldPage) = await DeclaredPageAsync(told);
        Assert.Contains(told.Outbox.All, m => m.Topic == OutboxIds.StakeholderTopic(toldId, 1));
        var row = Row(toldPage);
        Assert.DoesNotContain(nobody, row, StringComparison.Ordinal);
        // The row names the audience (by its configured name: the page here is given no display names).
        Assert.Contains(language == Language.Ja ? "第1報を関係者（support）に送信" : "support", row, StringComparison.Ordinal);
    }
}
