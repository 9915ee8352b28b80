using System.Text.Json.Nodes;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 46 reader pass (a member falls sick on the Tuesday and is replaced, two members trade shifts): the replacement's,
/// the replaced member's, the partner's and the channel's message said 「（すぐに有効）」 — from when, the reader could not tell —
/// and the traded member's mail said the two weeks three times. A change says from when to when it holds, with the zone; the
/// lists before and after are said only when they add a week the lines above do not name.
/// </summary>
public sealed class DutyChangeSaysWhenTests
{
    private static T Sample<T>(Language language, string name, NoticeForm form = NoticeForm.Email) where T : Notice =>
        (T)NoticeSamples.All(language).First(s => s.Name == name && s.Form == form).Notice;

    private static string[] Lines(Notice notice) => TestRenderer.Instance.Email(notice).Text.Split('\n');

    public static TheoryData<Language, int, string> MadeMidShift => new()
    {
        // Made at 11:00 on the Tuesday (NoticeSamples.Now): the shift began at 10:00 (the handoff moved by 成人の日).
        { Language.Ja, 0, "1月12日(火)からの週の当番が変わりました：1月12日(火) 11:00〜1月18日(月) 10:00（JST）は田中さんに代わって伊藤さんが担当します。" },
        { Language.Ja, 27, "1月12日(火)からの週の当番が変わりました：1月13日(水) 14:00〜1月18日(月) 10:00（JST）は田中さんに代わって伊藤さんが担当します。" },
        // Made before the handoff: it holds from the handoff.
        { Language.Ja, -20, "1月12日(火)からの週の当番が変わりました：1月12日(火) 10:00〜1月18日(月) 10:00（JST）は田中さんに代わって伊藤さんが担当します。" },
        { Language.En, 27, "Duty for the week of Tue 12 Jan changed: 伊藤 さくら replaces 田中 健 for Wed 13 Jan 2027 14:00 – Mon 18 Jan 2027 10:00 (JST)." },
    };

    [Theory]
    [MemberData(nameof(MadeMidShift))]
    public void WholeShiftChange_SaysFromTheChangeToTheHandoffWithTheZone(Language language, int hoursAfterNow, string expected)
    {
        var notice = Sample<DutyChangedNotice>(language, "duty-changed");
        notice = notice with { Change = notice.Change with { Change = notice.Change.Change with { At = NoticeSamples.Now.AddHours(hoursAfterNow) } } };

        var lines = Lines(notice);

        Assert.Equal(expected, lines[2]);
        Assert.DoesNotContain(language == Language.Ja ? "すぐに有効" : "effective now", string.Join('\n', lines), StringComparison.Ordinal);
        var card = JsonNode.Parse(TestRenderer.Instance.Card(notice).CardJson)!;
        Assert.Contains(expected, card["body"]!.AsArray().SelectMany(b => b?["inlines"]?.AsArray() ?? []).Select(i => (string?)i?["text"]));
    }

    /// <summary>
    /// Trial 51: the cover mail named the scheduled pair, the member covered among them (「今週の当番：田中 健、Liam Chen」); it names
    /// who is on duty in the cover's time — the replacement and the partner — whatever the shift's length. A taking-back names
    /// the pair with the member back.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, 1, "この時間の当番：伊藤 さくら、Liam Chen", "この時間の当番：田中 健、Liam Chen")]
    [InlineData(Language.Ja, 4, "この時間の当番：伊藤 さくら、Liam Chen", "この時間の当番：田中 健、Liam Chen")]
    [InlineData(Language.En, 4, "On duty in that time: 伊藤 さくら, Liam Chen", "On duty in that time: 田中 健, Liam Chen")]
    public void Cover_NamesWhoIsOnDutyInItsTime_NotTheScheduledPair(Language language, int shiftWeeks, string covered, string undone)
    {
        var notice = Sample<DutyChangedNotice>(language, "duty-covered");
        notice = notice with { Change = notice.Change with { Rotation = notice.Change.Rotation with { ShiftWeeks = shiftWeeks } } };
        var cancelled = Sample<DutyChangedNotice>(language, "duty-cover-cancelled");

        var lines = Lines(notice);

        Assert.Contains(covered, lines);
        Assert.DoesNotContain(lines, l => l.StartsWith(language == Language.Ja ? "今週の当番" : "On duty this", StringComparison.Ordinal) || l.StartsWith("今回の当番", StringComparison.Ordinal));
        Assert.Contains(undone, Lines(cancelled));
    }

