using System.Xml.Linq;
using OnDuty.Core.Team;
using OnDuty.Messages;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// The phrase files: a key only in <c>Strings.resx</c> would show English to a Japanese reader without any error (the
/// resource manager falls back to the neutral file), and one only in <c>Strings.ja.resx</c> throws for an English reader.
/// </summary>
public sealed class PhrasesTests
{
    [Fact]
    public void Resources_EveryKeyInBothLanguages_OnceEach()
    {
        var english = Keys("Strings.resx");
        var japanese = Keys("Strings.ja.resx");

        Assert.Empty(english.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => $"twice in Strings.resx: {g.Key}"));
        Assert.Empty(japanese.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => $"twice in Strings.ja.resx: {g.Key}"));
        Assert.Empty(english.Except(japanese).Select(k => $"missing in Strings.ja.resx: {k}"));
        Assert.Empty(japanese.Except(english).Select(k => $"missing in Strings.resx: {k}"));
        Assert.All(japanese, key => Assert.True(Phrases.For(Language.Ja).Has(key), key));
    }

    /// <summary>Trial 59: leave of a member in another zone is said in her dates with the team's hours beside them; the team's zone, as ever.</summary>
    [Fact]
    public void LeaveDays_MemberAbroad_HerDatesWithTheTeamsHours()
    {
        var (from, to) = (new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25));

        Assert.Equal("12月24日(木)〜12月25日(金)（現地時間。JSTでは12月24日(木) 17:00〜12月26日(土) 17:00）",
            Phrases.For(Language.Ja).LeaveDays(from, to, "America/Los_Angeles", "Asia/Tokyo"));
        Assert.Equal("Thu 24 Dec – Fri 25 Dec (their local dates; in JST: Thu 24 Dec 2026 17:00 – Sat 26 Dec 2026 17:00)",
            Phrases.For(Language.En).LeaveDays(from, to, "America/Los_Angeles", "Asia/Tokyo"));
        Assert.Equal("12月24日(木)〜12月25日(金)", Phrases.For(Language.Ja).LeaveDays(from, to, "Asia/Tokyo", "Asia/Tokyo"));
        Assert.Equal("Thu 24 Dec", Phrases.For(Language.En).LeaveDays(from, from, null, "Asia/Tokyo"));
    }

    [Fact]
    public void Aside_FullWidthInJapanese_HalfWidthAfterASpaceInEnglish()
    {
        var at = new DateTimeOffset(2027, 1, 12, 2, 3, 0, TimeSpan.Zero);
        var tokyo = OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo");

        Assert.Equal("田中 健（継続）", Phrases.For(Language.Ja).Aside("田中 健", "継続"));
        Assert.Equal("Ken Tanaka (continues)", Phrases.For(Language.En).Aside("Ken Tanaka", "continues"));
        Assert.Equal("2027年1月12日(火) 11:03（JST）", Phrases.For(Language.Ja).TimeWithZone(at, tokyo, "Asia/Tokyo"));
        Assert.EndsWith("11:03 (JST)", Phrases.For(Language.En).TimeWithZone(at, tokyo, "Asia/Tokyo"), StringComparison.Ordinal);
    }

    /// <summary>
    /// One name for a zone on every page and in every notice, the same one <c>ReaderClock</c> gives beside another zone's time: the
    /// abbreviation it has at that instant (London GMT in winter, BST in summer; Tokyo JST), in both languages. Before, a London team's
    /// pages said 「Europe/London」 while its readers' notices said GMT or BST.
    /// </summary>
    [Theory]
    [InlineData(Language.En, "Europe/London", "2026-12-05T10:00:00Z", "GMT", "Sat 5 Dec 2026 10:00 (GMT)")]
    [InlineData(Language.Ja, "Europe/London", "2026-12-05T10:00:00Z", "GMT", "2026年12月5日(土) 10:00（GMT）")]
    [InlineData(Language.En, "Europe/London", "2027-07-05T10:00:00Z", "BST", "Mon 5 Jul 2027 11:00 (BST)")]
    [InlineData(Language.Ja, "Europe/London", "2027-07-05T10:00:00Z", "BST", "2027年7月5日(月) 11:00（BST）")]
    [InlineData(Language.En, "Asia/Tokyo", "2027-07-05T10:00:00Z", "JST", "Mon 5 Jul 2027 19:00 (JST)")]
    [InlineData(Language.Ja, "Asia/Tokyo", "2027-07-05T10:00:00Z", "JST", "2027年7月5日(月) 19:00（JST）")]
    [InlineData(Language.En, "Asia/Kolkata", "2027-07-05T10:00:00Z", "Asia/Kolkata", "Mon 5 Jul 2027 15:30 (Asia/Kolkata)")]
    // Dublin (trial 54): GMT in winter, IST in summer — its zone data keeps IST as standard time and GMT as a negative summer time,
    // so asking .NET whether it is daylight saving time named a December time IST.
    [InlineData(Language.En, "Europe/Dublin", "2026-12-07T10:00:00Z", "GMT", "Mon 7 Dec 2026 10:00 (GMT)")]
    [InlineData(Language.En, "Europe/Dublin", "2027-07-05T10:00:00Z", "IST", "Mon 5 Jul 2027 11:00 (IST)")]
    [InlineData(Language.Ja, "Europe/Dublin", "2026-12-07T10:00:00Z", "GMT", "2026年12月7日(月) 10:00（GMT）")]
    [InlineData(Language.En, "Australia/Sydney", "2027-01-05T10:00:00Z", "AEDT", "Tue 5 Jan 2027 21:00 (AEDT)")]
    [InlineData(Language.En, "Australia/Sydney", "2027-07-05T10:00:00Z", "AEST", "Mon 5 Jul 2027 20:00 (AEST)")]
    public void ZoneName_TheAbbreviationAtThatInstant_ElseTheId(Language language, string zoneId, string instant, string name, string withZone)
    {
        var p = Phrases.For(language);
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(name, p.ZoneName(zoneId, at));
        Assert.Equal(withZone, p.TimeWithZone(at, OnDuty.Core.Common.TimeZones.Find(zoneId), zoneId));
    }

    /// <summary>
    /// A heading over a column of times has no one instant: a zone named the same all year keeps its name (JST); London's column may
    /// hold GMT and BST times, so it says the id — and a span says the name both its ends share, else the id.
    /// </summary>
    [Fact]
    public void ZoneName_NoOneInstant_TheNameOnlyWhereItCannotChange()
    {
        var p = Phrases.For(Language.En);
        var winter = new DateTimeOffset(2027, 3, 27, 12, 0, 0, TimeSpan.Zero);
        var summer = new DateTimeOffset(2027, 3, 28, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(("JST", "Europe/London"), (p.ZoneName("Asia/Tokyo"), p.ZoneName("Europe/London")));
        Assert.Equal(("GMT", "BST", "Europe/London"), (p.ZoneName("Europe/London", winter, winter.AddHours(2)), p.ZoneName("Europe/London", summer, summer.AddHours(2)), p.ZoneName("Europe/London", winter, summer)));
    }

    /// <summary>
    /// Each severity means the same in both languages (the trial found SEV1 「全面停止・重大な影響」 beside "Service down or data at
    /// risk for many users"): a pair of PMs reading the page in two languages must pick the same SEV.
    /// </summary>
    [Theory]
    [InlineData("Sev1", "多数のユーザーでサービス停止、またはデータ損失のおそれ", "Service down, or data at risk, for many users")]
    [InlineData("Sev2", "主要機能が多数のユーザーで利用不可", "Major feature broken for many users")]
    [InlineData("Sev3", "一部機能の劣化（回避策あり）", "Some features degraded (workaround exists)")]
    [InlineData("Sev4", "軽微（ユーザーへの緊急の影響なし）", "Minor (no urgent impact on users)")]
    public void SeverityMeaning_SaysTheSameInBothLanguages(string severity, string japanese, string english)
    {
        Assert.Equal(japanese, Phrases.For(Language.Ja)[$"Severity.{severity}"]);
        Assert.Equal(english, Phrases.For(Language.En)[$"Severity.{severity}"]);
    }

    private static List<string> Keys(string file) =>
        [.. XDocument.Load(Path.Combine(RepoRoot.Find(), "src", "OnDuty.Messages", "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];
}
