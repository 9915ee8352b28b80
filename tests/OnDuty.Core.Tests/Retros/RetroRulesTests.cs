using OnDuty.Core.Common;
using OnDuty.Core.Retros;

namespace OnDuty.Core.Tests.Retros;

public sealed class RetroRulesTests
{
    private static readonly HashSet<string> Members = ["sato", "liam"];
    private static readonly HashSet<string> Criteria = ["declare-sev2"];

    [Fact]
    public void Clean_LongButRealisticRetro_Fits()
    {
        // Three long sections of Japanese, far over one 64 KiB table property each.
        var retro = new RetroContent
        {
            Summary = "決済が止まった",
            Impact = new string('影', 80_000),
            HardToJudge = new string('判', 80_000),
            ManualChanges = new string('手', 80_000),
        };

        var cleaned = RetroRules.Clean(retro, Members, Criteria);

        Assert.Equal(80_000, cleaned.Impact!.Length);
    }

    [Fact]
    public void Clean_TooLargeInAll_NamesTheLargestField()
    {
        var retro = new RetroContent
        {
            Summary = "s",
            Impact = new string('a', 90_000),
            WentWell = new string('b', 90_000),
            HardToJudge = new string('c', 99_000),
            ManualChanges = new string('d', 90_000),
        };

        var error = Assert.Throws<ValidationException>(() => RetroRules.Clean(retro, Members, Criteria));

        Assert.Equal(["hardToJudge"], error.Errors.Keys);
    }

    [Fact]
    public void Clean_EscapingThatGrowsTheStoredText_IsCountedToo()
    {
        // 90,000 control characters are 540,000 characters of JSON (\u0001 each): refused, not stored half.
        var retro = new RetroContent { Summary = "s", WentWell = new string('\u0001', 90_000) };

        var error = Assert.Throws<ValidationException>(() => RetroRules.Clean(retro, Members, Criteria));

        Assert.Equal(["wentWell"], error.Errors.Keys);
    }

    [Fact]
    public void Clean_BadFields_EveryProblemNamed()
    {
        var retro = new RetroContent
        {
            Summary = " ",
            Impact = new string('x', RetroRules.MaxLongText + 1),
            ActionItems = [new ActionItem { Title = "Add a runbook", Owner = "nobody" }, new ActionItem { Title = "", Owner = "sato", Status = (ActionItemStatus)7 }],
            CriteriaChanges = [new CriterionChange { CriterionId = "unknown" }],
            Timeline = [new RetroTimelineEntry { At = default, Text = "x" }],
        };

        var error = Assert.Throws<ValidationException>(() => RetroRules.Clean(retro, Members, Criteria));

        Assert.Equal(
            ["actionItems[0].owner", "actionItems[1].status", "actionItems[1].title", "criteriaChanges[0].criterionId", "impact", "summary", "timeline[0].at"],
            error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Clean_Valid_TrimsAndSortsTimeline()
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var cleaned = RetroRules.Clean(new RetroContent
        {
            Summary = "  ok  ",
            Timeline = [new RetroTimelineEntry { At = t0.AddHours(1), Text = " later " }, new RetroTimelineEntry { At = t0, Text = "first" }],
            ActionItems = [new ActionItem { Title = " runbook ", Owner = " sato ", Due = new DateOnly(2026, 12, 10) }],
            CriteriaChanges = [new CriterionChange { CriterionId = "declare-sev2", Note = " earlier " }],
        }, Members, Criteria);

        Assert.Equal("ok", cleaned.Summary);
        Assert.Equal(["first", "later"], cleaned.Timeline.Select(e => e.Text));
        Assert.Equal(("runbook", "sato", ActionItemStatus.Open), (cleaned.ActionItems[0].Title, cleaned.ActionItems[0].Owner, cleaned.ActionItems[0].Status));
        Assert.Equal("earlier", cleaned.CriteriaChanges[0].Note);
    }

    private static readonly DateOnly Today = new(2026, 12, 3);

    private static RetroContent WithItems(params ActionItem[] items) => new() { Summary = "s", ActionItems = items };

    [Fact]
    public void Clean_NewOpenItemDueInThePast_RefusedNamingItsDueDate()
    {
        // Trial 29 (L7): an item due 2026-12-01 was saved without a word on the 3rd.
        var retro = WithItems(
            new ActionItem { Title = "runbook", Owner = "sato", Due = new DateOnly(2026, 12, 10) },
            new ActionItem { Title = "alert", Owner = "sato", Due = new DateOnly(2026, 12, 1) });

        var error = Assert.Throws<ValidationException>(() => RetroRules.Clean(retro, Members, Criteria, Today, []));

        Assert.Equal(["actionItems[1].due"], error.Errors.Keys);
        Assert.Contains("past", error.Errors["actionItems[1].due"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_DueTodayOrDoneInThePast_Accepted()
    {
        var retro = WithItems(
            new ActionItem { Title = "today", Owner = "sato", Due = Today },
            new ActionItem { Title = "done late", Owner = "sato", Due = new DateOnly(2026, 11, 20), Status = ActionItemStatus.Done });

        var cleaned = RetroRules.Clean(retro, Members, Criteria, Today, []);

        Assert.Equal(2, cleaned.ActionItems.Count);
    }

    [Fact]
    public void Clean_SavedItemThatWentPastItsDate_KeptOnEdit_EvenWithItsTitleEdited_ButANewPastDateIsRefused()
    {
        var saved = new[]
        {
            new ActionItem { Title = "runbook", Owner = "sato", Due = new DateOnly(2026, 12, 1) },
            new ActionItem { Title = "alert", Owner = "liam", Due = new DateOnly(2026, 11, 30) },
        };

        // The same items again, the second renamed in place: both kept as saved (the page shows them 期限切れ).
        var kept = RetroRules.Clean(
            WithItems(saved[0], saved[1] with { Title = "alert on p99" }), Members, Criteria, Today, saved);
        Assert.Equal(2, kept.ActionItems.Count);

        // Moved to another past date: given now, refused.
        var error = Assert.Throws<ValidationException>(() => RetroRules.Clean(
            WithItems(saved[0] with { Due = new DateOnly(2026, 12, 2) }), Members, Criteria, Today, saved));
        Assert.Equal(["actionItems[0].due"], error.Errors.Keys);
    }

    [Fact]
    public void Clean_WithoutToday_DoesNotLookAtDueDates()
    {
        var cleaned = RetroRules.Clean(WithItems(new ActionItem { Title = "x", Owner = "sato", Due = new DateOnly(2020, 1, 1) }), Members, Criteria);

        Assert.Single(cleaned.ActionItems);
    }
}