    /// <summary>
    /// Session 51 reader pass: 鈴木 falls ill on the Tuesday and the lead puts 佐藤 in her place from 09:00 to the end of the shift.
    /// The mail said 「終了後は鈴木さんに戻ります」 — pages never went back to her that week; the next shift takes over. A cover
    /// to the shift's end says pages reach the replacement until then, not the member covered; an evening's cover still says they go back.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "当番の終わりまで、障害の呼び出しは田中さんではなく伊藤さんに届きます。", "この時間の障害の呼び出しは伊藤さんに届きます。終了後は田中さんに戻ります。")]
    [InlineData(Language.En, "Pages until the end of the shift go to 伊藤 さくら, not 田中 健.", "Pages in that time go to 伊藤 さくら; after it, to 田中 健 again.")]
    public void CoverToTheShiftsEnd_SaysPagesDoNotGoBack(Language language, string toEnd, string evening)
    {
        var notice = Sample<DutyChangedNotice>(language, "duty-covered");
        var rest = notice with { Change = notice.Change with { Change = notice.Change.Change with { To = notice.Change.EndsAt } } };

        var lines = Lines(rest);

        Assert.Contains(toEnd, lines);
        Assert.DoesNotContain(evening, lines);
        Assert.Contains(evening, Lines(notice));
        Assert.DoesNotContain(toEnd, Lines(notice));
    }

