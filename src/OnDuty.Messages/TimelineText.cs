using System.Text.RegularExpressions;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>
/// A timeline row's text in the reader's language. What OnDuty wrote itself is stored in English (<see cref="TimelineTexts"/>,
/// <see cref="SkippedStep"/>): the pages recognise those forms and say them in the reader's words; anything else (a person's
/// update, an alert's summary, a provider's error inside a delivery row) is shown as written.
/// </summary>
public static partial class TimelineText
{
    /// <summary>The text of a row of kind <paramref name="kind"/> as <paramref name="language"/> reads it.</summary>
    public static string? For(TimelineKind kind, string? text, Language language) =>
        text is null ? null : For(kind, text, Phrases.For(language));

    /// <summary>The same for a row kind named as the API and retros name it (<c>escalated</c>); unknown kinds are shown as written.</summary>
    public static string? For(string? kind, string? text, Language language) =>
        Enum.TryParse<TimelineKind>(kind, ignoreCase: true, out var parsed) ? For(parsed, text, language) : text;

    /// <summary>
    /// The same, naming members by <paramref name="displayName"/> where a row lists them or was delivered to them (a member's
    /// display name by id or address, null for one no member has) and stakeholder audiences by <paramref name="audienceName"/>
    /// (null, or null for a name: as configured).
    /// </summary>
    public static string? For(string? kind, string? text, Language language, Func<string, string?> displayName, Func<string, string?>? audienceName = null) =>
        Enum.TryParse<TimelineKind>(kind, ignoreCase: true, out var parsed) ? For(parsed, text, language, displayName, audienceName) : text;

    /// <summary>The forms written word for word, by row kind, and the phrase each is said with.</summary>
    private static readonly Dictionary<(TimelineKind Kind, string Text), string> Fixed = new()
    {
        [(TimelineKind.Notified, TimelineTexts.PagedDutyMembers)] = "Timeline.Text.Paged",
        [(TimelineKind.StepSkipped, SkippedStep.NobodyToPage)] = "Timeline.Text.NobodyToPage",
        [(TimelineKind.StepSkipped, SkippedStep.Overdue)] = "Timeline.Text.Overdue",
        [(TimelineKind.Resolved, TimelineTexts.EveryAlertResolved)] = "Timeline.Text.EveryAlertResolved",
        [(TimelineKind.Acknowledged, TimelineTexts.AcknowledgedByText)] = "Timeline.Text.AcknowledgedByText",
        [(TimelineKind.Acknowledged, TimelineTexts.AcknowledgedByCall)] = "Timeline.Text.AcknowledgedByCall",
        [(TimelineKind.Reopened, TimelineTexts.FiredWithinReopenWindow)] = "Timeline.Text.FiredWithinReopenWindow",
        [(TimelineKind.Reopened, TimelineTexts.FiredAsItResolved)] = "Timeline.Text.FiredAsItResolved",
        [(TimelineKind.Reopened, TimelineTexts.ReopenedByUpdate)] = "Timeline.Text.ReopenedByUpdate",
        [(TimelineKind.Reopened, TimelineTexts.ReopenedOverPersonResolve)] = "Timeline.Text.ReopenedOverPersonResolve",
        [(TimelineKind.Reopened, TimelineTexts.ReopenedTakerOffDuty)] = "Timeline.Text.ReopenedTakerOffDuty",
        [(TimelineKind.Reopened, TimelineTexts.ReopenedAfterRecoveryConfirmed)] = "Timeline.Text.ReopenedAfterRecoveryConfirmed",
        [(TimelineKind.AlertRepeated, TimelineTexts.UntrackedResolve)] = "Timeline.Text.UntrackedResolve",
        [(TimelineKind.AlertRepeated, TimelineTexts.ResolvedAgain)] = "Timeline.Text.ResolvedAgain",
        [(TimelineKind.AlertRepeated, TimelineTexts.StaleFiring)] = "Timeline.Text.StaleFiring",
        [(TimelineKind.AlertRepeated, TimelineTexts.LateFiringOfResolved)] = "Timeline.Text.LateFiringOfResolved",
        [(TimelineKind.AlertFired, TimelineTexts.GroupStillFiring)] = "Timeline.Text.GroupStillFiring",
        [(TimelineKind.AlertResolved, TimelineTexts.EveryAlertListed)] = "Timeline.Text.EveryAlertListed",
    };

    /// <summary>
    /// 「監視のアラートはすべて解消しました（Grafana）。…」, or, when a tool named itself, 「PagerDuty 連携（Datadog）のアラートはすべて解消しました。…」
    /// (<see cref="ActorText.Tools"/>): the tools as the row keeps them (<see cref="AlertTool.Format"/>); anything else as a product's name.
    /// </summary>
    private static string AlertsResolvedLeftOpen(string tools, Phrases p) =>
        AlertTool.TryParse(tools, out var read) && ActorText.Tools(read, p) is var (names, named)
            ? p.Format(named ? "Timeline.Text.AlertsResolvedLeftOpen.Tools" : "Timeline.Text.AlertsResolvedLeftOpen", names)
            : p.Format("Timeline.Text.AlertsResolvedLeftOpen", ActorText.ToolName(tools));

    /// <summary>
    /// The summary of an alert OnDuty tracks for a group's unlisted alerts (<see cref="AlertIntake.UnlistedAlertsKey"/>, worded as its
    /// timeline row) in the reader's language; any other alert's summary as the sender wrote it.
    /// </summary>
    internal static string AlertSummary(string summary, Phrases p) =>
        summary == TimelineTexts.GroupStillFiring || UnlistedAlertsForm.IsMatch(summary) ? For(TimelineKind.AlertFired, summary, p)
        : NoticeRenderer.IncidentTitle(summary, p);

