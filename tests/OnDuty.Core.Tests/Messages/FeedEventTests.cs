using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

public sealed class FeedEventTests
{
    private static FeedEventNotice Sample(Language language) =>
        (FeedEventNotice)NoticeSamples.All(language).First(s => s.Name == "feed-event" && s.Form == NoticeForm.Email).Notice;

    /// <summary>
    /// Session 48: a past week's event in a calendar feed, its member taken off the roster since — the roster no longer has them —
    /// names them by the name they had, marked, in the summary and the description, not by their id.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "小林 次郎（退任）")]
    [InlineData(Language.En, "小林 次郎 (no longer on the roster)")]
    public void FeedEvent_MemberTakenOffTheRosterSince_NamedAsTheyWere(Language language, string named)
    {
        var sample = Sample(language);
        var gone = sample.Shift.MemberIds[0];
        var roster = sample.Roster.Where(m => m.Key != gone).ToDictionary(m => m.Key, m => m.Value);

        var rendered = TestRenderer.Instance.Email(sample with { Roster = roster, Former = [new FormerMember(gone, "小林 次郎", Language.Ja, NoticeSamples.Now)] });

        Assert.Contains(named, rendered.Subject, StringComparison.Ordinal);
        Assert.Contains(named, rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(gone, rendered.Subject + rendered.Text, StringComparison.Ordinal);
    }
}
