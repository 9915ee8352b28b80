using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 45 (DESIGN "Times and their zone"): the last times that stood alone without their zone — the rest of a turn, the
/// reminder's subject, the missed call's mail and text, a cadence change's shortened shift, the heartbeat mail's lead — now say
/// it; the incident page says the zone of a typed time in each time field's label instead of a second page-wide line.
/// </summary>
public sealed class LoneTimesSayTheirZoneTests
{
    private static Notice Sample(Language language, string name) => NoticeSamples.All(language).First(s => s.Name == name).Notice;

    private static RenderedEmail Email(Language language, string name) => TestRenderer.Instance.Email(Sample(language, name));

    [Theory]
    [InlineData(Language.Ja, "【障害当番】12月21日(月) 10:00（JST）から当番です", "12月28日(月)からの週も続けて当番です。2週連続で、年末年始休業を含めて1月4日(月) 10:00（JST）までです。")]
    [InlineData(Language.En, "[Incident duty] Your duty for the week of Mon 21 Dec starts Mon 21 Dec 2026 10:00 (JST)", "You stay on duty for the week of Mon 28 Dec too: 2 weeks in a row, until Mon 4 Jan 2027 10:00 (JST), including the New Year closure.")]
    public void ReminderOfATurn_SubjectAndRestOfTurn_SayTheZone(Language language, string subject, string restOfTurn)
    {
        var email = Email(language, "reminder-turn");

        Assert.Equal(subject, email.Subject);
        Assert.Contains("\n" + restOfTurn + "\n", email.Text, StringComparison.Ordinal);
        Assert.Contains(restOfTurn, email.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "【当番ダイヤル】2027/01/12 11:00（JST）に +815011112222 から不在着信",
        "2027/01/12 11:00（JST）に +815011112222 から当番ダイヤルへ着信がありましたが、当番の誰にもつながりませんでした。",
        "OnDuty：2027/01/12 11:00（JST）に +815011112222 から当番ダイヤルへ不在着信がありました。至急、折り返してください。")]
    [InlineData(Language.En, "[Duty line] Missed call from +815011112222 at 12 Jan 2027 11:00 (JST)",
        "+815011112222 called the duty line at 12 Jan 2027 11:00 (JST), and nobody on duty answered.",
        "OnDuty: missed call on the duty line from +815011112222 at 12 Jan 2027 11:00 (JST). Please call back now.")]
    public void MissedCall_MailAndText_SayTheZone(Language language, string subject, string lead, string sms)
    {
        var email = Email(language, "missed-call");

        Assert.Equal(subject, email.Subject);
        Assert.StartsWith(lead + "\n", email.Text, StringComparison.Ordinal);
        Assert.Equal(sms, TestRenderer.Instance.Text(Sample(language, "missed-call-text")));
    }

