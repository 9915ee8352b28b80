using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// An audience abroad (<c>Comms__Audiences__{name}__TimeZone</c>): its notices and its 障害の状況 view give each time in its zone with
/// the team's (JST) beside it, the team's date only when its day is another, the zone's name as it is then (GMT or BST).
/// </summary>
public sealed class ReaderTimeZoneTests
{
    // Wed 2 Dec 2026 20:00 in London is Thu 3 Dec 05:00 in Tokyo: the date line between them.
    private static readonly DateTimeOffset Evening = new(2026, 12, 2, 20, 0, 0, TimeSpan.Zero);

    private static Incident Declared(DateTimeOffset startedAt) =>
        Incident.Open("INC-2026-0042", new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev2, StartedAt = startedAt }, [], "sato", startedAt.AddMinutes(10));

    private static string Text(StakeholderNotice notice) => TestRenderer.Instance.Email(notice).Text.ReplaceLineEndings("\n");

    private static StakeholderNotice Notice(Language language, Incident incident, string? readerZone) =>
        new(language, incident, 1, "Asia/Tokyo") { UpdatedAt = incident.DetectedAt, NextUpdateBy = Evening.AddMinutes(110), ReaderTimeZone = readerZone };

    [Fact]
    public void English_London_AcrossTheDateLine_GmtWithJstAndItsDate()
    {
        var text = Text(Notice(Language.En, Declared(Evening), "Europe/London"));

        Assert.Contains("Started\nWed 2 Dec 2026 20:00 GMT (3 Dec 05:00 JST)\n", text, StringComparison.Ordinal);
        Assert.Contains("Next update\nBy Wed 2 Dec 2026 21:50 GMT (3 Dec 06:50 JST).\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(JST)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void English_London_SameDay_JstWithoutDate()
    {
        var morning = new DateTimeOffset(2026, 12, 2, 4, 50, 0, TimeSpan.Zero);

        var text = Text(Notice(Language.En, Declared(morning), "Europe/London") with { NextUpdateBy = morning });

        Assert.Contains("Next update\nBy Wed 2 Dec 2026 04:50 GMT (13:50 JST).\n", text, StringComparison.Ordinal);
    }

    /// <summary>Named as every page names a zone (GMT, JST), no longer 英国時間／日本時間 here and JST elsewhere; the team's time alone is never the first.</summary>
    [Fact]
    public void Japanese_London_LondonTimeThenJst_OneNameForEachZone()
    {
        var text = Text(Notice(Language.Ja, Declared(Evening), "Europe/London"));

        Assert.Contains("■発生日時\n2026年12月2日(水) 20:00（GMT）／12月3日 05:00（JST）\n", text, StringComparison.Ordinal);
        Assert.Contains("■次回の更新予定\n2026年12月2日(水) 21:50（GMT）／12月3日 06:50（JST）頃までにお知らせします。\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("2026年12月3日(木) 05:00（JST）", text, StringComparison.Ordinal);
        Assert.DoesNotContain("英国時間", text, StringComparison.Ordinal);
    }

    /// <summary>British summer time begins on 28 March 2027 and ends on 31 October 2027: the name and the clock follow it, JST stays.</summary>
    [Theory]
    [InlineData("2027-03-27T12:00:00Z", "Sat 27 Mar 2027 12:00 GMT (21:00 JST)", "2027年3月27日(土) 12:00（GMT）／21:00（JST）")]
    [InlineData("2027-03-28T12:00:00Z", "Sun 28 Mar 2027 13:00 BST (21:00 JST)", "2027年3月28日(日) 13:00（BST）／21:00（JST）")]
    [InlineData("2027-10-30T12:00:00Z", "Sat 30 Oct 2027 13:00 BST (21:00 JST)", "2027年10月30日(土) 13:00（BST）／21:00（JST）")]
    [InlineData("2027-10-31T12:00:00Z", "Sun 31 Oct 2027 12:00 GMT (21:00 JST)", "2027年10月31日(日) 12:00（GMT）／21:00（JST）")]
    public void London_AroundTheClockChanges_GmtOrBst(string at, string english, string japanese)
    {
        var incident = Declared(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains("Started\n" + english + "\n", Text(Notice(Language.En, incident, "Europe/London")), StringComparison.Ordinal);
        Assert.Contains("■発生日時\n" + japanese + "\n", Text(Notice(Language.Ja, incident, "Europe/London")), StringComparison.Ordinal);
    }

    /// <summary>■影響時間 from before London's midnight to after it: their dates, then the team's times with the date where the day is another.</summary>
    [Theory]
    [InlineData(Language.En, "Duration of impact\nWed 2 Dec 2026 23:30 – Thu 3 Dec 2026 00:40 GMT (3 Dec 08:30 – 09:40 JST; about 1 h 10 min)\n")]
    [InlineData(Language.Ja, "■影響時間\n12月2日(水) 23:30〜12月3日(木) 00:40（GMT）／12月3日 08:30〜09:40（JST）、約1時間10分\n")]
    public void Resolved_ImpactSpanAcrossMidnight_BothZones(Language language, string expected)
    {
        var incident = Declared(new DateTimeOffset(2026, 12, 2, 23, 30, 0, TimeSpan.Zero));
        incident.PostUpdate(IncidentStatus.Resolved, "Recovered.", "sato", new DateTimeOffset(2026, 12, 3, 0, 40, 0, TimeSpan.Zero));

        var text = Text(Notice(language, incident, "Europe/London") with { NextUpdateBy = null });

        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 43 read-through: ■影響時間 in the team's zone names it, as ■発生日時 and ■復旧日時 above it do — it read
    /// 「12月3日(木) 08:30〜09:40（約1時間10分）」, the one time of the recovery notice without a zone.
    /// </summary>
    [Theory]
    [InlineData(Language.En, "Duration of impact\nThu 3 Dec 2026 08:30 – 09:40 (JST, about 1 h 10 min)\n")]
    [InlineData(Language.Ja, "■影響時間\n12月3日(木) 08:30〜09:40（JST）、約1時間10分\n")]
    public void Resolved_ImpactSpanInTheTeamsZone_NamesTheZone(Language language, string expected)
    {
        var incident = Declared(new DateTimeOffset(2026, 12, 2, 23, 30, 0, TimeSpan.Zero));
        incident.PostUpdate(IncidentStatus.Resolved, "Recovered.", "sato", new DateTimeOffset(2026, 12, 3, 0, 40, 0, TimeSpan.Zero));

        var text = Text(Notice(language, incident, null) with { NextUpdateBy = null });

        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 43 read-through: the 障害の状況 view's time stamp ends with 時点 after the zone, as its audience-abroad form does
    /// (「2026年12月3日(木) 05:30（JST）時点」, not 「05:30 時点（JST）」).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "2026年12月3日(木) 05:30（JST）時点")]
    [InlineData(Language.En, "As of Thu 3 Dec 2026 05:30 (JST)")]
    public void OverviewInTheTeamsZone_AsOfWithItsZone(Language language, string asOf)
    {
        var incident = Declared(Evening);
        var overview = IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));

        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", Evening.AddMinutes(30)));

        Assert.Contains(asOf, html, StringComparison.Ordinal);
    }

    /// <summary>An audience in the team's zone, by any spelling the zone lookup takes, or none: the notice as before, byte for byte.</summary>
    [Theory]
    [InlineData(Language.En)]
    [InlineData(Language.Ja)]
    public void ReaderInTheTeamsZone_NoticeAsBefore(Language language)
    {
        var incident = Declared(Evening);

        var before = TestRenderer.Instance.Email(Notice(language, incident, null));
        var same = TestRenderer.Instance.Email(Notice(language, incident, "Asia/Tokyo"));

        Assert.Equal(before, same);
        Assert.Contains(language == Language.Ja ? "2026年12月3日(木) 05:00（JST）" : "Thu 3 Dec 2026 05:00 (JST)", before.Text, StringComparison.Ordinal);
    }

    /// <summary>A zone with no short name in the phrase files: its offset then, never a bare id.</summary>
    [Fact]
    public void ZoneWithoutAName_ItsOffset()
    {
        var text = Text(Notice(Language.En, Declared(Evening), "America/Sao_Paulo"));

        Assert.Contains("Started\nWed 2 Dec 2026 17:00 UTC-3 (3 Dec 05:00 JST)\n", text, StringComparison.Ordinal);
    }

    /// <summary>The audience's own view (<c>?for=</c>) in its zone: 発生日時, 検知日時, the next update and the time of each notice.</summary>
    [Theory]
    [InlineData(Language.En, "<dt>Started</dt><dd>Wed 2 Dec 2026 20:00 GMT (3 Dec 05:00 JST)</dd>", "<dt>Detected</dt><dd>Wed 2 Dec 2026 20:10 GMT (3 Dec 05:10 JST)</dd>", "As of Wed 2 Dec 2026 20:30 GMT (3 Dec 05:30 JST)")]
    [InlineData(Language.Ja, "<dt>発生日時</dt><dd>2026年12月2日(水) 20:00（GMT）／12月3日 05:00（JST）</dd>", "<dt>検知日時</dt><dd>2026年12月2日(水) 20:10（GMT）／12月3日 05:10（JST）</dd>", "2026年12月2日(水) 20:30（GMT）／12月3日 05:30（JST）時点")]
    public void OverviewForLondon_TimesInGmtWithJst(Language language, string started, string detected, string asOf)
    {
        var incident = Declared(Evening);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(Evening.AddMinutes(10)), ["london"], AlertSeverity.Sev2, Evening.AddMinutes(10), new NoticePromise { NextUpdateBy = Evening.AddMinutes(110) });
        var overview = IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), reader: "london");

        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", Evening.AddMinutes(30)) { ReaderTimeZone = "Europe/London" });

        Assert.Contains(started, html, StringComparison.Ordinal);
        Assert.Contains(detected, html, StringComparison.Ordinal);
        Assert.Contains(asOf, html, StringComparison.Ordinal);
        Assert.Contains(language == Language.Ja ? "21:50（GMT）／12月3日 06:50（JST）頃までにお知らせします。" : "By Wed 2 Dec 2026 21:50 GMT (3 Dec 06:50 JST).", html, StringComparison.Ordinal);
    }
}
