using OnDuty.Core.Common;

namespace OnDuty.Core.Rotations;

/// <summary>
/// The codes of what <see cref="RotationService"/> refuses when a person changes who is on duty (replace, swap, cover, take
/// back): the API's problem details carry them as <c>code</c>, the duty page says them in its reader's words
/// (<c>Refusal.{code}</c> in OnDuty.Messages). A code never changes once published; its English message may.
/// </summary>
public static class DutyRefusals
{
    public const string WeekRequired = "dutyWeekRequired";
    public const string Week = "dutyWeek";
    public const string BeforeStart = "dutyBeforeStart";
    public const string AmbiguousWeek = "dutyAmbiguousWeek";
    public const string Over = "dutyOver";
    public const string ReasonRequired = "dutyReasonRequired";
    public const string NotOnShift = "dutyNotOnShift";
    public const string NotActive = "dutyNotActive";
    public const string AlreadyOn = "dutyAlreadyOn";
    public const string SameShift = "dutySameShift";
    public const string NotJoined = "dutyNotJoined";
    public const string Leaving = "dutyLeaving";
    public const string OnLeave = "dutyOnLeave";
    public const string BeingAnnounced = "dutyBeingAnnounced";
    public const string NoLongerOnShift = "dutyNoLongerOnShift";
    public const string TooManyChanges = "dutyTooManyChanges";
    public const string TakenBack = "dutyTakenBack";
    public const string IsUndo = "dutyIsUndo";
    public const string AnnouncedPair = "dutyAnnouncedPair";
    public const string CoverOver = "dutyCoverOver";
    public const string FrozenMeanwhile = "dutyFrozenMeanwhile";
    public const string CoverBoth = "dutyCoverBoth";
    public const string CoverTime = "dutyCoverTime";
    public const string CoverNoSuchTime = "dutyCoverNoSuchTime";
    public const string CoverOrder = "dutyCoverOrder";
    public const string CoverWithin = "dutyCoverWithin";
    public const string CoverEnd = "dutyCoverEnd";
    public const string CoverPast = "dutyCoverPast";
    public const string CoverOverlap = "dutyCoverOverlap";
    public const string CoverBusy = "dutyCoverBusy";

    /// <summary>Every code, for the catalogs' completeness test and README's list.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        WeekRequired, Week, BeforeStart, AmbiguousWeek, Over, ReasonRequired, NotOnShift, NotActive, AlreadyOn, SameShift,
        NotJoined, Leaving, OnLeave, BeingAnnounced, NoLongerOnShift, TooManyChanges, TakenBack, IsUndo, AnnouncedPair,
        CoverOver, FrozenMeanwhile, CoverBoth, CoverTime, CoverNoSuchTime, CoverOrder, CoverWithin, CoverEnd, CoverPast,
        CoverOverlap, CoverBusy,
    ];

    /// <summary>A refusal about one shift: its label (<c>week</c>) and first day (<c>weekStart</c>, so a reader gets 「1月11日(月)からの週」) first.</summary>
    internal static Refusal Of(string code, string week, DateOnly weekStart, params (string Name, object? Value)[] args) =>
        Refusal.Of(code, [("week", week), ("weekStart", weekStart), .. args]);

    /// <inheritdoc cref="Of(string, string, DateOnly, (string Name, object? Value)[])"/>
    internal static Refusal Of(string code, ScheduledShift shift, params (string Name, object? Value)[] args) =>
        Of(code, shift.Week, shift.HandoffMoved?.Date ?? shift.StartDate, args);
}