    /// <summary>The same, naming members by <paramref name="displayName"/> (by id or address) and audiences by <paramref name="audienceName"/>, as above.</summary>
    public static string? For(TimelineKind kind, string? text, Language language, Func<string, string?> displayName, Func<string, string?>? audienceName = null) =>
        text is null ? null : For(kind, text, Phrases.For(language), displayName, audienceName);

    /// <remarks>
    /// A delivery's or call's sentence names a member as a colleague says them (「メールで山田さんに届きました」): by
    /// <paramref name="calledName"/> when the caller knows (the honorific included, a Japanese member by family name for a
    /// Japanese reader), else by display name with the honorific (<see cref="NoticeRenderer.Called"/>); an address or number no
    /// member has as it is.
    /// </remarks>
    internal static string For(TimelineKind kind, string text, Phrases p, Func<string, string?>? displayName = null, Func<string, string?>? audienceName = null,
        Func<string, string?>? calledName = null) =>
        Own(kind, text, p, displayName, audienceName, calledName) ?? text;

    /// <summary>
    /// The same as a line that starts a row of a page: OnDuty's own words in sentence case for an English reader (「every alert
    /// resolved」 is stored, 「Every alert resolved」 is shown, trial 39 L5); a person's or a tool's text exactly as written.
    /// </summary>
    internal static string Row(TimelineKind kind, string text, Phrases p, Func<string, string?>? displayName = null, Func<string, string?>? audienceName = null,
        Func<string, string?>? calledName = null) =>
        Own(kind, text, p, displayName, audienceName, calledName) is { } own ? p.LineStart(own) : text;

    /// <summary>
    /// A takeover a lead made by handing it over (<see cref="TimelineEntry.AssignedBy"/>, trial 61): 「山田 太郎さんが鈴木 一郎さんに割り当てました
    /// （佐藤 花子さんから）」, each by full name as the takeover row names them; null for any other row (a takeover someone made
    /// themselves, or one stored before the assigner was kept, reads as <see cref="TimelineTexts.TookOver"/>).
    /// </summary>
    internal static string? Assigned(TimelineEntry t, Phrases p, Func<string, string?>? displayName)
    {
        if (t is not { Kind: TimelineKind.TookOver, AssignedBy: { } assigner, Message: { } text } || TookOverForm.Match(text) is not { Success: true } m)
        {
            return null;
        }

        string Named(string who) => displayName?.Invoke(who) is { Length: > 0 } name ? p.Honorific(name) : who.Contains('@', StringComparison.Ordinal) ? who : p.Honorific(who);
        return p.Format("Timeline.Text.Assigned", Named(assigner), Named(m.Groups[1].Value), Named(m.Groups[2].Value));
    }

    /// <summary>
    /// A communications-lead row someone else wrote (<see cref="TimelineEntry.AssignedBy"/>): 「佐藤 花子さんが山田 太郎さんを連絡担当にしました」,
    /// 「佐藤 花子さんが山田 太郎さんを連絡担当から外しました」; null for any other row (the lead's own reads 「…が連絡担当になりました」).
    /// </summary>
    internal static string? CommsLeadBy(TimelineEntry t, Phrases p, Func<string, string?>? displayName)
    {
        if (t is not { Kind: TimelineKind.CommsLead, AssignedBy: { } by, Message: { } text })
        {
            return null;
        }

        string Named(string who) => displayName?.Invoke(who) is { Length: > 0 } name ? p.Honorific(name) : who.Contains('@', StringComparison.Ordinal) ? who : p.Honorific(who);
        return CommsLeadSetForm.Match(text) is { Success: true } set ? p.Format("Timeline.Text.CommsLeadAssigned", Named(by), Named(set.Groups[1].Value))
            : CommsLeadClearedForm.Match(text) is { Success: true } cleared ? p.Format("Timeline.Text.CommsLeadRemoved", Named(by), Named(cleared.Groups[1].Value))
            : null;
    }

