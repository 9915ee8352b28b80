using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 44 reader pass: 「リーダー全員」 / "every lead" was said with one lead configured (<c>Incidents__Leads</c>). With one, the
/// announcement's and the duty page's lines say 「リーダー」 / "the lead"; with several, as before.
/// </summary>
public sealed class LeadsLineTests
{
    [Theory]
    [InlineData(Language.Ja, true, "今週はリーダーが当番のため、応答がないときは PM 組織の全員（pm-org@onduty.example）に連絡します。")]
    [InlineData(Language.En, true, "The lead is on duty this week, so if a page goes unanswered the whole PM organisation (pm-org@onduty.example) is paged instead of the lead.")]
    [InlineData(Language.Ja, false, "今週はリーダー全員が当番のため、応答がないときは PM 組織の全員（pm-org@onduty.example）に連絡します。")]
    [InlineData(Language.En, false, "Every lead is on duty this week, so if a page goes unanswered the whole PM organisation (pm-org@onduty.example) is paged instead of the leads.")]
    public void LeadsOnDutyLine_OneLead_TheLead_SeveralEveryLead(Language language, bool oneLead, string expected)
    {
        Assert.Equal(expected, NoticeRenderer.LeadsOnDutyLine(new LeadsOnDuty("pm-org@onduty.example") { OneLead = oneLead }, Phrases.For(language)));
    }

    [Theory]
    [InlineData(Language.Ja, "今週はリーダーが当番のため、リーダーへのエスカレーションはありません。応答がないときの自動連絡は当番への再連絡までです。")]
    [InlineData(Language.En, "The lead is on duty this week, so there is no escalation to the lead: an unanswered page is followed only by the reminder to the pair.")]
    public void LeadsOnDutyLine_OneLead_NobodyMore(Language language, string expected)
    {
        Assert.Equal(expected, NoticeRenderer.LeadsOnDutyLine(new LeadsOnDuty(null) { OneLead = true }, Phrases.For(language)));
    }

    [Theory]
    [InlineData(Language.Ja, "pm-org@onduty.example", "1月12日(火)〜1月15日(金)はリーダーが休暇のため、応答がないときはリーダーを飛ばして PM 組織の全員（pm-org@onduty.example）に連絡します。")]
    [InlineData(Language.En, "pm-org@onduty.example", "The lead is on leave Tue 12 Jan – Fri 15 Jan: an unanswered page skips the lead and goes to the whole PM organisation (pm-org@onduty.example).")]
    [InlineData(Language.Ja, null, "1月12日(火)〜1月15日(金)はリーダーが休暇ですが、ほかに連絡先がないため、応答がないときは休暇中のリーダーに連絡します。")]
    [InlineData(Language.En, null, "The lead is on leave Tue 12 Jan – Fri 15 Jan, but there is nobody else to page: an unanswered page still goes to the lead.")]
    public void LeadsAwayLine_OneLead_TheLead(Language language, string? next, string expected)
    {
        var away = new LeadsAwayDays(new DateOnly(2027, 1, 12), new DateOnly(2027, 1, 15), next) { OneLead = true };

        Assert.Equal(expected, NoticeRenderer.LeadsAwayLine(away, Phrases.For(language)));
    }

    [Theory]
    [InlineData(new[] { "lead@x.example" }, true)]
    [InlineData(new[] { "lead@x.example", " LEAD@x.example ", "" }, true)]
    [InlineData(new[] { "lead@x.example", "other@x.example" }, false)]
    public void OneLead_CountsDistinctAddresses(string[] leads, bool expected)
    {
        Assert.Equal(expected, new OnDuty.Core.Incidents.IncidentOptions { Leads = [.. leads] }.OneLead);
    }
}
