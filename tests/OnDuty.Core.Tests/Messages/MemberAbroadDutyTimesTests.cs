using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Trial 59: a member who lives in another zone than the rotation's (Emma in San Francisco on the Tokyo rotation) reads her own duty
/// mails with the shift in her time too: the week of Tue 12 Jan 2027 10:00 JST starts on Mon 11 Jan 17:00 for her. Before, only
/// 「…10:00（JST）」 was said, and "the week of Tue 12 Jan" read as her Tuesday.
/// </summary>
public sealed class MemberAbroadDutyTimesTests
{
    private static string Text(string sample, Language language) =>
        TestRenderer.Instance.Email(NoticeSamples.All(language).Single(s => s.Name == sample && s.Form == NoticeForm.Email).Notice).Text.ReplaceLineEndings("\n");

    private static string Subject(string sample, Language language) =>
        TestRenderer.Instance.Email(NoticeSamples.All(language).Single(s => s.Name == sample && s.Form == NoticeForm.Email).Notice).Subject;

    [Fact]
    public void Announcement_ToTheMemberAbroad_SaysTheShiftInHerZoneUnderTheTeams()
    {
        var en = Text("announcement-to-member-abroad", Language.En);
        Assert.Contains("Tue 12 Jan 2027 10:00 – Mon 18 Jan 2027 10:00 (JST)\nIn your time zone: Mon 11 Jan 2027 17:00 – Sun 17 Jan 2027 17:00 (PST)\n", en, StringComparison.Ordinal);

        var ja = Text("announcement-to-member-abroad", Language.Ja);
        Assert.Contains("2027年1月12日(火) 10:00〜2027年1月18日(月) 10:00（JST）\nあなたのタイムゾーンでは 1月11日(月) 17:00〜1月17日(日) 17:00（PST）です。\n", ja, StringComparison.Ordinal);
    }

    [Fact]
    public void Announcement_ToTheMemberAbroad_NextDutyStartsInHerTimeToo()
    {
        // Mon 1 Mar 10:00 JST is her Sunday evening.
        Assert.Contains("Your next duty: the week of Mon 1 Mar (with 高橋 美咲), starting Sun 28 Feb 2027 17:00 PST (1 Mar 10:00 JST)\n",
            Text("announcement-to-member-abroad", Language.En), StringComparison.Ordinal);
        Assert.Contains("あなたの次回の当番：3月1日(月)からの週（高橋さんと）。開始は 2027年2月28日(日) 17:00（PST）／3月1日 10:00（JST）です。\n",
            Text("announcement-to-member-abroad", Language.Ja), StringComparison.Ordinal);
        Assert.Contains("あなたの次回の当番：3月1日(月)からの週（高橋さんと）\n", Text("announcement-to-member", Language.Ja), StringComparison.Ordinal);
    }

    [Fact]
    public void Announcement_ToAMemberInTheTeamsZone_SaysNoSecondZone()
    {
        Assert.DoesNotContain("In your time zone", Text("announcement-to-member", Language.En), StringComparison.Ordinal);
        Assert.DoesNotContain("タイムゾーン", Text("announcement-to-member", Language.Ja), StringComparison.Ordinal);
        // The team lists' mail names no reader.
        Assert.DoesNotContain("In your time zone", Text("announcement", Language.En), StringComparison.Ordinal);
    }

    [Fact]
    public void Reminder_ToTheMemberAbroad_SubjectAndShiftInHerTimeFirst()
    {
        Assert.EndsWith("starts Sun 17 Jan 2027 17:00 PST (18 Jan 10:00 JST)", Subject("reminder-abroad", Language.En), StringComparison.Ordinal);
        Assert.EndsWith("2027年1月17日(日) 17:00（PST）／1月18日 10:00（JST）から当番です", Subject("reminder-abroad", Language.Ja), StringComparison.Ordinal);
        Assert.Contains("In your time zone: Sun 17 Jan 2027 17:00 – Sun 24 Jan 2027 17:00 (PST)\n", Text("reminder-abroad", Language.En), StringComparison.Ordinal);
        Assert.Contains("あなたのタイムゾーンでは 1月17日(日) 17:00〜1月24日(日) 17:00（PST）です。\n", Text("reminder-abroad", Language.Ja), StringComparison.Ordinal);
    }

