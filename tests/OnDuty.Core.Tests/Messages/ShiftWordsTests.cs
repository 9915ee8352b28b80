using OnDuty.Testing;
using System.Net;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// The duty page says 「今週」「週を交換する」 for a weekly rotation and 「今回」「当番を交換する」 for one whose shifts last longer
/// (four weeks here), by the same rule as the mails (<c>ShiftKey</c>): a four-week shift is not 「今週」. So do the schedule page
/// and the handoff brief, whose maintenance and action items run to the end of the shift.
/// </summary>
public sealed class ShiftWordsTests
{
    /// <summary>The sample duty page (this week announced, changes, leave), its rotation's shifts lasting <paramref name="weeks"/> weeks.</summary>
    private static string Render(Language language, int weeks, Func<DutyPageNotice, DutyPageNotice>? after = null)
    {
        var n = (DutyPageNotice)NoticeSamples.All(language).First(s => s.Name == "duty-page" && s.Form == NoticeForm.Page).Notice;
        n = n with { Schedule = n.Schedule with { Rotation = n.Schedule.Rotation with { ShiftWeeks = weeks } } };
        return WebUtility.HtmlDecode(TestRenderer.Instance.Page((after ?? (x => x))(n)));
    }

    public static TheoryData<Language, int, string[]> Texts => new()
    {
        {
            Language.Ja, 1,
            [
                "<p class=\"sub\">今週と今後の当番です。担当できなくなった方の交代、週の入れ替え、休暇の登録はここで行います。</p>",
                "<h2 id=\"h-shifts\">今週と今後の当番</h2>",
                "<span class=\"mark now\">今週</span>",
                "<option value=\"2027-W02\" selected>1月12日(火)からの週 今週（1/12 (火) 10:00〜）Emma Wilson、Liam Chen</option>",
                "<small id=\"undo-c1-reason-hint\">任意です。お知らせ済みの週のため関係者に改めて連絡し、入力があればこの理由も添えます。</small>",
                "<p class=\"sub\">体調不良や急用で担当できなくなったときに使います。今週とお知らせ済みの週はすぐに変わり、交代する方・交代される方・同じ当番のほかの方・チームにメールで連絡します。これ以降の障害の呼び出しは新しい当番に届きます。</p>",
                "<label for=\"replace-week\">週 *</label>",
                "<small id=\"replace-replacementId-hint\">今週の交代に向いている方から並べています：休暇がなく、前後の週に当番がなく、直近の当番が少ない方が先です。</small>",
                "<small id=\"replace-reason-hint\">今週とお知らせ済みの週では必須です。連絡を受けた方が読みます。</small>",
                "<h2 id=\"h-swap\">週を交換する</h2>",
                "<p class=\"sub\">2人の当番週を入れ替えます。お知らせ済みの週はすぐに変わり、関係者に連絡します。</p>",
                "<label for=\"swap-week\">交換に出す当番週 *</label>",
                "<label for=\"swap-otherWeek\">相手の当番週 *</label>",
                "<small id=\"swap-reason-hint\">どちらかの週が今週またはお知らせ済みの場合は必須です。</small>",
            ]
        },
        {
            Language.Ja, 4,
            [
                "<p class=\"sub\">今回と今後の当番です。担当できなくなった方の交代、当番の入れ替え、休暇の登録はここで行います。</p>",
                "<h2 id=\"h-shifts\">今回と今後の当番</h2>",
                "<span class=\"mark now\">今回</span>",
                "<option value=\"2027-W02\" selected>1月12日(火)からの4週間 今回（1/12 (火) 10:00〜）Emma Wilson、Liam Chen</option>",
                "<small id=\"undo-c1-reason-hint\">任意です。お知らせ済みの当番のため関係者に改めて連絡し、入力があればこの理由も添えます。</small>",
                "<p class=\"sub\">体調不良や急用で担当できなくなったときに使います。今回とお知らせ済みの当番はすぐに変わり、交代する方・交代される方・同じ当番のほかの方・チームにメールで連絡します。これ以降の障害の呼び出しは新しい当番に届きます。</p>",
                "<label for=\"replace-week\">当番期間 *</label>",
                "<small id=\"replace-replacementId-hint\">今回の交代に向いている方から並べています：休暇がなく、前後の回に当番がなく、直近の当番が少ない方が先です。</small>",
                "<small id=\"replace-reason-hint\">今回とお知らせ済みの当番では必須です。連絡を受けた方が読みます。</small>",
                "<h2 id=\"h-swap\">当番を交換する</h2>",
                "<p class=\"sub\">2人の当番を入れ替えます。お知らせ済みの当番はすぐに変わり、関係者に連絡します。</p>",
                "<label for=\"swap-week\">交換に出す当番 *</label>",
                "<label for=\"swap-otherWeek\">相手の当番 *</label>",
                "<small id=\"swap-reason-hint\">どちらかの当番が今回またはお知らせ済みの場合は必須です。</small>",
            ]
        },
        {
            Language.En, 1,
            [
                "<p class=\"sub\">Who is on duty this week and the coming weeks. Replace a member who cannot serve, trade weeks or enter leave here.</p>",
                "<h2 id=\"h-shifts\">This week and the coming weeks</h2>",
                "<span class=\"mark now\">this week</span>",
                "<option value=\"2027-W02\" selected>Week of Tue 12 Jan, this week (from Tue 12 Jan 10:00): Emma Wilson, Liam Chen</option>",
                "<small id=\"undo-c1-reason-hint\">Optional. The week was announced, so the people concerned are told again, with this reason when you give one.</small>",
                "<p class=\"sub\">For a member who cannot serve (fell sick, an emergency). The current week and announced weeks change at once: the replacement, the member replaced, the others on the shift and the team are told by email, and from then on incident pages go to the new people on duty.</p>",
                "<label for=\"replace-week\">Week *</label>",
                "<small id=\"replace-replacementId-hint\">Listed best first for this week: not on leave, not on duty the week before or after, fewest recent duty weeks.</small>",
                "<small id=\"replace-reason-hint\">Required for this week and announced weeks: the people told read it.</small>",
                "<h2 id=\"h-swap\">Trade weeks</h2>",
                "<p class=\"sub\">Two members trade their weeks: each serves the other's. An announced week changes at once and the people concerned are told.</p>",
                "<label for=\"swap-week\">Week to trade away *</label>",
                "<label for=\"swap-otherWeek\">The other member's week *</label>",
                "<small id=\"swap-reason-hint\">Required when either week is this week or announced.</small>",
                "<button type=\"submit\" id=\"swap-submit\">Trade weeks</button>",
            ]
        },
        {
            Language.En, 4,
            [
                "<p class=\"sub\">Who is on duty this shift and the coming shifts. Replace a member who cannot serve, trade shifts or enter leave here.</p>",
                "<h2 id=\"h-shifts\">This shift and the coming shifts</h2>",
                "<span class=\"mark now\">this shift</span>",
                "<option value=\"2027-W02\" selected>4 weeks from Tue 12 Jan, this shift (from Tue 12 Jan 10:00): Emma Wilson, Liam Chen</option>",
                "<small id=\"undo-c1-reason-hint\">Optional. The shift was announced, so the people concerned are told again, with this reason when you give one.</small>",
                "<p class=\"sub\">For a member who cannot serve (fell sick, an emergency). The current shift and announced shifts change at once: the replacement, the member replaced, the others on the shift and the team are told by email, and from then on incident pages go to the new people on duty.</p>",
                "<label for=\"replace-week\">Shift *</label>",
                "<small id=\"replace-replacementId-hint\">Listed best first for this shift: not on leave, not on duty the shift before or after, fewest recent shifts.</small>",
                "<small id=\"replace-reason-hint\">Required for this shift and announced shifts: the people told read it.</small>",
                "<h2 id=\"h-swap\">Trade shifts</h2>",
                "<p class=\"sub\">Two members trade their shifts: each serves the other's. An announced shift changes at once and the people concerned are told.</p>",
                "<label for=\"swap-week\">Shift to trade away *</label>",
                "<label for=\"swap-otherWeek\">The other member's shift *</label>",
                "<small id=\"swap-reason-hint\">Required when either shift is this shift or announced.</small>",
                "<button type=\"submit\" id=\"swap-submit\">Trade shifts</button>",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Page_SaysWeekForWeeklyShiftsAndShiftForLongerOnes(Language language, int weeks, string[] expected)
    {
        var html = Render(language, weeks);

        Assert.All(expected, text => Assert.Contains(text, html, StringComparison.Ordinal));
    }

    /// <summary>
    /// Nothing the page itself says calls a four-week rotation's shift a week. (The sample's shifts are weekly ones and keep their
    /// own notes, "This week includes a holiday"; a real four-week shift's note says "this shift": the golden duty-page-four-week-shifts.)
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, new[] { "今週", "週を交換", "お知らせ済みの週", "当番週", "週の入れ替え", "前後の週" })]
    [InlineData(Language.En, new[] { "this week", "Trade weeks", "trade weeks", "announced week", "week was announced", "either week" })]
    public void FourWeekShifts_NoWeekWords(Language language, string[] weekWords)
    {
        var weekly = Render(language, 1);
        var html = Render(language, 4);

        // Each is on the weekly page: the check below could fail.
        Assert.All(weekWords, word => Assert.Contains(word, weekly, StringComparison.Ordinal));
        Assert.All(weekWords, word => Assert.DoesNotContain(word, html, StringComparison.Ordinal));
    }

    /// <summary>What a post did, the empty list of changes, and the problems the page words itself, by the shift's length.</summary>
    [Theory]
    [InlineData(Language.Ja, 1, "id=\"done\">週を交換しました。お知らせ済みの週はすぐに変わり、関係者に連絡します。</p>", "今週以降の当番に、手動での変更はありません。",
        "は1月12日(火)からの週の当番ではありません。その週の当番から選んでください。", "理由を入力してください。お知らせ済みの週のため、関係者に改めて連絡します。")]
    [InlineData(Language.Ja, 4, "id=\"done\">当番を交換しました。お知らせ済みの当番はすぐに変わり、関係者に連絡します。</p>", "今回以降の当番に、手動での変更はありません。",
        "は1月12日(火)からの4週間の当番ではありません。その当番期間のメンバーから選んでください。", "理由を入力してください。お知らせ済みの当番のため、関係者に改めて連絡します。")]
    [InlineData(Language.En, 1, "id=\"done\">Weeks traded. The announced week changed at once and the people concerned are being told.</p>", "Nobody has changed this week or the coming weeks.",
        " is not on duty in the week of Tue 12 Jan. Choose one of that week's members.", "Enter a reason: the week was announced, and the people concerned are told again.")]
    [InlineData(Language.En, 4, "id=\"done\">Shifts traded. The announced shift changed at once and the people concerned are being told.</p>", "Nobody has changed this shift or the coming shifts.",
        " is not on duty in the 4 weeks from Tue 12 Jan. Choose one of that shift's members.", "Enter a reason: the shift was announced, and the people concerned are told again.")]
    public void DoneNoChangesAndErrors_ByShiftLength(Language language, int weeks, string done, string noChanges, string notOnShift, string undoReason)
    {
        Assert.Contains(done, Render(language, weeks, n => n with { Done = "swappedNow" }), StringComparison.Ordinal);
        Assert.Contains($"<p class=\"none\" id=\"none-changes\">{noChanges}</p>", Render(language, weeks, n => n with { Changes = [] }), StringComparison.Ordinal);

        // As the page gets them: RotationService's refusal for the replace form (its code said by RefusalText), the undo form's own code.
        var replace = Render(language, weeks, n => n with
        {
            FailedForm = "replace",
            Values = new Dictionary<string, string> { ["week"] = "2027-W02", ["memberId"] = "sato" },
            Errors = new Dictionary<string, string[]> { ["memberId"] = ["'sato' is not on duty in 2027-W02"] },
            Refusals = new Dictionary<string, Refusal> { ["memberId"] = Refusal.Of(DutyRefusals.NotOnShift, ("week", "2027-W02"), ("weekStart", new DateOnly(2027, 1, 12)), ("member", "sato")) },
        });
        Assert.Contains(notOnShift, replace, StringComparison.Ordinal);
        var undo = Render(language, weeks, n => n with
        {
            FailedForm = "undo",
            FailedItem = "c1",
            Values = new Dictionary<string, string> { ["overrideId"] = "c1", ["reason"] = "" },
            Errors = new Dictionary<string, string[]> { ["reason"] = ["dutyUndoReason"] },
        });
        Assert.Contains(undoReason, undo, StringComparison.Ordinal);
    }

    /// <summary>The warnings after a change and the form problems that name the week, by the shift's length.</summary>
    [Theory]
    [InlineData(Language.Ja, 1, "ご注意：伊藤さんはお知らせ済みの当番期間中です。", "「代わりを立てる」か「週を交換する」で補ってください。",
        "開始と終了は両方指定するか、両方空けてください（空けると週の終わりまでの交代です）。", "1つ目とは別の週を選んでください。")]
    [InlineData(Language.Ja, 4, "ご注意：伊藤さんはお知らせ済みの当番期間中です。", "「代わりを立てる」か「当番を交換する」で補ってください。",
        "開始と終了は両方指定するか、両方空けてください（空けると当番期間の終わりまでの交代です）。", "1つ目とは別の当番を選んでください。")]
    [InlineData(Language.En, 1, "Note: 伊藤 さくら is on duty in a week already announced. Leave does not change it, and pages keep reaching them: replace them for that week. The others on duty and the leads are being told by email.",
        "use “Replace a member” or “Trade weeks” to fill it.", "Give both from and until, or neither for the rest of the week.", "Choose a different week from the first one.")]
    [InlineData(Language.En, 4, "Note: 伊藤 さくら is on duty in a shift already announced. Leave does not change it, and pages keep reaching them: replace them for that shift. The others on duty and the leads are being told by email.",
        "use “Replace a member” or “Trade shifts” to fill it.", "Give both from and until, or neither for the rest of the shift.", "Choose a different shift from the first one.")]
    public void WarningsAndProblems_ByShiftLength(Language language, int weeks, string onDutyDuringLeave, string shortHanded, string coverBoth, string sameShift)
    {
        var warned = Render(language, weeks, n => n with { Done = "leaveAdded", OnDutyDuringLeave = ["ito"], ShortHanded = ["2027-W03"] });
        Assert.Contains(onDutyDuringLeave, warned, StringComparison.Ordinal);
        Assert.Contains(shortHanded, warned, StringComparison.Ordinal);

        // RotationService's refusals as the page gets them (message and code), said in the page's words.
        var replace = Render(language, weeks, n => n with
        {
            FailedForm = "replace",
            Values = new Dictionary<string, string> { ["week"] = "2027-W02", ["from"] = "2027-01-13T19:00" },
            Errors = new Dictionary<string, string[]> { ["to"] = ["is required with from (give both, or neither for the whole shift)"] },
            Refusals = new Dictionary<string, Refusal> { ["to"] = Refusal.Of(DutyRefusals.CoverBoth) },
        });
        Assert.Contains(coverBoth, replace, StringComparison.Ordinal);
        var swap = Render(language, weeks, n => n with
        {
            FailedForm = "swap",
            Values = new Dictionary<string, string> { ["week"] = "2027-W02", ["otherWeek"] = "2027-W02" },
            Errors = new Dictionary<string, string[]> { ["otherWeek"] = ["must be a different shift from week"] },
            Refusals = new Dictionary<string, Refusal> { ["otherWeek"] = Refusal.Of(DutyRefusals.SameShift) },
        });
        Assert.Contains(sameShift, swap, StringComparison.Ordinal);
    }

    /// <summary>
    /// A refusal with its code, as the duty page says it: the shift's words and the shift's span for a four-week rotation.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, 1, "satoさんは1月4日(月)からの週の当番ではありません。その週の当番から選んでください。", "1つ目とは別の週を選んでください。")]
    [InlineData(Language.Ja, 4, "satoさんは1月4日(月)からの4週間の当番ではありません。その当番期間のメンバーから選んでください。", "1つ目とは別の当番を選んでください。")]
    [InlineData(Language.En, 1, "sato is not on duty in the week of Mon 4 Jan. Choose one of that week's members.", "Choose a different week from the first one.")]
    [InlineData(Language.En, 4, "sato is not on duty in the 4 weeks from Mon 4 Jan. Choose one of that shift's members.", "Choose a different shift from the first one.")]
    public void Refusal_OnThePage_ByShiftLength(Language language, int weeks, string notOnShift, string sameShift)
    {
        var refusal = Refusal.Of(DutyRefusals.NotOnShift, ("week", "2027-W01"), ("weekStart", new DateOnly(2027, 1, 4)), ("member", "sato"));

        Assert.StartsWith(notOnShift, RefusalText.Say(refusal, language, RefusalReader.Page, null, weeks), StringComparison.Ordinal);
        Assert.StartsWith(sameShift, RefusalText.Say(Refusal.Of(DutyRefusals.SameShift), language, RefusalReader.Page, null, weeks), StringComparison.Ordinal);
    }

    /// <summary>The page's own refusal, through the notice: the four-week page names the shift by its span.</summary>
    [Fact]
    public void Refusal_OnTheFourWeekPage_NamesTheShiftBySpan()
    {
        var html = Render(Language.Ja, 4, n => n with
        {
            FailedForm = "replace",
            Values = new Dictionary<string, string> { ["week"] = "2027-W02", ["memberId"] = "sato" },
            Errors = new Dictionary<string, string[]> { ["memberId"] = ["'sato' is not on duty in 2027-W02"] },
            Refusals = new Dictionary<string, Refusal> { ["memberId"] = Refusal.Of(DutyRefusals.NotOnShift, ("week", "2027-W02"), ("weekStart", new DateOnly(2027, 1, 12)), ("member", "sato")) },
        });

        Assert.Contains("は1月12日(火)からの4週間の当番ではありません。その当番期間のメンバーから選んでください。", html, StringComparison.Ordinal);
    }

    private static string Sample(string name, Language language, NoticeForm form) =>
        WebUtility.HtmlDecode(form == NoticeForm.Page
            ? TestRenderer.Instance.Page(NoticeSamples.All(language).First(s => s.Name == name && s.Form == form).Notice)
            : TestRenderer.Instance.Email(NoticeSamples.All(language).First(s => s.Name == name && s.Form == form).Notice).Text);

    /// <summary>The schedule page's first column and its mark of the current shift; a member's turn counted in shifts (「2回担当」).</summary>
    [Theory]
    [InlineData(Language.Ja, "schedule-page", "<th scope=\"col\">週</th>", "<span class=\"kind\">（今週）</span>", "2週担当")]
    [InlineData(Language.Ja, "schedule-page-four-week-shifts", "<th scope=\"col\">当番期間</th>", "<span class=\"kind\">（今回）</span>", "2回担当")]
    [InlineData(Language.En, "schedule-page", "<th scope=\"col\">Week</th>", "<span class=\"kind\"> (now)</span>", "serves 2 shifts")]
    [InlineData(Language.En, "schedule-page-four-week-shifts", "<th scope=\"col\">Shift</th>", "<span class=\"kind\"> (now)</span>", "serves 2 shifts")]
    public void SchedulePage_ByShiftLength(Language language, string sample, string heading, string now, string serves)
    {
        var html = Sample(sample, language, NoticeForm.Page);

        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains(now, html, StringComparison.Ordinal);
        Assert.Contains(serves, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The weeks the schedule page's reasons refer to are named as its rows name them: 「12月28日(月)の週」 for a weekly rotation,
    /// the shift's span 「12月7日(月)からの4週間」 for a four-week one (not one week of it); in English likewise, "the week of Mon
    /// 28 Dec", "the 4-week shift starting Mon 7 Dec" (session 50: no longer the ISO label beside rows named by their day).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "schedule-page", "12月28日(月)の週から継続（2週のうち2週目）", "順番どおり（前回は11月9日(月)の週）。2週担当（1月12日(火)の週まで）")]
    [InlineData(Language.Ja, "schedule-page-four-week-shifts", "12月7日(月)からの4週間から継続（2回のうち2回目）", "順番どおり（前回は5月25日(月)からの4週間）。2回担当（2月1日(月)からの4週間まで）")]
    [InlineData(Language.En, "schedule-page", "Continues from the week of Mon 28 Dec (shift 2 of 2)", "Next in the queue (last rotated in the week of Mon 9 Nov); serves 2 shifts, until the week of Tue 12 Jan")]
    [InlineData(Language.En, "schedule-page-four-week-shifts", "Continues from the 4-week shift starting Mon 7 Dec (shift 2 of 2)", "Next in the queue (last rotated in the 4-week shift starting Mon 25 May); serves 2 shifts, until the 4-week shift starting Mon 1 Feb")]
    public void SchedulePage_ReasonsNameTheShiftAsTheRowsDo(Language language, string sample, string continues, string next)
    {
        var html = Sample(sample, language, NoticeForm.Page);

        Assert.Contains($"<span class=\"note\">{continues}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"note\">{next}</span>", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The API's reasons (<c>ScheduleText.For</c> with the rotation, as <c>GET /rotations/{id}/schedule</c> and <c>/oncall</c> say them):
    /// turns counted in shifts for a four-week rotation, in weeks for a weekly one; weeks by their ISO labels either way.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, 1, "2週担当（2027-W05 まで）", "2027-W01 から継続（2週のうち2週目）", "引き継ぎ時期をずらすため1週のみ担当")]
    [InlineData(Language.Ja, 4, "2回担当（2027-W05 まで）", "2027-W01 から継続（2回のうち2回目）", "引き継ぎ時期をずらすため1回のみ担当")]
    [InlineData(Language.En, 1, "Serves 2 shifts, until 2027-W05", "Continues from 2027-W01 (shift 2 of 2)", "Serves 1 shift to start the stagger")]
    [InlineData(Language.En, 4, "Serves 2 shifts, until 2027-W05", "Continues from 2027-W01 (shift 2 of 2)", "Serves 1 shift to start the stagger")]
    public void ApiReasons_ByShiftLength(Language language, int weeks, string serves, string continues, string stagger)
    {
        var rotation = new Rotation { Id = "incident-duty", Name = "障害当番", StartDate = new DateOnly(2027, 1, 4), ShiftWeeks = weeks, TimeZone = TestZones.Tokyo };
        var text = ScheduleText.For(language, new Dictionary<string, Member>(), rotation);

        Assert.Equal(serves, text.Reason(new AssignmentReason([new ReasonPart(ReasonKind.Serves) { Count = 2, Week = "2027-W05" }])));
        Assert.Equal(continues, text.Reason(new AssignmentReason([new ReasonPart(ReasonKind.Continues) { Week = "2027-W01", Count = 2, Of = 2 }])));
        Assert.Equal(stagger, text.Reason(new AssignmentReason([new ReasonPart(ReasonKind.StartsStagger)])));
    }

    /// <summary>
    /// A replacement's hints (the duty page's list and <c>GET /rotations/{id}/replacements</c>): on duty in the shift next to it is
    /// 「先週当番」「次の週に当番」 for a weekly rotation, 「前回当番」「次の回に当番」 for a four-week one.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, 1, "先週当番", "来週当番", "前の週に当番", "次の週に当番")]
    [InlineData(Language.Ja, 4, "前回当番", "次回当番", "前の回に当番", "次の回に当番")]
    [InlineData(Language.En, 1, "on duty last week", "on duty next week", "on duty the week before", "on duty the week after")]
    [InlineData(Language.En, 4, "on duty last shift", "on duty next shift", "on duty the shift before", "on duty the shift after")]
    public void ReplacementHints_ByShiftLength(Language language, int weeks, string last, string next, string before, string after)
    {
        var text = ScheduleText.For(language, new Dictionary<string, Member>());
        var candidate = new ReplacementCandidate("sato", 0, 0, LastWeek: true, NextWeek: true);

        Assert.Equal([last, next], text.Hints(candidate, current: true, weeks));
        Assert.Equal([before, after], text.Hints(candidate, current: false, weeks));
    }

    /// <summary>
    /// A week the service cannot read (a form sent with another value): the duty page points to its list of shifts for a four-week
    /// rotation (as its own check says 「一覧から当番期間を選んでください」); the API keeps naming its <c>week</c> field's format.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, 1, "週は 2026-W49 のような週か、2026-12-01 のような日付で指定してください。一覧から週を選んでください。")]
    [InlineData(Language.Ja, 4, "週は 2026-W49 のような週か、2026-12-01 のような日付で指定してください。一覧から当番期間を選んでください。")]
    [InlineData(Language.En, 1, "Give the week as an ISO week like 2026-W49 or a date like 2026-12-01. Choose a week from the list.")]
    [InlineData(Language.En, 4, "Give the week as an ISO week like 2026-W49 or a date like 2026-12-01. Choose a shift from the list.")]
    public void Refusal_WeekNotReadable_OnThePageByShiftLength_OnTheApiAsItsField(Language language, int weeks, string page)
    {
        var refusal = Refusal.Of(DutyRefusals.Week);

        Assert.Equal(page, RefusalText.Say(refusal, language, RefusalReader.Page, null, weeks));
        Assert.Equal(Phrases.For(language)["Refusal.dutyWeek"], RefusalText.Say(refusal, language, RefusalReader.Api, null, weeks));
    }

    /// <summary>The brief lists the maintenance and action items up to the end of the shift: this week's for a week, the shift's for four.</summary>
    [Theory]
    [InlineData(Language.Ja, "handoff-brief-maintenance", "■今週のメンテナンス（2件、対象のアラートは終了まで当番に連絡しません）", "■期限切れ・今週期限のアクションアイテム（1件）")]
    [InlineData(Language.Ja, "handoff-brief-four-week-shift", "■今回の当番期間のメンテナンス（2件、対象のアラートは終了まで当番に連絡しません）", "■期限切れ・今回の当番期間内に期限のアクションアイテム（1件）")]
    [InlineData(Language.En, "handoff-brief-maintenance", "Maintenance this week (2; alerts they cover page nobody until they end):", "Action items past due or due this week (1):")]
    [InlineData(Language.En, "handoff-brief-four-week-shift", "Maintenance this shift (2; alerts they cover page nobody until they end):", "Action items past due or due this shift (1):")]
    public void HandoffBrief_ByShiftLength(Language language, string sample, string maintenance, string actions)
    {
        var text = Sample(sample, language, NoticeForm.Email);

        Assert.Contains(maintenance, text, StringComparison.Ordinal);
        Assert.Contains(actions, text, StringComparison.Ordinal);
    }
}
