using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Undoing a mistaken merge (session 54: INC-0042 「ログイン失敗率の上昇」 merged into INC-0040 「決済APIの応答遅延」 under an alert
/// storm): the duplicate is its own incident again with its groups and alerts, the other forgets it, and its pages reach a person.
/// </summary>
public sealed class IncidentUnmergerTests
{
    private static NewIncident Declared(string title = "決済APIの応答遅延", AlertSeverity severity = AlertSeverity.Sev2) => new() { Title = title, Severity = severity };

    private static AlertNotification Login(params AlertInstance[] alerts) => Notification("login", alerts) with { Title = "ログイン失敗率の上昇" };

    [Fact]
    public async Task UnmergeAsync_AlertIncidentMergedByMistake_ReopensWithItsGroupAndAlerts_TheOtherForgetsIt_AndItsNextAlertLandsOnIt()
    {
        var h = await CreateAsync();
        var (payment, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var login = (await h.Intake.IntakeAsync(Login(Alert("a"), Alert("b")), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Merger.MergeManyAsync(payment.Value.Id, [login], "sato", default);
        // While merged, alert a resolves: on the payment incident, where the group's claim points.
        await h.Intake.IntakeAsync(Login(Alert("a", AlertStatus.Resolved), Alert("b")), default);
        await h.DrainQueueAsync();
        var paymentMails = h.OutboxIds(payment.Value.Id);

        var undone = await h.Unmerger.UnmergeAsync(login, "sato", default);

        Assert.Equal((login, IncidentStatus.Investigating, null, payment.Value.Id), (undone.Value.Id, undone.Value.Status, undone.Value.MergedInto, undone.Value.UnmergedFrom));
        Assert.Equal([new HeldGroup("alertmanager", "login")], undone.Value.HeldGroups);
        Assert.Equal(login, (await h.Incidents.GetOpenGroupAsync("alertmanager", "login", default))?.IncidentId);
        var alerts = (await h.Incidents.GetAlertsAsync(login, default)).Select(a => (a.Value.DedupKey, a.Value.Status)).OrderBy(a => a.DedupKey, StringComparer.Ordinal);
        Assert.Equal([("a", AlertStatus.Resolved), ("b", AlertStatus.Firing)], alerts);
        var kept = await h.IncidentAsync(payment.Value.Id);
        Assert.Empty(kept.MergedIncidents);
        Assert.Empty(kept.MergedGroups);
        Assert.Empty(await h.Incidents.GetAlertsAsync(payment.Value.Id, default));
        Assert.Contains(login, await h.Incidents.ListOpenIdsAsync(default));
        Assert.Equal(("merge into " + payment.Value.Id + " undone by sato", IncidentStatus.Investigating), (await h.TimelineAsync(login)).Where(t => t.Kind == TimelineKind.Unmerged).Select(t => (t.Message, t.Status)).Single());
        Assert.Contains(await h.TimelineAsync(payment.Value.Id), t => t.Kind == TimelineKind.Unmerged && t.Message == $"merge of {login} undone by sato");

        // Nobody had acknowledged it: the pair on duty is paged for it afresh; nobody is paged again for the payment incident.
        await h.DrainQueueAsync();
        var stored = await h.IncidentAsync(login);
        Assert.Equal((0, 1), (stored.NotifiedStep, stored.PageRound));
        Assert.Contains(h.Email.Sent, s => s.Id.StartsWith($"incident:{login}:page:", StringComparison.Ordinal) && s.Id.Contains("r1", StringComparison.Ordinal));
        Assert.Equal(paymentMails, h.OutboxIds(payment.Value.Id));

        // The monitoring tool's next alert of the group lands on it, not on the payment incident.
        var next = await h.Intake.IntakeAsync(Login(Alert("b"), Alert("c")), default);
        Assert.Equal((login, 1), (next.IncidentId, next.Fired));
        Assert.Contains(await h.Incidents.GetAlertsAsync(login, default), a => a.Value.DedupKey == "c");
        Assert.Empty(await h.Incidents.GetAlertsAsync(payment.Value.Id, default));
    }

    [Fact]
    public async Task UnmergeAsync_TheOthersOwnAlerts_StayExactlyAsTheyWere()
    {
        var h = await CreateAsync();
        var payment = (await h.Intake.IntakeAsync(Notification("payment", Alert("p1"), Alert("p2", AlertStatus.Firing)), default)).IncidentId!;
        var login = (await h.Intake.IntakeAsync(Login(Alert("a")), default)).IncidentId!;
        await h.Merger.MergeAsync(login, payment, "sato", default);
        var before = (await h.Incidents.GetAlertsAsync(payment, default)).Where(a => a.Value.DedupKey.StartsWith('p')).Select(a => a.Value).ToList();

        await h.Unmerger.UnmergeAsync(login, "sato", default);

        var after = (await h.Incidents.GetAlertsAsync(payment, default)).Select(a => a.Value).ToList();
        Assert.Equal(before.Select(a => (a.DedupKey, a.Status, a.FirstFiredAt)).OrderBy(a => a.DedupKey), after.Select(a => (a.DedupKey, a.Status, a.FirstFiredAt)).OrderBy(a => a.DedupKey));
        Assert.Equal(payment, (await h.Incidents.GetOpenGroupAsync("alertmanager", "payment", default))?.IncidentId);
        Assert.Equal([new HeldGroup("alertmanager", "payment")], (await h.IncidentAsync(payment)).HeldGroups);
    }

    [Fact]
    public async Task UnmergeAsync_WhatTheMergeBrought_GoesBackWhereNobodyChangedItSince_AndTheRowsSayWhatWasLeft()
    {
        var h = await CreateAsync();
        var target = (await h.Intake.IntakeAsync(Notification("payment", Alert("p1")), default)).IncidentId!;
        var before = await h.IncidentAsync(target);
        var (duplicate, _) = await h.Service.CreateAsync(
            Declared("アプリにログインできない", AlertSeverity.Sev1) with { UserImpact = "一部の利用者がログインできません", Workaround = "Web 版からログインできます", AffectedAreas = ["ログイン"] },
            "ito", null, default);
        await h.Merger.MergeAsync(duplicate.Value.Id, target, "sato", default);
        var merged = await h.IncidentAsync(target);
        Assert.Equal(("アプリにログインできない", AlertSeverity.Sev1), (merged.Title, merged.Severity));
        // Someone wrote a workaround of the payment incident's own since: it stays.
        await h.Service.PostUpdateAsync(target, null, null, new IncidentEdit { Workaround = "請求書払いをご利用ください" }, "emma", null, null, default);

        await h.Unmerger.UnmergeAsync(duplicate.Value.Id, "sato", default);

        var kept = await h.IncidentAsync(target);
        Assert.Equal((before.Title, before.Severity, before.StartedAt, (string?)null), (kept.Title, kept.Severity, kept.StartedAt, kept.UserImpact));
        Assert.Empty(kept.AffectedAreas);
        Assert.Equal("請求書払いをご利用ください", kept.Workaround);
        var rows = (await h.TimelineAsync(target)).Where(t => t.Kind == TimelineKind.Unmerged).Select(t => t.Message).ToList();
        Assert.Equal(
            [$"merge of {duplicate.Value.Id} undone by sato", $"as before the merge of {duplicate.Value.Id}: title, severity, userImpact, affectedAreas", $"left as changed since the merge of {duplicate.Value.Id}: workaround"],
            rows);
        Assert.Contains(await h.TimelineAsync(target), t => t.Kind == TimelineKind.SeverityLowered && t.SeverityFrom == AlertSeverity.Sev1 && t.SeverityTo == before.Severity);

        // The duplicate, declared by a person, is theirs again with what it said.
        var back = await h.IncidentAsync(duplicate.Value.Id);
        Assert.Equal(("アプリにログインできない", AlertSeverity.Sev1, "Web 版からログインできます", IncidentStatus.Investigating), (back.Title, back.Severity, back.Workaround, back.Status));
    }

    /// <summary>
    /// A declared SEV1 merged by mistake into an alert's incident made that one owe a SEV1's retro and run by a person (monitoring's
    /// resolve no longer closed it); undone, neither stays: both came only from the merge.
    /// </summary>
    [Fact]
    public async Task UnmergeAsync_TheHighestSeverityAndTheDeclaredFlagTheMergeBrought_GoBack()
    {
        var h = await CreateAsync();
        var target = (await h.Intake.IntakeAsync(Notification("payment", Alert("p1")), default)).IncidentId!;
        var before = await h.IncidentAsync(target);
        Assert.NotEqual(AlertSeverity.Sev1, before.HighestSeverity);
        Assert.False(before.DeclaredMergedIn);
        var (duplicate, _) = await h.Service.CreateAsync(Declared("アプリにログインできない", AlertSeverity.Sev1), "ito", null, default);
        await h.Merger.MergeAsync(duplicate.Value.Id, target, "sato", default);
        var merged = await h.IncidentAsync(target);
        Assert.Equal((AlertSeverity.Sev1, true), (merged.HighestSeverity, merged.DeclaredMergedIn));

        await h.Unmerger.UnmergeAsync(duplicate.Value.Id, "sato", default);

        var kept = await h.IncidentAsync(target);
        Assert.Equal((before.Severity, before.HighestSeverity, false, false), (kept.Severity, kept.HighestSeverity, kept.DeclaredMergedIn, kept.RunByPerson));
        Assert.Empty(kept.MergeTakings);
    }

    /// <summary>A merge recorded before the highest severity and the flag were kept: undoing it leaves both as they are (not known to be the merge's).</summary>
    [Fact]
    public async Task ForgetMerged_MergeRecordedBeforeTheyWereKept_LeavesTheHighestSeverityAndTheFlag()
    {
        var h = await CreateAsync();
        var target = (await h.Intake.IntakeAsync(Notification("payment", Alert("p1")), default)).IncidentId!;
        var (duplicate, _) = await h.Service.CreateAsync(Declared("アプリにログインできない", AlertSeverity.Sev1), "ito", null, default);
        await h.Merger.MergeAsync(duplicate.Value.Id, target, "sato", default);
        var snapshot = (await h.IncidentAsync(target)).ToSnapshot();
        var old = Incident.Restore(snapshot with
        {
            MergeTakings = [.. snapshot.MergeTakings!.Select(t => t with { MaxSeverity = null, HighestTold = null, DeclaredSet = false, Declared = null })],
        });

        Assert.NotNull(old.ForgetMerged(duplicate.Value.Id, [], "sato", h.Time.GetUtcNow()));

        Assert.Equal((AlertSeverity.Sev1, true), (old.HighestSeverity, old.DeclaredMergedIn));
    }

    [Fact]
    public async Task UnmergeAsync_Refused_WhenNotMerged_Unknown_OrTheOtherWasMergedIntoAThirdSince()
    {
        var h = await CreateAsync();
        var (a, _) = await h.Service.CreateAsync(Declared("A"), "sato", null, default);
        var (b, _) = await h.Service.CreateAsync(Declared("B"), "sato", null, default);
        var (c, _) = await h.Service.CreateAsync(Declared("C"), "sato", null, default);

        // A refusal of the incident's state, as taking over a merged one is: 409 naming the field (RFC 7807), not a lost race.
        var notMerged = await Assert.ThrowsAsync<ConflictException>(() => h.Unmerger.UnmergeAsync(a.Value.Id, "sato", default));
        Assert.Equal("id", notMerged.Field);
        Assert.Equal($"Cannot undo a merge of {a.Value.Id}: it was not merged into another incident.", notMerged.Reason);
        await Assert.ThrowsAsync<NotFoundException>(() => h.Unmerger.UnmergeAsync("INC-2026-9999", "sato", default));

        await h.Merger.MergeAsync(a.Value.Id, b.Value.Id, "sato", default);
        await h.Merger.MergeAsync(b.Value.Id, c.Value.Id, "sato", default);
        var chained = await Assert.ThrowsAsync<ConcurrencyException>(() => h.Unmerger.UnmergeAsync(a.Value.Id, "sato", default));
        Assert.Contains($"{b.Value.Id} was merged into {c.Value.Id} since; undo that merge first (POST /api/incidents/{b.Value.Id}/unmerge)", chained.Message);
        Assert.Equal(b.Value.Id, (await h.IncidentAsync(a.Value.Id)).MergedInto);

        // In that order it goes through.
        await h.Unmerger.UnmergeAsync(b.Value.Id, "sato", default);
        await h.Unmerger.UnmergeAsync(a.Value.Id, "sato", default);
        Assert.True((await h.IncidentAsync(a.Value.Id)).IsOpen);
        Assert.Empty((await h.IncidentAsync(b.Value.Id)).MergedIncidents);
        Assert.Empty((await h.IncidentAsync(c.Value.Id)).MergedIncidents);
    }

    [Fact]
    public async Task UnmergeAsync_Repeated_ChangesNothingMore()
    {
        var h = await CreateAsync();
        var (payment, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var login = (await h.Intake.IntakeAsync(Login(Alert("a")), default)).IncidentId!;
        await h.Merger.MergeAsync(login, payment.Value.Id, "sato", default);
        await h.Unmerger.UnmergeAsync(login, "sato", default);
        await h.DrainQueueAsync();
        var (rows, otherRows, mails) = ((await h.TimelineAsync(login)).Count, (await h.TimelineAsync(payment.Value.Id)).Count, h.Email.Sent.Count);

        var again = await h.Unmerger.UnmergeAsync(login, "sato", default);
        await h.DrainQueueAsync();

        Assert.True(again.Value.IsOpen);
        Assert.Equal((rows, otherRows, mails), ((await h.TimelineAsync(login)).Count, (await h.TimelineAsync(payment.Value.Id)).Count, h.Email.Sent.Count));
        Assert.Equal(login, (await h.Incidents.GetOpenGroupAsync("alertmanager", "login", default))?.IncidentId);
    }

    [Fact]
    public async Task UnmergeAsync_RepeatedAfterItStoppedOnceTheDuplicateReopened_FinishesTheRest()
    {
        var h = await CreateAsync();
        var (payment, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var login = (await h.Intake.IntakeAsync(Login(Alert("a")), default)).IncidentId!;
        await h.Merger.MergeAsync(login, payment.Value.Id, "sato", default);
        // As a request that died right after step 2 leaves it: the duplicate reopened, its claim and the other's lists not yet moved.
        await h.Incidents.MutateAsync(login, d => d.Unmerge("sato", h.Time.GetUtcNow(), null), default);
        Assert.Equal(payment.Value.Id, (await h.Incidents.GetOpenGroupAsync("alertmanager", "login", default))?.IncidentId);

        await h.Unmerger.UnmergeAsync(login, "sato", default);

        Assert.Equal(login, (await h.Incidents.GetOpenGroupAsync("alertmanager", "login", default))?.IncidentId);
        var kept = await h.IncidentAsync(payment.Value.Id);
        Assert.Empty(kept.MergedIncidents);
        Assert.Empty(await h.Incidents.GetAlertsAsync(payment.Value.Id, default));
        Assert.Single(await h.TimelineAsync(login), t => t.Kind == TimelineKind.Unmerged);
    }

    [Fact]
    public async Task UnmergeAsync_EveryAlertOfItsOwnResolvedWhileMerged_ItStaysResolved_AndItsGroupIsFree()
    {
        var h = await CreateAsync();
        var (payment, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var login = (await h.Intake.IntakeAsync(Login(Alert("a")), default)).IncidentId!;
        await h.Merger.MergeAsync(login, payment.Value.Id, "sato", default);
        await h.Intake.IntakeAsync(Login(Alert("a", AlertStatus.Resolved)), default);
        await h.DrainQueueAsync();
        var mails = h.Email.Sent.Count;

        var undone = await h.Unmerger.UnmergeAsync(login, "sato", default);
        await h.DrainQueueAsync();

        Assert.Equal((IncidentStatus.Resolved, null), (undone.Value.Status, undone.Value.MergedInto));
        Assert.Null(await h.Incidents.GetOpenGroupAsync("alertmanager", "login", default));
        Assert.DoesNotContain(login, await h.Incidents.ListOpenIdsAsync(default));
        Assert.Equal(mails, h.Email.Sent.Count);
    }

    [Fact]
    public async Task UnmergeAsync_AcknowledgedBeforeTheMerge_StaysWithWhoeverTookIt_NobodyPaged_AndTheyAreToldByMailOnce()
    {
        var h = await CreateAsync();
        var (payment, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var login = (await h.Intake.IntakeAsync(Login(Alert("a")), default)).IncidentId!;
        var taker = (await h.IncidentAsync(login)).Assignees[0];
        var member = taker.Id;
        await h.Service.AcknowledgeAsync(login, member, null, default);
        await h.Service.PostUpdateAsync(login, IncidentStatus.Identified, "原因を特定しました", null, member, null, null, default);
        await h.Merger.MergeAsync(login, payment.Value.Id, "sato", default);
        await h.DrainQueueAsync();
        var pages = h.Email.Sent.Count(s => s.Id.StartsWith($"incident:{login}:page:", StringComparison.Ordinal));

        var undone = await h.Unmerger.UnmergeAsync(login, "sato", default);
        await h.DrainQueueAsync();

        Assert.Equal((IncidentStatus.Identified, member), (undone.Value.Status, undone.Value.AcknowledgedBy));
        Assert.Equal(pages, h.Email.Sent.Count(s => s.Id.StartsWith($"incident:{login}:page:", StringComparison.Ordinal)));
        var told = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{login}:unmerged", StringComparison.Ordinal));
        Assert.Equal(taker.Email, told.Message.To);
        Assert.Contains($"{login} の {payment.Value.Id} への統合を取り消しました", told.Message.TextBody);
        Assert.Contains("統合の取り消し】", told.Message.Subject);

        // Repeated: nobody is told twice.
        await h.Unmerger.UnmergeAsync(login, "sato", default);
        await h.DrainQueueAsync();
        Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{login}:unmerged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnmergeAsync_WithParallelDeliveriesOfTheGroup_NoResolveIsLost_AndNoneStaysOnTheOther()
    {
        for (var round = 0; round < 10; round++)
        {
            var h = await CreateAsync();
            var (payment, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
            var keys = Enumerable.Range(1, 8).Select(i => $"a{i}").ToList();
            var login = (await h.Intake.IntakeAsync(Login([.. keys.Select(k => Alert(k))]), default)).IncidentId!;
            await h.Merger.MergeAsync(login, payment.Value.Id, "sato", default);

            var deliveries = keys.Select(k => Task.Run(() => h.Intake.IntakeAsync(Login(Alert(k, AlertStatus.Resolved)), default))).ToList();
            var undo = Task.Run(() => h.Unmerger.UnmergeAsync(login, "sato", default));
            await Task.WhenAll([.. deliveries, undo]);

            var alerts = await h.Incidents.GetAlertsAsync(login, default);
            Assert.All(keys, k => Assert.Equal(AlertStatus.Resolved, alerts.Single(a => a.Value.DedupKey == k).Value.Status));
            Assert.Empty(await h.Incidents.GetAlertsAsync(payment.Value.Id, default));
            Assert.Empty((await h.IncidentAsync(payment.Value.Id)).MergedIncidents);
        }
    }

    /// <summary>
    /// The window the parallel test above hit about once in ten runs under load: a resolve of the duplicate's group read the other's
    /// record while it still held the group (merged), and its alert rows after the undo had removed them there. Untracked there, the
    /// resolve was taken for one sent again and dropped: the alert stayed firing on the reopened incident, which never resolved.
    /// </summary>
    [Fact]
    public async Task UnmergeAsync_AResolveThatReadTheOthersRecordBeforeTheUndoAndItsAlertsAfter_ResolvesTheAlertOnTheDuplicate()
    {
        var h = await CreateAsync();
        var (payment, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var login = (await h.Intake.IntakeAsync(Login(Alert("a"), Alert("b")), default)).IncidentId!;
        await h.Merger.MergeAsync(login, payment.Value.Id, "sato", default);
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Incidents.BeforeAlertsRead = id =>
        {
            if (id != payment.Value.Id)
            {
                return null;
            }

            h.Incidents.BeforeAlertsRead = null;
            reading.SetResult();
            return release.Task;
        };

        // The group's claim names the payment incident: the resolve reads its record (holding the login group), then waits to read its rows.
        var delivery = Task.Run(() => h.Intake.IntakeAsync(Login(Alert("a", AlertStatus.Resolved)), default));
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await h.Unmerger.UnmergeAsync(login, "sato", default);
        Assert.Empty(await h.Incidents.GetAlertsAsync(payment.Value.Id, default));
        release.SetResult();
        var result = await delivery.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal((login, 1), (result.IncidentId, result.ResolvedAlerts));
        var alerts = (await h.Incidents.GetAlertsAsync(login, default)).Select(a => (a.Value.DedupKey, a.Value.Status)).OrderBy(a => a.DedupKey, StringComparer.Ordinal);
        Assert.Equal([("a", AlertStatus.Resolved), ("b", AlertStatus.Firing)], alerts);
        Assert.Empty(await h.Incidents.GetAlertsAsync(payment.Value.Id, default));
        Assert.Contains(await h.TimelineAsync(login), t => t.Kind == TimelineKind.AlertResolved && t.AlertKey == "a");

        // Its last alert's resolve resolves it.
        await h.Intake.IntakeAsync(Login(Alert("b", AlertStatus.Resolved)), default);
        Assert.Equal(IncidentStatus.Resolved, (await h.IncidentAsync(login)).Status);
    }

    /// <summary>
    /// A resolve that read the claim before it moved back lands on the other while the undo runs, and goes back to the duplicate; the
    /// alert fires anew there (a delivery after the claim moved back) just after that carry: the newer firing stays. Before, the carry
    /// marked the firing's row as its own, and carried the other's resolve over it on its next pass: a firing lost.
    /// </summary>
    [Fact]
    public async Task UnmergeAsync_AnAlertFiringAnewOnTheDuplicateJustAfterItsResolveWasCarriedBack_StaysFiring()
    {
        var h = await CreateAsync();
        var (payment, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var login = (await h.Intake.IntakeAsync(Login(Alert("a"), Alert("b")), default)).IncidentId!;
        await h.Merger.MergeAsync(login, payment.Value.Id, "sato", default);
        var resolving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<AlertIntakeResult>? resolve = null;
        AlertIntakeResult? firedAnew = null;
        var loginReads = 0;
        async Task OnLoginReadAsync()
        {
            if ((await h.Incidents.GetOpenGroupAsync("alertmanager", "login", default))?.IncidentId != login)
            {
                return;
            }

            // The undo's reads of the duplicate's rows once its claim is back: the other's forgetting starts (1), its carry reads (2),
            // then reads its rows again after writing the resolve back (3).
            switch (++loginReads)
            {
                case 1:
                    release.SetResult();
                    await resolve!;
                    break;
                case 3:
                    h.Time.Advance(TimeSpan.FromMinutes(1));
                    firedAnew = await h.Intake.IntakeAsync(Login(Alert("a")), default);
                    break;
            }
        }

        h.Incidents.BeforeAlertsRead = id => id == payment.Value.Id && resolving.TrySetResult()
            ? release.Task
            : id == login && loginReads < 3 ? OnLoginReadAsync() : null;

        // The resolve of a reads the claim (the payment incident's) and its record, and waits to read its rows until the undo forgets it.
        resolve = Task.Run(() => h.Intake.IntakeAsync(Login(Alert("a", AlertStatus.Resolved)), default));
        await resolving.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await h.Unmerger.UnmergeAsync(login, "sato", default);

        var resolved = await resolve;
        Assert.Equal((payment.Value.Id, 1), (resolved.IncidentId, resolved.ResolvedAlerts));
        Assert.NotNull(firedAnew);
        Assert.Equal((login, 1), (firedAnew.IncidentId, firedAnew.Fired));
        var alerts = (await h.Incidents.GetAlertsAsync(login, default)).Select(a => (a.Value.DedupKey, a.Value.Status)).OrderBy(a => a.DedupKey, StringComparer.Ordinal);
        Assert.Equal([("a", AlertStatus.Firing), ("b", AlertStatus.Firing)], alerts);
        Assert.Empty(await h.Incidents.GetAlertsAsync(payment.Value.Id, default));
    }

    [Fact]
    public async Task UnmergeAsync_AnAlertNewToTheDuplicatesGroupFiredAfterTheMerge_GoesBackToIt_ItsResolveResolvesIt_AndTheOtherResolvesOnItsOwn()
    {
        var h = await CreateAsync();
        var payment = (await h.Intake.IntakeAsync(Notification("payment", Alert("p1")), default)).IncidentId!;
        var login = (await h.Intake.IntakeAsync(Login(Alert("a")), default)).IncidentId!;
        await h.Merger.MergeAsync(login, payment, "sato", default);
        // While merged, the login group's own alert resolves and a new one of it fires: both land on the payment incident.
        Assert.Equal(payment, (await h.Intake.IntakeAsync(Login(Alert("a", AlertStatus.Resolved), Alert("n")), default)).IncidentId);
        var landed = Assert.Single(await h.Incidents.GetAlertsAsync(payment, default), a => a.Value.DedupKey == "n").Value;
        Assert.Equal((HeldGroup.MarkOf("alertmanager", "login"), "alertmanager", 24), (landed.Group, landed.Source, landed.Group!.Length));

        var undone = await h.Unmerger.UnmergeAsync(login, "sato", default);

        // The alert still firing is the login incident's: it is open with it, and the payment incident holds its own alert only.
        Assert.Equal((IncidentStatus.Investigating, null), (undone.Value.Status, undone.Value.MergedInto));
        var alerts = (await h.Incidents.GetAlertsAsync(login, default)).Select(a => (a.Value.DedupKey, a.Value.Status, a.Value.Group)).OrderBy(a => a.DedupKey, StringComparer.Ordinal);
        Assert.Equal([("a", AlertStatus.Resolved, HeldGroup.MarkOf("alertmanager", "login")), ("n", AlertStatus.Firing, HeldGroup.MarkOf("alertmanager", "login"))], alerts);
        Assert.Equal(["p1"], (await h.Incidents.GetAlertsAsync(payment, default)).Select(a => a.Value.DedupKey));

        // Its resolve resolves the login incident; the payment incident resolves when its own alert does.
        Assert.Equal(login, (await h.Intake.IntakeAsync(Login(Alert("n", AlertStatus.Resolved)), default)).IncidentId);
        Assert.Equal(IncidentStatus.Resolved, (await h.IncidentAsync(login)).Status);
        Assert.True((await h.IncidentAsync(payment)).IsOpen);
        await h.Intake.IntakeAsync(Notification("payment", Alert("p1", AlertStatus.Resolved)), default);
        Assert.Equal(IncidentStatus.Resolved, (await h.IncidentAsync(payment)).Status);
    }

    [Fact]
    public async Task UnmergeAsync_RepeatedAfterItStoppedOnceTheDuplicateReopened_CarriesBackWhatADeliveryWroteToTheOtherMeanwhile()
    {
        var h = await CreateAsync();
        var payment = (await h.Intake.IntakeAsync(Notification("payment", Alert("p1")), default)).IncidentId!;
        var login = (await h.Intake.IntakeAsync(Login(Alert("a"), Alert("b")), default)).IncidentId!;
        await h.Merger.MergeAsync(login, payment, "sato", default);
        // A request that died right after step 2: the duplicate reopened, the claim still names the other. A delivery then resolves
        // a, fires b again unchanged, and fires n (new to the group): all on the other.
        await h.Incidents.MutateAsync(login, d => d.Unmerge("sato", h.Time.GetUtcNow(), null), default);
        Assert.Equal(payment, (await h.Intake.IntakeAsync(Login(Alert("a", AlertStatus.Resolved), Alert("b"), Alert("n")), default)).IncidentId);

        await h.Unmerger.UnmergeAsync(login, "sato", default);

        var alerts = (await h.Incidents.GetAlertsAsync(login, default)).Select(a => (a.Value.DedupKey, a.Value.Status)).OrderBy(a => a.DedupKey, StringComparer.Ordinal);
        Assert.Equal([("a", AlertStatus.Resolved), ("b", AlertStatus.Firing), ("n", AlertStatus.Firing)], alerts);
        Assert.Equal(["p1"], (await h.Incidents.GetAlertsAsync(payment, default)).Select(a => a.Value.DedupKey));
        Assert.Empty((await h.IncidentAsync(payment)).MergedIncidents);
    }

    [Fact]
    public async Task UnmergeAsync_AlertsStoredWithoutTheirGroup_GoByTheAlertsTheDuplicateHad()
    {
        var h = await CreateAsync();
        var payment = (await h.Intake.IntakeAsync(Notification("payment", Alert("p1")), default)).IncidentId!;
        var login = (await h.Intake.IntakeAsync(Login(Alert("a")), default)).IncidentId!;
        await h.Merger.MergeAsync(login, payment, "sato", default);
        await h.Intake.IntakeAsync(Login(Alert("n")), default);
        // As rows stored before 12-06 read: no group.
        await h.Incidents.RewriteRowsAsync(payment, t => t, a => a with { Group = null }, default);

        await h.Unmerger.UnmergeAsync(login, "sato", default);

        Assert.Equal(["a"], (await h.Incidents.GetAlertsAsync(login, default)).Select(a => a.Value.DedupKey));
        Assert.Equal(["n", "p1"], (await h.Incidents.GetAlertsAsync(payment, default)).Select(a => a.Value.DedupKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UnmergeAsync_FollowersTheMergeCarriedOver_FollowTheOtherNoMore_ThoseWhoFollowedItBeforeStay()
    {
        var h = await CreateAsync();
        var (payment, _) = await h.Service.CreateAsync(Declared(), "sato", null, default);
        var login = (await h.Intake.IntakeAsync(Login(Alert("a")), default)).IncidentId!;
        await h.Following.FollowAsync(login, "tanaka", default);
        await h.Following.FollowAsync(login, "emma", default);
        await h.Following.FollowAsync(payment.Value.Id, "emma", default);
        await h.Merger.MergeAsync(login, payment.Value.Id, "sato", default);
        Assert.Equal(["emma", "tanaka"], await h.Following.IdsAsync(payment.Value.Id, default));
        Assert.Equal(["tanaka"], (await h.IncidentAsync(payment.Value.Id)).MergeTakings.Single().Followers);

        await h.Unmerger.UnmergeAsync(login, "sato", default);

        Assert.Equal(["emma"], await h.Following.IdsAsync(payment.Value.Id, default));
        Assert.Equal(["emma", "tanaka"], await h.Following.IdsAsync(login, default));
    }
}