    [Theory]
    [InlineData(Language.Ja, "1月4日(月) 10:00（JST）からの当番は、新しい交代の初回となる 2027年1月7日(木) 19:00（JST）で終わります。")]
    [InlineData(Language.En, "The shift that started Mon 4 Jan 2027 10:00 (JST) ends at the first handoff of the new cadence, Thu 7 Jan 2027 19:00 (JST).")]
    public void CadenceChange_ShortenedShift_SaysTheZoneOfBothTimes(Language language, string expected)
    {
        var notice = (ScheduleChangedNotice)Sample(language, "schedule-changed-settings");
        var tokyo = TimeSpan.FromHours(9);
        notice = notice with
        {
            Rotation = notice.Rotation with { HandoffDay = DayOfWeek.Thursday, HandoffTime = new TimeOnly(19, 0) },
            Cause = notice.Cause with
            {
                EffectiveFrom = new DateOnly(2027, 1, 7), ShortenedWeek = "2027-W01", ShortenedShiftStart = new DateTimeOffset(2027, 1, 4, 10, 0, 0, tokyo),
            },
        };

        var text = TestRenderer.Instance.Email(notice).Text;

        Assert.Contains("\n" + expected + "\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "heartbeat-late-text", "夜間バッチ は 24時間ごとに届く予定ですが、2027年1月12日(火) 10:00（JST）を過ぎても届いていません。最終受信は 2027年1月11日(月) 09:00（JST）です。送信元のジョブ・監視が止まっていないか確認してください。")]
    [InlineData(Language.En, "heartbeat-late-text", "夜間バッチ is expected every 24 h, and nothing arrived by Tue 12 Jan 2027 10:00 (JST); it was last heard Mon 11 Jan 2027 09:00 (JST). Check that the job or monitoring that sends it is running.")]
    [InlineData(Language.Ja, "heartbeat-overrun-text", "夜間バッチ は 2027年1月12日(火) 10:15（JST）に開始しましたが、30分以内の 2027年1月12日(火) 10:45（JST）までに終了の報告がありません。ジョブが止まっていないか確認してください。")]
    [InlineData(Language.En, "heartbeat-overrun-text", "夜間バッチ started at Tue 12 Jan 2027 10:15 (JST) and did not report finishing within 30 min, by Tue 12 Jan 2027 10:45 (JST). Check whether the job is stuck.")]
    [InlineData(Language.Ja, "heartbeat-failed-text", "夜間バッチ の送信元が 2027年1月12日(火) 10:57（JST）に失敗を報告しました。")]
    [InlineData(Language.En, "heartbeat-failed-text", "The sender of 夜間バッチ reported a failure at Tue 12 Jan 2027 10:57 (JST).")]
    [InlineData(Language.Ja, "heartbeat-back-text", "夜間バッチ は 2027年1月12日(火) 11:00（JST）に再び届きました。")]
    [InlineData(Language.En, "heartbeat-back-text", "夜間バッチ was heard again at Tue 12 Jan 2027 11:00 (JST).")]
    public void HeartbeatLead_EachTimeSaysItsZone(Language language, string sample, string lead)
    {
        Assert.Equal(lead, TestRenderer.Instance.Text(Sample(language, sample)).Split('\n')[0]);
    }

    [Theory]
    [InlineData(Language.Ja, "発生日時（JST）|復旧日時（JST）", "時刻は JST です。", "<h2 id=\"h-timeline\">タイムライン（JST）</h2>")]
    [InlineData(Language.En, "Started at (JST)|Resolved at (JST)", "Times are in JST.", "<h2 id=\"h-timeline\">Timeline (JST)</h2>")]
    public void IncidentPage_TimeFieldsNameTheZone_AndNoPageWideLineSaysItAgain(Language language, string labels, string pageWide, string timeline)
    {
        var page = TestRenderer.Instance.Page(Sample(language, "pm-incident-page-resolved"));

        var timeLabels = System.Text.RegularExpressions.Regex.Matches(page, "<label for=\"[a-z]+-(?:startedAt|resolvedAt|nextUpdateAt)\">([^<]*)</label>")
            .Select(m => m.Groups[1].Value);
        Assert.Equal(labels, string.Join("|", timeLabels));
        Assert.DoesNotContain(pageWide, page, StringComparison.Ordinal);
        Assert.Contains(timeline, page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "次回の更新予定（JST）|復旧日時（JST）|発生日時（JST）")]
    [InlineData(Language.En, "Next update (JST)|Resolved at (JST)|Started at (JST)")]
    public void IncidentPage_Open_UpdateFormsTimeFieldsNameTheZone(Language language, string labels)
    {
        var page = TestRenderer.Instance.Page(Sample(language, "pm-incident-page"));

        var timeLabels = System.Text.RegularExpressions.Regex.Matches(page, "<label for=\"[a-z]+-(?:startedAt|resolvedAt|nextUpdateAt)\">([^<]*)</label>")
            .Select(m => m.Groups[1].Value);
        Assert.Equal(labels, string.Join("|", timeLabels));
    }

    /// <summary>Session 45: the declare form still said 「時刻は JST です。」 under the form; its time field names the zone, as the incident page's do.</summary>
    [Theory]
    [InlineData(Language.Ja, "発生日時（JST）", "時刻は JST です。")]
    [InlineData(Language.En, "Started at (JST)", "Times are in JST.")]
    public void DeclareForm_TimeFieldNamesTheZone_AndNoPageWideLineSaysIt(Language language, string label, string pageWide)
    {
        var page = TestRenderer.Instance.Page(Sample(language, "pm-form"));

        var timeLabels = System.Text.RegularExpressions.Regex.Matches(page, "<label for=\"f-(?:startedAt|resolvedAt|nextUpdateAt)\">([^<]*)</label>")
            .Select(m => m.Groups[1].Value);
        Assert.Equal(label, string.Join("|", timeLabels));
        Assert.DoesNotContain(pageWide, page, StringComparison.Ordinal);
    }
}