    /// <summary>The text in the reader's words when it is a form OnDuty wrote; null for anyone else's text.</summary>
    private static string? Own(TimelineKind kind, string text, Phrases p, Func<string, string?>? displayName, Func<string, string?>? audienceName,
        Func<string, string?>? calledName)
    {
        if (Fixed.TryGetValue((kind, text), out var key))
        {
            return p[key];
        }

        // A reopen that withdrew the asks to send the recovery notice (session 57): its reason, then that it did.
        // Only after a reason OnDuty wrote: anything else is someone's words, shown as written.
        if (kind == TimelineKind.Reopened && text.EndsWith(TimelineTexts.RecoveryAskWithdrawnSuffix, StringComparison.Ordinal)
            && Own(kind, text[..^TimelineTexts.RecoveryAskWithdrawnSuffix.Length], p, displayName, audienceName, calledName) is { } reason)
        {
            return p.Format("Timeline.Text.RecoveryAskWithdrawn", reason);
        }

        return kind switch
        {
            TimelineKind.Escalated when HandedOverForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.HandedOverEscalation", Addresses(m.Groups[1].Value)),
            // To whom first: the older form's pattern would take "2 to yamada@…" for its step.
            TimelineKind.Escalated when EscalationTo.Match(text) is { Success: true } m =>
                p.Format(p.Has($"Timeline.Text.EscalationTo.{m.Groups[1].Value}") ? $"Timeline.Text.EscalationTo.{m.Groups[1].Value}" : "Timeline.Text.EscalationTo", Addresses(m.Groups[2].Value), m.Groups[1].Value),
            TimelineKind.Escalated when Escalation.Match(text) is { Success: true } m => p.Format("Timeline.Text.Escalation", m.Groups[1].Value),
            TimelineKind.StepSkipped when AlreadyPaged.Match(text) is { Success: true } m =>
                p.Format(p.Has($"Timeline.Text.AlreadyPaged.{m.Groups[1].Value}") ? $"Timeline.Text.AlreadyPaged.{m.Groups[1].Value}" : "Timeline.Text.AlreadyPaged", Addresses(m.Groups[2].Value), m.Groups[1].Value),
            TimelineKind.StepSkipped when LeadsAwayForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.LeadsAway", Called(m.Groups[2].Value), m.Groups[1].Value),
            TimelineKind.SeverityRaised when Raised.Match(text) is { Success: true } m => p.Format("Timeline.Text.SeverityRaised", m.Groups[1].Value, m.Groups[2].Value),
            TimelineKind.SeverityLowered when Lowered.Match(text) is { Success: true } m => p.Format("Timeline.Text.SeverityLowered", m.Groups[1].Value, m.Groups[2].Value),
            TimelineKind.SeverityKept or TimelineKind.Update when Kept.Match(text) is { Success: true } m => p.Format("Timeline.Text.SeverityKept", m.Groups[1].Value, m.Groups[2].Value),
            TimelineKind.Delivered when Reached.Match(text) is { Success: true } m && p.Has($"Timeline.Text.Delivered.{m.Groups[1].Value}") =>
                Sentence($"Timeline.Text.Delivered.{m.Groups[1].Value}", m.Groups[2].Value),
            TimelineKind.DeliveryFailed when GaveUp.Match(text) is { Success: true } m && p.Has($"Timeline.Text.GaveUp.{m.Groups[1].Value}") =>
                p.Format($"Timeline.Text.GaveUp.{m.Groups[1].Value}", Contact(m.Groups[2].Value), m.Groups[3].Value),
            TimelineKind.DeliveryFailed when NotAnswered.Match(text) is { Success: true } m => Sentence("Timeline.Text.CallNotAnswered", m.Groups[1].Value, m.Groups[2].Value),
            TimelineKind.DeliveryFailed when EmailNotDelivered.Match(text) is { Success: true } m => p.Format("Timeline.Text.EmailNotDelivered", Contact(m.Groups[1].Value),
                p.Has($"Timeline.EmailStatus.{m.Groups[2].Value}") ? p[$"Timeline.EmailStatus.{m.Groups[2].Value}"] : m.Groups[2].Value, m.Groups[3].Value),
            TimelineKind.Delivered when EndedWithoutKey.Match(text) is { Success: true } m => Sentence("Timeline.Text.CallEndedWithoutKey", m.Groups[1].Value, m.Groups[2].Value),
            TimelineKind.AlertFired when UnlistedAlertsForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.UnlistedAlerts", m.Groups[1].Value),
            TimelineKind.AlertFired when text.StartsWith(TimelineTexts.FiredAgainPrefix, StringComparison.Ordinal) => p.Format("Timeline.Text.FiredAgain", NoticeRenderer.IncidentTitle(text[TimelineTexts.FiredAgainPrefix.Length..], p)),
            // An alert's summary in a form OnDuty stored in English (Grafana's no-data and data-source-error alerts, a heartbeat's):
            // as the page's title reads it (「データソースにデータがありません：決済APIのエラー率」); any other summary as the tool wrote it.
            TimelineKind.AlertFired or TimelineKind.AlertResolved or TimelineKind.AlertRepeated when NoticeRenderer.IncidentTitle(text, p) is var title && title != text => title,
            // A staggered handover (one member changes, one stays) names who left, who came and who stays, not just the new pair.
            TimelineKind.DutyChanged when OnDutyNow.Match(text) is { Success: true } m && HandedOver(m.Groups[1].Value, m.Groups[2].Value) is { } handedOver => handedOver,
            TimelineKind.DutyChanged when OnDutyNow.Match(text) is { Success: true } m => p.Format("Timeline.Text.OnDutyNow", Members(m.Groups[1].Value), Members(m.Groups[2].Value)),
            TimelineKind.DutyChanged when NotWorkingTodayForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.NotWorkingToday", Called(m.Groups[1].Value), Called(m.Groups[2].Value)),
            TimelineKind.DutyChanged when NobodyWorkingTodayForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.NobodyWorkingToday", Called(m.Groups[1].Value)),
            TimelineKind.DutyChanged when LeadsOnLeavePagedAnywayForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.LeadsOnLeavePagedAnyway", Called(m.Groups[1].Value)),
            TimelineKind.DutyChanged when LeadsOnLeaveForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.LeadsOnLeave", Called(m.Groups[1].Value), Called(m.Groups[2].Value)),
            TimelineKind.DutyChanged when PageReaddressedForm.Match(text) is { Success: true } m =>
                p.Format(m.Groups[1].Value == "0" ? "Timeline.Text.PageReaddressed.First" : "Timeline.Text.PageReaddressed", m.Groups[1].Value, Member(m.Groups[2].Value)),
            TimelineKind.DutyChanged when PageReplacedForm.Match(text) is { Success: true } m =>
                p.Format("Timeline.Text.PageReplaced", m.Groups[1].Value, Member(m.Groups[2].Value), m.Groups[3].Value),
            TimelineKind.DutyChanged when PageSupersededForm.Match(text) is { Success: true } m =>
                p.Format(m.Groups[1].Value == "0" ? "Timeline.Text.PageSuperseded.First" : "Timeline.Text.PageSuperseded", m.Groups[1].Value, Member(m.Groups[2].Value), m.Groups[3].Value),
            TimelineKind.Resent when ResentDutyTooForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.Resent.DutyToo", Resent(m), Members(m.Groups[5].Value)),
            TimelineKind.Resent when ResentForm.Match(text) is { Success: true } m => Resent(m),
            // Before MergedForm: "start time moved from … : the alert start of merged …" is not "merged {0}: {1}".
            TimelineKind.Merged when MergeMovedStartToAlertForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.MergeMovedStartToAlert", m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value),
            TimelineKind.Merged when MergeMovedStartForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.MergeMovedStart", m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value),
            TimelineKind.Merged when MergedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.Merged", m.Groups[1].Value, m.Groups[2].Value),
            TimelineKind.SeverityKept when MergeSeverityKeptForm.Match(text) is { Success: true } m =>
                p.Format("Timeline.Text.MergeSeverityKept", m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, Called(m.Groups[4].Value)),
            // English readers read it as stored (its field names are the API's).
            TimelineKind.Merged when p.Language != Language.En && MergeKeptForm.Match(text) is { Success: true } m && p.Has($"PmPage.Field.{m.Groups[1].Value}") =>
                p.Format("Timeline.Text.MergeKept", p[$"PmPage.Field.{m.Groups[1].Value}"], m.Groups[2].Value, m.Groups[3].Value),
            TimelineKind.Resolved when MergedIntoForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.MergedInto", m.Groups[1].Value),
            TimelineKind.Unmerged when UnmergedFromForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.UnmergedFrom", m.Groups[1].Value, Called(m.Groups[2].Value)),
            TimelineKind.Unmerged when UnmergedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.Unmerged", m.Groups[1].Value, Called(m.Groups[2].Value)),
            TimelineKind.Unmerged when UnmergeGaveBackForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.UnmergeGaveBack", m.Groups[1].Value, Fields(m.Groups[2].Value)),
            TimelineKind.Unmerged when UnmergeLeftForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.UnmergeLeft", m.Groups[1].Value, Fields(m.Groups[2].Value)),
            TimelineKind.Unmerged when UnmergeNothingKnownForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.UnmergeNothingKnown", m.Groups[1].Value),
            TimelineKind.PagesHeld when PagesHeldOpenForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PagesHeldOpen", m.Groups[1].Value, m.Groups[2].Value, Named(m.Groups[3].Value)),
            TimelineKind.PagesReleased when PagesResumedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PagesResumed", m.Groups[1].Value, m.Groups[2].Value),
            TimelineKind.NotPaged when NotPagedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.NotPaged", AzureClass(m.Groups[1].Value, p)),
            TimelineKind.PagesHeld when HoldExtendedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.HoldExtended", m.Groups[1].Value, Instant(m.Groups[2].Value, p)),
            TimelineKind.PagesHeld when HoldShortenedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.HoldShortened", m.Groups[1].Value, Instant(m.Groups[2].Value, p)),
            TimelineKind.PagesHeld when PagesHeldForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PagesHeld", m.Groups[1].Value, m.Groups[2].Value),
            TimelineKind.Unreached when UnreachedForm.Match(text) is { Success: true } m =>
                m.Groups[1].Value == "0" ? p["Timeline.Text.UnreachedFirst"] : p.Format("Timeline.Text.Unreached", m.Groups[1].Value, m.Groups[2].Value),
            TimelineKind.MaintenanceNotHeld when MaintenanceNotHeldForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.MaintenanceNotHeld", m.Groups[1].Value, m.Groups[2].Value),
            TimelineKind.PagesReleased when text == TimelineTexts.PagesAfterUnnamedToolAckRaised => p.Format("Timeline.Text.PagesAfterToolAckRaised", p["Incident.AcknowledgedByUnnamedTool"]),
            TimelineKind.PagesReleased when PagesAfterToolAckRaisedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PagesAfterToolAckRaised", m.Groups[1].Value),
            TimelineKind.ToolAckNotCounted when text == TimelineTexts.UnnamedToolAckNotCounted => p["Timeline.Text.UnnamedToolAckNotCounted"],
            TimelineKind.ToolAckNotCounted when ToolAckNotCountedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.ToolAckNotCounted", m.Groups[1].Value),
            TimelineKind.AlertsResolved when AlertsResolvedLeftOpenForm.Match(text) is { Success: true } m => AlertsResolvedLeftOpen(m.Groups[1].Value, p),
            TimelineKind.DraftsApproved when DraftsApprovedForm.Match(text) is { Success: true } m && p.Has($"Contact.Language.{Pascal(m.Groups[1].Value)}") =>
                p.Format("Timeline.Text.DraftsApproved", p[$"Contact.Language.{Pascal(m.Groups[1].Value)}"], Named(m.Groups[2].Value)),
            // Acknowledgement expiry and snooze: 「佐藤さんが 1時間スヌーズしました（12/07 15:00まで）」, 「佐藤さんの更新が 60分ありません。再通知しました」.
            TimelineKind.Snoozed when SnoozedForm.Match(text) is { Success: true } m =>
                p.Format("Timeline.Text.Snoozed", Named(m.Groups[1].Value), Minutes(m.Groups[2].Value, p), Instant(m.Groups[3].Value, p)),
            TimelineKind.AckExpired when AckExpiredForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.AckExpired", Named(m.Groups[1].Value), Minutes(m.Groups[2].Value, p)),
            TimelineKind.AckExpired when SnoozeEndedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.SnoozeEnded", Named(m.Groups[1].Value), Minutes(m.Groups[2].Value, p)),
            TimelineKind.AckExpired when AckExpiredEscalatingForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.AckExpiredEscalating", Named(m.Groups[1].Value)),
            // A member's own call rule: 「伊藤さんの個人設定（呼び出しから5分で電話）により電話をかけました」.
            TimelineKind.HelpAccepted when HelpAcceptedByCallForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.HelpAcceptedByCall", Named(m.Groups[1].Value)),
            TimelineKind.PersonalCall when PersonalCallForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PersonalCall", Named(m.Groups[1].Value), Minutes(m.Groups[2].Value, p)),
            TimelineKind.PersonalCall when PersonalCallWithheldForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PersonalCallWithheld", Named(m.Groups[1].Value)),
            TimelineKind.PersonalCall when PersonalCallAtFirstPageForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PersonalCallAtFirstPage", Named(m.Groups[1].Value)),
            TimelineKind.Acknowledged when text == TimelineTexts.AckRenewed => p["Timeline.Text.AckRenewed"],
            // 「伊藤 さくらさんが田中 健さんから対応を引き継ぎました」: both by full name, the honorific on each.
            TimelineKind.TookOver when TookOverForm.Match(text) is { Success: true } m =>
                p.Format("Timeline.Text.TookOver", Named(m.Groups[1].Value), Named(m.Groups[2].Value)),
            // 「山田 太郎さんが連絡担当になりました」; made it by someone else, see CommsLeadBy.
            TimelineKind.CommsLead when CommsLeadSetForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.CommsLeadSet", Named(m.Groups[1].Value)),
            TimelineKind.CommsLead when CommsLeadClearedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.CommsLeadCleared", Named(m.Groups[1].Value)),
            TimelineKind.CommsLead when CommsLeadByMergeForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.CommsLeadByMerge", Named(m.Groups[1].Value), m.Groups[2].Value),
            TimelineKind.CommsLead when CommsLeadGoneByUnmergeForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.CommsLeadGoneByUnmerge", Named(m.Groups[1].Value), m.Groups[2].Value),
            TimelineKind.CommsLead when CommsLeadBackByUnmergeForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.CommsLeadBackByUnmerge", Named(m.Groups[1].Value), m.Groups[2].Value),
            TimelineKind.CommsLead when CommsLeadOffRosterForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.CommsLeadOffRoster", Named(m.Groups[1].Value)),
            TimelineKind.PagesReleased when PagesFromNowAcknowledgedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PagesFromNowAcknowledged", AzureClass(m.Groups[1].Value, p), AzureClass(m.Groups[2].Value, p)),
            TimelineKind.PagesReleased when PagesFromNowForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PagesFromNow", AzureClass(m.Groups[1].Value, p), AzureClass(m.Groups[2].Value, p)),
            TimelineKind.PagesReleased when PagesReleasedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PagesReleased", m.Groups[1].Value),
            TimelineKind.PagesReleased when PagesReleasedByAlertForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PagesReleasedByAlert", m.Groups[1].Value),
            TimelineKind.PagesReleased when PagesReleasedByHandForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.PagesReleasedByHand", m.Groups[1].Value),
            TimelineKind.ConfidentialityChanged when text == TimelineTexts.OfficerMailOwed => p["Timeline.Text.OfficerMailOwed"],
            TimelineKind.ConfidentialityChanged when text == TimelineTexts.OfficerMailQueued => p["Timeline.Text.OfficerMailQueued"],
            TimelineKind.ConfidentialityChanged when MarkedConfidentialByMergeForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.MarkedConfidentialByMerge", m.Groups[1].Value),
            TimelineKind.ConfidentialityChanged when MarkedConfidentialForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.MarkedConfidential", Called(m.Groups[1].Value)),
            TimelineKind.ConfidentialityChanged when ConfidentialLiftedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.ConfidentialLifted", Called(m.Groups[1].Value)),
            TimelineKind.ConfidentialityChanged when ReaderAddedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.ReaderAdded", m.Groups[1].Value, Called(m.Groups[2].Value)),
            TimelineKind.ConfidentialityChanged when ReaderRemovedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.ReaderRemoved", m.Groups[1].Value, Called(m.Groups[2].Value)),
            TimelineKind.RecoveryReminded when RecoveryAskedForm.Match(text) is { Success: true } m => p.Format("Timeline.Text.RecoveryAsked", Called(m.Groups[1].Value)),
            TimelineKind.FinalReportSent when FinalReportForm.Match(text) is { Success: true } m =>
                p.Format("Timeline.Text.FinalReport", p.JoinNames([.. m.Groups[1].Value.Split(", ").Select(Audience)])),
            TimelineKind.FinalReportCorrected when FinalReportCorrectedForm.Match(text) is { Success: true } m =>
                p.Format("Timeline.Text.FinalReportCorrected", p.JoinNames([.. m.Groups[2].Value.Split(", ").Select(Audience)])),
            TimelineKind.StakeholdersNotified when Notice.Match(text) is { Success: true } m =>
                p.Format("Timeline.Text.StakeholderNotice", m.Groups[1].Value, p.JoinNames([.. m.Groups[2].Value.Split(", ").Select(Audience)])),
            // Audiences reading it under different numbers: each with its own, as its mail said it (trial day 33 M3).
            TimelineKind.StakeholdersNotified when NoticeEach.Match(text) is { Success: true } m
                && m.Groups[1].Value.Split(", ").Select(a => NoticeOf.Match(a)).ToList() is var each && each.All(a => a.Success) =>
                p.Format("Timeline.Text.StakeholderNotice.Each", p.JoinNames([.. each.Select(a => p.Format("Timeline.Text.StakeholderNotice.Of", Audience(a.Groups[1].Value), a.Groups[2].Value))])),
            TimelineKind.Update when text == TimelineTexts.DetailsEdited => p["Timeline.Text.DetailsEdited"],
            // Only a list of change names is OnDuty's: a person's "changed the config" is their words.
            TimelineKind.Update or TimelineKind.Corrected when Changed.Match(text) is { Success: true } m && m.Groups[1].Value.Split(", ").All(c => p.Has($"Timeline.Change.{c}")) =>
                p.Join(m.Groups[1].Value.Split(", ").Select(c => p[$"Timeline.Change.{c}"])),
            TimelineKind.Corrected when CorrectedForm.Match(text) is { Success: true } m && p.Has($"Timeline.Corrected.{m.Groups[1].Value}") =>
                p.Format($"Timeline.Corrected.{m.Groups[1].Value}", Value(m.Groups[1].Value, m.Groups[2].Value), Value(m.Groups[1].Value, m.Groups[3].Value)),
            TimelineKind.Update when StatusForm.Match(text) is { Success: true } m && p.Has($"Status.{Pascal(m.Groups[1].Value)}") && p.Has($"Status.{Pascal(m.Groups[2].Value)}") =>
                p.Format("Timeline.Text.StatusChanged", p[$"Status.{Pascal(m.Groups[1].Value)}"], p[$"Status.{Pascal(m.Groups[2].Value)}"]),
            _ => null,
        };

        // 「田中さんへの呼び出し（メール）を再送しました（前回：…）」: the channel's card names no person.
        string Resent(Match m)
        {
            var (channel, what, recipient, error) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value);
            var said = p.ChannelName(channel);
            var key = channel == "teams" ? "Timeline.Text.Resent.teams" : what == "page" ? "Timeline.Text.Resent.page" : "Timeline.Text.Resent.message";
            return Sentence(key, recipient, said, error);
        }