    [Theory]
    [InlineData(Language.Ja, "変更前：", "変更後：")]
    [InlineData(Language.En, "Before: ", "Now: ")]
    public void Swap_WeeksTradedSaidOnce_LeaveKeepsTheWholeLists(Language language, string before, string after)
    {
        var swap = Lines(Sample<ScheduleChangedNotice>(language, "schedule-changed-swap"));
        var leave = Lines(Sample<ScheduleChangedNotice>(language, "schedule-changed-leave"));

        Assert.DoesNotContain(swap, l => l.StartsWith(before, StringComparison.Ordinal) || l.StartsWith(after, StringComparison.Ordinal));
        Assert.Contains(swap, l => l.Contains(language == Language.Ja ? "1月18日(月)からの週があなたの当番になりました。" : "18 Jan", StringComparison.Ordinal));
        Assert.Contains(leave, l => l.StartsWith(before, StringComparison.Ordinal));
        Assert.Contains(leave, l => l.StartsWith(after, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Language.Ja, "cover-cancelled", "1月13日(水) 19:00〜23:00（JST）に予定していた田中さんの代わり（一時交代）は不要になりました。1月12日(火)からの週の当番は田中さんに代わって伊藤さんが担当します。")]
    [InlineData(Language.Ja, "cover-restored", "1月13日(水) 19:00〜23:00（JST）は、予定どおりあなたが田中さんの代わりに当番です。")]
    [InlineData(Language.En, "cover-restored", "Your cover for 田中 健 on Wed 13 Jan 2027 19:00 – 23:00 (JST) applies again, as planned: you are on duty in 田中 健's place then.")]
    public void CoverNoLongerNeededOrBackOn_SaysTheZone(Language language, string sample, string expected)
    {
        var email = TestRenderer.Instance.Email(Sample<Notice>(language, sample));

        Assert.Equal(expected, email.Text.Split('\n')[1]);
        Assert.Contains(expected, System.Net.WebUtility.HtmlDecode(email.Html), StringComparison.Ordinal);
    }

    private static readonly DutyWeek Announced = new("2027-W02", new DateOnly(2027, 1, 12), true);
    private static readonly DutyWeek Stays = new("2027-W05", null, false);
    private static readonly DutyWeek Gained = new("2027-W06", null, false);

    /// <summary>
    /// A swap of the announced week for a later one: the 【交代】 mail tells of the announced week; this mail no longer says
    /// 「1月12日(火)からの週はあなたの当番ではなくなりました。」 a second time, only the later week gained (the lists keep both).
    /// </summary>
    [Fact]
    public void SwapOfTheAnnouncedWeek_OnlyTheWeekNotYetAnnouncedIsSaidGainedOrLost()
    {
        var notice = Sample<ScheduleChangedNotice>(Language.Ja, "schedule-changed-swap") with { Before = [Announced, Stays], After = [Stays, Gained] };

        var lines = Lines(notice);

        Assert.Contains("2月8日(月)からの週があなたの当番になりました。", lines);
        Assert.DoesNotContain(lines, l => l.EndsWith("はあなたの当番ではなくなりました。", StringComparison.Ordinal));
        Assert.Contains("変更前：1月12日(火)からの週、2月1日(月)からの週", lines);
        Assert.Contains("変更後：2月1日(月)からの週、2月8日(月)からの週", lines);
    }

    /// <summary>A member who joins mid-month: their new weeks are said once, without 「変更前：なし」 and the same weeks again.</summary>
    [Theory]
    [InlineData(Language.Ja, "2月1日(月)からの週、2月8日(月)からの週があなたの当番になりました。", "変更前：")]
    [InlineData(Language.En, "You are now on duty in the week of Mon 1 Feb, the week of Mon 8 Feb.", "Before: ")]
    public void NewMember_WeeksGainedSaidOnce(Language language, string gained, string before)
    {
        var notice = Sample<ScheduleChangedNotice>(language, "schedule-changed-swap") with { Before = [], After = [Stays, Gained] };

        var lines = Lines(notice);

        Assert.Contains(gained, lines);
        Assert.DoesNotContain(lines, l => l.StartsWith(before, StringComparison.Ordinal));
    }

    /// <summary>
    /// Session 48: the subject names the reader's weeks as people say them, short — by their first days up to three, then the first
    /// and the count — in English as in Japanese; the API and the page ids keep the ISO labels.
    /// </summary>
    [Theory]
    [InlineData(Language.En, 1, "[Incident duty schedule change] Your duty changed: week of 1 Feb")]
    [InlineData(Language.En, 2, "[Incident duty schedule change] Your duty changed: weeks of 1 Feb and 8 Feb")]
    [InlineData(Language.En, 3, "[Incident duty schedule change] Your duty changed: weeks of 1 Feb, 8 Feb and 15 Feb")]
    [InlineData(Language.En, 4, "[Incident duty schedule change] Your duty changed: 4 weeks from 1 Feb")]
    [InlineData(Language.En, 0, "[Incident duty schedule change] Your duty changed: none in the next 8 weeks")]
    [InlineData(Language.Ja, 2, "【障害当番 予定の変更】あなたの当番：2月1日(月)・2月8日(月)からの週")]
    [InlineData(Language.Ja, 4, "【障害当番 予定の変更】あなたの当番：2月1日(月)から計4週")]
    [InlineData(Language.Ja, 0, "【障害当番 予定の変更】あなたの当番：今後8週はなし")]
    public void Subject_NamesTheWeeksByTheirFirstDay_MoreThanThreeByTheFirstAndTheCount(Language language, int weeks, string subject)
    {
        DutyWeek[] after = [Stays, Gained, new("2027-W07", null, false), new("2027-W08", null, false)];
        var notice = Sample<ScheduleChangedNotice>(language, "schedule-changed-swap") with { Before = [], After = after[..weeks] };

        Assert.Equal(subject, TestRenderer.Instance.Email(notice).Subject);
    }

    /// <summary>
    /// Session 49, a new PM joins: a member whose weeks all moved past the 8 compared read 「あなたの当番：なし」 in the subject, as if
    /// taken off the rotation — the subject says the span compared, as the body's 「比べたのは今後8週分です」 does; a rotation of longer
    /// shifts by shifts.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, 1, "【障害当番 予定の変更】あなたの当番：今後8週はなし")]
    [InlineData(Language.Ja, 4, "【障害当番 予定の変更】あなたの当番：今後8回の当番期間はなし")]
    [InlineData(Language.En, 4, "[Incident duty schedule change] Your duty changed: none in the next 8 shifts")]
    public void Subject_NoWeeksLeftInTheSpanCompared_SaysTheSpan(Language language, int shiftWeeks, string subject)
    {
        var sample = Sample<ScheduleChangedNotice>(language, "schedule-changed-swap");
        var notice = sample with { Rotation = sample.Rotation with { ShiftWeeks = shiftWeeks }, Before = [], After = [] };

        Assert.Equal(subject, TestRenderer.Instance.Email(notice).Subject);
    }
}
