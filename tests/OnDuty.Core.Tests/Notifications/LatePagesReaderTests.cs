using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Notifications;

/// <summary>
/// Trial 36 M2/M3: while mail was down the status page said only 「未対応」 and 「届かなかった連絡」 said 「ありません」 (nothing was
/// given up yet); afterwards the timeline's delivery rows and the report hid the outage. The pages health finds late are said where
/// the PMs look, and a page that arrived late says so on its row and in the report.
/// </summary>
public sealed class LatePagesReaderTests
{
    private static readonly SendResult Refused = new SendResult.Transient("SMTP: Connection refused");
    private static readonly FormToken Token = new("__RequestVerificationToken", "CfDJ8-token");

    private static LatePagesReader Reader(IncidentHarness h) => new(h.Outbox, h.Incidents, h.Time);

    /// <summary>A SEV3 opened while the mail server refuses every connection, its pages retried for <paramref name="minutes"/> minutes.</summary>
    private static async Task<(IncidentHarness H, string Id)> MailDownAsync(int minutes, string title = "決済 <b>止まった</b>")
    {
        var h = await IncidentHarness.CreateAsync();
        h.Email.Script([.. Enumerable.Repeat(Refused, 200)]);
        var id = (await h.Service.CreateAsync(new NewIncident { Title = title, Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        for (var m = 0; m < minutes; m++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(1));
            await h.DrainQueueAsync();
        }

        return (h, id);
    }

    private static async Task<LatePages> ReadAsync(IncidentHarness h) =>
        await Reader(h).ReadAsync([.. (await h.Service.StatusBoardAsync(default)).Select(e => e.Incident)], default);

    [Fact]
    public async Task ReadAsync_PagesFailingUnderFiveMinutes_NothingLate()
    {
        var (h, _) = await MailDownAsync(3);

        var late = await ReadAsync(h);

        Assert.Empty(late.Pages);
        Assert.Empty(late.Unreached);
    }

    [Fact]
    public async Task StatusPage_MailDownOverFiveMinutes_BannerOnTopAndTheRowSaysNobodyWasReached_GoneOnceMailIsBack()
    {
        var (h, id) = await MailDownAsync(7);

        var late = await ReadAsync(h);
        var emails = (await h.DutyEmailsAsync()).Count;
        Assert.Equal(emails, late.Pages.Count(p => p.Channel == Channel.Email));
        Assert.All(late.Retrying, p => Assert.Equal("SMTP: Connection refused", p.LastError));
        Assert.True(late.Unreached.ContainsKey(id));
        Assert.Equal("SMTP: Connection refused", late.Unreached[id].LastError);

        var board = await h.Service.StatusBoardAsync(default);
        var ja = TestRenderer.Instance.Page(new StatusPageNotice(Language.Ja, board, "Asia/Tokyo", h.Time.GetUtcNow()) { LatePages = late });
        var banner = Regex.Match(ja, "<p class=\"late\" role=\"alert\" id=\"late-pages\">.*?</p>", RegexOptions.Singleline).Value;
        Assert.Contains($"呼び出し{late.Pages.Count}件が5分以上送信できていません（最後のエラー：SMTP: Connection refused）。自動で再試行を続けています。", banner);
        Assert.Contains("href=\"/api/status/undelivered?lang=ja#retrying\"", banner);
        Assert.True(ja.IndexOf("id=\"late-pages\"", StringComparison.Ordinal) < ja.IndexOf("id=\"open\"", StringComparison.Ordinal));
        var row = ja.Split("<li>").Single(r => r.Contains(id, StringComparison.Ordinal));
        Assert.Contains("<span class=\"waiting\">未対応</span> <span class=\"waiting unreached\">まだ誰にも届いていません（送信を再試行中）</span>", row);
        Assert.Contains("決済 &lt;b&gt;止まった&lt;/b&gt;", row);
        var en = TestRenderer.Instance.Page(new StatusPageNotice(Language.En, board, "Asia/Tokyo", h.Time.GetUtcNow()) { LatePages = late });
        Assert.Contains("reached nobody yet (retrying)", en);
        Assert.True(late.Pages.Count > 1);
        Assert.Contains($"{late.Pages.Count} pages not sent for over 5 minutes (last error: SMTP: Connection refused). They are retried automatically.", en);

        // Mail is back: the retries go out, and banner and mark go.
        h.Email.Recover();
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.DrainQueueAsync();
        var after = await ReadAsync(h);
        Assert.Empty(after.Pages);
        var again = TestRenderer.Instance.Page(new StatusPageNotice(Language.Ja, await h.Service.StatusBoardAsync(default), "Asia/Tokyo", h.Time.GetUtcNow()) { LatePages = after });
        Assert.DoesNotContain("late-pages", again);
        Assert.DoesNotContain("まだ誰にも届いていません", again);
    }

    /// <summary>An acknowledged incident is no longer marked: 「未対応」 went too.</summary>
    [Fact]
    public async Task ReadAsync_AcknowledgedMeanwhile_NotMarked()
    {
        var (h, id) = await MailDownAsync(7);
        await h.Service.AcknowledgeAsync(id, (await h.IncidentAsync(id)).Assignees[0].Id, null, default);

        var late = await ReadAsync(h);

        Assert.Empty(late.Unreached);
    }

    [Fact]
    public async Task UndeliveredPage_MailDown_RetryingSectionAboveTheGivenUp_WithErrorAttemptsNextTryAndIncident_NoButton()
    {
        var (h, id) = await MailDownAsync(7);
        var late = await Reader(h).ReadPagesAsync(default);
        var retrying = late.Retrying.First(p => p.Channel == Channel.Email);

        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.Ja, [], Token, new PageVisitor("伊藤 さくら", "ito@onduty.example"), "Asia/Tokyo", h.Time.GetUtcNow())
        {
            LatePages = late,
        });

        var section = Regex.Match(html, "<section id=\"retrying\">.*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("<h2>送信できていません（再試行中）</h2>", section);
        Assert.Contains("自動で再送を続けるため、再送ボタンはありません。", section);
        Assert.Contains($"{retrying.Attempts}回失敗：SMTP: Connection refused", section);
        Assert.Contains("次の再試行：", section);
        Assert.Contains($"href=\"/api/incidents/{id}/page?lang=ja\"", section);
        Assert.Contains("data-message=\"" + retrying.Id + "\"", section);
        Assert.DoesNotContain("<form", section);
        Assert.DoesNotContain("<form", html[html.IndexOf("</section>", StringComparison.Ordinal)..]);
        Assert.Contains("<h2>再試行をあきらめた連絡</h2>", html);
        Assert.Contains("再試行をあきらめた連絡はありません。", html);
        Assert.DoesNotContain("届かなかった連絡はありません。", html);
        Assert.True(html.IndexOf("id=\"retrying\"", StringComparison.Ordinal) < html.IndexOf("id=\"summary\"", StringComparison.Ordinal));

        var en = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.En, [], Token, PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow()) { LatePages = late });
        Assert.Contains("Not sent yet (retrying)", en);
        Assert.True(retrying.Attempts > 1);
        Assert.Contains($"Failed {retrying.Attempts} times: SMTP: Connection refused", en);
    }

    [Fact]
    public async Task UndeliveredPage_NothingLate_NoSection_SaysNoneAsBefore()
    {
        var html = TestRenderer.Instance.Page(new UndeliveredPageNotice(Language.Ja, [], Token, PageVisitor.Anonymous, "Asia/Tokyo", IncidentHarness.T0));

        Assert.DoesNotContain("id=\"retrying\"", html);
        Assert.Contains("届かなかった連絡はありません。", html);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Timeline_PageDeliveredAfterTheOutage_RowCarriesAttemptsQueuedAtAndError_AndSaysHowLateAndWhy()
    {
        var (h, id) = await MailDownAsync(12);
        h.Email.Recover();
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.DrainQueueAsync();

        var delivered = (await h.TimelineAsync(id)).Where(e => e.Kind == TimelineKind.Delivered && e.Recipients.Any(r => r.Contains('@', StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(delivered);
        var row = delivered[0];
        Assert.True(row.FailedAttempts > 1);
        Assert.Equal(IncidentHarness.T0, row.QueuedAt);
        Assert.Equal("SMTP: Connection refused", row.LastError);
        Assert.True(row.Late > TimeSpan.FromMinutes(12));
        var minutes = (int)row.Late!.Value.TotalMinutes;

        Assert.Equal($"{minutes}分遅れ：メールサーバーに接続できず、{row.FailedAttempts}回再試行しました", TimelineText.Late(row, Language.Ja));
        Assert.Equal($"{minutes} min late: could not connect to the mail server; retried {row.FailedAttempts} times", TimelineText.Late(row, Language.En));
        var details = await h.Service.GetAsync(id, default);
        var page = TestRenderer.Instance.Page(new IncidentWorkPageNotice(Language.Ja, details, "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow()) { RequestId = "req-1" });
        Assert.Contains($"{minutes}分遅れ：メールサーバーに接続できず、{row.FailedAttempts}回再試行しました", page);

        // The retention's blanking keeps how late, not the provider's words.
        Assert.Null(row.WithoutText().LastError);
        Assert.Equal(row.FailedAttempts, row.WithoutText().FailedAttempts);
    }

    [Fact]
    public async Task Timeline_PageDeliveredAtOnce_RowAsBefore()
    {
        var h = await IncidentHarness.CreateAsync();
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();

        var row = (await h.TimelineAsync(id)).First(e => e.Kind == TimelineKind.Delivered);

        Assert.Null(row.FailedAttempts);
        Assert.Null(row.QueuedAt);
        Assert.Null(row.LastError);
        Assert.Null(TimelineText.Late(row, Language.Ja));
    }

    [Fact]
    public async Task Report_PageLateAfterTheOutage_CountedAsLate_AndTheAckTimeFromTheFirstPageReceivedSaidBesideDetection()
    {
        var (h, id) = await MailDownAsync(12);
        h.Email.Recover();
        h.Time.Advance(TimeSpan.FromMinutes(10)); // delivered at +22 min
        await h.DrainQueueAsync();
        var reached = (await h.TimelineAsync(id)).Where(e => e.Kind == TimelineKind.Delivered && e.Recipients.Any(r => r.Contains('@', StringComparison.Ordinal))).Min(e => e.At);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Service.AcknowledgeAsync(id, (await h.IncidentAsync(id)).Assignees[0].Id, null, default);
        var incident = new ReportIncident(await h.IncidentAsync(id), await h.TimelineAsync(id), null);

        Assert.True(IncidentReportCalculator.PagedLate(incident));
        Assert.Equal(reached, IncidentReportCalculator.FirstReached(incident));
        Assert.Equal((h.Time.GetUtcNow() - reached).TotalMinutes, IncidentReportCalculator.AckFromReachedMinutes(incident));
        Assert.Equal((h.Time.GetUtcNow() - IncidentHarness.T0).TotalMinutes, IncidentReportCalculator.AckMinutes(incident));
    }
}
