using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Merging a duplicate incident into the one people work on: its alert groups and alerts move there, what fires or resolves
/// afterwards lands there, and the duplicate resolves as merged and pages nobody any more.
/// </summary>
public sealed class IncidentMergeTests
{
    private static NewIncident Declared(string title = "Checkout down", AlertSeverity severity = AlertSeverity.Sev2) => new() { Title = title, Severity = severity };

    private static AlertNotification From(AlertSource source, string group, params AlertInstance[] alerts) => Notification(group, alerts) with { Source = source };

    [Fact]
    public async Task AlertIncidentMergedIntoADeclaredOne_ItsGroupAndAlertsMove_LaterAlertsLandThere_AndResolvingThemLeavesItToThePerson()
    {
        var h = await CreateAsync();
        var (declared, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var opened = await h.Intake.IntakeAsync(Notification("g1", Alert("a"), Alert("b")), default);
        var duplicate = opened.IncidentId!;

        var merged = await h.Merger.MergeAsync(duplicate, declared.Value.Id, "sato", default);

        Assert.Equal(declared.Value.Id, merged.Value.Id);
        Assert.Equal([duplicate], merged.Value.MergedIncidents);
        Assert.Equal([new HeldGroup("alertmanager", "g1")], merged.Value.MergedGroups);
        Assert.Equal(declared.Value.Id, (await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default))?.IncidentId);
        Assert.Equal(["a", "b"], (await h.Incidents.GetAlertsAsync(declared.Value.Id, default)).Select(a => a.Value.DedupKey).Order(StringComparer.Ordinal));
        var gone = await h.IncidentAsync(duplicate);
        Assert.Equal((IncidentStatus.Resolved, declared.Value.Id), (gone.Status, gone.MergedInto));
        Assert.Empty(gone.HeldGroups);
        Assert.DoesNotContain(duplicate, await h.Incidents.ListOpenIdsAsync(default));
        Assert.Contains(declared.Value.Id, await h.Incidents.ListOpenIdsAsync(default));
        var row = Assert.Single(await h.TimelineAsync(declared.Value.Id), t => t.Kind == TimelineKind.Merged);
        Assert.Equal(($"merged {duplicate}: Group g1", "sato"), (row.Message, row.By));
        Assert.Equal($"merged into {declared.Value.Id}", (await h.TimelineAsync(duplicate)).Last(t => t.Kind == TimelineKind.Resolved).Message);

        // What the monitoring tool sends next lands on the incident merged into: a new alert, then every alert resolving.
        var fired = await h.Intake.IntakeAsync(Notification("g1", Alert("a"), Alert("b"), Alert("c")), default);
        Assert.Equal((declared.Value.Id, AlertIntakeOutcome.Folded, 1), (fired.IncidentId, fired.Outcome, fired.Fired));
        var resolved = await h.Intake.IntakeAsync(Notification("g1", Alert("a", AlertStatus.Resolved), Alert("b", AlertStatus.Resolved), Alert("c", AlertStatus.Resolved)), default);
        // A person declared it: monitoring's alerts resolving leave it open for them (trial 39 M4), the group still held there.
        Assert.Equal((declared.Value.Id, AlertIntakeOutcome.AlertsResolved), (resolved.IncidentId, resolved.Outcome));
        Assert.True((await h.IncidentAsync(declared.Value.Id)).IsOpen);
        Assert.Equal(declared.Value.Id, (await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default))?.IncidentId);
        Assert.Equal(IncidentStatus.Resolved, (await h.IncidentAsync(duplicate)).Status);
        Assert.DoesNotContain(await h.Incidents.GetAlertsAsync(duplicate, default), a => a.Value.DedupKey == "c");
    }

    [Fact]
    public async Task ADeclaredDuplicate_GivesMonitoringsIncidentItsTitleImpactWorkaroundAreasAndPlatforms()
    {
        var h = await CreateAsync();
        var target = (await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev1)), default)).IncidentId!;
        var (duplicate, _) = await h.Service.CreateAsync(
            Declared("アプリにログインできない") with { UserImpact = "一部の利用者がログインできません", Workaround = "Web 版からログインできます", AffectedAreas = ["ログイン"], Platforms = ["iOS"] },
            "sato", null, default);

        await h.Merger.MergeAsync(duplicate.Value.Id, target, "yamada", default);

        var merged = await h.IncidentAsync(target);
        Assert.Equal(("アプリにログインできない", "一部の利用者がログインできません", "Web 版からログインできます"), (merged.Title, merged.UserImpact, merged.Workaround));
        Assert.Equal(["ログイン"], merged.AffectedAreas);
        Assert.Equal(["iOS"], merged.Platforms);
        var row = Assert.Single(await h.TimelineAsync(target), t => t.Kind == TimelineKind.Merged);
        Assert.Equal([IncidentChange.Title, IncidentChange.Impact, IncidentChange.WorkaroundAdded], row.Changes);
        Assert.Equal($"merged {duplicate.Value.Id}: アプリにログインできない", row.Message);
    }

    [Fact]
    public async Task WhatAPersonWroteOnTheOneMergedInto_Stays_AndTheDuplicatesOtherTextIsOnItsTimeline()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("Checkout down") with { UserImpact = "Nobody can pay" }, "sato", null, default);
        var (duplicate, _) = await h.Service.CreateAsync(Declared("Checkout fails") with { UserImpact = "Card payments fail", Workaround = "Pay by invoice" }, "ito", null, default);

        await h.Merger.MergeAsync(duplicate.Value.Id, keep.Value.Id, "sato", default);

        var merged = await h.IncidentAsync(keep.Value.Id);
        Assert.Equal(("Checkout down", "Nobody can pay", "Pay by invoice"), (merged.Title, merged.UserImpact, merged.Workaround));
        var rows = (await h.TimelineAsync(keep.Value.Id)).Where(t => t.Kind == TimelineKind.Merged).ToList();
        Assert.Equal(
            [$"merged {duplicate.Value.Id}: Checkout fails", $"kept its own title; {duplicate.Value.Id} said: Checkout fails", $"kept its own userImpact; {duplicate.Value.Id} said: Card payments fail"],
            rows.Select(r => r.Message));
        Assert.Equal([IncidentChange.WorkaroundAdded], rows[0].Changes);
    }

    [Fact]
    public async Task AnAlertTitleATitleAPersonEdited_IsNotReplaced()
    {
        var h = await CreateAsync();
        var target = (await h.Intake.IntakeAsync(Notification("g1", Alert("login")), default)).IncidentId!;
        await h.Service.PostUpdateAsync(target, null, null, new IncidentEdit { Title = "ログイン障害" }, "emma", null, null, default);
        var (duplicate, _) = await h.Service.CreateAsync(Declared("アプリにログインできない"), "sato", null, default);

        await h.Merger.MergeAsync(duplicate.Value.Id, target, "yamada", default);

        Assert.Equal("ログイン障害", (await h.IncidentAsync(target)).Title);
    }

    [Fact]
    public async Task TheDuplicate_PagesNobodyAfterTheMerge_AndTheOneMergedIntoKeepsEscalating()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("Checkout down"), "sato", null, default);
        var (duplicate, _) = await h.Service.CreateAsync(Declared("Checkout fails"), "ito", null, default);
        await h.DrainQueueAsync();
        var paged = h.Email.Sent.Count;

        await h.Merger.MergeAsync(duplicate.Value.Id, keep.Value.Id, "sato", default);
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev2) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        await h.DrainQueueAsync();

        Assert.Equal(1, (await h.IncidentAsync(keep.Value.Id)).NotifiedStep);
        Assert.Equal(0, (await h.IncidentAsync(duplicate.Value.Id)).NotifiedStep);

        // The status page shows the one people work on, not a "resolved" duplicate that would read as fixed.
        Assert.Equal([keep.Value.Id], (await h.Service.StatusBoardAsync(default)).Select(e => e.Incident.Id));
        Assert.True(h.Email.Sent.Count > paged);
        Assert.DoesNotContain(await h.TimelineAsync(duplicate.Value.Id), t => t.Kind == TimelineKind.Escalated);
    }

    [Fact]
    public async Task AcknowledgingTheDuplicate_FromItsPageLink_AcknowledgesTheOneMergedInto_SoItStopsEscalating()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("Checkout down"), "sato", null, default);
        var (duplicate, _) = await h.Service.CreateAsync(Declared("Checkout fails"), "ito", null, default);
        await h.Merger.MergeAsync(duplicate.Value.Id, keep.Value.Id, "sato", default);
        var member = (await h.IncidentAsync(keep.Value.Id)).Assignees[0].Id;

        var acknowledged = await h.Service.AcknowledgeAsync(duplicate.Value.Id, member, null, default);

        Assert.Equal((keep.Value.Id, member), (acknowledged.Value.Id, acknowledged.Value.AcknowledgedBy));
        Assert.Null((await h.IncidentAsync(duplicate.Value.Id)).AcknowledgedBy);
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev2) + TimeSpan.FromMinutes(1));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
    }

    [Fact]
    public async Task ThePeoplePagedAboutTheDuplicate_AndTheChannel_AreToldWhereTheWorkGoesOn_Once()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("Checkout down"), "sato", null, default);
        var (duplicate, _) = await h.Service.CreateAsync(Declared("Checkout fails"), "ito", null, default);
        await h.DrainQueueAsync();
        var assignees = (await h.IncidentAsync(duplicate.Value.Id)).Assignees;
        var merger = assignees[0];

        await h.Merger.MergeAsync(duplicate.Value.Id, keep.Value.Id, merger.Id, default);
        await h.Merger.MergeAsync(duplicate.Value.Id, keep.Value.Id, merger.Id, default);
        await h.DrainQueueAsync();

        var told = h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{duplicate.Value.Id}:merged:", StringComparison.Ordinal)).ToList();
        var mail = Assert.Single(told);
        Assert.Equal([.. assignees.Skip(1).Select(a => a.Email)], [mail.Message.To]);
        Assert.Equal($"【SEV2 統合】{duplicate.Value.Id} Checkout fails", mail.Message.Subject);
        Assert.Contains($"この障害は {keep.Value.Id} と同一のため、{keep.Value.Id} に統合しました。", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains(merger.DisplayName, mail.Message.TextBody, StringComparison.Ordinal);
        // The channel: the two first pages (the duplicate's naming the one open before it, trial 39 M1), then one card naming both.
        Assert.Equal(3, h.Teams.Cards.Count);
        var card = Assert.Single(h.Outbox.All, m => m.Topic == $"incident:{duplicate.Value.Id}:merged" && m.Channel == OnDuty.Core.Notifications.Channel.Teams);
        Assert.Contains(keep.Value.Id, card.CardJson, StringComparison.Ordinal);
        Assert.Contains(card.CardJson, h.Teams.Cards);
    }

    /// <summary>
    /// Trial 51: a duty member who acknowledged a storm's incidents cleans up by merging them into the real cause at night. The partner
    /// (and the channel) read in the 対応開始 notices that she has them all: the merges send them nothing more — nine duplicates are not
    /// nine mails. A member who worked on a duplicate besides the pair is still told, and when the partner has the incident merged
    /// into, the partner is told the duplicate came to them.
    /// </summary>
    [Fact]
    public async Task DuplicatesMergedByTheOneWhoAcknowledgedBoth_TellThePartnerAndTheChannelNothingMore()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("DB primary down", AlertSeverity.Sev1), "sato", null, default);
        var pair = (await h.IncidentAsync(keep.Value.Id)).Assignees;
        var (merger, partner) = (pair[0], pair[1]);
        var declarer = TeamData.Members().First(m => pair.All(a => a.Id != m.Id));
        var (first, _) = await h.Service.CreateAsync(Declared("Checkout errors"), merger.Id, null, default);
        var (second, _) = await h.Service.CreateAsync(Declared("Login failures"), declarer.Id, null, default);
        await h.DrainQueueAsync();
        foreach (var id in new[] { keep.Value.Id, first.Value.Id, second.Value.Id })
        {
            await h.Service.AcknowledgeAsync(id, merger.Id, null, default);
        }

        await h.DrainQueueAsync();
        var cardsBefore = h.Teams.Cards.Count;

        await h.Merger.MergeAsync(first.Value.Id, keep.Value.Id, merger.Id, default);
        await h.Merger.MergeAsync(second.Value.Id, keep.Value.Id, merger.Id, default);
        await h.DrainQueueAsync();

        Assert.DoesNotContain(h.Outbox.All, m => m.Topic == $"incident:{first.Value.Id}:merged");
        var told = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{second.Value.Id}:merged:", StringComparison.Ordinal));
        Assert.Equal(declarer.Email, told.Message.To);
        Assert.DoesNotContain(h.Email.Sent, s => s.Id.Contains(":merged:", StringComparison.Ordinal) && s.Message.To == partner.Email);
        Assert.Equal(cardsBefore, h.Teams.Cards.Count);
        Assert.Equal([first.Value.Id, second.Value.Id], (await h.IncidentAsync(keep.Value.Id)).MergedIncidents);

        // The partner has the incident merged into: a duplicate the merger had comes to them, and they hear of it.
        var (theirs, _) = await h.Service.CreateAsync(Declared("Search down", AlertSeverity.Sev1), "sato", null, default);
        var (mine, _) = await h.Service.CreateAsync(Declared("Search slow"), merger.Id, null, default);
        await h.DrainQueueAsync();
        await h.Service.AcknowledgeAsync(theirs.Value.Id, partner.Id, null, default);
        await h.Service.AcknowledgeAsync(mine.Value.Id, merger.Id, null, default);
        await h.DrainQueueAsync();

        await h.Merger.MergeAsync(mine.Value.Id, theirs.Value.Id, merger.Id, default);
        await h.DrainQueueAsync();

        var mail = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{mine.Value.Id}:merged:", StringComparison.Ordinal));
        Assert.Equal(partner.Email, mail.Message.To);
        Assert.Equal($"【SEV2 統合】{mine.Value.Id} Search slow", mail.Message.Subject);
        Assert.Contains(h.Outbox.All, m => m.Topic == $"incident:{mine.Value.Id}:merged" && m.Channel == OnDuty.Core.Notifications.Channel.Teams);
    }

    /// <summary>
    /// Trial day 33, M6: the PM who declared the duplicate, off duty, is told it was merged as the pair is; a name typed by someone
    /// not signed in has no address and is told nothing (nothing fails), and the one who merged is not told what they did.
    /// </summary>
    [Fact]
    public async Task ThePmWhoDeclaredTheDuplicate_NotOnDuty_IsToldWhereTheWorkGoesOn()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("Checkout down"), "伊藤 さくら", null, default);
        var pair = (await h.IncidentAsync(keep.Value.Id)).Assignees;
        var declarer = TeamData.Members().First(m => pair.All(a => a.Id != m.Id));
        var (duplicate, _) = await h.Service.CreateAsync(Declared("Checkout fails"), declarer.Id, null, default);
        var (typed, _) = await h.Service.CreateAsync(Declared("Checkout slow"), "伊藤 さくら", null, default);
        await h.DrainQueueAsync();

        await h.Merger.MergeAsync(duplicate.Value.Id, keep.Value.Id, pair[0].Id, default);
        await h.Merger.MergeAsync(typed.Value.Id, keep.Value.Id, pair[0].Id, default);
        await h.DrainQueueAsync();

        var told = h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{duplicate.Value.Id}:merged:", StringComparison.Ordinal)).ToList();
        Assert.Equal([.. pair.Skip(1).Select(a => a.Email).Append(declarer.Email).Order(StringComparer.Ordinal)], told.Select(m => m.Message.To).Order(StringComparer.Ordinal));
        var hers = Assert.Single(told, m => m.Message.To == declarer.Email).Message;
        // In her language (the roster's Emma reads English).
        Assert.Equal(declarer.Language == OnDuty.Core.Team.Language.Ja ? $"【SEV2 統合】{duplicate.Value.Id} Checkout fails" : $"[SEV2 merged] {duplicate.Value.Id}: Checkout fails", hers.Subject);
        Assert.Contains($"/api/incidents/{keep.Value.Id}/page", hers.TextBody, StringComparison.Ordinal);

        // The typed name: the pair only.
        Assert.Equal([.. pair.Skip(1).Select(a => a.Email)], h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{typed.Value.Id}:merged:", StringComparison.Ordinal)).Select(m => m.Message.To));

        // The one who merged, had she declared it, hears nothing of her own merge.
        var (own, _) = await h.Service.CreateAsync(Declared("Checkout broken"), declarer.Id, null, default);
        await h.DrainQueueAsync();
        await h.Merger.MergeAsync(own.Value.Id, keep.Value.Id, declarer.Id, default);
        await h.DrainQueueAsync();
        Assert.DoesNotContain(h.Email.Sent, s => s.Id.StartsWith($"incident:{own.Value.Id}:merged:", StringComparison.Ordinal) && s.Message.To == declarer.Email);
    }

    /// <summary>
    /// Trial day 33: a merge that raises the severity of the incident merged into is refused (409, field confirmSeverity, naming both
    /// severities, nothing changed) unless the caller confirms it; one that does not raise it needs no confirmation.
    /// </summary>
    [Fact]
    public async Task AMergeThatRaisesTheSeverity_IsRefusedUnlessConfirmed()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("Slow search", AlertSeverity.Sev3), "sato", null, default);
        var (urgent, _) = await h.Service.CreateAsync(Declared("Search down", AlertSeverity.Sev1), "ito", null, default);
        var (minor, _) = await h.Service.CreateAsync(Declared("Search slow on iOS", AlertSeverity.Sev4), "ito", null, default);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => h.Merger.MergeAsync(urgent.Value.Id, keep.Value.Id, "sato", default, confirmSeverity: false));
        Assert.Equal("confirmSeverity", refused.Field);
        Assert.Contains($"raises {keep.Value.Id} from SEV3 to SEV1", refused.Reason, StringComparison.Ordinal);
        Assert.True((await h.IncidentAsync(urgent.Value.Id)).IsOpen);
        Assert.Equal((AlertSeverity.Sev3, 0), ((await h.IncidentAsync(keep.Value.Id)).Severity, (await h.IncidentAsync(keep.Value.Id)).MergedIncidents.Count));
        Assert.Null((await h.IncidentAsync(urgent.Value.Id)).MergingInto); // no lock left behind

        await h.Merger.MergeAsync(minor.Value.Id, keep.Value.Id, "sato", default, confirmSeverity: false);
        await h.Merger.MergeAsync(urgent.Value.Id, keep.Value.Id, "sato", default, confirmSeverity: true);
        Assert.Equal(AlertSeverity.Sev1, (await h.IncidentAsync(keep.Value.Id)).Severity);
        Assert.Equal("severity raised from SEV3 to SEV1", Assert.Single(await h.TimelineAsync(keep.Value.Id), t => t.Kind == TimelineKind.SeverityRaised).Message);
        Assert.DoesNotContain(await h.TimelineAsync(keep.Value.Id), t => t.Kind == TimelineKind.SeverityKept);

        // Repeating the merge done raises nothing more: no confirmation asked.
        await h.Merger.MergeAsync(urgent.Value.Id, keep.Value.Id, "sato", default, confirmSeverity: false);
    }

    [Fact]
    public async Task MergedByARosterMemberNotOnDuty_TheNoticeNamesThemNotTheirId()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("Checkout down"), "sato", null, default);
        var (duplicate, _) = await h.Service.CreateAsync(Declared("Checkout fails"), "ito", null, default);
        await h.DrainQueueAsync();
        var assignees = (await h.IncidentAsync(duplicate.Value.Id)).Assignees;
        var outsider = TeamData.Members().First(m => assignees.All(a => a.Id != m.Id));

        await h.Merger.MergeAsync(duplicate.Value.Id, keep.Value.Id, outsider.Id, default);
        await h.DrainQueueAsync();

        var mails = h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{duplicate.Value.Id}:merged:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(mails);
        Assert.All(mails, m => Assert.Contains($"：{outsider.DisplayName}", m.Message.TextBody, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.DoesNotContain($"：{outsider.Id}\n", m.Message.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal));
        Assert.Equal(outsider.Id, (await h.TimelineAsync(keep.Value.Id)).Last(t => t.Kind == TimelineKind.Merged).By); // the id stays in the data
    }

    [Fact]
    public async Task AMoreUrgentDuplicate_RaisesTheSeverity_AndAnUnacknowledgedIncidentEscalatesAtTheNewPace()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("Slow search", AlertSeverity.Sev4), "sato", null, default);
        var (urgent, _) = await h.Service.CreateAsync(Declared("Search down", AlertSeverity.Sev1), "ito", null, default);
        await h.DrainQueueAsync();
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev1) + TimeSpan.FromMinutes(1));

        await h.Merger.MergeAsync(urgent.Value.Id, keep.Value.Id, "sato", default);

        var merged = await h.IncidentAsync(keep.Value.Id);
        Assert.Equal((AlertSeverity.Sev1, 0), (merged.Severity, merged.NotifiedStep));
        Assert.Contains(await h.TimelineAsync(keep.Value.Id), t => t.Kind == TimelineKind.SeverityRaised);

        // One SEV1 timeout later its next step is due, long before SEV4's pace would have made it.
        Assert.True(h.Options.AckTimeouts.For(AlertSeverity.Sev4) > 3 * h.Options.AckTimeouts.For(AlertSeverity.Sev1));
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev1) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(1, (await h.IncidentAsync(keep.Value.Id)).NotifiedStep);
    }

    [Fact]
    public async Task ADuplicateThatHeldSev1_GivesItsMaxSeverity_SoTheIncidentMergedIntoOwesASev1Retro()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("Slow search", AlertSeverity.Sev3), "sato", null, default);
        var (urgent, _) = await h.Service.CreateAsync(Declared("Search down", AlertSeverity.Sev1), "ito", null, default);
        await h.Service.PostUpdateAsync(urgent.Value.Id, null, "only some queries fail", new IncidentEdit { Severity = AlertSeverity.Sev3 }, "ito", null, null, default);
        Assert.Equal((AlertSeverity.Sev3, AlertSeverity.Sev3), ((await h.IncidentAsync(keep.Value.Id)).MaxSeverity, (await h.IncidentAsync(urgent.Value.Id)).Severity));

        await h.Merger.MergeAsync(urgent.Value.Id, keep.Value.Id, "sato", default);

        // Stored on the record: SEV3 now, SEV1 at its highest (the retro rules and the report read it from there).
        var merged = await h.IncidentAsync(keep.Value.Id);
        Assert.Equal((AlertSeverity.Sev3, AlertSeverity.Sev1, AlertSeverity.Sev1), (merged.Severity, merged.MaxSeverity, merged.HighestSeverity));
        Assert.DoesNotContain(await h.TimelineAsync(keep.Value.Id), t => t.Kind == TimelineKind.SeverityRaised);

        // A less severe duplicate takes nothing away.
        var (minor, _) = await h.Service.CreateAsync(Declared("Search slow on iOS", AlertSeverity.Sev4), "ito", null, default);
        await h.Merger.MergeAsync(minor.Value.Id, keep.Value.Id, "sato", default);
        Assert.Equal(AlertSeverity.Sev1, (await h.IncidentAsync(keep.Value.Id)).MaxSeverity);
    }

    [Fact]
    public async Task AnEarlierDuplicate_GivesItsStart_ALaterOneDoesNot()
    {
        var h = await CreateAsync();
        var earlier = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(15));
        var (declared, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var (later, _) = await h.Service.CreateAsync(Declared("Checkout fails"), "ito", null, default);

        await h.Merger.MergeAsync(earlier, declared.Value.Id, "sato", default);
        await h.Merger.MergeAsync(later.Value.Id, declared.Value.Id, "sato", default);

        Assert.Equal(T0, (await h.IncidentAsync(declared.Value.Id)).StartedAt);
        Assert.Equal(T0 + TimeSpan.FromMinutes(15), (await h.IncidentAsync(declared.Value.Id)).DetectedAt);
    }

    [Fact]
    public async Task Repeating_ChangesNothingMore()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;

        var first = await h.Merger.MergeAsync(duplicate, keep.Value.Id, "sato", default);
        var again = await h.Merger.MergeAsync(duplicate, keep.Value.Id.ToLowerInvariant(), "sato", default);

        Assert.Equal(first.ETag, again.ETag);
        Assert.Single(await h.TimelineAsync(keep.Value.Id), t => t.Kind == TimelineKind.Merged);
        Assert.Single(await h.TimelineAsync(duplicate), t => t.Kind == TimelineKind.Resolved);
        Assert.Single(await h.Incidents.GetAlertsAsync(keep.Value.Id, default));
    }

    [Fact]
    public async Task Refused_WithTheReason_AndNothingWritten()
    {
        var h = await CreateAsync();
        var (open, _) = await h.Service.CreateAsync(Declared("Open"), "sato", null, default);
        var (other, _) = await h.Service.CreateAsync(Declared("Other"), "sato", null, default);
        var (resolved, _) = await h.Service.CreateAsync(Declared("Resolved"), "sato", null, default);
        await h.Service.PostUpdateAsync(resolved.Value.Id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        var before = (await h.Incidents.GetAsync(open.Value.Id, default))!.ETag;

        var itself = await Assert.ThrowsAsync<ValidationException>(() => h.Merger.MergeAsync(open.Value.Id, open.Value.Id, "sato", default));
        Assert.Contains("into", itself.Errors.Keys);
        Assert.Contains("into", (await Assert.ThrowsAsync<ValidationException>(() => h.Merger.MergeAsync(open.Value.Id, " ", "sato", default))).Errors.Keys);
        Assert.Contains("into", (await Assert.ThrowsAsync<ValidationException>(() => h.Merger.MergeAsync(open.Value.Id, "INC-2026-0999", "sato", default))).Errors.Keys);
        await Assert.ThrowsAsync<NotFoundException>(() => h.Merger.MergeAsync("INC-2026-0999", open.Value.Id, "sato", default));
        var intoResolved = await Assert.ThrowsAsync<ConcurrencyException>(() => h.Merger.MergeAsync(open.Value.Id, resolved.Value.Id, "sato", default));
        Assert.Contains("is resolved: reopen it first", intoResolved.Message);
        var fromResolved = await Assert.ThrowsAsync<ConcurrencyException>(() => h.Merger.MergeAsync(resolved.Value.Id, open.Value.Id, "sato", default));
        Assert.Contains("is resolved already", fromResolved.Message);

        await h.Merger.MergeAsync(other.Value.Id, open.Value.Id, "sato", default);
        var intoMerged = await Assert.ThrowsAsync<ConcurrencyException>(() => h.Merger.MergeAsync(resolved.Value.Id, other.Value.Id, "sato", default));
        Assert.Contains($"merged into {open.Value.Id}", intoMerged.Message);

        Assert.Equal(IncidentStatus.Resolved, (await h.IncidentAsync(resolved.Value.Id)).Status);
        Assert.Null((await h.IncidentAsync(resolved.Value.Id)).MergedInto);
        Assert.DoesNotContain(await h.TimelineAsync(resolved.Value.Id), t => t.Kind == TimelineKind.Merged);
        Assert.NotEqual(before, (await h.Incidents.GetAsync(open.Value.Id, default))!.ETag);
        Assert.Equal([other.Value.Id], (await h.IncidentAsync(open.Value.Id)).MergedIncidents);
    }

    [Fact]
    public async Task OneDuplicateMergedIntoTwoIncidentsAtOnce_OneMergeWins_TheOtherIncidentIsUntouched()
    {
        for (var round = 0; round < 20; round++)
        {
            var h = await CreateAsync();
            var (first, _) = await h.Service.CreateAsync(Declared("First"), "sato", null, default);
            var (second, _) = await h.Service.CreateAsync(Declared("Second"), "ito", null, default);
            var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;

            var merges = new[] { first.Value.Id, second.Value.Id }
                .Select(into => Task.Run(async () =>
                {
                    try
                    {
                        return (await h.Merger.MergeAsync(duplicate, into, "sato", default)).Value.Id;
                    }
                    catch (ConcurrencyException)
                    {
                        return null;
                    }
                }))
                .ToList();
            var winners = (await Task.WhenAll(merges)).OfType<string>().ToList();

            var winner = Assert.Single(winners);
            var loser = winner == first.Value.Id ? second.Value.Id : first.Value.Id;
            Assert.Equal(winner, (await h.IncidentAsync(duplicate)).MergedInto);
            Assert.Equal(winner, (await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default))?.IncidentId);
            Assert.Equal([duplicate], (await h.IncidentAsync(winner)).MergedIncidents);
            Assert.Single(await h.Incidents.GetAlertsAsync(winner, default));
            Assert.Empty((await h.IncidentAsync(loser)).MergedIncidents);
            Assert.Empty(await h.Incidents.GetAlertsAsync(loser, default));
            Assert.Empty((await h.IncidentAsync(loser)).MergedGroups);
        }
    }

    [Fact]
    public async Task TwoIncidentsMergedIntoEachOtherAtOnce_NeverBothMerged()
    {
        for (var round = 0; round < 20; round++)
        {
            var h = await CreateAsync();
            var (a, _) = await h.Service.CreateAsync(Declared("A"), "sato", null, default);
            var (b, _) = await h.Service.CreateAsync(Declared("B"), "ito", null, default);

            await Task.WhenAll(
                Task.Run(async () => { try { await h.Merger.MergeAsync(a.Value.Id, b.Value.Id, "sato", default); } catch (ConcurrencyException) { } }),
                Task.Run(async () => { try { await h.Merger.MergeAsync(b.Value.Id, a.Value.Id, "ito", default); } catch (ConcurrencyException) { } }));

            var (x, y) = (await h.IncidentAsync(a.Value.Id), await h.IncidentAsync(b.Value.Id));
            Assert.False(x.MergedInto is not null && y.MergedInto is not null, $"{x.Id} → {x.MergedInto}, {y.Id} → {y.MergedInto}");
            Assert.True(x.IsOpen || y.IsOpen);

            // Whatever happened, a merge now goes through: a refused merge gave its lock back.
            if (x.IsOpen && y.IsOpen)
            {
                await h.Merger.MergeAsync(a.Value.Id, b.Value.Id, "sato", default);
                Assert.Equal(b.Value.Id, (await h.IncidentAsync(a.Value.Id)).MergedInto);
            }
        }
    }

    [Fact]
    public async Task AMergeThatStoppedHalfWay_HoldsItsLockForTwoMinutes_ThenAnotherMergeTakesOver()
    {
        var h = await CreateAsync();
        var (first, _) = await h.Service.CreateAsync(Declared("First"), "sato", null, default);
        var (second, _) = await h.Service.CreateAsync(Declared("Second"), "ito", null, default);
        var (duplicate, _) = await h.Service.CreateAsync(Declared("Duplicate"), "ito", null, default);
        // As a merge into the first would leave it had its request died right after taking the lock.
        await h.Incidents.MutateAsync(duplicate.Value.Id, d => d.TryBeginMerge(first.Value.Id, h.Time.GetUtcNow(), out var taken) is null && taken, default);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var busy = await Assert.ThrowsAsync<ConcurrencyException>(() => h.Merger.MergeAsync(duplicate.Value.Id, second.Value.Id, "ito", default));
        Assert.Contains($"is being merged into {first.Value.Id} right now", busy.Message);
        // What the page checks beforehand says the same: another merge holds the duplicate (the merge itself into the first does not).
        var locked = await h.IncidentAsync(duplicate.Value.Id);
        Assert.Equal(MergeRefusal.BeingMerged, (await h.IncidentAsync(second.Value.Id)).CannotMergeIn(locked, h.Time.GetUtcNow()));
        Assert.Null((await h.IncidentAsync(first.Value.Id)).CannotMergeIn(locked, h.Time.GetUtcNow()));
        Assert.Empty((await h.IncidentAsync(second.Value.Id)).MergedIncidents);

        h.Time.Advance(Incident.MergeLockTimeout);
        await h.Merger.MergeAsync(duplicate.Value.Id, second.Value.Id, "ito", default);
        Assert.Equal(second.Value.Id, (await h.IncidentAsync(duplicate.Value.Id)).MergedInto);
        Assert.Empty((await h.IncidentAsync(first.Value.Id)).MergedIncidents);
    }

    [Fact]
    public async Task AMergedIncident_CannotBeReopenedByAnUpdate_ButTakesNotes()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var (duplicate, _) = await h.Service.CreateAsync(Declared(), "ito", null, default);
        await h.Merger.MergeAsync(duplicate.Value.Id, keep.Value.Id, "sato", default);

        var reopen = await Assert.ThrowsAsync<ValidationException>(() => h.Service.PostUpdateAsync(duplicate.Value.Id, IncidentStatus.Investigating, null, null, "ito", null, null, default));
        Assert.Contains($"merged into {keep.Value.Id}", reopen.Errors["status"][0]);
        await h.Service.PostUpdateAsync(duplicate.Value.Id, null, "duplicate of the checkout outage", null, "ito", null, null, default);

        Assert.Equal(IncidentStatus.Resolved, (await h.IncidentAsync(duplicate.Value.Id)).Status);
    }

    [Fact]
    public async Task GroupsOfTwoSources_BothHeldAfterTheMerge_AndFreedWhenItResolves()
    {
        var h = await CreateAsync();
        var keep = (await h.Intake.IntakeAsync(Notification("am-1", Alert("a")), default)).IncidentId!;
        var duplicate = (await h.Intake.IntakeAsync(From(AlertSource.AzureMonitor, "rule-1", Alert("b")), default)).IncidentId!;

        await h.Merger.MergeAsync(duplicate, keep, "sato", default);

        var incident = await h.IncidentAsync(keep);
        Assert.Equal([new HeldGroup("alertmanager", "am-1"), new HeldGroup("azure-monitor", "rule-1")], incident.HeldGroups);
        Assert.Equal(["am-1"], incident.Groups);
        Assert.Equal(keep, (await h.Incidents.GetOpenGroupAsync("azure-monitor", "rule-1", default))?.IncidentId);

        // Azure Monitor's alert resolving, then Alertmanager's: the second resolves it, and both groups are freed.
        var first = await h.Intake.IntakeAsync(From(AlertSource.AzureMonitor, "rule-1", Alert("b", AlertStatus.Resolved)), default);
        Assert.Equal((keep, AlertIntakeOutcome.Folded), (first.IncidentId, first.Outcome));
        var last = await h.Intake.IntakeAsync(Notification("am-1", Alert("a", AlertStatus.Resolved)), default);
        Assert.Equal((keep, AlertIntakeOutcome.Resolved), (last.IncidentId, last.Outcome));
        Assert.Null(await h.Incidents.GetOpenGroupAsync("azure-monitor", "rule-1", default));
        Assert.Null(await h.Incidents.GetOpenGroupAsync("alertmanager", "am-1", default));
        Assert.Equal(keep, (await h.Incidents.GetLastGroupAsync("azure-monitor", "rule-1", default))?.IncidentId);

        // Firing again within the reopen window reopens the incident merged into, not the duplicate.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await h.Intake.IntakeAsync(From(AlertSource.AzureMonitor, "rule-1", Alert("b")), default);
        Assert.Equal((keep, AlertIntakeOutcome.Reopened), (again.IncidentId, again.Outcome));
        Assert.Equal(IncidentStatus.Resolved, (await h.IncidentAsync(duplicate)).Status);
    }

    [Fact]
    public async Task ARepeatRememberedForTheDuplicate_OnAnotherInstance_IsAppliedToTheOneMergedInto()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var other = h.SecondInstance();
        var duplicate = (await other.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;

        await h.Merger.MergeAsync(duplicate, keep.Value.Id, "sato", default);
        // The other instance still remembers g1 firing in the duplicate: its repeat is accepted there, then applied.
        var repeat = await other.IntakeAsync(Notification("g1", Alert("a"), Alert("new")), default);
        await other.DrainAsync(default);

        Assert.Equal(keep.Value.Id, repeat.IncidentId);
        Assert.Equal(["a", "new"], (await h.Incidents.GetAlertsAsync(keep.Value.Id, default)).Select(a => a.Value.DedupKey).Order(StringComparer.Ordinal));
        Assert.Single(await h.Incidents.GetAlertsAsync(duplicate, default));
    }

    /// <summary>The trial's F5: the instance that merged had the group in its memory of repeats and answered with the duplicate.</summary>
    [Fact]
    public async Task ARepeatRememberedForTheDuplicate_OnTheInstanceThatMerged_IsAnsweredWithTheOneMergedInto()
    {
        var h = await CreateAsync();
        var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;
        Assert.Equal((AlertIntakeOutcome.Folded, duplicate), Answer(await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)));
        await h.Intake.DrainAsync(default);
        var (keep, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);

        await h.Merger.MergeAsync(duplicate, keep.Value.Id, "sato", default);
        var repeat = await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        var next = await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal((AlertIntakeOutcome.Folded, keep.Value.Id), Answer(repeat));
        Assert.Equal((AlertIntakeOutcome.Folded, keep.Value.Id), Answer(next));
        var repeats = (await h.TimelineAsync(keep.Value.Id)).Where(t => t.Kind == TimelineKind.AlertRepeated).ToList();
        Assert.Equal(2, repeats.Count);
        Assert.Single(await h.TimelineAsync(duplicate), t => t.Kind == TimelineKind.AlertRepeated); // the one before the merge
    }

    /// <summary>The trial's worse variant: the answer said "folded into the duplicate" while the one merged into reopened and paged.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheOneMergedIntoResolvedByAPerson_ThenARepeatInTheReopenWindow_IsAnsweredReopenedWithItsId(bool repeatedBetween)
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;
        await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        await h.Intake.DrainAsync(default);
        await h.Merger.MergeAsync(duplicate, keep.Value.Id, "sato", default);
        if (repeatedBetween)
        {
            // The memory now names the one merged into: a person's resolve through this instance must end it too.
            Assert.Equal((AlertIntakeOutcome.Folded, keep.Value.Id), Answer(await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)));
            await h.Intake.DrainAsync(default);
        }

        await h.Service.PostUpdateAsync(keep.Value.Id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var again = await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Reopened, keep.Value.Id), Answer(again));
        var reopened = await h.IncidentAsync(keep.Value.Id);
        Assert.True(reopened.IsOpen);
        Assert.Equal(1, reopened.ReopenCount);
        Assert.Equal(IncidentStatus.Resolved, (await h.IncidentAsync(duplicate)).Status);
        Assert.Equal([keep.Value.Id], await h.Incidents.ListOpenIdsAsync(default));
        // The reopen paged the duty pair again, about the incident the answer names.
        var pages = h.Email.Sent.Skip(sent).Where(m => m.Message.Subject.Contains(keep.Value.Id, StringComparison.Ordinal)).Select(m => m.Message.To).Order(StringComparer.Ordinal);
        Assert.Equal(await h.DutyEmailsAsync(), pages);
    }

    /// <summary>
    /// Another instance learns of the merge from the record: its first repeat, accepted from memory, is answered with the duplicate
    /// and applied in full to the one merged into; once applied, its memory forgets the duplicate and later repeats name the other.
    /// </summary>
    [Fact]
    public async Task ARepeatRememberedForTheDuplicate_OnAnotherInstance_AfterItsFirstIsApplied_IsAnsweredWithTheOneMergedInto()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var other = h.SecondInstance();
        var duplicate = (await other.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;
        await h.Merger.MergeAsync(duplicate, keep.Value.Id, "sato", default);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var stale = await other.IntakeAsync(Notification("g1", Alert("a")), default);
        await other.DrainAsync(default);
        var next = await other.IntakeAsync(Notification("g1", Alert("a")), default);
        await other.DrainAsync(default);

        Assert.Equal((AlertIntakeOutcome.Folded, duplicate), Answer(stale));
        Assert.Equal((AlertIntakeOutcome.Folded, keep.Value.Id), Answer(next));
        Assert.Equal(2, (await h.TimelineAsync(keep.Value.Id)).Count(t => t.Kind == TimelineKind.AlertRepeated));
        Assert.DoesNotContain(await h.TimelineAsync(duplicate), t => t.Kind == TimelineKind.AlertRepeated);
    }

    [Fact]
    public async Task ADeliveryInFlightToTheDuplicate_IsFoldedIntoTheOneMergedInto()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;
        await h.Merger.MergeAsync(duplicate, keep.Value.Id, "sato", default);

        // As a delivery that read the claim before it moved: the claim names the duplicate again.
        var claim = (await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default))!;
        Assert.True(await h.Incidents.TryUpdateGroupAsync("alertmanager", "g1", claim with { IncidentId = duplicate }, default));
        var late = await h.SecondInstance().IntakeAsync(Notification("g1", Alert("a", AlertStatus.Resolved)), default);

        Assert.Equal((keep.Value.Id, 1), (late.IncidentId, late.ResolvedAlerts));
        Assert.Equal(AlertStatus.Resolved, Assert.Single(await h.Incidents.GetAlertsAsync(keep.Value.Id, default)).Value.Status);
        Assert.Equal(AlertStatus.Firing, Assert.Single(await h.Incidents.GetAlertsAsync(duplicate, default)).Value.Status);
        Assert.Equal(IncidentStatus.Resolved, (await h.IncidentAsync(duplicate)).Status);
    }

    [Fact]
    public async Task AnIncidentHoldingTheMostGroups_RefusesAMergeThatWouldPassIt()
    {
        var h = await CreateAsync(o => o.Sources["alertmanager"] = new AlertSourceOptions { GroupWindow = TimeSpan.FromMinutes(10) });
        var keep = (await h.Intake.IntakeAsync(Notification("g0", Alert("a0")), default)).IncidentId!;
        foreach (var n in Enumerable.Range(1, Incident.MaxJoinedGroups))
        {
            await h.Intake.IntakeAsync(Notification($"g{n}", Alert($"a{n}")), default);
        }

        Assert.Equal(Incident.MaxJoinedGroups, (await h.IncidentAsync(keep)).JoinedGroups.Count);
        var duplicate = (await h.Intake.IntakeAsync(From(AlertSource.AzureMonitor, "rule-1", Alert("b")), default)).IncidentId!;

        var refused = await Assert.ThrowsAsync<ConcurrencyException>(() => h.Merger.MergeAsync(duplicate, keep, "sato", default));
        Assert.Contains("holds as many alert groups", refused.Message);
        Assert.Equal(duplicate, (await h.Incidents.GetOpenGroupAsync("azure-monitor", "rule-1", default))?.IncidentId);
        Assert.True((await h.IncidentAsync(duplicate)).IsOpen);
    }

    private static (AlertIntakeOutcome Outcome, string? IncidentId) Answer(AlertIntakeResult result) => (result.Outcome, result.IncidentId);

    /// <summary>
    /// Trial 39 M2: the alert's SEV1 came from a label mapping, the PM had judged SEV2. Merging with keepSeverity keeps the target at
    /// SEV2 with a row saying who judged so; the severity is a person's choice from then on, so the alert firing on (a repeat) does
    /// not raise it, and no escalation is re-paced. A merge that would raise nothing needs no row.
    /// </summary>
    [Fact]
    public async Task MergeKeepingTheSeverity_TargetStaysSev2_RowSaysWhoJudged_AndTheAlertFiringOnDoesNotRaiseIt()
    {
        var h = await CreateAsync();
        // Monitoring's SEV2 (nobody chose its severity yet), and another source's SEV1 for the same outage.
        var target = (await h.Intake.IntakeAsync(Notification("g0", Alert("checkout", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        var keep = await h.Incidents.GetAsync(target, default) ?? throw new InvalidOperationException();
        Assert.False(keep.Value.SeverityChosenByPerson);
        var duplicate = (await h.Intake.IntakeAsync(From(AlertSource.Grafana, "g1", Alert("pay", severity: AlertSeverity.Sev1)), default)).IncidentId!;
        var clockBefore = keep.Value.EscalationStart;

        var merged = await h.Merger.MergeAsync(duplicate, keep.Value.Id, "tanaka", default, confirmSeverity: false, keepSeverity: true);

        Assert.Equal((AlertSeverity.Sev2, "tanaka", true), (merged.Value.Severity, merged.Value.SeverityBy, merged.Value.SeverityChosenByPerson));
        Assert.Equal(AlertSeverity.Sev2, merged.Value.HighestSeverity);
        Assert.Equal(clockBefore, merged.Value.EscalationStart);
        Assert.Equal([duplicate], merged.Value.MergedIncidents);
        var timeline = await h.TimelineAsync(keep.Value.Id);
        var kept = Assert.Single(timeline, t => t.Kind == TimelineKind.SeverityKept);
        Assert.Equal(($"merged {duplicate} (SEV1): severity kept at SEV2, as tanaka judged", "tanaka"), (kept.Message, kept.By));
        Assert.DoesNotContain(timeline, t => t.Kind == TimelineKind.SeverityRaised);
        Assert.Equal((IncidentStatus.Resolved, keep.Value.Id), ((await h.IncidentAsync(duplicate)).Status, (await h.IncidentAsync(duplicate)).MergedInto));

        // Grafana sends the alert again, still firing at SEV1: folded into the target, which stays SEV2.
        var again = await h.Intake.IntakeAsync(From(AlertSource.Grafana, "g1", Alert("pay", severity: AlertSeverity.Sev1)), default);
        Assert.Equal(keep.Value.Id, again.IncidentId);
        Assert.Equal(AlertSeverity.Sev2, (await h.IncidentAsync(keep.Value.Id)).Severity);
        Assert.DoesNotContain(await h.TimelineAsync(keep.Value.Id), t => t.Kind == TimelineKind.SeverityRaised);

        // Nothing to keep: a SEV3 merged with keepSeverity is an ordinary merge, no row.
        var minor = (await h.Intake.IntakeAsync(Notification("g2", Alert("slow", severity: AlertSeverity.Sev3)), default)).IncidentId!;
        await h.Merger.MergeAsync(minor, keep.Value.Id, "tanaka", default, confirmSeverity: false, keepSeverity: true);
        Assert.Single(await h.TimelineAsync(keep.Value.Id), t => t.Kind == TimelineKind.SeverityKept);
    }

    /// <summary>
    /// Trial 39 M3: the declared incident said 03:09 (its 第1報); the alert merged in started 03:05. The start moves to 03:05 and a
    /// row says from what to what and why, in the team's zone; a declared duplicate's start is named as its start, not an alert's.
    /// </summary>
    [Fact]
    public async Task MergeThatMovesTheStartEarlier_RowSaysFromWhatToWhatAndWhy()
    {
        var h = await CreateAsync();
        h.MoveTo(new DateTimeOffset(2026, 12, 4, 18, 9, 30, TimeSpan.Zero)); // 03:09 JST on the 5th
        var (keep, _) = await h.Service.CreateAsync(Declared("決済できない"), "sato", null, default);
        var alertStart = new DateTimeOffset(2026, 12, 4, 18, 5, 0, TimeSpan.Zero);
        h.MoveTo(alertStart.AddMinutes(6));
        var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("pay", severity: AlertSeverity.Sev2) with { StartsAt = alertStart }), default)).IncidentId!;

        await h.Merger.MergeAsync(duplicate, keep.Value.Id, "tanaka", default);

        Assert.Equal(alertStart, (await h.IncidentAsync(keep.Value.Id)).StartedAt);
        var moved = Assert.Single(await h.TimelineAsync(keep.Value.Id), t => t.Kind == TimelineKind.Merged && t.Message!.StartsWith("start time", StringComparison.Ordinal));
        Assert.Equal(($"start time moved from 03:09 to 03:05: the alert start of merged {duplicate}", "tanaka"), (moved.Message, moved.By));

        // Declared a minute before that: its start, as the person gave it.
        var (earlier, _) = await h.Service.CreateAsync(Declared("決済エラー") with { StartedAt = alertStart.AddMinutes(-2) }, "ito", null, default);
        await h.Merger.MergeAsync(earlier.Value.Id, keep.Value.Id, "tanaka", default);
        Assert.Equal(
            [$"start time moved from 03:09 to 03:05: the alert start of merged {duplicate}", $"start time moved from 03:05 to 03:03: the start of merged {earlier.Value.Id}"],
            (await h.TimelineAsync(keep.Value.Id)).Where(t => t.Kind == TimelineKind.Merged && t.Message!.StartsWith("start time", StringComparison.Ordinal)).Select(t => t.Message));
    }

    [Fact]
    public async Task MergeThatDoesNotMoveTheStart_WritesNoStartRow()
    {
        var h = await CreateAsync();
        var (keep, _) = await h.Service.CreateAsync(Declared("決済できない"), "sato", null, default);
        h.MoveTo(T0.AddMinutes(4));
        var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("pay", severity: AlertSeverity.Sev2) with { StartsAt = T0.AddMinutes(2) }), default)).IncidentId!;

        await h.Merger.MergeAsync(duplicate, keep.Value.Id, "tanaka", default);

        var stored = await h.IncidentAsync(keep.Value.Id);
        Assert.Equal(T0, stored.StartedAt);
        Assert.Null(stored.Comms.StartMovedByMerge);
        Assert.Equal([$"merged {duplicate}: Group g1"], (await h.TimelineAsync(keep.Value.Id)).Where(t => t.Kind == TimelineKind.Merged).Select(t => t.Message));
    }

    /// <summary>
    /// A confidential incident (個人情報の漏えいの疑い) merged into another: the kept one becomes confidential, since its details now include
    /// the duplicate's (its title in the merged row), with a row saying why; the channel's cards after it name neither title; unmerging
    /// leaves it confidential (a person lifts it).
    /// </summary>
    [Fact]
    public async Task ConfidentialMergedIn_TheKeptOneBecomesConfidential_RowSaysWhy_UnmergeLeavesIt()
    {
        var h = await CreateAsync();
        var (kept, _) = await h.Service.CreateAsync(Declared("ログインできない"), "sato", null, default);
        var (leak, _) = await h.Service.CreateAsync(Declared("顧客リストの流出の疑い") with { Confidential = true }, "ito", null, default);
        await h.DrainQueueAsync();
        var cardsBefore = h.Teams.Cards.Count;

        var merged = await h.Merger.MergeAsync(leak.Value.Id, kept.Value.Id, "sato", default);
        await h.DrainQueueAsync();

        Assert.True(merged.Value.Confidential);
        var row = Assert.Single(await h.TimelineAsync(kept.Value.Id), t => t.Kind == TimelineKind.ConfidentialityChanged);
        Assert.Equal(($"marked confidential: {leak.Value.Id} merged into it was confidential", "sato"), (row.Message, row.By));
        Assert.Equal($"統合した {leak.Value.Id} が非公開のため、非公開に設定しました", OnDuty.Messages.TimelineText.For(row.Kind.ToString(), row.Message, Core.Team.Language.Ja, _ => null));
        Assert.Equal($"Marked confidential: {leak.Value.Id} merged into it was confidential", OnDuty.Messages.TimelineText.For(row.Kind.ToString(), row.Message, Core.Team.Language.En, _ => null));
        var after = h.Teams.Cards.Skip(cardsBefore).Select(System.Text.RegularExpressions.Regex.Unescape).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, card => Assert.DoesNotContain("顧客リスト", card, StringComparison.Ordinal));
        Assert.All(after, card => Assert.DoesNotContain("ログインできない", card, StringComparison.Ordinal));

        await h.Unmerger.UnmergeAsync(leak.Value.Id, "sato", default);

        Assert.True((await h.IncidentAsync(kept.Value.Id)).Confidential);
        Assert.True((await h.IncidentAsync(leak.Value.Id)).Confidential);
    }

    [Fact]
    public async Task NotConfidentialMergedIn_TheKeptOneStaysAsItWas()
    {
        var h = await CreateAsync();
        var (kept, _) = await h.Service.CreateAsync(Declared("ログインできない"), "sato", null, default);
        var (other, _) = await h.Service.CreateAsync(Declared("ログインが遅い"), "ito", null, default);

        var merged = await h.Merger.MergeAsync(other.Value.Id, kept.Value.Id, "sato", default);

        Assert.False(merged.Value.Confidential);
        Assert.DoesNotContain(await h.TimelineAsync(kept.Value.Id), t => t.Kind == TimelineKind.ConfidentialityChanged);
    }
}