        // A corrected value: words quoted, times and severities as they are, a list joined as the reader's lists are; one there was
        // none of (an impact added or cleared) said so.
        string Value(string field, string value) =>
            value == TimelineTexts.NoDetails ? p["Timeline.Corrected.None"]
            : field is "title" or "userImpact" ? p.Format("Timeline.Corrected.Quoted", value)
            : field is "affectedAreas" or "platforms" ? p.Join(value.Split(CorrectedValues.ListSeparator))
            : value;

        // A delivery names its recipient by address or number; people read the member's name where one has it.
        string Member(string recipient) => displayName?.Invoke(recipient) is { Length: > 0 } name ? name : recipient;

        // A member by full name with the honorific; an address no member has as it is.
        string Named(string who) => Member(who) is var name && !name.Contains('@', StringComparison.Ordinal) ? p.Honorific(name) : name;

        // An audience by the name people call it, where it has one.
        string Audience(string audience) => audienceName?.Invoke(audience) is { Length: > 0 } name ? name : audience;

        // A sentence about one recipient: a member with the honorific in the key's .Person form (no spaces around a name in
        // Japanese, 「メールで山田さんに」), an address or number in the key's own (「メールで ito@example.com に」).
        string Sentence(string key, string recipient, string? detail = null, string? more = null) =>
            (calledName?.Invoke(recipient) ?? (displayName?.Invoke(recipient) is { Length: > 0 } name ? NoticeRenderer.Called(name, null, p) : null)) is { Length: > 0 } called
                && p.Has($"{key}.Person")
                ? p.Format($"{key}.Person", called, detail, more)
                : p.Format(key, recipient, detail, more);

