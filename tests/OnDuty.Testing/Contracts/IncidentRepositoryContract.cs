using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Testing.Contracts;

/// <summary>What every <see cref="IIncidentRepository"/> does: the table adapter on Azurite and the in-memory fake run these same tests.</summary>
public abstract class IncidentRepositoryContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    protected IIncidentRepository Sut { get; private set; } = null!;

    /// <summary>A new, empty repository.</summary>
    protected abstract Task<IIncidentRepository> CreateRepositoryAsync();

    public virtual async Task InitializeAsync() => Sut = await CreateRepositoryAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static Incident NewIncident(string id) =>
        Incident.Open(id, new NewIncident
        {
            Title = "Checkout / down #1?",
            Severity = AlertSeverity.Sev1,
            Source = "alertmanager",
            GroupKey = "{}:{a=\"b\"}",
            AffectedAreas = ["checkout", "login"],
            Platforms = ["ios"],
            UserImpact = "Users cannot pay.",
        }, [new AssignedMember("sato", "佐藤 花子", "sato@example.com", Language.Ja)], "alert:alertmanager", T0);

    [Fact]
    public async Task AllocateIdAsync_Parallel_NeverTheSameTwiceAndCountsPerYear()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Sut.AllocateIdAsync(2026, None)));

        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"INC-2026-{n:D4}"), ids.Order(StringComparer.Ordinal));
        Assert.Equal("INC-2027-0001", await Sut.AllocateIdAsync(2027, None));
    }

    [Fact]
    public async Task TryCreateAsync_New_RoundTripsSnapshotAndTimelineAndListsTheYear()
    {
        var incident = NewIncident("INC-2026-0001");
        var expected = incident.ToSnapshot() with { Revision = 1 };

        Assert.NotNull(await Sut.TryCreateAsync(incident, None));

        var loaded = await Sut.GetAsync("INC-2026-0001", None);
        Assert.Equivalent(expected, loaded!.Value.ToSnapshot(), strict: true);
        Assert.Empty(incident.PendingTimeline);
        Assert.Equal([TimelineKind.Opened], (await Sut.GetTimelineAsync("INC-2026-0001", None)).Select(t => t.Kind));
        Assert.Equal(["INC-2026-0001"], await Sut.ListIdsOfYearAsync(2026, 10, None));
    }

    [Fact]
    public async Task TryCreateAsync_ExistingId_ReturnsNullAndWritesNothing()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var second = NewIncident("INC-2026-0001");
        second.Acknowledge("ito", T0.AddMinutes(1));

        Assert.Null(await Sut.TryCreateAsync(second, None));

        Assert.False((await Sut.GetAsync("INC-2026-0001", None))!.Value.IsAcknowledged);
        Assert.Single(await Sut.GetTimelineAsync("INC-2026-0001", None));
    }

    /// <summary>
    /// The record is one JSON property: texts past 32K characters once stored ('&amp;' is kept as six) make storage refuse the
    /// row. The fake refuses it as the adapter surfaces it: a 400 naming the body, nothing written.
    /// </summary>
    [Fact]
    public async Task TryCreateAsync_RecordJsonPastAStringProperty_ValidationNamingBodyAndNothingWritten()
    {
        // Incident.Open refuses such texts (MaxStoredTexts); a record restored with them stands for whatever path might still make one.
        var ampersands = new string('&', Incident.MaxTextLength);
        var opened = Incident.Open("INC-2026-0001", new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev1 }, [], "api", T0);
        var incident = Incident.Restore(opened.ToSnapshot() with { UserImpact = ampersands, Workaround = ampersands });

        var error = await Assert.ThrowsAsync<ValidationException>(() => Sut.TryCreateAsync(incident, None));

        Assert.Contains("PropertyValueTooLarge", Assert.Single(error.Errors["body"]), StringComparison.Ordinal);
        Assert.Null(await Sut.GetAsync("INC-2026-0001", None));
        Assert.Empty(await Sut.GetTimelineAsync("INC-2026-0001", None));
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNullAndEmptyRows()
    {
        Assert.Null(await Sut.GetAsync("INC-2026-0404", None));
        Assert.Empty(await Sut.GetTimelineAsync("INC-2026-0404", None));
        Assert.Empty(await Sut.GetAlertsAsync("INC-2026-0404", None));
    }

    [Fact]
    public async Task SaveAsync_AtCurrentETag_ReplacesAppendsAndRecordsTheRequestKey()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var loaded = (await Sut.GetAsync("INC-2026-0001", None))!;
        loaded.Value.Acknowledge("sato", T0.AddMinutes(1));

        var etag = await Sut.SaveAsync(loaded.Value, loaded.ETag, "ack-key", None);

        Assert.NotEqual(loaded.ETag, etag);
        var reloaded = (await Sut.GetAsync("INC-2026-0001", None))!;
        Assert.Equal(etag, reloaded.ETag);
        Assert.Equal("sato", reloaded.Value.AcknowledgedBy);
        Assert.True(await Sut.HasRequestKeyAsync("INC-2026-0001", "ack-key", None));
        Assert.False(await Sut.HasRequestKeyAsync("INC-2026-0001", "other-key", None));
        Assert.Equal([TimelineKind.Opened, TimelineKind.Acknowledged], (await Sut.GetTimelineAsync("INC-2026-0001", None)).Select(t => t.Kind));
    }

    /// <summary>Two escalation runs claiming one step (trial day 32a, M1): the first wins, the second learns when it was claimed; the record is untouched.</summary>
    [Fact]
    public async Task TryClaimStepAsync_SecondClaimOfTheSameStepAndRound_ToldWhenItWasClaimed()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var before = (await Sut.GetAsync("INC-2026-0001", None))!.ETag;

        Assert.Null(await Sut.TryClaimStepAsync("INC-2026-0001", 1, 0, null, T0, None));
        Assert.Equal(T0, await Sut.TryClaimStepAsync("INC-2026-0001", 1, 0, null, T0.AddMinutes(3), None));
        Assert.Null(await Sut.TryClaimStepAsync("INC-2026-0001", 2, 0, null, T0.AddMinutes(5), None));
        Assert.Null(await Sut.TryClaimStepAsync("INC-2026-0001", 1, 1, null, T0.AddMinutes(9), None)); // reopened: a new round
        // Handed over to another pair: its own claim, once too; giving it up leaves the step's first claim held.
        Assert.Null(await Sut.TryClaimStepAsync("INC-2026-0001", 1, 0, "ito,tanaka", T0.AddMinutes(10), None));
        Assert.Equal(T0.AddMinutes(10), await Sut.TryClaimStepAsync("INC-2026-0001", 1, 0, "ito,tanaka", T0.AddMinutes(11), None));
        Assert.Null(await Sut.TryClaimStepAsync("INC-2026-0001", 1, 0, "ito,sato", T0.AddMinutes(11), None));
        await Sut.ReleaseStepClaimAsync("INC-2026-0001", 1, 0, "ito,tanaka", None);
        Assert.Null(await Sut.TryClaimStepAsync("INC-2026-0001", 1, 0, "ito,tanaka", T0.AddMinutes(12), None));
        Assert.Equal(T0, await Sut.TryClaimStepAsync("INC-2026-0001", 1, 0, null, T0.AddMinutes(12), None));
        Assert.Null(await Sut.TryClaimStepAsync("INC-2026-0001", 1, 0, new string('x', 600), T0.AddMinutes(12), None)); // too long for a key: hashed

        Assert.Equal(before, (await Sut.GetAsync("INC-2026-0001", None))!.ETag);
        Assert.Equal([TimelineKind.Opened], (await Sut.GetTimelineAsync("INC-2026-0001", None)).Select(t => t.Kind));
    }

    [Fact]
    public async Task MutateAsync_PromisedNextUpdateChangesAndRecoveryTime_RoundTripInTheRecordAndTheBoard()
    {
        await Sut.SetOpenAsync("INC-2026-0001", true, None);
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        await Sut.MutateAsync("INC-2026-0001", i =>
        {
            i.PostUpdate(null, "web works", "ito", T0.AddMinutes(2), new IncidentEdit { Workaround = "Use the web site", UserImpact = "iOS users", NextUpdateAt = T0.AddHours(2) });
            return true;
        }, None);

        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal(T0.AddHours(2), stored.Comms.NextUpdateAt);
        Assert.Equal([IncidentChange.Impact, IncidentChange.WorkaroundAdded], stored.Comms.Changes);
        var listed = Assert.Single(await Sut.ListBoardAsync(T0, None));
        Assert.Equal((T0.AddHours(2), 2), (listed.Comms.NextUpdateAt, listed.Comms.Changes.Count));

        await Sut.MutateAsync("INC-2026-0001", i =>
        {
            i.PostUpdate(IncidentStatus.Resolved, "recovered", "ito", T0.AddMinutes(40), new IncidentEdit { ResolvedAt = T0.AddMinutes(25) });
            return true;
        }, None);
        await Sut.SyncIndexesAsync("INC-2026-0001", T0.AddMinutes(40), None);
        stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal((T0.AddMinutes(25), (DateTimeOffset?)null), (stored.ResolvedAt!.Value, stored.Comms.NextUpdateAt));
        Assert.Equal(T0.AddMinutes(25), Assert.Single(await Sut.ListBoardAsync(T0, None)).ResolvedAt);
    }

    /// <summary>What a person's details edit changed is on its timeline row (the page and the retro say 「回避策を追記」), alongside the stakeholder notice's number and audiences.</summary>
    [Fact]
    public async Task MutateAsync_UpdatesChangedDetailsAndNoticeAudiences_RoundTripOnTheTimeline()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        await Sut.MutateAsync("INC-2026-0001", i =>
        {
            i.PostUpdate(null, null, "ito", T0.AddMinutes(2), new IncidentEdit { Workaround = "Use the web site", UserImpact = "iOS users" });
            i.PostUpdate(IncidentStatus.Identified, "cause found", "ito", T0.AddMinutes(3));
            return i.MarkStakeholderNoticeQueued(i.IssueStakeholderNotice(T0.AddMinutes(3)), ["execs", "support"], AlertSeverity.Sev2, T0.AddMinutes(3));
        }, None);

        var timeline = await Sut.GetTimelineAsync("INC-2026-0001", None);

        var edit = Assert.Single(timeline, e => e.Kind == TimelineKind.Update && e.Message is null);
        Assert.Equal([IncidentChange.Impact, IncidentChange.WorkaroundAdded], edit.Changes);
        Assert.Empty(Assert.Single(timeline, e => e.Message == "cause found").Changes);
        var notice = Assert.Single(timeline, e => e.Kind == TimelineKind.StakeholdersNotified);
        Assert.Equal(1, notice.Step);
        Assert.Equal(["execs", "support"], notice.Recipients);
    }

    /// <summary>
    /// What the last stakeholder notice said of the next update reads back as written: a time, or none (a recovery notice),
    /// distinct from a record that never kept it (null).
    /// </summary>
    /// <summary>
    /// Trial day 29, M1, M2: who closed it, who set its severity, a reopen over a person's resolve and the name an acknowledging
    /// tool gave itself are kept in the record (the reopen decides on them, the page and the ack mail say them).
    /// </summary>
    [Fact]
    public async Task MutateAsync_ClosedBySeverityByReopenOverPersonAndAcknowledgingTool_RoundTrip()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        await Sut.TryCreateAsync(NewIncident("INC-2026-0002"), None);
        await Sut.MutateAsync("INC-2026-0001", i =>
        {
            i.Acknowledge("alert:pagerduty", T0.AddMinutes(1), via: "Datadog");
            i.PostUpdate(null, null, "emma", T0.AddMinutes(2), new IncidentEdit { Severity = AlertSeverity.Sev2 });
            return i.Resolve("yamada", T0.AddMinutes(3), "fixed");
        }, None);
        var resolved = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal(("alert:pagerduty", "Datadog", "emma", AlertSeverity.Sev2, "yamada"), (resolved.AcknowledgedBy, resolved.AcknowledgedVia, resolved.SeverityBy, resolved.Severity, resolved.ClosedBy));

        await Sut.MutateAsync("INC-2026-0001", i => i.Reopen("alert:grafana", T0.AddMinutes(4), TimelineTexts.FiredWithinReopenWindow), None);

        var reopened = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.True(reopened.ReopenedOverPerson);
        Assert.False(reopened.IsAcknowledged);
        Assert.Null(reopened.ClosedBy);
        Assert.Null(reopened.AcknowledgedBy);
        Assert.Null(reopened.AcknowledgedVia);
        Assert.Equal("emma", reopened.SeverityBy);
        Assert.Equal(TimelineTexts.ReopenedOverPersonResolve, (await Sut.GetTimelineAsync("INC-2026-0001", None)).Single(t => t.Kind == TimelineKind.Reopened).Message);
        var untouched = (await Sut.GetAsync("INC-2026-0002", None))!.Value;
        Assert.Null(untouched.ClosedBy);
        Assert.Null(untouched.SeverityBy);
        Assert.Null(untouched.AcknowledgedVia);
        Assert.False(untouched.ReopenedOverPerson);
    }

    [Fact]
    public async Task MutateAsync_WhatTheLastNoticeSaidOfTheNextUpdate_RoundTrips()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        await Sut.TryCreateAsync(NewIncident("INC-2026-0002"), None);
        await Sut.MutateAsync("INC-2026-0001", i =>
            i.MarkStakeholderNoticeQueued(i.IssueStakeholderNotice(T0.AddMinutes(3)), ["execs"], AlertSeverity.Sev2, T0.AddMinutes(3), new NoticePromise { NextUpdateBy = T0.AddMinutes(70) }), None);
        Assert.Equal(new NoticePromise { NextUpdateBy = T0.AddMinutes(70), ToldAt = T0.AddMinutes(3) }, (await Sut.GetAsync("INC-2026-0001", None))!.Value.Comms.LastNoticeSaid);

        await Sut.MutateAsync("INC-2026-0001", i =>
        {
            i.PostUpdate(IncidentStatus.Resolved, "recovered", "ito", T0.AddMinutes(20));
            return i.MarkStakeholderNoticeQueued(i.IssueStakeholderNotice(T0.AddMinutes(20)), ["execs"], AlertSeverity.Sev2, T0.AddMinutes(20), new NoticePromise { Closed = true, RecoveredAt = T0.AddMinutes(19), Round = 0 });
        }, None);
        await Sut.MutateAsync("INC-2026-0002", i =>
            i.MarkStakeholderNoticeQueued(i.IssueStakeholderNotice(T0.AddMinutes(3)), ["execs"], AlertSeverity.Sev2, T0.AddMinutes(3)), None);

        // What a recovery notice said of the recovery, when and in which round it was told (trial 33, H1): kept for the reopen's page.
        Assert.Equal(new NoticePromise { NextUpdateBy = null, Closed = true, ToldAt = T0.AddMinutes(20), RecoveredAt = T0.AddMinutes(19), Round = 0 }, (await Sut.GetAsync("INC-2026-0001", None))!.Value.Comms.LastNoticeSaid);
        Assert.Null((await Sut.GetAsync("INC-2026-0002", None))!.Value.Comms.LastNoticeSaid);

        await Sut.MutateAsync("INC-2026-0001", i => i.Reopen("alert:alertmanager", T0.AddMinutes(25), TimelineTexts.FiredWithinReopenWindow), None);
        var reopened = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal(T0.AddMinutes(25), reopened.LastReopenedAt);
        Assert.True(reopened.ReopenedAfterRecoveryTold);
        Assert.Equal(T0.AddMinutes(20), reopened.RecoveryToldAt);
        Assert.Null((await Sut.GetAsync("INC-2026-0002", None))!.Value.LastReopenedAt);
    }

    [Fact]
    public async Task SaveAsync_StaleETag_ThrowsConcurrencyAndWritesNothing()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var first = (await Sut.GetAsync("INC-2026-0001", None))!;
        var second = (await Sut.GetAsync("INC-2026-0001", None))!;
        first.Value.Acknowledge("sato", T0.AddMinutes(1));
        await Sut.SaveAsync(first.Value, first.ETag, null, None);

        second.Value.PostUpdate(null, "note", "emma", T0.AddMinutes(2));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.SaveAsync(second.Value, second.ETag, "note-key", None));

        Assert.False(await Sut.HasRequestKeyAsync("INC-2026-0001", "note-key", None));
        Assert.Equal([TimelineKind.Opened, TimelineKind.Acknowledged], (await Sut.GetTimelineAsync("INC-2026-0001", None)).Select(t => t.Kind));
    }

    [Fact]
    public async Task SaveAsync_RequestKeyUsedBefore_ThrowsConcurrency()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var loaded = (await Sut.GetAsync("INC-2026-0001", None))!;
        loaded.Value.Acknowledge("sato", T0.AddMinutes(1));
        await Sut.SaveAsync(loaded.Value, loaded.ETag, "ack-key", None);

        var again = (await Sut.GetAsync("INC-2026-0001", None))!;
        again.Value.PostUpdate(null, "note", "sato", T0.AddMinutes(2));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.SaveAsync(again.Value, again.ETag, "ack-key", None));

        Assert.Equal(again.ETag, (await Sut.GetAsync("INC-2026-0001", None))!.ETag);
    }

    [Fact]
    public async Task SaveAsync_Missing_ThrowsNotFound()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var etag = (await Sut.GetAsync("INC-2026-0001", None))!.ETag;

        await Assert.ThrowsAsync<NotFoundException>(() => Sut.SaveAsync(NewIncident("INC-2026-0002"), etag, null, None));
    }

    /// <summary>A fixed or coarse clock stamps separate writes with one instant: they still read back in the order written.</summary>
    [Fact]
    public async Task GetTimelineAsync_SeparateWritesAtOneInstant_ReadBackInWriteOrder()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        for (var i = 1; i <= 12; i++)
        {
            await Sut.AppendTimelineAsync("INC-2026-0001", [new TimelineEntry { At = T0, Kind = TimelineKind.Update, Message = $"#{i}" }], None);
        }

        var timeline = await Sut.GetTimelineAsync("INC-2026-0001", None);
        Assert.Equal(TimelineKind.Opened, timeline[0].Kind);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"#{i}"), timeline.Skip(1).Select(t => t.Message));
    }

    [Fact]
    public async Task AppendTimelineAsync_FiftyParallelWriters_EveryRowKeptOldestFirst()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);

        await Task.WhenAll(Enumerable.Range(1, 50).Select(i => Sut.AppendTimelineAsync("INC-2026-0001",
            [new TimelineEntry { At = T0.AddSeconds(51 - i), Kind = TimelineKind.AlertRepeated, AlertKey = "fp/1", Message = $"#{i}" }], None)));

        var repeats = (await Sut.GetTimelineAsync("INC-2026-0001", None)).Where(t => t.Kind == TimelineKind.AlertRepeated).ToList();
        Assert.Equal(Enumerable.Range(1, 50).Reverse().Select(i => $"#{i}"), repeats.Select(t => t.Message));
    }

    [Fact]
    public async Task TrySaveAlertsAsync_AtTheRecordsETag_SavesRecordAlertsAndTimeline_StaleRefusedAndNothingWritten()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var alert = new TrackedAlert { DedupKey = "/subscriptions/x/alerts/#1?", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev1, Summary = "down" };
        // A second later than "opened": rows at the same instant have no defined order in the table store.
        var fired = new TimelineEntry { At = T0.AddSeconds(1), Kind = TimelineKind.AlertFired };
        var first = (await Sut.GetAsync("INC-2026-0001", None))!;
        var second = (await Sut.GetAsync("INC-2026-0001", None))!;

        first.Value.RecordAlertStateChange();
        var etag = await Sut.TrySaveAlertsAsync(first.Value, first.ETag, [alert], [fired], None);
        Assert.NotNull(etag);
        Assert.Equal(etag, (await Sut.GetAsync("INC-2026-0001", None))!.ETag);

        // Decided on the view before the firing: every alert resolved, so the incident would resolve. Refused.
        second.Value.RecordAlertStateChange();
        second.Value.Resolve("alert:alertmanager", T0.AddMinutes(1), "every alert resolved");
        Assert.Null(await Sut.TrySaveAlertsAsync(second.Value, second.ETag, [alert with { Status = AlertStatus.Resolved }], [new TimelineEntry { At = T0.AddMinutes(1), Kind = TimelineKind.AlertResolved }], None));

        Assert.Equivalent(alert, Assert.Single(await Sut.GetAlertsAsync("INC-2026-0001", None)).Value, strict: true);
        var record = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.True(record.IsOpen);
        Assert.Equal(1, record.AlertVersion);
        Assert.Equal([TimelineKind.Opened, TimelineKind.AlertFired], (await Sut.GetTimelineAsync("INC-2026-0001", None)).Select(t => t.Kind));
    }

    /// <summary>An undone merge takes back the alerts that came with it: those rows go with the record's save, at its ETag; a stale save writes nothing.</summary>
    [Fact]
    public async Task TryRemoveAlertsAsync_AtTheRecordsETag_DeletesThoseAlertsOnly_StaleRefusedAndNothingWritten()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var own = new TrackedAlert { DedupKey = "own", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = "payment slow" };
        var came = new TrackedAlert { DedupKey = "/subscriptions/x/alerts/#merged?", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev3, Summary = "login fails" };
        var read = (await Sut.GetAsync("INC-2026-0001", None))!;
        read.Value.RecordAlertStateChange();
        await Sut.TrySaveAlertsAsync(read.Value, read.ETag, [own, came], [], None);
        var first = (await Sut.GetAsync("INC-2026-0001", None))!;
        var stale = (await Sut.GetAsync("INC-2026-0001", None))!;

        first.Value.RecordAlertStateChange();
        var etag = await Sut.TryRemoveAlertsAsync(first.Value, first.ETag, [came.DedupKey], None);

        Assert.NotNull(etag);
        Assert.Equal(etag, (await Sut.GetAsync("INC-2026-0001", None))!.ETag);
        Assert.Equal(["own"], (await Sut.GetAlertsAsync("INC-2026-0001", None)).Select(a => a.Value.DedupKey));
        stale.Value.RecordAlertStateChange();
        Assert.Null(await Sut.TryRemoveAlertsAsync(stale.Value, stale.ETag, ["own"], None));
        Assert.Equal(["own"], (await Sut.GetAlertsAsync("INC-2026-0001", None)).Select(a => a.Value.DedupKey));
        Assert.Equal(2, (await Sut.GetAsync("INC-2026-0001", None))!.Value.AlertVersion);
    }

    /// <summary>Dedup keys around the table's key limit (512 characters with the row's prefix) are each kept apart and read back.</summary>
    [Fact]
    public async Task TrySaveAlertsAsync_DedupKeysAroundTheKeyLimit_EachStoredAndReadBack()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        // Plain, and full of characters a key escapes to three (an Azure resource id's slashes): 170 of them are 510 escaped.
        var keys = new[] { 500, 506, 507, 510, 512, 513, 2_000 }.Select(n => new string('k', n))
            .Concat([new string('/', 168), new string('/', 170), "/subscriptions/" + string.Concat(Enumerable.Repeat("a/#?", 60))]);
        var alerts = keys
            .Select((key, n) => new TrackedAlert { DedupKey = key, Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = $"{n}" })
            .ToList();
        var record = (await Sut.GetAsync("INC-2026-0001", None))!;
        record.Value.RecordAlertStateChange();

        Assert.NotNull(await Sut.TrySaveAlertsAsync(record.Value, record.ETag, alerts, [new TimelineEntry { At = T0.AddSeconds(1), Kind = TimelineKind.AlertFired }], None));

        Assert.Equal(
            alerts.Select(a => (a.DedupKey, a.Summary)).Order(),
            (await Sut.GetAlertsAsync("INC-2026-0001", None)).Select(a => (a.Value.DedupKey, a.Value.Summary)).Order());
    }

    /// <summary>What a page shows of an alert is stored with it.</summary>
    [Fact]
    public async Task TrySaveAlertsAsync_WhatAPageShows_RoundTrips()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var detailed = new TrackedAlert
        {
            DedupKey = "disk", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = "ディスク残り 2%",
            Description = "/var/lib/postgresql の空きが 2% です",
            Labels = [new("severity", "critical"), new("instance", "db-01:9100")],
            Links = [new AlertLink(AlertLinkKinds.Generator, new Uri("https://prometheus.example.com/graph?g0.expr=a&g0.tab=1"), "Prometheus")],
            Runbook = new Uri("https://wiki.example.com/runbooks/disk"),
        };
        var current = (await Sut.GetAsync("INC-2026-0001", None))!;
        current.Value.RecordAlertStateChange();

        Assert.NotNull(await Sut.TrySaveAlertsAsync(current.Value, current.ETag, [detailed], [], None));

        var stored = (await Sut.GetAlertsAsync("INC-2026-0001", None)).Select(a => a.Value).ToDictionary(a => a.DedupKey);
        Assert.Equivalent(detailed, stored["disk"], strict: true);
    }

    [Fact]
    public async Task RewriteRowsAsync_TextRemoved_RowsRewrittenInPlaceOnceRecordUntouched()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        await Sut.AppendTimelineAsync("INC-2026-0001", [new TimelineEntry { At = T0.AddMinutes(1), Kind = TimelineKind.Update, By = "sato", Message = "切り戻し中" }], None);
        var current = (await Sut.GetAsync("INC-2026-0001", None))!;
        current.Value.RecordAlertStateChange();
        var alert = new TrackedAlert
        {
            DedupKey = "disk", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = "Disk 2%", Description = "/var/lib 2% free",
            Labels = [new("instance", "db-01:9100")], Links = [new AlertLink(AlertLinkKinds.Generator, new Uri("https://prometheus.example.com/graph"), "Prometheus")],
        };
        Assert.NotNull(await Sut.TrySaveAlertsAsync(current.Value, current.ETag, [alert], [], None));
        var before = (await Sut.GetAsync("INC-2026-0001", None))!;

        var written = await Sut.RewriteRowsAsync("INC-2026-0001", e => e.WithoutText(), a => a.WithoutDetails(), None);

        Assert.Equal(3, written); // the opening entry, the update, the alert
        var timeline = await Sut.GetTimelineAsync("INC-2026-0001", None);
        Assert.Equal([TimelineKind.Opened, TimelineKind.Update], timeline.Select(e => e.Kind));
        Assert.All(timeline, e => Assert.Null(e.Message));
        Assert.Equal("sato", timeline[1].By);
        var stored = Assert.Single(await Sut.GetAlertsAsync("INC-2026-0001", None)).Value;
        Assert.Equal(("disk", "Disk 2%", null), (stored.DedupKey, stored.Summary, stored.Description));
        Assert.Empty(stored.Labels);
        Assert.Equal(before.ETag, (await Sut.GetAsync("INC-2026-0001", None))!.ETag);
        Assert.Equal(0, await Sut.RewriteRowsAsync("INC-2026-0001", e => e.WithoutText(), a => a.WithoutDetails(), None));
    }

    [Fact]
    public async Task TrySaveAlertsAsync_OverOneHundredRows_Throws()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var current = (await Sut.GetAsync("INC-2026-0001", None))!;
        var alerts = Enumerable.Range(0, 60).Select(i => new TrackedAlert { DedupKey = $"a{i}", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = "x" }).ToList();
        var entries = Enumerable.Range(0, 40).Select(_ => new TimelineEntry { At = T0, Kind = TimelineKind.AlertFired }).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => Sut.TrySaveAlertsAsync(current.Value, current.ETag, alerts, entries, None));
    }

    /// <summary>
    /// The storm hold's count, shared by every instance: an incident listed as new is counted by when its opening paged from the
    /// listing on, before its record exists (the pager decides after the create), and still after its summaries are written; not
    /// the one asking (<c>except</c>), not one opened before the window, not one whose opening paged nobody, not one taken off.
    /// </summary>
    [Fact]
    public async Task CountFirstPagesAsync_CountsListedIncidentsByWhenTheirOpeningPaged()
    {
        var first = NewIncident("INC-2026-0001");
        await Sut.ListNewAsync(first, None);
        Assert.Equal(1, await Sut.CountFirstPagesAsync(T0, null, 10, None));
        Assert.Equal(0, await Sut.CountFirstPagesAsync(T0, "INC-2026-0001", 10, None));
        Assert.NotNull(await Sut.TryCreateAsync(first, None));
        Assert.Equal(1, await Sut.CountFirstPagesAsync(T0, null, 10, None));

        var later = Incident.Open("INC-2026-0002", new NewIncident { Title = "Login slow", Severity = AlertSeverity.Sev2 }, [], "alert:alertmanager", T0.AddMinutes(1));
        await Sut.ListNewAsync(later, None);
        await Sut.TryCreateAsync(later, None);
        var announced = Incident.Open("INC-2026-0003", new NewIncident { Title = "Planned maintenance", Severity = AlertSeverity.Sev3 }, [], "alert:azure-monitor", T0.AddMinutes(1));
        Assert.True(announced.PageNobody("Maintenance", "alert:azure-monitor", T0.AddMinutes(1)));
        await Sut.ListNewAsync(announced, None);
        await Sut.TryCreateAsync(announced, None);

        Assert.Equal(2, await Sut.CountFirstPagesAsync(T0, null, 10, None));
        Assert.Equal(1, await Sut.CountFirstPagesAsync(T0, null, 1, None));
        Assert.Equal(1, await Sut.CountFirstPagesAsync(T0.AddSeconds(30), null, 10, None));
        Assert.Equal(0, await Sut.CountFirstPagesAsync(T0.AddMinutes(1).AddMilliseconds(1), null, 10, None));

        // Acknowledged and saved (its summaries rewritten): still a first page of its time. Taken off the index: no longer counted.
        await Sut.MutateAsync("INC-2026-0002", i => i.Acknowledge("ito", T0.AddMinutes(2)), None);
        Assert.Equal(1, await Sut.CountFirstPagesAsync(T0.AddSeconds(30), null, 10, None));
        await Sut.SetOpenAsync("INC-2026-0001", false, None);
        Assert.Equal(1, await Sut.CountFirstPagesAsync(T0, null, 10, None));
    }

    /// <summary>
    /// Counted in the storm's order (session 60 review): with <c>before</c>, only the incidents paged before the asking one's time (to the
    /// millisecond), or in the same millisecond with a lower id — so of deliveries that came at once, the first are not held by the later.
    /// </summary>
    [Fact]
    public async Task CountFirstPagesAsync_Before_CountsOnlyThoseEarlierInTheStormsOrder()
    {
        var at = T0.AddSeconds(10).AddTicks(1234); // finer than a millisecond: Azure keeps it, Azurite does not
        foreach (var (id, when) in new[] { ("INC-2026-0001", at), ("INC-2026-0002", at), ("INC-2026-0003", at.AddMilliseconds(-5)), ("INC-2026-0004", at.AddSeconds(1)) })
        {
            var incident = Incident.Open(id, new NewIncident { Title = "Storm " + id, Severity = AlertSeverity.Sev2 }, [], "alert:alertmanager", when);
            await Sut.ListNewAsync(incident, None);
        }

        Assert.Equal(1, await Sut.CountFirstPagesAsync(T0, "INC-2026-0001", 10, None, at));
        Assert.Equal(2, await Sut.CountFirstPagesAsync(T0, "INC-2026-0002", 10, None, at));
        Assert.Equal(0, await Sut.CountFirstPagesAsync(T0, "INC-2026-0003", 10, None, at.AddMilliseconds(-5)));
        Assert.Equal(3, await Sut.CountFirstPagesAsync(T0, "INC-2026-0004", 10, None, at.AddSeconds(1)));
        Assert.Equal(3, await Sut.CountFirstPagesAsync(T0, "INC-2026-0004", 10, None));
    }

    /// <summary>
    /// The storm hold's count of recoveries: incidents monitoring resolved before anyone acknowledged them, paged, counted by when
    /// they closed as their summaries say — whether their notice is told yet or not — and not one a person acknowledged first.
    /// </summary>
    [Fact]
    public async Task CountRecoveriesAsync_CountsIncidentsMonitoringResolvedUnanswered_ByWhenTheyClosed()
    {
        foreach (var id in new[] { "INC-2026-0001", "INC-2026-0002" })
        {
            var incident = NewIncident(id);
            incident.RecordNotified(0, ["sato@example.com"], T0);
            await Sut.ListNewAsync(incident, None);
            await Sut.TryCreateAsync(incident, None);
        }

        Assert.Equal(0, await Sut.CountRecoveriesAsync(T0, null, 10, None));
        await Sut.MutateAsync("INC-2026-0001", i => i.Resolve("alert:alertmanager", T0.AddMinutes(3), "every alert resolved"), None);
        await Sut.MutateAsync("INC-2026-0002", i => i.Acknowledge("ito", T0.AddMinutes(1)) & i.Resolve("alert:alertmanager", T0.AddMinutes(3), "every alert resolved"), None);

        Assert.Equal(1, await Sut.CountRecoveriesAsync(T0.AddMinutes(2), null, 10, None));
        Assert.Equal(0, await Sut.CountRecoveriesAsync(T0.AddMinutes(2), "INC-2026-0001", 10, None));
        Assert.Equal(0, await Sut.CountRecoveriesAsync(T0.AddMinutes(3).AddMilliseconds(1), null, 10, None));
        await Sut.MutateAsync("INC-2026-0001", i => i.RecordRecoveredTold(i.PageRound), None);
        Assert.Equal(1, await Sut.CountRecoveriesAsync(T0.AddMinutes(2), null, 10, None));
    }

    [Fact]
    public async Task SetOpenAsync_AddsAndRemoves_ListedInIdOrder()
    {
        await Sut.SetOpenAsync("INC-2026-0010", true, None);
        await Sut.SetOpenAsync("INC-2026-0002", true, None);
        await Sut.SetOpenAsync("INC-2026-0002", true, None);
        await Sut.SetOpenAsync("INC-2026-0003", true, None);
        await Sut.SetOpenAsync("INC-2026-0003", false, None);
        await Sut.SetOpenAsync("INC-2026-0404", false, None);

        Assert.Equal(["INC-2026-0002", "INC-2026-0010"], await Sut.ListOpenIdsAsync(None));
    }

    [Fact]
    public async Task ListIdsOfYearAsync_NewestFirstUpToMax()
    {
        foreach (var id in new[] { "INC-2026-0003", "INC-2026-0001", "INC-2027-0001", "INC-2026-0002" })
        {
            await Sut.TryCreateAsync(NewIncident(id), None);
        }

        Assert.Equal(["INC-2026-0003", "INC-2026-0002"], await Sut.ListIdsOfYearAsync(2026, 2, None));
        Assert.Equal(["INC-2027-0001"], await Sut.ListIdsOfYearAsync(2027, 10, None));
        Assert.Empty(await Sut.ListIdsOfYearAsync(2025, 10, None));
    }

    [Fact]
    public async Task TryBindCreateRequestAsync_FirstBindingWins()
    {
        Assert.Null(await Sut.GetCreateRequestAsync("key-1", None));

        var bound = await Task.WhenAll(Sut.TryBindCreateRequestAsync("key-1", "INC-2026-0001", None), Sut.TryBindCreateRequestAsync("key-1", "INC-2026-0002", None));

        Assert.Single(bound, b => b);
        Assert.Equal(bound[0] ? "INC-2026-0001" : "INC-2026-0002", await Sut.GetCreateRequestAsync("key-1", None));
    }

    [Fact]
    public async Task TryClaimGroupAsync_ParallelFirstFirings_ExactlyOneWinsAndUpdatesAtItsETag()
    {
        var key = "{}/{severity=\"critical\"}:{alertname=\"ProbeFailure\"}";
        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Sut.TryClaimGroupAsync("alertmanager", key, new AlertGroupClaim(null, T0, $"claim-{i}"), None)));
        var winner = Assert.Single(wins, w => w is not null)!;

        var claim = (await Sut.GetOpenGroupAsync("alertmanager", key, None))!;
        Assert.Equal(winner.ClaimId, claim.ClaimId);
        Assert.Equal(winner.ETag, claim.ETag);
        Assert.Null(claim.IncidentId);
        Assert.True(await Sut.TryUpdateGroupAsync("alertmanager", key, claim with { IncidentId = "INC-2026-0001" }, None));
        Assert.False(await Sut.TryUpdateGroupAsync("alertmanager", key, claim with { IncidentId = "INC-2026-0002" }, None));
        Assert.False(await Sut.TryUpdateGroupAsync("alertmanager", "other", claim, None));
        Assert.Equal("INC-2026-0001", (await Sut.GetOpenGroupAsync("alertmanager", key, None))!.IncidentId);
    }

    /// <summary>
    /// A storm's timeline: each minute a person's update and four repeats of two alerts. Pages read the newest rows first,
    /// summarise the repeats per alert and continue until every row was shown once, in time order.
    /// </summary>
    [Fact]
    public async Task GetTimelinePageAsync_StormOfRepeats_NewestRowsFirstRepeatsSummarisedUntilTheFirstRow()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        await AppendStormAsync("INC-2026-0001", minutes: 30);

        var pages = new List<TimelinePage>();
        string? token = null;
        do
        {
            var page = await Sut.GetTimelinePageAsync("INC-2026-0001", 10, token, None);
            pages.Add(page);
            token = page.ContinuationToken;
        }
        while (token is not null && pages.Count < 20);

        Assert.Null(token);
        var first = pages[0];
        Assert.Equal(Enumerable.Range(21, 10).Select(m => $"update {m}"), first.Entries.Select(e => e.Message));
        Assert.Equal([("a", 30, T0.AddMinutes(21).AddSeconds(10), T0.AddMinutes(30).AddSeconds(10)), ("b", 10, T0.AddMinutes(21).AddSeconds(10), T0.AddMinutes(30).AddSeconds(10))],
            first.Repeats.OrderBy(r => r.AlertKey, StringComparer.Ordinal).Select(r => (r.AlertKey, r.Count, r.First, r.Last)));
        var all = Enumerable.Reverse(pages).SelectMany(p => p.Entries).ToList();
        Assert.Equal(["Opened", .. Enumerable.Range(1, 30).Select(_ => "Update")], all.Select(e => e.Kind.ToString()));
        Assert.Equal(Enumerable.Range(1, 30).Select(m => $"update {m}"), all.Skip(1).Select(e => e.Message));
        Assert.Equal(120, pages.Sum(p => p.Repeats.Sum(r => r.Count)));
        await Assert.ThrowsAsync<ValidationException>(() => Sut.GetTimelinePageAsync("INC-2026-0001", 10, "not-a-token", None));
    }

    /// <summary>
    /// The status updates lessons search indexes: rows of kind update, resolved and reopened only (no alert rows, no opening row),
    /// newest first, at most as many as asked — whatever the storm around them.
    /// </summary>
    [Fact]
    public async Task GetUpdatesAsync_StormOfRepeats_OnlyUpdateResolveAndReopenRows_NewestFirst_Bounded()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        await AppendStormAsync("INC-2026-0001", minutes: 12);
        await Sut.AppendTimelineAsync("INC-2026-0001",
        [
            new TimelineEntry { At = T0.AddMinutes(13), Kind = TimelineKind.Resolved, By = "sato", Message = "resolved: failover done" },
            new TimelineEntry { At = T0.AddMinutes(14), Kind = TimelineKind.Reopened, By = "alert:alertmanager", Message = "fired again" },
            new TimelineEntry { At = T0.AddMinutes(15), Kind = TimelineKind.Acknowledged, By = "sato" },
        ], None);

        var updates = await Sut.GetUpdatesAsync("INC-2026-0001", 5, None);

        Assert.Equal(["fired again", "resolved: failover done", "update 12", "update 11", "update 10"], updates.Select(e => e.Message));
        Assert.Equal(14, (await Sut.GetUpdatesAsync("INC-2026-0001", 100, None)).Count);
        Assert.Empty(await Sut.GetUpdatesAsync("INC-2026-0404", 5, None));
    }

    protected async Task AppendStormAsync(string id, int minutes)
    {
        for (var m = 1; m <= minutes; m++)
        {
            var at = T0.AddMinutes(m);
            await Sut.AppendTimelineAsync(id, [new TimelineEntry { At = at, Kind = TimelineKind.Update, By = "sato", Message = $"update {m}" }], None);
            await Sut.AppendTimelineAsync(id,
            [
                .. Enumerable.Range(0, 3).Select(_ => new TimelineEntry { At = at.AddSeconds(10), Kind = TimelineKind.AlertRepeated, By = "alert:alertmanager", AlertKey = "a", Message = "a again" }),
                new TimelineEntry { At = at.AddSeconds(10), Kind = TimelineKind.AlertRepeated, By = "alert:alertmanager", AlertKey = "b", Message = "b again" },
            ], None);
        }
    }

    [Fact]
    public async Task ReleaseGroupAsync_OnlyTheNamedClaim_FreesTheGroup()
    {
        var mine = (await Sut.TryClaimGroupAsync("alertmanager", "g", new AlertGroupClaim(null, T0, "mine"), None))!;
        Assert.True(await Sut.TryUpdateGroupAsync("alertmanager", "g", mine with { IncidentId = "INC-2026-0007" }, None));

        await Sut.ReleaseGroupAsync("alertmanager", "g", "someone-else", None);
        Assert.Equal("mine", (await Sut.GetOpenGroupAsync("alertmanager", "g", None))!.ClaimId);

        await Sut.ReleaseGroupAsync("alertmanager", "g", "mine", None);
        Assert.Null(await Sut.GetOpenGroupAsync("alertmanager", "g", None));
        Assert.NotNull(await Sut.TryClaimGroupAsync("alertmanager", "g", new AlertGroupClaim(null, T0, "next"), None));
    }

    [Fact]
    public async Task GetGroupAsync_ClaimAndLastInOneRead()
    {
        Assert.Equal(new AlertGroupState(null, null), await Sut.GetGroupAsync("grafana", "g", None));
        await Sut.CloseGroupAsync("grafana", "g", "INC-2026-0001", T0, None);
        var claim = (await Sut.TryClaimGroupAsync("grafana", "g", new AlertGroupClaim("INC-2026-0002", T0, "c2"), None))!;

        var state = await Sut.GetGroupAsync("grafana", "g", None);

        Assert.Equal(claim, state.Open);
        Assert.Equal(new LastAlertGroupIncident("INC-2026-0001", T0), state.Last);
    }

    /// <summary>
    /// Resolves of a group with no incident are remembered in the group's partition (trial 31b M2): returned by the same read as
    /// its claim and last incident, each key's latest replacing the one before, and purged once old.
    /// </summary>
    [Fact]
    public async Task RememberResolvesAsync_ReadWithTheGroup_LatestPerKey_Purged()
    {
        await Sut.RememberResolvesAsync("alertmanager", "g", [new("fp-1", T0), new("fp-2", T0.AddMinutes(1))], T0, None);
        await Sut.RememberResolvesAsync("alertmanager", "g", [new("fp-1", T0.AddMinutes(5))], T0.AddMinutes(5), None);
        await Sut.CloseGroupAsync("alertmanager", "g", "INC-2026-0001", T0.AddDays(-30), None);

        var state = await Sut.GetGroupAsync("alertmanager", "g", None);

        Assert.Equal(new LastAlertGroupIncident("INC-2026-0001", T0.AddDays(-30)), state.Last);
        Assert.Equal(2, state.Resolves!.Count);
        Assert.Equal(new RememberedResolve(T0.AddMinutes(5), T0.AddMinutes(5)), state.Resolves["fp-1"]);
        Assert.Equal(new RememberedResolve(T0.AddMinutes(1), T0), state.Resolves["fp-2"]);
        Assert.True((await Sut.GetGroupAsync("alertmanager", "other", None)).Resolves is null or { Count: 0 });

        // The last-incident row and the resolve remembered before T0+2min are old; the other is kept.
        Assert.Equal(2, await Sut.PurgeGroupsAsync("alertmanager", T0.AddMinutes(2), T0.AddDays(-2), None));
        Assert.Equal(["fp-1"], (await Sut.GetGroupAsync("alertmanager", "g", None)).Resolves!.Keys);
    }

    [Fact]
    public async Task TryCreateAsync_WithAlerts_StoresThemWithTheRecordInOneWrite()
    {
        var incident = NewIncident("INC-2026-0001");
        var alert = TrackedAlert.Firing(new AlertInstance { DedupKey = "a/1", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev1, Summary = "down" }, T0, "alertmanager", "g");

        Assert.NotNull(await Sut.TryCreateAsync(incident, [alert], summaries: true, None));
        Assert.Null(await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), [alert with { Summary = "second" }], summaries: true, None));

        var stored = Assert.Single(await Sut.GetAlertsAsync("INC-2026-0001", None));
        Assert.Equal(("a/1", "down", "alertmanager", HeldGroup.MarkOf("alertmanager", "g")), (stored.Value.DedupKey, stored.Value.Summary, stored.Value.Source, stored.Value.Group));
    }

    [Fact]
    public async Task CloseGroupAsync_FreesOnlyItsOwnIncidentsClaimAndRemembersTheLast()
    {
        await Sut.TryClaimGroupAsync("grafana", "g", new AlertGroupClaim("INC-2026-0002", T0, "c2"), None);

        await Sut.CloseGroupAsync("grafana", "g", "INC-2026-0001", T0.AddMinutes(5), None);
        Assert.Equal("INC-2026-0002", (await Sut.GetOpenGroupAsync("grafana", "g", None))!.IncidentId);
        Assert.Equal(new LastAlertGroupIncident("INC-2026-0001", T0.AddMinutes(5)), await Sut.GetLastGroupAsync("grafana", "g", None));

        await Sut.CloseGroupAsync("grafana", "g", "INC-2026-0002", T0.AddMinutes(9), None);
        Assert.Null(await Sut.GetOpenGroupAsync("grafana", "g", None));
        Assert.Equal(new LastAlertGroupIncident("INC-2026-0002", T0.AddMinutes(9)), await Sut.GetLastGroupAsync("grafana", "g", None));
        Assert.Null(await Sut.GetLastGroupAsync("grafana", "other", None));
    }

    [Fact]
    public async Task ListYearAsync_PagesNewestFirstWithAContinuationToken()
    {
        foreach (var id in new[] { "INC-2026-0003", "INC-2026-0001", "INC-2027-0001", "INC-2026-0002", "INC-2026-0010" })
        {
            await Sut.TryCreateAsync(NewIncident(id), None);
        }

        var first = await Sut.ListYearAsync(2026, 3, null, None);
        Assert.Equal(["INC-2026-0010", "INC-2026-0003", "INC-2026-0002"], first.Items.Select(i => i.Id));
        Assert.NotNull(first.ContinuationToken);

        var second = await Sut.ListYearAsync(2026, 3, first.ContinuationToken, None);
        Assert.Equal(["INC-2026-0001"], second.Items.Select(i => i.Id));
        Assert.Null(second.ContinuationToken);

        var exact = await Sut.ListYearAsync(2026, 4, null, None);
        Assert.Equal(4, exact.Items.Count);
        Assert.Null(exact.ContinuationToken);
        Assert.Empty((await Sut.ListYearAsync(2025, 10, null, None)).Items);
        var bad = await Assert.ThrowsAsync<ValidationException>(() => Sut.ListYearAsync(2026, 3, "not-a-token", None));
        Assert.Contains("continuationToken", bad.Errors.Keys);
    }

    [Fact]
    public async Task ListBoardAsync_OpenAndResolvedSince_SummariesFollowEveryChange()
    {
        foreach (var id in new[] { "INC-2026-0001", "INC-2026-0002", "INC-2026-0003" })
        {
            await Sut.SetOpenAsync(id, true, None);
            await Sut.TryCreateAsync(NewIncident(id), None);
        }

        await Sut.MutateAsync("INC-2026-0001", i => i.Acknowledge("ito", T0.AddMinutes(1)), None);
        await Sut.MutateAsync("INC-2026-0001", i =>
        {
            i.PostUpdate(IncidentStatus.Identified, "found it", "ito", T0.AddMinutes(2), new IncidentEdit { Title = "Checkout down", Severity = AlertSeverity.Sev2 });
            return true;
        }, None);
        await Sut.MutateAsync("INC-2026-0002", i => i.Resolve("ito", T0.AddMinutes(10)), None);
        await Sut.SyncIndexesAsync("INC-2026-0002", T0.AddMinutes(10), None);
        await Sut.MutateAsync("INC-2026-0003", i => i.Resolve("ito", T0.AddHours(1), "fixed"), None);
        await Sut.SyncIndexesAsync("INC-2026-0003", T0.AddHours(1), None);

        var board = await Sut.ListBoardAsync(T0.AddMinutes(30) + IncidentService.StatusBoardResolvedWindow, None); // the board's window starts at T0 + 30 min

        Assert.Equal(["INC-2026-0001", "INC-2026-0003"], board.Select(i => i.Id).Order(StringComparer.Ordinal));
        foreach (var listed in board)
        {
            Assert.Equivalent((await Sut.GetAsync(listed.Id, None))!.Value.ToSnapshot(), listed.ToSnapshot(), strict: true);
        }

        var acknowledged = board.Single(i => i.Id == "INC-2026-0001");
        Assert.Equal(("ito", "Checkout down", AlertSeverity.Sev2, IncidentStatus.Identified), (acknowledged.AcknowledgedBy, acknowledged.Title, acknowledged.Severity, acknowledged.Status));
        Assert.Equal(new PersonUpdate(T0.AddMinutes(2), "found it"), acknowledged.LastPersonUpdate);
        Assert.Equal(["INC-2026-0001"], await Sut.ListOpenIdsAsync(None));

        await Sut.MutateAsync("INC-2026-0002", i => i.Reopen("ito", T0.AddHours(2), "again"), None);
        await Sut.SyncIndexesAsync("INC-2026-0002", T0.AddHours(2), None);

        Assert.Equal(["INC-2026-0001", "INC-2026-0002"], await Sut.ListOpenIdsAsync(None));
        var year = await Sut.ListYearAsync(2026, 10, null, None);
        Assert.Equal(["INC-2026-0003", "INC-2026-0002", "INC-2026-0001"], year.Items.Select(i => i.Id));
        foreach (var listed in year.Items)
        {
            Assert.Equivalent((await Sut.GetAsync(listed.Id, None))!.Value.ToSnapshot(), listed.ToSnapshot(), strict: true);
        }
    }

    [Fact]
    public async Task PurgeGroupsAsync_DeletesOldLastIncidentAndGroupingRows_NeverAClaimNorAnotherSourcesRows()
    {
        await Sut.CloseGroupAsync("alertmanager", "old", "INC-2026-0001", T0.AddDays(-10), None);
        await Sut.CloseGroupAsync("alertmanager", "recent", "INC-2026-0002", T0.AddHours(-1), None);
        await Sut.TryClaimGroupAsync("alertmanager", "claimed long ago", new AlertGroupClaim("INC-2026-0003", T0.AddDays(-30), "c"), None);
        await Sut.TryClaimGroupAsync("alertmanager+grouping", "", new AlertGroupClaim("INC-2026-0004", T0.AddDays(-3), "g"), None);
        await Sut.TryClaimGroupAsync("alertmanager+grouping", "cluster=tokyo", new AlertGroupClaim("INC-2026-0005", T0.AddHours(-2), "h"), None);
        await Sut.CloseGroupAsync("grafana", "old", "INC-2026-0006", T0.AddDays(-10), None);

        var purged = await Sut.PurgeGroupsAsync("alertmanager", T0.AddDays(-8), T0.AddDays(-2), None);

        Assert.Equal(2, purged);
        Assert.Null(await Sut.GetLastGroupAsync("alertmanager", "old", None));
        Assert.Equal("INC-2026-0002", (await Sut.GetLastGroupAsync("alertmanager", "recent", None))?.IncidentId);
        Assert.Equal("INC-2026-0003", (await Sut.GetOpenGroupAsync("alertmanager", "claimed long ago", None))?.IncidentId);
        Assert.Null(await Sut.GetOpenGroupAsync("alertmanager+grouping", "", None));
        Assert.Equal("INC-2026-0005", (await Sut.GetOpenGroupAsync("alertmanager+grouping", "cluster=tokyo", None))?.IncidentId);
        Assert.Equal("INC-2026-0006", (await Sut.GetLastGroupAsync("grafana", "old", None))?.IncidentId);
        Assert.Equal(0, await Sut.PurgeGroupsAsync("alertmanager", T0.AddDays(-8), T0.AddDays(-2), None));
    }
}