    [Fact]
    public void Reminder_ToAMemberInTheTeamsZone_Unchanged()
    {
        Assert.EndsWith("starts Mon 18 Jan 2027 10:00 (JST)", Subject("reminder", Language.En), StringComparison.Ordinal);
        Assert.DoesNotContain("In your time zone", Text("reminder", Language.En), StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 61: her shift across her change of clocks (US summer time from Sun 14 Mar 2027 02:00; Tokyo keeps none). The week of
    /// Mon 8 Mar 10:00 JST starts on her Sunday 17:00 PST and ends on her Sunday 18:00 PDT: each end is named as it is then, so the
    /// hour's move reads as her clocks', not as a shift an hour longer. Before: "17:00 – … 18:00 (America/Los_Angeles)".
    /// </summary>
    [Fact]
    public void YourTimeLine_ShiftAcrossHerChangeOfClocks_NamesEachEndsZone()
    {
        var emma = TeamData.Member("emma", "Emma Clarke", Language.En) with { TimeZone = "America/Los_Angeles" };
        var (from, to) = (new DateTimeOffset(2027, 3, 8, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 15, 1, 0, 0, TimeSpan.Zero));

        Assert.Equal("In your time zone: Sun 7 Mar 2027 17:00 (PST) – Sun 14 Mar 2027 18:00 (PDT)",
            OnDuty.Messages.NoticeRenderer.YourTimeLine(emma, from, to, "Asia/Tokyo", OnDuty.Messages.Phrases.For(Language.En)));
        Assert.Equal("あなたのタイムゾーンでは 3月7日(日) 17:00（PST）〜3月14日(日) 18:00（PDT）です。",
            OnDuty.Messages.NoticeRenderer.YourTimeLine(emma, from, to, "Asia/Tokyo", OnDuty.Messages.Phrases.For(Language.Ja)));

        // A shift on one side of it keeps one zone for both ends; London's in March too.
        Assert.Equal("In your time zone: Sun 14 Mar 2027 18:00 – Sun 21 Mar 2027 18:00 (PDT)",
            OnDuty.Messages.NoticeRenderer.YourTimeLine(emma, to, to.AddDays(7), "Asia/Tokyo", OnDuty.Messages.Phrases.For(Language.En)));
        var tom = emma with { TimeZone = "Europe/London" };
        Assert.Equal("In your time zone: Tue 23 Mar 2027 01:00 (GMT) – Mon 29 Mar 2027 02:00 (BST)",
            OnDuty.Messages.NoticeRenderer.YourTimeLine(tom, new DateTimeOffset(2027, 3, 23, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 29, 1, 0, 0, TimeSpan.Zero), "Asia/Tokyo", OnDuty.Messages.Phrases.For(Language.En)));
    }

    /// <summary>
    /// Session 61: the mail telling a member abroad who covers her (her leave) says its hours on her clock under the team's, as her
    /// announcement does; to a member of the team's zone, and the team lists, nothing more.
    /// </summary>
    [Fact]
    public void CoverMail_ToTheMemberAbroad_SaysItsHoursInHerZoneToo()
    {
        foreach (var language in new[] { Language.En, Language.Ja })
        {
            var sample = (DutyChangedNotice)NoticeSamples.All(language).Single(s => s.Name == "duty-covered" && s.Form == NoticeForm.Email).Notice;
            var emma = sample.Change.Replaced with { TimeZone = "America/Los_Angeles" };
            var (from, to) = (sample.Change.Change.From!.Value, sample.Change.Change.To!.Value);
            var line = OnDuty.Messages.NoticeRenderer.YourTimeLine(emma, from, to, sample.Change.Rotation.TimeZone, OnDuty.Messages.Phrases.For(language));
            Assert.NotNull(line);
            Assert.Contains("PST", line, StringComparison.Ordinal);

            Assert.Contains("\n" + line + "\n", TestRenderer.Instance.Email(sample with { Reader = emma }).Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Equal(TestRenderer.Instance.Email(sample).Text, TestRenderer.Instance.Email(sample with { Reader = sample.Change.Replaced }).Text);
        }
    }
}