        // A failure also keeps the address or number it went to: a wrong one on the roster is what to fix (「伊藤 さくら（ito@…）」).
        string Contact(string recipient) => Member(recipient) is var name && name != recipient ? p.Format("Timeline.Text.NameAndContact", name, recipient) : recipient;

        // An escalation's people are stored by address; people read the member's name where one has it (a list stays an address).
        string Addresses(string addresses) => p.Join(addresses.Split(", ").Select(Member));

        // Who left the pair for whom, and who stays: null when nobody left or nobody came (then the pair as it is now says it).
        string? HandedOver(string now, string was)
        {
            if (now == TimelineTexts.Nobody || was == TimelineTexts.Nobody)
            {
                return null;
            }

            string[] onNow = now.Split(", "), before = was.Split(", ");
            var leaving = before.Except(onNow, StringComparer.Ordinal).ToList();
            var coming = onNow.Except(before, StringComparer.Ordinal).ToList();
            var staying = onNow.Intersect(before, StringComparer.Ordinal).ToList();
            if (leaving.Count == 0 || coming.Count == 0)
            {
                return null;
            }

            var changed = p.Format("Timeline.Text.DutyHandedOver", Members(string.Join(", ", leaving)), Members(string.Join(", ", coming)));
            return staying.Count == 0 ? changed : p.Format("Timeline.Text.DutyHandedOver.Staying", changed, Members(string.Join(", ", staying)));
        }

