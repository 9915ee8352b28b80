using System.Net;
using System.Text.RegularExpressions;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Trial 46 N2, N4, N5: the duty page names weeks as the mails do in Japanese (「1月12日(火)からの週」, the ISO label kept as the
/// forms' values and the ids) — its form problems too (session 47) —, says its zone once for the page, and its confirmation of a
/// replace names everyone the change is mailed to (the others on the shift too, none on a one-person rotation).
/// </summary>
public sealed partial class DutyPageWeekNamesTests
{
    private static string Render(Language language, Func<DutyPageNotice, DutyPageNotice>? after = null)
    {
        var n = (DutyPageNotice)NoticeSamples.All(language).First(s => s.Name == "duty-page" && s.Form == NoticeForm.Page).Notice;
        return WebUtility.HtmlDecode(TestRenderer.Instance.Page((after ?? (x => x))(n)));
    }

    [Fact]
    public void Ja_NamesWeeksByTheirFirstDay_TheIsoLabelOnlyAsValuesAndIds()
    {
        var page = Render(Language.Ja);

        Assert.Contains("<li id=\"s-2027-W02\" class=\"now\"><b>1月12日(火)からの週</b>", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2027-W03\">1月18日(月)からの週（1/18 (月) 10:00〜）Liam Chen、伊藤 さくら</option>", page, StringComparison.Ordinal);
        // No ISO week left in what the page says: only in attributes (values, ids, links).
        Assert.DoesNotMatch(IsoWeek(), Attribute().Replace(page, ""));
    }

    /// <summary>
    /// Session 48: the English list names each week by its first day as people say it ("Week of Tue 12 Jan"), not 2027-W02; session
    /// 51: its week choices too (they still said "2027-W03 (from Mon 18 Jan 10:00)"), the ISO label kept as their values.
    /// </summary>
    [Fact]
    public void En_NamesWeeksByTheirFirstDay_TheIsoLabelOnlyAsValuesAndIds()
    {
        var page = Render(Language.En);

        Assert.Contains("<li id=\"s-2027-W02\" class=\"now\"><b>Week of Tue 12 Jan</b>", page, StringComparison.Ordinal);
        Assert.Contains("<li id=\"s-2027-W03\"><b>Week of Mon 18 Jan</b>", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2027-W02\" selected>Week of Tue 12 Jan, this week (from Tue 12 Jan 10:00): Emma Wilson, Liam Chen</option>", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2027-W03\">Week of Mon 18 Jan (from Mon 18 Jan 10:00): Liam Chen, 伊藤 さくら</option>", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(IsoWeek(), Attribute().Replace(page, ""));
    }

    /// <summary>
    /// Session 51: the notes after a change named the week by its ISO label in English ("Note: 2027-W02 now has no experienced member",
    /// "with this leave, 2027-W03 no longer has 2 members"), and 「2027-W02 は」 in Japanese after a replace: now by its first day.
    /// </summary>
    [Theory]
    [InlineData(Language.En, "Note: with this leave, the week of Mon 18 Jan no longer has 2 members on duty.", "Note: the week of Tue 12 Jan now has no experienced member.")]
    [InlineData(Language.Ja, "ご注意：この休暇で、1月18日(月)からの週は当番に入れる人が2人そろわなくなりました。", "ご注意：1月12日(火)からの週は経験のあるメンバーがいない組み合わせになりました。")]
    public void NotesAfterAChange_NameTheWeekByItsFirstDay(Language language, string shortHanded, string warned)
    {
        var page = Render(language, n => n with { Done = "leaveAdded", ShortHanded = ["2027-W03"], Warned = ["2027-W02"] });

        Assert.Contains(shortHanded, page, StringComparison.Ordinal);
        Assert.Contains(warned, page, StringComparison.Ordinal);
        Assert.DoesNotMatch(IsoWeek(), Attribute().Replace(page, ""));
    }

    /// <summary>
    /// Session 52: leave that took the member off a week left short says the one left on it and the leads are told by mail — only when
    /// they are (<c>told=1</c>), as the announced week's note says it.
    /// </summary>
    [Theory]
    [InlineData(Language.En, "to fill it. The others on duty then and the leads are being told by email.")]
    [InlineData(Language.Ja, "で補ってください。同じ当番の方とリーダーにもメールで連絡します。")]
    public void ShortHandedNote_SaysTheOthersAreToldOnlyWhenTheyAre(Language language, string told)
    {
        var toldPage = Render(language, n => n with { Done = "leaveAdded", ShortHanded = ["2027-W03"], ShortHandedTold = true });
        var notTold = Render(language, n => n with { Done = "leaveAdded", ShortHanded = ["2027-W03"] });

        Assert.Contains(told, toldPage, StringComparison.Ordinal);
        Assert.DoesNotContain(told, notTold, StringComparison.Ordinal);
    }

    /// <summary>Session 51: the schedule page's rows said 2027-W02 in English (the duty page's list already said "Week of Tue 12 Jan").</summary>
    [Theory]
    [InlineData(Language.En, "<th scope=\"row\">Week of Tue 12 Jan<span class=\"kind\"> (now)</span></th>", "<th scope=\"row\">Week of Mon 18 Jan</th>")]
    [InlineData(Language.Ja, "<th scope=\"row\">1月12日(火)からの週<span class=\"kind\">（今週）</span></th>", "<th scope=\"row\">1月18日(月)からの週</th>")]
    public void SchedulePage_RowsNameTheWeekByItsFirstDay(Language language, string current, string next)
    {
        var page = WebUtility.HtmlDecode(TestRenderer.Instance.Page(NoticeSamples.All(language).First(s => s.Name == "schedule-page" && s.Form == NoticeForm.Page).Notice));

        Assert.Contains(current, page, StringComparison.Ordinal);
        Assert.Contains(next, page, StringComparison.Ordinal);
        Assert.DoesNotMatch(IsoWeek(), Attribute().Replace(page, ""));
    }

    /// <summary>Session 48: a change made by someone taken off the roster since names them by the name they had, marked, not by their id.</summary>
    [Theory]
    [InlineData(Language.Ja, "小林 次郎（退任）")]
    [InlineData(Language.En, "小林 次郎 (no longer on the roster)")]
    public void Change_MadeBySomeoneSinceTakenOffTheRoster_NamedAsTheyWere(Language language, string named)
    {
        var page = Render(language, n => n with
        {
            Changes = [.. n.Changes.Select(c => c with { By = "kobayashi" })],
            Former = [new FormerMember("kobayashi", "小林 次郎", Language.Ja, NoticeSamples.Now)],
        });

        Assert.Contains(named, page, StringComparison.Ordinal);
        Assert.DoesNotContain("kobayashi", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: leave entered for someone by a member whose personal data was erased since (the name it was entered by rewritten to
    /// their id) said 「入力者：kobayashi」, the bare id: now as a former member; one taken off without erasing by the name they had.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, null, "入力者：退任したメンバー")]
    [InlineData(Language.En, null, "entered by a former member")]
    [InlineData(Language.Ja, "小林 次郎", "入力者：小林 次郎（退任）")]
    public void Leave_EnteredBySomeoneErasedSince_AFormerMember_NotTheirId(Language language, string? had, string expected)
    {
        var page = Render(language, n => n with
        {
            Leave = [.. n.Leave.Select(l => l with { By = "kobayashi" })],
            Former = [new FormerMember("kobayashi", had, Language.Ja, NoticeSamples.Now)],
        });

        Assert.Contains(expected, page, StringComparison.Ordinal);
        Assert.DoesNotContain("kobayashi", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 47 B1: the page says its zone once, at its foot (「時刻は JST です。」), for every bare time it lists — the week
    /// choices' start times too; their labels no longer say 「週（JST）」 beside it (Messages/DESIGN.md: never both for the same times).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<label for=\"replace-week\">週 *</label>", "<label for=\"swap-otherWeek\">相手の当番週 *</label>", "<small class=\"tz\">時刻は JST です。</small>")]
    [InlineData(Language.En, "<label for=\"replace-week\">Week *</label>", "<label for=\"swap-otherWeek\">The other member's week *</label>", "<small class=\"tz\">Times are in JST.</small>")]
    public void WeekChoices_TheirZoneSaidOnceForThePage_NotInTheirLabels(Language language, string replaceLabel, string otherLabel, string timesIn)
    {
        var page = Render(language);

        Assert.Contains(replaceLabel, page, StringComparison.Ordinal);
        Assert.Contains(otherLabel, page, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(page, Regex.Escape(timesIn)));
        Assert.DoesNotMatch("<label [^>]*>[^<]*JST", page);
        Assert.DoesNotMatch("<option [^>]*>[^<]*JST", page);
    }

    [Theory]
    [InlineData(Language.Ja, "交代しました（すぐに有効）。交代する方・交代される方・同じ当番のほかの方・チームに連絡します。これ以降の呼び出しは新しい当番に届きます。")]
    [InlineData(Language.En, "Replaced, effective now. The replacement, the member replaced, the others on the shift and the team are being told. From now on, pages go to the new people on duty.")]
    public void ReplacedNow_NamesEveryoneTheChangeIsMailedTo(Language language, string expected)
    {
        Assert.Contains($"<p class=\"done\" role=\"status\" id=\"done\">{expected}</p>", Render(language, n => n with { Done = "replacedNow" }), StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 47 B3: a one-person rotation has nobody else on the shift; the change is mailed to the replacement, the member
    /// replaced and the team lists (AnnouncementComposer.ComposeChange), and the confirmation and the form's hint say only them.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja,
        "交代しました（すぐに有効）。交代する方・交代される方・チームに連絡します。これ以降の呼び出しは新しい当番に届きます。",
        "体調不良や急用で担当できなくなったときに使います。今週とお知らせ済みの週はすぐに変わり、交代する方・交代される方・チームにメールで連絡します。これ以降の障害の呼び出しは新しい当番に届きます。")]
    [InlineData(Language.En,
        "Replaced, effective now. The replacement, the member replaced and the team are being told. From now on, pages go to the new person on duty.",
        "For a member who cannot serve (fell sick, an emergency). The current week and announced weeks change at once: the replacement, the member replaced and the team are told by email, and from then on incident pages go to the new person on duty.")]
    public void ReplacedNow_OnePersonRotation_NamesOnlyThoseTold(Language language, string done, string hint)
    {
        var page = Render(language, n => n with { Done = "replacedNow", Schedule = n.Schedule with { Rotation = n.Schedule.Rotation with { PeoplePerShift = 1 } } });

        Assert.Contains($"<p class=\"done\" role=\"status\" id=\"done\">{done}</p>", page, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"sub\">{hint}</p>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("同じ当番のほかの方", page, StringComparison.Ordinal);
        Assert.DoesNotContain("others on the shift", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 47 B2: a form's problems name weeks as the list does (「1月12日(火)からの週」, "the week of Tue 12 Jan" — the week whose
    /// handoff moved off 成人の日), not 2027-W02; the ISO label stays only in the values.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja,
        "理由を入力してください。1月12日(火)からの週はお知らせ済みで、連絡を受けた方が理由を読みます。",
        "yさんはすでに1月12日(火)からの週の当番です。別の方を選んでください。",
        "xさんは1月12日(火)からの週の当番ではありません。その週の当番から選んでください。")]
    [InlineData(Language.En,
        "Enter a reason: the week of Tue 12 Jan was already announced, and the people told read it.",
        "y is already on duty in the week of Tue 12 Jan. Choose someone else.",
        "x is not on duty in the week of Tue 12 Jan. Choose one of that week's members.")]
    public void FormProblems_NameTheWeekAsTheListDoes(Language language, string reason, string already, string notOn)
    {
        var page = Render(language, n => n with
        {
            FailedForm = "replace",
            Values = new Dictionary<string, string> { ["week"] = "2027-W02", ["memberId"] = "x", ["replacementId"] = "y", ["reason"] = "" },
            Errors = new Dictionary<string, string[]>
            {
                ["reason"] = ["is required to change 2027-W02, which was already announced (the people told read it)"],
                ["replacementId"] = ["'y' is already on duty in 2027-W02"],
                ["memberId"] = ["'x' is not on duty in 2027-W02 (a, b)"],
            },
            // As the service gives them: each with its code, the week by its nominal Monday — the page names it by the day the list does.
            Refusals = new Dictionary<string, Refusal>
            {
                ["reason"] = Refusal.Of(DutyRefusals.ReasonRequired, ("week", "2027-W02"), ("weekStart", new DateOnly(2027, 1, 11))),
                ["replacementId"] = Refusal.Of(DutyRefusals.AlreadyOn, ("week", "2027-W02"), ("weekStart", new DateOnly(2027, 1, 11)), ("member", "y")),
                ["memberId"] = Refusal.Of(DutyRefusals.NotOnShift, ("week", "2027-W02"), ("weekStart", new DateOnly(2027, 1, 11)), ("member", "x")),
            },
        });

        Assert.Contains($">{reason}</p>", page, StringComparison.Ordinal);
        Assert.Contains($">{already}</p>", page, StringComparison.Ordinal);
        Assert.Contains($">{notOn}</p>", page, StringComparison.Ordinal);
        Assert.DoesNotMatch("class=\"err\"[^>]*>[^<]*2027-W", page);
    }

    [Theory]
    [InlineData(Language.Ja, "1月12日(火)からの4週間はすでに終わっているため変更できません。", "当番は1月4日(月)から始まります。それ以降の当番期間を選んでください。")]
    [InlineData(Language.En, "The 4 weeks from Tue 12 Jan is over and cannot be changed.", "The rotation starts on Mon 4 Jan; choose a later shift.")]
    public void FormProblems_LongerShifts_SayTheShiftAndTheDay(Language language, string over, string beforeStart)
    {
        var page = Render(language, n => n with
        {
            Schedule = n.Schedule with { Rotation = n.Schedule.Rotation with { ShiftWeeks = 4 } },
            FailedForm = "swap",
            Values = new Dictionary<string, string> { ["week"] = "2027-W02", ["otherWeek"] = "2026-W40" },
            Errors = new Dictionary<string, string[]> { ["week"] = ["2027-W02 is over"], ["otherWeek"] = ["is before the rotation starts (2027-01-04)"] },
            Refusals = new Dictionary<string, Refusal>
            {
                ["week"] = Refusal.Of(DutyRefusals.Over, ("week", "2027-W02"), ("weekStart", new DateOnly(2027, 1, 12))),
                ["otherWeek"] = Refusal.Of(DutyRefusals.BeforeStart, ("firstStart", new DateOnly(2027, 1, 4))),
            },
        });

        Assert.Contains($">{over}</p>", page, StringComparison.Ordinal);
        Assert.Contains($">{beforeStart}</p>", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 47 B4: a week replaced and then traded shows, beside the member on duty now, the trade and the replace before it
    /// (the list showed only the trade).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "と入れ替え。その前の変更：", "さんの代わり（体調不良）</span>")]
    [InlineData(Language.En, "Traded with ", "; before that, ")]
    public void Shifts_ReplaceThenTrade_TheMemberOnDutySaysBoth(Language language, string trade, string before)
    {
        var page = Render(language, n =>
        {
            var now = n.Schedule.Shifts.First(s => s.Week == "2027-W02");
            var (held, other) = (now.Members[0], now.Members[1].MemberId);
            var reason = new AssignmentReason(
                new ReasonPart(ReasonKind.Swapped) { MemberId = other },
                new ReasonPart(ReasonKind.ReplacedEarlier) { MemberId = held.MemberId, MemberIds = [other], Note = "体調不良" });
            var changed = now with { Members = [held with { Kind = AssignmentKind.Swap, Reason = reason }, .. now.Members.Skip(1)] };
            return n with { Schedule = n.Schedule with { Shifts = [.. n.Schedule.Shifts.Select(s => s == now ? changed : s)] } };
        });

        var item = Regex.Match(page, "<li id=\"s-2027-W02\"[\\s\\S]*?</ul>").Value;
        Assert.Contains(trade, item, StringComparison.Ordinal);
        Assert.Contains(before, item, StringComparison.Ordinal);
    }

    [GeneratedRegex("[0-9]{4}-W[0-9]{2}")]
    private static partial Regex IsoWeek();

    [GeneratedRegex("[a-z-]+=\"[^\"]*\"")]
    private static partial Regex Attribute();
}