        // The values an undone merge gave back or left, by the names the form gives them (the API's names for an English reader).
        string Fields(string names) => p.Language == Language.En
            ? names
            : p.Join(names.Split(", ").Select(n => p.Has($"PmPage.Field.{n}") ? p[$"PmPage.Field.{n}"] : n));

        // Members in a sentence, each as a colleague says them: 「山田さん・佐藤さん」, "Yamada & Sato".
        string Called(string ids) => p.JoinNames([.. ids.Split(", ").Select(id =>
            calledName?.Invoke(id) ?? (displayName?.Invoke(id) is { Length: > 0 } name ? NoticeRenderer.Called(name, null, p) : id))]);

        // The stored form lists ids ("ito, yamada"); people read names, joined as the reader's lists are.
        string Members(string ids) => ids == TimelineTexts.Nobody
            ? p["Timeline.Text.Nobody"]
            : p.Join(ids.Split(", ").Select(id => displayName?.Invoke(id) is { Length: > 0 } name ? name : id));
    }

    /// <summary>
    /// True when <paramref name="text"/> is the row a merged incident resolves with (<see cref="TimelineTexts.MergedInto"/>), as stored
    /// or as either language says it (a retro's timeline keeps rows in the words they were saved in).
    /// </summary>
    public static bool IsMergedInto(string text) =>
        MergedIntoForm.IsMatch(text) || MergedIntoJa.IsMatch(text) || MergedIntoEn.IsMatch(text);

    private static readonly Regex MergedIntoJa = Form(Phrases.For(Language.Ja)["Timeline.Text.MergedInto"]);
    private static readonly Regex MergedIntoEn = Form(Phrases.For(Language.En)["Timeline.Text.MergedInto"]);

    private static readonly Regex Escalation = Form(TimelineTexts.EscalationStep);
    private static readonly Regex EscalationTo = Form(TimelineTexts.EscalationStepTo);
    private static readonly Regex HandedOverForm = Form(TimelineTexts.HandedOverEscalation);
    private static readonly Regex AlreadyPaged = Form(SkippedStep.AlreadyPagedForm);
    private static readonly Regex Raised = Form(TimelineTexts.SeverityRaised);
    private static readonly Regex Lowered = Form(TimelineTexts.SeverityLowered);
    private static readonly Regex Kept = Form(TimelineTexts.SeverityKept);
    private static readonly Regex UnlistedAlertsForm = Form(TimelineTexts.UnlistedAlerts);
    private static readonly Regex Reached = Form(TimelineTexts.Delivered);
    private static readonly Regex GaveUp = Form(TimelineTexts.GaveUp);
    private static readonly Regex NotAnswered = Form(TimelineTexts.CallNotAnswered);
    private static readonly Regex EndedWithoutKey = Form(TimelineTexts.CallEndedWithoutKey);
    private static readonly Regex EmailNotDelivered = Form(TimelineTexts.EmailNotDelivered);
    private static readonly Regex UnreachedForm = Form(TimelineTexts.Unreached);
    private static readonly Regex OnDutyNow = Form(TimelineTexts.OnDutyNow);
    private static readonly Regex PageReaddressedForm = Form(TimelineTexts.PageReaddressed);
    private static readonly Regex NotWorkingTodayForm = Form(TimelineTexts.NotWorkingToday);
    private static readonly Regex NobodyWorkingTodayForm = Form(TimelineTexts.NobodyWorkingToday);
    private static readonly Regex LeadsOnLeaveForm = Form(TimelineTexts.LeadsOnLeave);
    private static readonly Regex LeadsOnLeavePagedAnywayForm = Form(TimelineTexts.LeadsOnLeavePagedAnyway);
    private static readonly Regex LeadsAwayForm = Form(SkippedStep.LeadsAwayForm);
    private static readonly Regex PageSupersededForm = Form(TimelineTexts.PageSuperseded);
    private static readonly Regex PageReplacedForm = Form(TimelineTexts.PageReplaced);
    private static readonly Regex MergedForm = Form(TimelineTexts.Merged);
    private static readonly Regex MergeMovedStartToAlertForm = Form(TimelineTexts.MergeMovedStartToAlert);
    private static readonly Regex MergeMovedStartForm = Form(TimelineTexts.MergeMovedStart);
    private static readonly Regex MergeSeverityKeptForm = Form(TimelineTexts.MergeSeverityKept);
    private static readonly Regex ResentForm = Form(TimelineTexts.Resent);
    private static readonly Regex DraftsApprovedForm = Form(TimelineTexts.DraftsApproved);

    private static readonly Regex TookOverForm = Form(TimelineTexts.TookOver);
    private static readonly Regex CommsLeadSetForm = Form(TimelineTexts.CommsLeadSet);
    private static readonly Regex CommsLeadByMergeForm = Form(TimelineTexts.CommsLeadByMerge);
    private static readonly Regex CommsLeadClearedForm = Form(TimelineTexts.CommsLeadCleared);
    private static readonly Regex CommsLeadGoneByUnmergeForm = Form(TimelineTexts.CommsLeadGoneByUnmerge);
    private static readonly Regex CommsLeadBackByUnmergeForm = Form(TimelineTexts.CommsLeadBackByUnmerge);
    private static readonly Regex CommsLeadOffRosterForm = Form(TimelineTexts.CommsLeadOffRoster);
    private static readonly Regex ResentDutyTooForm = Form(TimelineTexts.ResentDutyToo);
    private static readonly Regex MergedIntoForm = Form(TimelineTexts.MergedInto);
    private static readonly Regex MergeKeptForm = Form(TimelineTexts.MergeKept);
    private static readonly Regex UnmergedFromForm = Form(TimelineTexts.UnmergedFrom);
    private static readonly Regex UnmergedForm = Form(TimelineTexts.Unmerged);
    private static readonly Regex UnmergeGaveBackForm = Form(TimelineTexts.UnmergeGaveBack);
    private static readonly Regex UnmergeLeftForm = Form(TimelineTexts.UnmergeLeft);
    private static readonly Regex UnmergeNothingKnownForm = Form(TimelineTexts.UnmergeNothingKnown);
    private static readonly Regex PagesHeldForm = Form(TimelineTexts.PagesHeld);
    private static readonly Regex HoldExtendedForm = Form(TimelineTexts.HoldExtended);
    private static readonly Regex HoldShortenedForm = Form(TimelineTexts.HoldShortened);

    /// <summary>An instant a row stored (<see cref="TimelineTexts.Instant"/>, the team's zone with its offset) in that zone, as the reader writes a date and time; as stored when it cannot be read.</summary>
    private static string Instant(string stored, Phrases p) =>
        DateTimeOffset.TryParseExact(stored, "yyyy-MM-dd'T'HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            ? at.ToString(p["Format.ShortDateTime"], p.Culture)
            : stored;
    private static readonly Regex NotPagedForm = Form(TimelineTexts.NotPaged);
    private static readonly Regex PagesHeldOpenForm = Form(TimelineTexts.PagesHeldOpen);
    private static readonly Regex PagesResumedForm = Form(TimelineTexts.PagesResumed);
    private static readonly Regex PagesReleasedForm = Form(TimelineTexts.PagesReleased);
    private static readonly Regex PagesFromNowForm = Form(TimelineTexts.PagesFromNow);
    private static readonly Regex PagesFromNowAcknowledgedForm = Form(TimelineTexts.PagesFromNowAcknowledged);
    private static readonly Regex PagesAfterToolAckRaisedForm = Form(TimelineTexts.PagesAfterToolAckRaised);
    private static readonly Regex ToolAckNotCountedForm = Form(TimelineTexts.ToolAckNotCounted);
    private static readonly Regex AlertsResolvedLeftOpenForm = Form(TimelineTexts.AlertsResolvedLeftOpen);
    private static readonly Regex MaintenanceNotHeldForm = Form(TimelineTexts.MaintenanceNotHeld);
    private static readonly Regex PagesReleasedByAlertForm = Form(TimelineTexts.PagesReleasedByAlert);

    private static readonly Regex PagesReleasedByHandForm = Form(TimelineTexts.PagesReleasedByHand);
    private static readonly Regex Notice = Form(TimelineTexts.StakeholderNotice);
    private static readonly Regex RecoveryAskedForm = Form(TimelineTexts.RecoveryAsked);
    private static readonly Regex MarkedConfidentialForm = Form(TimelineTexts.MarkedConfidential);
    private static readonly Regex SnoozedForm = Form(TimelineTexts.Snoozed);
    private static readonly Regex AckExpiredForm = Form(TimelineTexts.AckExpired);
    private static readonly Regex SnoozeEndedForm = Form(TimelineTexts.SnoozeEnded);
    private static readonly Regex AckExpiredEscalatingForm = Form(TimelineTexts.AckExpiredEscalating);
    private static readonly Regex PersonalCallForm = Form(TimelineTexts.PersonalCall);
    private static readonly Regex HelpAcceptedByCallForm = Form(TimelineTexts.HelpAcceptedByCall);
    private static readonly Regex PersonalCallAtFirstPageForm = Form(TimelineTexts.PersonalCallAtFirstPage);
    private static readonly Regex PersonalCallWithheldForm = Form(TimelineTexts.PersonalCallWithheld);

    /// <summary>Whole minutes a row stored, as the reader says a duration (「1時間」, "1 hour"); as stored when it cannot be read.</summary>
    private static string Minutes(string stored, Phrases p) =>
        int.TryParse(stored, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
            ? DurationText.Exact(TimeSpan.FromMinutes(minutes), p)
            : stored;
    private static readonly Regex ReaderAddedForm = Form(TimelineTexts.ReaderAdded);
    private static readonly Regex ReaderRemovedForm = Form(TimelineTexts.ReaderRemoved);
    private static readonly Regex MarkedConfidentialByMergeForm = Form(TimelineTexts.MarkedConfidentialByMerge);
    private static readonly Regex ConfidentialLiftedForm = Form(TimelineTexts.ConfidentialLifted);
    private static readonly Regex FinalReportForm = Form(TimelineTexts.FinalReportSent);
    private static readonly Regex FinalReportCorrectedForm = Form(TimelineTexts.FinalReportCorrected);

    private static readonly Regex NoticeEach = Form(TimelineTexts.StakeholderNoticeEach);

    private static readonly Regex NoticeOf = Form(TimelineTexts.StakeholderNoticeOf);
    private static readonly Regex Changed = Form(TimelineTexts.DetailsChanged);
    private static readonly Regex CorrectedForm = Form(TimelineTexts.CorrectedValue);
    private static readonly Regex StatusForm = Form(TimelineTexts.StatusChanged);

    private static string Pascal(string camel) => camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel[1..];

    /// <summary>
    /// A stored form (<see cref="TimelineTexts"/>) as a pattern: its words literally, each <c>{n}</c> a group, the whole text
    /// matched; so the forms Core writes and the ones recognised here are one.
    /// </summary>
    private static Regex Form(string format) =>
        new("^" + Placeholder().Replace(Regex.Escape(format), "(.+?)") + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>A <c>{n}</c> placeholder as <see cref="Regex.Escape"/> leaves it.</summary>
    [GeneratedRegex(@"\\\{\d+}")]
    private static partial Regex Placeholder();

    /// <summary>An Azure Service Health class (<c>Maintenance</c>, <c>Information</c>, <c>Incident</c>, <c>ActionRequired</c>, <c>Security</c>, <c>unknown</c>) in the reader's words; another word as it is.</summary>
    internal static string AzureClass(string word, Phrases p) =>
        p.Has($"Azure.Class.{word}") ? p[$"Azure.Class.{word}"] : word;
    /// <summary>
    /// How late a page that failed first arrived, and why (trial 36 M3): 「12分遅れ：メールサーバーに接続できず、5 回再試行しました」.
    /// Null for a delivery that went through at once, and for rows written before it was recorded.
    /// </summary>
    public static string? Late(TimelineEntry t, Language language) => Late(t, Phrases.For(language));

    internal static string? Late(TimelineEntry t, Phrases p) =>
        t.Late is { } late ? p.Format(p.Counted("Timeline.Text.Late", t.FailedAttempts!.Value), DurationText.Exact(late, p), LateReason(t, p), t.FailedAttempts!.Value) : null;

    /// <summary>The provider's last error in a person's words where it is a known kind (no connection, throttled, sender refused); else as it said.</summary>
    private static string LateReason(TimelineEntry t, Phrases p)
    {
        var error = t.LastError;
        bool Says(params string[] words) => words.Any(w => error!.Contains(w, StringComparison.OrdinalIgnoreCase));
        return error switch
        {
            null => p["Timeline.Late.Reason.Unknown"],
            _ when Core.Notifications.SenderRefusal.IsIn(error) => p["Timeline.Late.Reason.Sender"],
            _ when Core.Notifications.TeamsWorkflowGone.IsIn(error) => p["Timeline.Late.Reason.TeamsWorkflow"],
            _ when Says("429", "throttl", "too many requests") => p["Timeline.Late.Reason.Throttled"],
            _ when Says("connection refused", "could not connect", "unable to connect", "timed out", "timeout", "no such host", "name or service not known", "network is unreachable", "connection reset") =>
                p[t.Recipients.Any(r => r.Contains('@', StringComparison.Ordinal)) ? "Timeline.Late.Reason.MailServer" : "Timeline.Late.Reason.Connect"],
            _ => p.Format("Timeline.Late.Reason.Error", error),
        };
    }
}
