using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Infrastructure.Tests.Tables;
using OnDuty.Testing;
using OnDuty.Testing.Contracts;

namespace OnDuty.Infrastructure.Tests.Incidents;

public sealed class TableIncidentRepositoryTests(AzuriteFixture azurite) : IncidentRepositoryContract, IClassFixture<AzuriteFixture>
{
    private TablesHarness _harness = null!;

    protected override async Task<IIncidentRepository> CreateRepositoryAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "inc");
        return _harness.Services.GetRequiredService<IIncidentRepository>();
    }

    public override async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>
    /// Timeline rows stored before newest-first paging (RK <c>timeline|{ticks}|…</c>, oldest first) are still read: after the
    /// newer rows, in time order, by both the whole-timeline read and the pages.
    /// </summary>
    [Fact]
    public async Task GetTimelinePageAsync_RowsOfTheOldLayout_ReadAfterTheNewerOnes()
    {
        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        for (var m = 1; m <= 5; m++)
        {
            var old = new TimelineEntry { At = T0.AddSeconds(m), Kind = TimelineKind.Update, By = "sato", Message = $"old {m}" };
            await tables.Incidents.AddEntityAsync(new Azure.Data.Tables.TableEntity("INC-2026-0001", $"timeline|{old.At.UtcTicks:D19}|000{Guid.NewGuid():n}")
            {
                ["Data"] = System.Text.Json.JsonSerializer.Serialize(old, json),
                ["Kind"] = old.Kind.ToString(),
            });
        }

        await AppendStormAsync("INC-2026-0001", minutes: 3);

        Assert.Equal(["old 1", "old 2", "old 3", "old 4", "old 5", "update 1", "update 2", "update 3"],
            (await Sut.GetTimelineAsync("INC-2026-0001", None)).Where(e => e.Kind != TimelineKind.AlertRepeated).Select(e => e.Message));
        var newest = await Sut.GetTimelinePageAsync("INC-2026-0001", 4, null, None);
        var older = await Sut.GetTimelinePageAsync("INC-2026-0001", 3, newest.ContinuationToken, None);
        var oldest = await Sut.GetTimelinePageAsync("INC-2026-0001", 3, older.ContinuationToken, None);
        Assert.Equal(["old 5", "update 1", "update 2", "update 3"], newest.Entries.Select(e => e.Message));
        Assert.Equal(12, newest.Repeats.Sum(r => r.Count));
        Assert.Equal(["old 2", "old 3", "old 4"], older.Entries.Select(e => e.Message));
        Assert.Equal(["old 1"], oldest.Entries.Select(e => e.Message));
        Assert.Null(oldest.ContinuationToken);
    }

    /// <summary>
    /// A timeline row of a kind this build does not know (written by a later release, read after a rollback) reads as an update
    /// with its message; the rest of the timeline is read as before. A reader that failed on it stopped the incident's early
    /// escalation and stakeholder notices (review).
    /// </summary>
    [Fact]
    public async Task GetTimelineAsync_KindOfALaterRelease_ReadAsAnUpdateWithItsMessage()
    {
        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var later = new TimelineEntry { At = T0.AddSeconds(1), Kind = TimelineKind.Update, By = "sato", Message = "something a later release records" };
        var json = System.Text.Json.JsonSerializer.Serialize(later, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
        Assert.Contains("\"kind\":\"Update\"", json, StringComparison.Ordinal);
        await tables.Incidents.AddEntityAsync(new Azure.Data.Tables.TableEntity("INC-2026-0001", $"timeline|{later.At.UtcTicks:D19}|000{Guid.NewGuid():n}")
        {
            ["Data"] = json.Replace("\"kind\":\"Update\"", "\"kind\":\"SomethingNew\"", StringComparison.Ordinal),
            ["Kind"] = "SomethingNew",
        });
        await AppendStormAsync("INC-2026-0001", minutes: 1);

        var timeline = await Sut.GetTimelineAsync("INC-2026-0001", None);

        var read = Assert.Single(timeline, e => e.Message == "something a later release records");
        Assert.Equal((TimelineKind.Update, "sato"), (read.Kind, read.By));
        Assert.Contains(timeline, e => e.Message == "update 1");
    }

    /// <summary>
    /// An update row of the previous release (no <c>changes</c>) reads with none, and one of a later release naming a change this
    /// build does not know reads with the ones it knows; the rest of the timeline reads as before.
    /// </summary>
    [Fact]
    public async Task GetTimelineAsync_UpdateRowsWithoutChangesOrWithAnUnknownOne_Read()
    {
        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var previous = System.Text.Json.JsonSerializer.Serialize(new { at = T0.AddSeconds(1), kind = "Update", by = "sato", message = (string?)null, status = (string?)null, recipients = Array.Empty<string>() }, json);
        var later = System.Text.Json.JsonSerializer.Serialize(new { at = T0.AddSeconds(2), kind = "Update", by = "sato", changes = new[] { "WorkaroundAdded", "SomethingNew" } }, json);
        foreach (var (data, second) in new[] { (previous, 1), (later, 2) })
        {
            await tables.Incidents.AddEntityAsync(new Azure.Data.Tables.TableEntity("INC-2026-0001", $"timeline|{T0.AddSeconds(second).UtcTicks:D19}|000{Guid.NewGuid():n}")
            {
                ["Data"] = data,
                ["Kind"] = "Update",
            });
        }

        await AppendStormAsync("INC-2026-0001", minutes: 1);

        var timeline = await Sut.GetTimelineAsync("INC-2026-0001", None);

        Assert.Equal([[], [IncidentChange.WorkaroundAdded]], timeline.Where(e => e.At < T0.AddSeconds(3)).Select(e => e.Changes.ToArray()));
        Assert.Contains(timeline, e => e.Message == "update 1");
    }

    /// <summary>
    /// Trial 61: a takeover row of an assignment keeps who assigned it (<c>assignedBy</c>) beside the takeover's message, and reads in the
    /// shape of the previous release's entry (which skips it): a rollback reads it as the takeover it is.
    /// </summary>
    [Fact]
    public async Task AppendTimelineAsync_TakeOverAssigned_KeepsTheAssigner_AndReadableWithoutIt()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev3 }, [], "sato", T0);
        incident.Acknowledge("sato", T0.AddMinutes(1));
        incident.TakeOver("suzuki", T0.AddMinutes(2), null, out _, assignedBy: "yamada");
        await Sut.TryCreateAsync(incident, None);

        var read = Assert.Single(await Sut.GetTimelineAsync("INC-2026-0001", None), e => e.Kind == TimelineKind.TookOver);
        Assert.Equal(("suzuki", "suzuki took over from sato", "yamada"), (read.By, read.Message, read.AssignedBy));

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        string? stored = null;
        await foreach (var row in tables.Incidents.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "INC-2026-0001"))
        {
            stored = row.GetString("Kind") == "TookOver" ? row.GetString("Data") : stored;
        }

        Assert.Contains("\"assignedBy\":\"yamada\"", stored, StringComparison.Ordinal);
        var previous = System.Text.Json.JsonSerializer.Deserialize<PreviousTimelineEntry>(stored!, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        });
        Assert.Equal(("TookOver", "suzuki", "suzuki took over from sato"), (previous!.Kind, previous.By, previous.Message));
    }

    /// <summary>
    /// The row as this release writes it holds the changes by name, and reads in the shape of the previous release's entry
    /// (no <c>changes</c>), which skips what it does not know: a rollback still reads the timeline.
    /// </summary>
    [Fact]
    public async Task AppendTimelineAsync_UpdateWithChanges_StoredByName_AndReadableWithoutThem()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev3 }, [], "sato", T0);
        incident.PostUpdate(null, null, "sato", T0.AddMinutes(1), new IncidentEdit { Workaround = "Web 版から" });
        await Sut.TryCreateAsync(incident, None);

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var rows = tables.Incidents.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "INC-2026-0001");
        var data = new List<string>();
        await foreach (var row in rows)
        {
            if (row.GetString("Kind") == "Update")
            {
                data.Add(row.GetString("Data"));
            }
        }

        var stored = Assert.Single(data);
        Assert.Contains("\"changes\":[\"WorkaroundAdded\"]", stored, StringComparison.Ordinal);
        var previous = System.Text.Json.JsonSerializer.Deserialize<PreviousTimelineEntry>(stored, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        });
        Assert.Equal(("Update", "sato"), (previous!.Kind, previous.By));
    }

    /// <summary>
    /// A quiet correction (<see cref="Incident.Correct"/>) through the read-modify-write: its row is stored as <c>Corrected</c> with
    /// its changes by name and reads back so, the details changed, and what the record holds of telling the stakeholders is as it
    /// was (no notice owed, the update clock and reminders kept, a recovery notice still owed).
    /// </summary>
    [Fact]
    public async Task MutateAsync_QuietCorrection_RowStoredAsCorrectedWithItsChanges_StakeholderStateAsItWas()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev1, Source = "alertmanager" }, [], "alert:alertmanager", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(1)), ["execs"], AlertSeverity.Sev1, T0.AddMinutes(1), new NoticePromise { NextUpdateBy = T0.AddMinutes(31) });
        incident.Resolve("alert:alertmanager", T0.AddMinutes(20));
        Assert.True(incident.RecordRecoveryReminder(1, T0.AddMinutes(20)));
        await Sut.TryCreateAsync(incident, None);
        var before = (await Sut.GetAsync("INC-2026-0001", None))!.Value;

        await Sut.MutateAsync("INC-2026-0001", i => i.Correct(new IncidentEdit { Title = "決済APIのエラー率上昇", ResolvedAt = T0.AddMinutes(18) }, "sato", T0.AddMinutes(30)), None);

        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal(("決済APIのエラー率上昇", T0.AddMinutes(18)), (stored.Title, stored.ResolvedAt));
        Assert.Equal(
            (before.Comms.Issued, before.Comms.Queued, before.Comms.LastPersonUpdateAt, before.Comms.Nudges, before.Comms.RecoveryReminders, before.Comms.LastNoticeSaid),
            (stored.Comms.Issued, stored.Comms.Queued, stored.Comms.LastPersonUpdateAt, stored.Comms.Nudges, stored.Comms.RecoveryReminders, stored.Comms.LastNoticeSaid));
        Assert.True(stored.RecoveryNoticeOwed);
        var row = (await Sut.GetTimelineAsync("INC-2026-0001", None))[^1];
        Assert.Equal((TimelineKind.Corrected, "sato", T0.AddMinutes(30)), (row.Kind, row.By, row.At));
        Assert.Equal([IncidentChange.Title, IncidentChange.ResolvedAt], row.Changes);
        // What it replaced reads back (review day 28, L2); rows stored before have none (Corrected null) and read as before.
        Assert.Equal(new CorrectedValues { Title = new("決済APIのエラー", "決済APIのエラー率上昇"), ResolvedAt = new(T0.AddMinutes(20), T0.AddMinutes(18)) }, row.Corrected);

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var kinds = new List<string?>();
        await foreach (var entity in tables.Incidents.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "INC-2026-0001"))
        {
            kinds.Add(entity.GetString("Kind"));
        }

        Assert.Single(kinds, k => k == "Corrected");
    }

    /// <summary>
    /// The reopen's "severity kept" row (a person's severity kept over the alert's) is stored as its own kind, <c>SeverityKept</c>,
    /// and reads back so; one stored before, as an update row by the tool, still reads as that update with its words.
    /// </summary>
    [Fact]
    public async Task MutateAsync_SeverityKeptOnAReopen_StoredAsItsOwnKind_OneStoredAsAnUpdateReadsAsBefore()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev1, Source = "alertmanager" }, [], "alert:alertmanager", T0);
        incident.PostUpdate(null, "影響は限定的", "sato", T0.AddMinutes(1), new IncidentEdit { Severity = AlertSeverity.Sev2 });
        await Sut.TryCreateAsync(incident, None);
        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var kept = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.SeverityKept, 1, 2);
        var old = new TimelineEntry { At = T0.AddMinutes(2), Kind = TimelineKind.Update, By = "alert:alertmanager", Message = kept };
        await tables.Incidents.AddEntityAsync(new Azure.Data.Tables.TableEntity("INC-2026-0001", $"timeline|{old.At.UtcTicks:D19}|000{Guid.NewGuid():n}")
        {
            ["Data"] = System.Text.Json.JsonSerializer.Serialize(old, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }),
            ["Kind"] = "Update",
        });

        await Sut.MutateAsync("INC-2026-0001", i => i.RaiseSeverityByAlert(AlertSeverity.Sev1, null, reopened: true, "alert:alertmanager", T0.AddMinutes(3), new AckTimeouts()), None);

        var rows = (await Sut.GetTimelineAsync("INC-2026-0001", None)).Where(e => e.Message == kept).ToList();
        Assert.Equal([(TimelineKind.Update, T0.AddMinutes(2)), (TimelineKind.SeverityKept, T0.AddMinutes(3))], rows.Select(e => (e.Kind, e.At)));
        var kinds = new List<string?>();
        await foreach (var entity in tables.Incidents.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "INC-2026-0001"))
        {
            kinds.Add(entity.GetString("Kind"));
        }

        Assert.Single(kinds, k => k == "SeverityKept");
    }

    /// <summary>
    /// An incident about a refused delivery stored by a build before the refusal was kept as data: its record and its refusal's
    /// timeline row (written as that build wrote it, words only) read back with no refusal and their words as stored, so every page
    /// shows them as they were written (no crash, no empty title).
    /// </summary>
    [Fact]
    public async Task RefusalIncident_StoredBeforeTheRefusalWasKept_ReadsWithItsWordsAndNoRefusal()
    {
        const string title = "Alertmanager からの通知を読めませんでした（形式の誤り）";
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = title, Severity = AlertSeverity.Sev2, Source = "alertmanager", GroupKey = "onduty:refused-unreadable" }, [], "alert:alertmanager", T0);
        await Sut.TryCreateAsync(incident, None);
        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var old = new { At = T0, Kind = "AlertFired", By = "alert:alertmanager", AlertKey = "onduty:refused-unreadable", Message = "400 で受け付けませんでした：$: malformed JSON" };
        await tables.Incidents.AddEntityAsync(new Azure.Data.Tables.TableEntity("INC-2026-0001", $"timeline|{old.At.UtcTicks:D19}|000{Guid.NewGuid():n}")
        {
            ["Data"] = System.Text.Json.JsonSerializer.Serialize(old, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
            ["Kind"] = old.Kind,
        });

        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal((title, null), (stored.Title, stored.Refusal));
        var row = Assert.Single(await Sut.GetTimelineAsync("INC-2026-0001", None), e => e.Kind == TimelineKind.AlertFired);
        Assert.Equal((old.Message, null), (row.Message, row.Refusal));
    }

    /// <summary>
    /// Severity rows keep the severity before and after as data, read back from Azurite; a row stored before them (words only)
    /// reads with none, and the history is still read from its words.
    /// </summary>
    [Fact]
    public async Task MutateAsync_SeverityRows_FromAndToStoredAndReadBack_AnOldRowReadsFromItsWords()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev3, Source = "alertmanager" }, [], "alert:alertmanager", T0);
        await Sut.TryCreateAsync(incident, None);
        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var old = new TimelineEntry { At = T0.AddMinutes(1), Kind = TimelineKind.SeverityRaised, By = "sato", Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.SeverityRaised, 4, 3) };
        await tables.Incidents.AddEntityAsync(new Azure.Data.Tables.TableEntity("INC-2026-0001", $"timeline|{old.At.UtcTicks:D19}|000{Guid.NewGuid():n}")
        {
            ["Data"] = System.Text.Json.JsonSerializer.Serialize(new { old.At, Kind = "SeverityRaised", old.By, old.Message }, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
            ["Kind"] = "SeverityRaised",
        });

        await Sut.MutateAsync("INC-2026-0001", i => i.RaiseSeverity(AlertSeverity.Sev1, "alert:alertmanager", T0.AddMinutes(2), new AckTimeouts()), None);
        await Sut.MutateAsync("INC-2026-0001", i => i.Correct(new IncidentEdit { Severity = AlertSeverity.Sev2 }, "sato", T0.AddMinutes(3)), None);

        var rows = (await Sut.GetTimelineAsync("INC-2026-0001", None)).Where(e => e.Kind is TimelineKind.SeverityRaised or TimelineKind.SeverityLowered).OrderBy(e => e.At).ToList();
        Assert.Equal(
            [(null, null), (AlertSeverity.Sev3, AlertSeverity.Sev1), (AlertSeverity.Sev1, AlertSeverity.Sev2)],
            rows.Select(e => (e.SeverityFrom, e.SeverityTo)));
        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal(
            [AlertSeverity.Sev4, AlertSeverity.Sev3, AlertSeverity.Sev1, AlertSeverity.Sev2],
            OnDuty.Core.Retros.SeverityStep.History(stored, rows).Select(s => s.Severity));
    }

    /// <summary>
    /// A tool's acknowledgement row keeps the name the tool gave itself (<c>via</c>), read back from Azurite after a person took the
    /// incident over (the record then names no tool), so the row still says Datadog; a tool's row stored before the name was kept
    /// reads with none, and says 「送信元の監視ツール」 as before.
    /// </summary>
    [Fact]
    public async Task MutateAsync_ToolAcknowledgementTakenOver_TheToolsNameKeptOnItsRow_AnOldRowReadsAsBefore()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2, Source = "pagerduty" }, [], "alert:pagerduty", T0);
        await Sut.TryCreateAsync(incident, None);
        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var old = new { At = T0.AddMinutes(1), Kind = "Acknowledged", By = "alert:pagerduty" };
        await tables.Incidents.AddEntityAsync(new Azure.Data.Tables.TableEntity("INC-2026-0001", $"timeline|{old.At.UtcTicks:D19}|000{Guid.NewGuid():n}")
        {
            ["Data"] = System.Text.Json.JsonSerializer.Serialize(old, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
            ["Kind"] = old.Kind,
        });

        await Sut.MutateAsync("INC-2026-0001", i => i.Acknowledge("alert:pagerduty", T0.AddMinutes(2), via: "Datadog"), None);
        await Sut.MutateAsync("INC-2026-0001", i => i.Acknowledge("sato", T0.AddMinutes(3)), None);

        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal(("sato", (string?)null), (stored.AcknowledgedBy, stored.AcknowledgedVia));
        var rows = (await Sut.GetTimelineAsync("INC-2026-0001", None)).Where(e => e.Kind == TimelineKind.Acknowledged).OrderBy(e => e.At).ToList();
        Assert.Equal([("alert:pagerduty", null), ("alert:pagerduty", "Datadog"), ("sato", (string?)null)], rows.Select(e => (e.By!, e.Via)));
        var data = new List<string>();
        await foreach (var entity in tables.Incidents.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "INC-2026-0001"))
        {
            if (entity.RowKey.StartsWith("tl|", StringComparison.Ordinal))
            {
                data.Add(entity.GetString("Data"));
            }
        }

        Assert.Single(data, d => d.Contains("\"via\":\"Datadog\"", StringComparison.Ordinal) && d.Contains("\"kind\":\"Acknowledged\"", StringComparison.Ordinal));
        Assert.Equal(
            ["送信元の監視ツール", "Datadog", "sato"],
            rows.Select(e => OnDuty.Messages.ActorText.OfRow(e, stored, _ => null, OnDuty.Messages.Phrases.For(OnDuty.Core.Team.Language.Ja))));
        Assert.Equal(
            ["the sending monitoring tool", "Datadog", "sato"],
            rows.Select(e => OnDuty.Messages.ActorText.OfRow(e, stored, _ => null, OnDuty.Messages.Phrases.For(OnDuty.Core.Team.Language.En))));
    }

    /// <summary>A quiet correction of the areas and platforms keeps both lists, old and new, on its stored row (nobody was told).</summary>
    [Fact]
    public async Task MutateAsync_CorrectionOfAreasAndPlatforms_OldAndNewListsReadBack()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2, AffectedAreas = ["ログイン", "決済"] }, [], "sato", T0);
        await Sut.TryCreateAsync(incident, None);

        await Sut.MutateAsync("INC-2026-0001", i => i.Correct(new IncidentEdit { AffectedAreas = ["決済"], Platforms = ["iOS"] }, "sato", T0.AddMinutes(5)), None);

        var row = (await Sut.GetTimelineAsync("INC-2026-0001", None))[^1];
        Assert.Equal(TimelineKind.Corrected, row.Kind);
        Assert.Equal(["ログイン", "決済"], row.Corrected!.AffectedAreas!.From);
        Assert.Equal(["決済"], row.Corrected.AffectedAreas.To);
        Assert.Empty(row.Corrected.Platforms!.From);
        Assert.Equal(["iOS"], row.Corrected.Platforms.To);
        Assert.Null(row.Corrected.Severity);
    }

    /// <summary>A timeline row as the release before changes were recorded reads it (its properties, nothing more).</summary>
    private sealed record PreviousTimelineEntry(DateTimeOffset At, string Kind, string? By, string? Message, string? Status, int? Step, int? Round, IReadOnlyList<string> Recipients);

    /// <summary>
    /// 2,900 Japanese characters each of impact and workaround: escaped as \uXXXX the record's JSON was over the 32K UTF-16
    /// units a 64 KiB property holds (Azurite does not enforce it; Azure does). Stored as written, it is well within.
    /// </summary>
    [Fact]
    public async Task TryCreateAsync_LongJapaneseText_RecordPropertyFitsTableStorage()
    {
        var text = new string('障', 2900);
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "長文", Severity = AlertSeverity.Sev2, UserImpact = text, Workaround = text }, [], "sato", new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));

        await Sut.TryCreateAsync(incident, None);

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var row = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0001", "incident")).Value;
        Assert.InRange(row.GetString("Data").Length, 1, 32 * 1024 - 1);
        Assert.Equal(text, (await Sut.GetAsync("INC-2026-0001", None))!.Value.Workaround);
    }

    /// <summary>
    /// The final report's text is kept on its timeline row (trial 55: the 障害の状況 view lists what was sent): at the most the final
    /// report allows as stored ('&amp;' takes six characters), the row's property still fits a 64 KiB string, and reads back as sent.
    /// </summary>
    [Fact]
    public async Task MutateAsync_FinalReportAtItsStoredLimit_RowPropertyFitsTableStorage_TextReadBack()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        await Sut.TryCreateAsync(incident, None);
        var text = new OnDuty.Core.Comms.FinalReportText
        {
            Summary = "概要", Impact = "影響", Cause = "原因",
            Measures = [.. Enumerable.Range(0, OnDuty.Core.Comms.FinalReportText.MaxMeasures).Select(k => new OnDuty.Core.Comms.FinalReportMeasure(new string('&', 38) + "\"", k % 2 == 0 ? new DateOnly(2027, 1, 29) : null))],
        };
        text.Validate("sato");

        await Sut.MutateAsync("INC-2026-0001", i => i.MarkFinalReportSent(T0.AddDays(3), "sato", ["execs", "support"], 4, text), None);

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var rows = tables.Incidents.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "INC-2026-0001");
        var stored = new List<string>();
        await foreach (var row in rows)
        {
            if (row.GetString("Kind") == nameof(TimelineKind.FinalReportSent))
            {
                stored.Add(row.GetString("Data"));
            }
        }

        Assert.InRange(Assert.Single(stored).Length, OnDuty.Core.Comms.FinalReportText.MaxStoredChars, 32 * 1024 - 1);
        var read = Assert.Single(await Sut.GetTimelineAsync("INC-2026-0001", None), e => e.Kind == TimelineKind.FinalReportSent).FinalReport!;
        Assert.Equal(text.Measures, read.Measures);
        Assert.Equal("原因", read.Cause);
    }

    /// <summary>
    /// What the recovery notice and the stakeholders' series are made from survives storage: the cause and next steps a person
    /// wrote, the notice each audience was first told in, and the severity the last notice said.
    /// </summary>
    /// <summary>
    /// A step's row keeps the members it texts and calls (a lead by the member who has their address, with the number), and the
    /// record the topics of the messages that listed it with other incidents: both read back for the incident page's line. A step
    /// row and a record stored before 12-06 read as naming none.
    /// </summary>
    [Fact]
    public async Task MutateAsync_AStepsMembersAndThePagesToldTogether_ReadBack_OldRowsReadAsNone()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, [], "sato", T0);
        incident.RecordNotified(0, ["ito@onduty.example", "teams"], T0);
        await Sut.TryCreateAsync(incident, None);

        await Sut.MutateAsync("INC-2026-0001", i => i.MarkStepQueued(0, ["escalations:0:abc"])
            & i.RecordNotified(2, ["yamada@onduty.example", "teams"], T0.AddMinutes(10), null, [new PagedMember("yamada@onduty.example", "yamada", "+819011112222")]), None);

        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal([new PagesTogether(0, "escalations:0:abc")], stored.PagesTogether);
        var timeline = await Sut.GetTimelineAsync("INC-2026-0001", None);
        Assert.Null(timeline.Single(e => e.Kind == TimelineKind.Notified).Members);
        Assert.Equal([new PagedMember("yamada@onduty.example", "yamada", "+819011112222")], timeline.Single(e => e.Kind == TimelineKind.Escalated).Members!);
    }

    [Fact]
    public async Task SaveAsync_CauseNextStepsAndStakeholderSeries_ReadBackAsWritten()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev3 }, [], "sato", T0);
        incident.IssueStakeholderNotice(T0);
        incident.MarkStakeholderNoticeQueued(1, ["team"], AlertSeverity.Sev3, T0);
        await Sut.TryCreateAsync(incident, None);

        await Sut.MutateAsync("INC-2026-0001", i =>
        {
            i.PostUpdate(IncidentStatus.Resolved, "復旧", "sato", T0.AddMinutes(30), new IncidentEdit { Severity = AlertSeverity.Sev1, Cause = "証明書の期限切れ \"<b>\"", NextSteps = "期限を監視する" });
            i.IssueStakeholderNotice(T0.AddMinutes(30));
            return i.MarkStakeholderNoticeQueued(2, ["execs", "team"], AlertSeverity.Sev1, T0.AddMinutes(30), toldTogetherIn: "merges:INC-2026-0009:0123456789abcdef01234567");
        }, None);

        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        // Told in a merge-many request's one 統合 notice: the request repeated lists it again under the same ids.
        Assert.Equal("merges:INC-2026-0009:0123456789abcdef01234567", stored.Comms.ToldTogetherIn);
        Assert.Equal(("証明書の期限切れ \"<b>\"", "期限を監視する"), (stored.Cause, stored.NextSteps));
        Assert.Equal((1, 2, 3), (stored.Comms.FirstNoticeOf("team", 3), stored.Comms.FirstNoticeOf("Execs", 3), stored.Comms.FirstNoticeOf("global", 3)));
        Assert.Equal(AlertSeverity.Sev1, stored.Comms.ToldSeverity);
        Assert.Equal("sato", stored.OpenedBy); // who reported it, for its pages to say
    }

    /// <summary>
    /// A merge's carried series survives storage (trial day 29, H2): the execs told 第1報 and the 【統合】 第2報 about the declared
    /// duplicate read the next notice of monitoring's incident as 第3報, which says once where they were told it before.
    /// </summary>
    [Fact]
    public async Task SaveAsync_AMergedDuplicatesSeriesAndDetails_ReadBackAsWritten()
    {
        var duplicate = Incident.Open("INC-2026-0006", new NewIncident { Title = "アプリにログインできない", Severity = AlertSeverity.Sev2, UserImpact = "ログインできません" }, [], "sato", T0);
        duplicate.IssueStakeholderNotice(T0);
        duplicate.MarkStakeholderNoticeQueued(1, ["execs"], AlertSeverity.Sev2, T0);
        var target = Incident.Open("INC-2026-0003", new NewIncident { Title = "[FIRING:1] ログイン失敗率", Severity = AlertSeverity.Sev1, Source = "grafana", GroupKey = "g" }, [], "alert:grafana", T0);
        target.MergeIn(duplicate, "yamada", T0.AddMinutes(5), new AckTimeouts(), takeTitle: true);
        await Sut.TryCreateAsync(target, None);

        var stored = (await Sut.GetAsync("INC-2026-0003", None))!.Value;
        Assert.Equal(("アプリにログインできない", "ログインできません"), (stored.Title, stored.UserImpact));
        Assert.Equal(["execs"], stored.Comms.ToldAudiences);
        Assert.Equal(3, 1 - stored.Comms.FirstNoticeOf("execs", 1) + 1);
        Assert.Equal([new ContinuedSeries("execs", "INC-2026-0006", 1)], stored.Comms.Continued);
        Assert.Equal("INC-2026-0006", stored.Comms.ContinuesFrom(["Execs"], 1));
        Assert.Null(stored.Comms.ContinuesFrom(["execs"], 2));
        Assert.Equal(AlertSeverity.Sev2, stored.Comms.ToldSeverity);
        // What an undo gives back: the told severity it carried over and its being run by a person came only from the merge.
        var taking = Assert.Single(stored.MergeTakings);
        Assert.Equal((true, (bool?)true, new Corrected<AlertSeverity?>(null, AlertSeverity.Sev2), 0), (taking.DeclaredSet, taking.Declared, taking.HighestTold, taking.QueuedAtMerge));
        Assert.Equivalent(target.MergeTakings, stored.MergeTakings, strict: true);
    }

    /// <summary>
    /// Trial 39 M3: the start a merge moved, owed to the stakeholders' next notice (<c>startMovedByMerge</c> in the record's comms),
    /// survives storage, and so does the severity the merge kept as the person's choice.
    /// </summary>
    [Fact]
    public async Task SaveAsync_TheStartAMergeMoved_ReadBackForTheNextNotice()
    {
        var target = Incident.Open("INC-2026-0007", new NewIncident { Title = "決済できない", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        target.MarkStakeholderNoticeQueued(target.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0);
        var alerting = Incident.Open("INC-2026-0008", new NewIncident { Title = "p95", Severity = AlertSeverity.Sev1, Source = "grafana", GroupKey = "g8", StartedAt = T0.AddMinutes(-4) }, [], "alert:grafana", T0);
        target.MergeIn(alerting, "tanaka", T0.AddMinutes(5), new AckTimeouts(), keepSeverity: true, zone: OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo"));
        await Sut.TryCreateAsync(target, None);

        var stored = (await Sut.GetAsync("INC-2026-0007", None))!.Value;
        Assert.Equal(new Corrected<DateTimeOffset>(T0, T0.AddMinutes(-4)), stored.Comms.StartMovedByMerge);
        Assert.Equal((AlertSeverity.Sev2, "tanaka"), (stored.Severity, stored.SeverityBy));
    }

    /// <summary>
    /// The start a merge moved, as the next notice said it, is kept on that notice's timeline row (<c>startMoved</c>) and read back
    /// for the 障害の状況 view; a notice row stored before 12-05, without it, reads as a notice that said no moved start.
    /// </summary>
    [Fact]
    public async Task MutateAsync_ANoticeThatSaidAMovedStart_KeptOnItsRow_ARowWithoutItReadsAsSayingNone()
    {
        var target = Incident.Open("INC-2026-0007", new NewIncident { Title = "決済できない", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        target.MarkStakeholderNoticeQueued(target.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0);
        var alerting = Incident.Open("INC-2026-0008", new NewIncident { Title = "p95", Severity = AlertSeverity.Sev2, Source = "grafana", GroupKey = "g8", StartedAt = T0.AddMinutes(-4) }, [], "alert:grafana", T0);
        target.MergeIn(alerting, "tanaka", T0.AddMinutes(5), new AckTimeouts(), zone: OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo"));
        await Sut.TryCreateAsync(target, None);

        await Sut.MutateAsync("INC-2026-0007", i =>
        {
            i.PostUpdate(IncidentStatus.Investigating, "調査中です。", "tanaka", T0.AddMinutes(10));
            return i.MarkStakeholderNoticeQueued(i.IssueStakeholderNotice(T0.AddMinutes(10)), ["execs"], AlertSeverity.Sev2, T0.AddMinutes(10), startMoveSaid: i.Comms.StartMovedByMerge);
        }, None);

        var moved = new Corrected<DateTimeOffset>(T0, T0.AddMinutes(-4));
        var notices = (await Sut.GetTimelineAsync("INC-2026-0007", None)).Where(e => e.Kind == TimelineKind.StakeholdersNotified).OrderBy(e => e.Step).ToList();
        Assert.Equal([(1, null), (2, moved)], notices.Select(e => (e.Step, e.StartMoved)));
        var stored = (await Sut.GetAsync("INC-2026-0007", None))!.Value;
        Assert.Null(stored.Comms.StartMovedByMerge); // said: not owed to the next notice
        var view = OnDuty.Core.Comms.IncidentOverview.From(stored, await Sut.GetTimelineAsync("INC-2026-0007", None), TimeSpan.FromHours(1), OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo"));
        Assert.Equal([(2, moved), (1, null)], view.Notices.Select(n => (n.Number, n.StartMoved)));

        // The same row as the release before wrote it: no startMoved.
        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var rows = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var entity in tables.Incidents.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "INC-2026-0007"))
        {
            rows.Add(entity);
        }

        var row = Assert.Single(rows, r => r.GetString("Kind") == "StakeholdersNotified" && r.GetString("Data").Contains("\"startMoved\":{", StringComparison.Ordinal));
        var data = System.Text.Json.Nodes.JsonNode.Parse(row.GetString("Data"))!.AsObject();
        Assert.Equal(T0.AddMinutes(-4), data["startMoved"]!["to"]!.GetValue<DateTimeOffset>());
        Assert.True(data.Remove("startMoved"));
        row["Data"] = data.ToJsonString();
        await tables.Incidents.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var before = (await Sut.GetTimelineAsync("INC-2026-0007", None)).Where(e => e.Kind == TimelineKind.StakeholdersNotified).OrderBy(e => e.Step).ToList();
        Assert.Equal([(1, (Corrected<DateTimeOffset>?)null), (2, null)], before.Select(e => (e.Step, e.StartMoved)));
        Assert.Equal(["execs"], before[1].Recipients);
    }

    /// <summary>
    /// A recovery notice owed is derived from what the record stores (audiences told, last notice, resolve), so a record stored
    /// before reminders of it were counted reads as owed, with no reminder sent; one stored since keeps its count.
    /// </summary>
    [Fact]
    public async Task RecoveryNoticeOwed_ReadFromStorage_AlsoFromARecordStoredBeforeRemindersWereCounted()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev1, Source = "alertmanager" }, [], "alert:alertmanager", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(1)), ["execs"], AlertSeverity.Sev1, T0.AddMinutes(1));
        incident.Resolve("alert:alertmanager", T0.AddMinutes(5));
        Assert.True(incident.RecordRecoveryReminder(1, T0.AddMinutes(5)));
        await Sut.TryCreateAsync(incident, None);

        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal((true, 1), (stored.RecoveryNoticeOwed, stored.Comms.RecoveryReminders));

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var row = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0001", "incident")).Value;
        var data = System.Text.Json.Nodes.JsonNode.Parse(row.GetString("Data"))!.AsObject();
        var comms = data.First(p => string.Equals(p.Key, "comms", StringComparison.OrdinalIgnoreCase)).Value!.AsObject();
        Assert.True(comms.Remove(comms.First(p => string.Equals(p.Key, "recoveryReminders", StringComparison.OrdinalIgnoreCase)).Key));
        row["Data"] = data.ToJsonString();
        await tables.Incidents.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var before = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal((true, 0), (before.RecoveryNoticeOwed, before.Comms.RecoveryReminders));
    }

    /// <summary>
    /// Brief toolname (session 43): the name the opening Events v2 delivery's tool gave (<c>openedVia</c>) is stored in the record and
    /// on the 起票 row, and reads back from Azurite after later writes; a record stored before it was kept (no <c>openedVia</c>) reads
    /// null — 「PagerDuty 連携」 as before.
    /// </summary>
    [Fact]
    public async Task OpenedVia_StoredInTheRecordAndThe起票Row_ARowWithoutItReadsNull()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "Checkout 5xx", Severity = AlertSeverity.Sev2, Source = "pagerduty" }, [], "alert:pagerduty", T0, via: "Datadog");
        await Sut.TryCreateAsync(incident, None);
        await Sut.MutateAsync("INC-2026-0001", i => i.Acknowledge("sato", T0.AddMinutes(1)), None);

        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal(("alert:pagerduty", "Datadog"), (stored.OpenedBy, stored.OpenedVia));
        var opened = Assert.Single(await Sut.GetTimelineAsync("INC-2026-0001", None), e => e.Kind == TimelineKind.Opened);
        Assert.Equal(("alert:pagerduty", "Datadog"), (opened.By, opened.Via));
        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var row = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0001", "incident")).Value;
        Assert.Contains("\"openedVia\":\"Datadog\"", row.GetString("Data"), StringComparison.Ordinal);

        var data = System.Text.Json.Nodes.JsonNode.Parse(row.GetString("Data"))!.AsObject();
        Assert.True(data.Remove("openedVia"));
        row["Data"] = data.ToJsonString();
        await tables.Incidents.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var old = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal(("alert:pagerduty", (string?)null, "sato"), (old.OpenedBy, old.OpenedVia, old.AcknowledgedBy));
    }

    /// <summary>
    /// The highest severity an incident held is stored with the record (<c>maxSeverity</c>): a SEV1 lowered to SEV3 reads back
    /// as SEV3 that was SEV1, and owes a retro. A row stored before it was kept reads without one (null, as before) and its
    /// timeline, read back from storage, gives it: still a SEV1 at its highest.
    /// </summary>
    [Fact]
    public async Task MaxSeverity_StoredInTheRecord_ARowWithoutItRecallsItFromTheTimeline()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev1 }, [], "sato", T0);
        incident.PostUpdate(IncidentStatus.Identified, "影響は一部", "sato", T0.AddMinutes(10), new IncidentEdit { Severity = AlertSeverity.Sev3 });
        incident.PostUpdate(IncidentStatus.Resolved, "復旧", "sato", T0.AddMinutes(20));
        await Sut.TryCreateAsync(incident, None);

        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal((AlertSeverity.Sev3, AlertSeverity.Sev1, AlertSeverity.Sev1), (stored.Severity, stored.MaxSeverity, stored.HighestSeverity));
        Assert.True(OnDuty.Core.Retros.RetroDue.IsOwed(stored));

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var row = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0001", "incident")).Value;
        var data = System.Text.Json.Nodes.JsonNode.Parse(row.GetString("Data"))!.AsObject();
        Assert.True(data.Remove(data.First(p => string.Equals(p.Key, "maxSeverity", StringComparison.OrdinalIgnoreCase)).Key));
        row["Data"] = data.ToJsonString();
        await tables.Incidents.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var before = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal((null, true, AlertSeverity.Sev3), (before.MaxSeverity, before.MaxSeverityUnknown, before.HighestSeverity));
        Assert.False(OnDuty.Core.Retros.RetroDue.IsOwed(before));
        before.RecallMaxSeverity(await Sut.GetTimelineAsync("INC-2026-0001", None));
        Assert.Equal((AlertSeverity.Sev1, AlertSeverity.Sev1), (before.MaxSeverity, before.HighestSeverity));
        Assert.True(OnDuty.Core.Retros.RetroDue.IsOwed(before));
    }

    /// <summary>
    /// What the last notice said of the next update is stored in the record's comms (<c>lastNoticeSaid</c>); a row stored by the
    /// previous release, without it, reads as not kept (null: the time is worked out again), not as "no time was given".
    /// </summary>
    [Fact]
    public async Task LastNoticeSaid_StoredInTheRecord_ARowWithoutItReadsAsNotKept()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0), ["execs"], AlertSeverity.Sev2, T0, new NoticePromise { NextUpdateBy = T0.AddHours(1) });
        await Sut.TryCreateAsync(incident, None);
        Assert.Equal(new NoticePromise { NextUpdateBy = T0.AddHours(1), ToldAt = T0 }, (await Sut.GetAsync("INC-2026-0001", None))!.Value.Comms.LastNoticeSaid);

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var row = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0001", "incident")).Value;
        var data = System.Text.Json.Nodes.JsonNode.Parse(row.GetString("Data"))!.AsObject();
        var comms = data.First(p => string.Equals(p.Key, "comms", StringComparison.OrdinalIgnoreCase)).Value!.AsObject();
        var said = comms.First(p => string.Equals(p.Key, "lastNoticeSaid", StringComparison.Ordinal)).Value!.AsObject();
        Assert.Equal(T0.AddHours(1), said["nextUpdateBy"]!.GetValue<DateTimeOffset>());
        Assert.True(comms.Remove("lastNoticeSaid"));
        row["Data"] = data.ToJsonString();
        await tables.Incidents.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var before = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Null(before.Comms.LastNoticeSaid);
        Assert.Equal((1, 1, AlertSeverity.Sev2), (before.Comms.Issued, before.Comms.Queued, before.Comms.ToldSeverity));
    }

    /// <summary>
    /// A raise to SEV1 over a tool's acknowledgement starts a round of pages of its own (trial 35 H3): <c>raisedRounds</c> and
    /// <c>raisedOverToolAck</c> are stored and read back; a row stored before 12-04, without them, pages in its reopen's round.
    /// The trigger's <c>client</c> is kept with its alert (M3).
    /// </summary>
    [Fact]
    public async Task RaisedRoundsAndAlertClient_StoredAndReadBack_ARowWithoutThemReadsAsBefore()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "Checkout 5xx", Severity = AlertSeverity.Sev2 }, [], "alert:pagerduty", T0);
        incident.Acknowledge("alert:pagerduty", T0.AddSeconds(1), via: "Datadog");
        Assert.True(incident.RaiseSeverity(AlertSeverity.Sev1, "alert:pagerduty", T0.AddMinutes(3), new AckTimeouts()));
        await Sut.TryCreateAsync(incident, None);
        var current = (await Sut.GetAsync("INC-2026-0001", None))!;
        current.Value.RecordAlertStateChange();
        var alert = new TrackedAlert { DedupKey = "k1", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev1, Summary = "Checkout 5xx", Client = "Datadog" };
        Assert.NotNull(await Sut.TrySaveAlertsAsync(current.Value, current.ETag, [alert], [], None));

        var stored = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal((1, "Datadog", 0, 1, null, -1), (stored.RaisedRounds, stored.RaisedOverToolAck, stored.ReopenCount, stored.PageRound, stored.AcknowledgedBy, stored.NotifiedStep));
        Assert.Equal("Datadog", Assert.Single(await Sut.GetAlertsAsync("INC-2026-0001", None)).Value.Client);

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var row = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0001", "incident")).Value;
        var data = System.Text.Json.Nodes.JsonNode.Parse(row.GetString("Data"))!.AsObject();
        Assert.True(data.Remove(data.First(p => string.Equals(p.Key, "raisedRounds", StringComparison.OrdinalIgnoreCase)).Key));
        Assert.True(data.Remove(data.First(p => string.Equals(p.Key, "raisedOverToolAck", StringComparison.OrdinalIgnoreCase)).Key));
        row["Data"] = data.ToJsonString();
        await tables.Incidents.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var before = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal((0, null, 0), (before.RaisedRounds, before.RaisedOverToolAck, before.PageRound));
    }

    /// <summary>
    /// Alert grouping at its limit: as many Alertmanager groups joined as the record takes (their quotes stored as six
    /// characters each), with long Japanese text besides, still fit the record's property, and read back in order.
    /// </summary>
    [Fact]
    public async Task JoinedGroupsAtTheLimit_RecordPropertyFitsTableStorage()
    {
        var text = new string('障', 2900);
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "まとめ", Severity = AlertSeverity.Sev2, UserImpact = text, Workaround = text, Source = "alertmanager", GroupKey = "{}:{job=\"api\"}" }, [], "alert:alertmanager", T0);
        await Sut.TryCreateAsync(incident, None);
        var current = (await Sut.GetAsync("INC-2026-0001", None))!;
        var keys = new List<string>();
        for (var n = 0; current.Value.CanJoin(Key(n)); n++)
        {
            current.Value.JoinGroup(Key(n), "alert:alertmanager", T0);
            keys.Add(Key(n));
        }

        await Sut.SaveAsync(current.Value, current.ETag, null, None);

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var row = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0001", "incident")).Value;
        Assert.InRange(row.GetString("Data").Length, 1, 32 * 1024 - 1);
        Assert.InRange(keys.Count, 10, Incident.MaxJoinedGroups);
        Assert.Equal(keys, (await Sut.GetAsync("INC-2026-0001", None))!.Value.JoinedGroups);

        static string Key(int n) => $"{{}}/{{severity=\"critical\"}}:{{cluster=\"tokyo-{n}\", instance=\"host-{n:D4}.example.org:9100\", job=\"node\", team=\"payments\"}}";
    }

    /// <summary>
    /// Merging at the limit: incidents of another source merged in until the record takes no more groups, with long Japanese
    /// text besides, still fit the record's property, and the groups (with their sources), the merged ids and the duplicate's
    /// "merged into" read back as written.
    /// </summary>
    [Fact]
    public async Task MergedGroupsAtTheLimit_RecordPropertyFitsTableStorage_AndReadBack()
    {
        var text = new string('障', 2900);
        var keep = Incident.Open("INC-2026-0001", new NewIncident { Title = "まとめ", Severity = AlertSeverity.Sev2, UserImpact = text, Workaround = text, Source = "alertmanager", GroupKey = "{}:{job=\"api\"}" }, [], "alert:alertmanager", T0);
        await Sut.TryCreateAsync(keep, None);
        var current = (await Sut.GetAsync("INC-2026-0001", None))!;
        var merged = new List<HeldGroup>();
        for (var n = 0; ; n++)
        {
            var duplicate = Incident.Open($"INC-2026-{n + 2:D4}", new NewIncident { Title = $"重複 {n}", Severity = AlertSeverity.Sev3, Source = "azure-monitor", GroupKey = Key(n) }, [], "alert:azure-monitor", T0);
            if (current.Value.CannotMergeIn(duplicate) is not null)
            {
                break;
            }

            current.Value.MergeIn(duplicate, "sato", T0, new AckTimeouts());
            merged.Add(new HeldGroup("azure-monitor", Key(n)));
            duplicate.MarkMergedInto("INC-2026-0001", "sato", T0);
            if (n == 0)
            {
                await Sut.TryCreateAsync(duplicate, None);
            }
        }

        await Sut.SaveAsync(current.Value, current.ETag, null, None);

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var row = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0001", "incident")).Value;
        Assert.InRange(row.GetString("Data").Length, 1, 32 * 1024 - 1);
        Assert.InRange(merged.Count, 10, Incident.MaxJoinedGroups);
        var read = (await Sut.GetAsync("INC-2026-0001", None))!.Value;
        Assert.Equal(merged, read.MergedGroups);
        Assert.Equal(merged.Count, read.MergedIncidents.Count);
        Assert.Equal([new HeldGroup("alertmanager", "{}:{job=\"api\"}"), .. merged], read.HeldGroups);
        var gone = (await Sut.GetAsync("INC-2026-0002", None))!.Value;
        Assert.Equal(("INC-2026-0001", IncidentStatus.Resolved), (gone.MergedInto, gone.Status));
        Assert.Empty(gone.HeldGroups);

        static string Key(int n) => $"/subscriptions/0000/resourceGroups/rg-payments/providers/microsoft.insights/metricAlerts/\"cpu-{n:D3}\"";
    }

    /// <summary>
    /// Control characters and '&amp;' are six characters each once JSON-escaped: an alert at every one of TrackedAlert's limits
    /// would overflow a 64 KiB property, so it is stored without its details instead of failing the delivery.
    /// </summary>
    [Fact]
    public async Task TrySaveAlertsAsync_DetailsTooLargeForAProperty_StoredWithoutThem()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var oversized = new TrackedAlert
        {
            DedupKey = "huge", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = new string('\u0001', 1024),
            Description = new string('\u0002', TrackedAlert.MaxDescriptionLength),
            Labels = [.. TrackedAlert.LabelsThatMatter.Select(l => new KeyValuePair<string, string>(l, new string('\u0003', TrackedAlert.MaxLabelValueLength)))],
            Links = [.. Enumerable.Range(0, TrackedAlert.MaxLinks).Select(_ => new AlertLink(AlertLinkKinds.Link, new Uri("https://e.example/?" + string.Concat(Enumerable.Repeat("a&", 500))), new string('字', TrackedAlert.MaxLabelValueLength)))],
            Runbook = new Uri("https://wiki.example.com/runbooks/disk"),
        };
        var current = (await Sut.GetAsync("INC-2026-0001", None))!;
        current.Value.RecordAlertStateChange();

        Assert.NotNull(await Sut.TrySaveAlertsAsync(current.Value, current.ETag, [oversized], [], None));

        var stored = Assert.Single(await Sut.GetAlertsAsync("INC-2026-0001", None)).Value;
        Assert.Equal(oversized.Summary, stored.Summary);
        Assert.Null(stored.Description);
        Assert.Empty(stored.Links);
        Assert.Null(stored.Runbook);
    }

    /// <summary>
    /// A heartbeat's alert keeps the heartbeat as data (trial 29 M4), so each reader's message words it: it reads back as stored,
    /// and a row without it (stored before, or any other alert) reads as none.
    /// </summary>
    [Fact]
    public async Task TrySaveAlertsAsync_HeartbeatAlert_ItsDataReadBack()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        var at = new DateTimeOffset(2026, 12, 3, 7, 25, 0, TimeSpan.Zero);
        var heartbeat = new OnDuty.Core.Heartbeats.Heartbeat
        {
            Name = "nightly-batch", Title = "夜間バッチ", Description = "受注データの夜間集計", Interval = TimeSpan.FromMinutes(1), Grace = TimeSpan.Zero,
            CreatedBy = "sato", CreatedAt = at.AddDays(-1), LastPingAt = at.AddMinutes(-2), Reported = OnDuty.Core.Heartbeats.HeartbeatReport.Firing,
            DownSince = at.AddMinutes(-1), Labels = new Dictionary<string, string> { ["team"] = "batch" },
        };
        var alert = new TrackedAlert
        {
            DedupKey = "heartbeat:nightly-batch", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = "ハートビート途絶：夜間バッチ",
            Description = "夜間バッチ は 1分ごとに届く予定ですが…", Heartbeat = OnDuty.Core.Heartbeats.HeartbeatFacts.Of(heartbeat, at),
        };
        var other = alert with { DedupKey = "other", Heartbeat = null };
        var current = (await Sut.GetAsync("INC-2026-0001", None))!;
        current.Value.RecordAlertStateChange();

        Assert.NotNull(await Sut.TrySaveAlertsAsync(current.Value, current.ETag, [alert, other], [], None));

        var stored = (await Sut.GetAlertsAsync("INC-2026-0001", None)).Select(a => a.Value).ToDictionary(a => a.DedupKey);
        var said = stored["heartbeat:nightly-batch"].Heartbeat!;
        Assert.Equal(at, said.At);
        Assert.Equal(
            ("nightly-batch", "夜間バッチ", "受注データの夜間集計", TimeSpan.FromMinutes(1), at.AddMinutes(-2), OnDuty.Core.Heartbeats.HeartbeatReport.Firing, at.AddMinutes(-1)),
            (said.Heartbeat.Name, said.Heartbeat.Title, said.Heartbeat.Description, said.Heartbeat.Interval, said.Heartbeat.LastPingAt, said.Heartbeat.Reported, said.Heartbeat.DownSince));
        Assert.Equal(OnDuty.Core.Heartbeats.HeartbeatState.Late, said.Heartbeat.StateAt(said.At));
        Assert.Empty(said.Heartbeat.Labels); // the alert carries them
        Assert.Null(stored["other"].Heartbeat);
    }

    /// <summary>
    /// What a metric or log search alert measured (trial day 35, L1) is kept as data on its row, so each reader's message words
    /// it: criteria with and without a metric, aggregation and window, and a dynamic threshold read back as stored.
    /// </summary>
    [Fact]
    public async Task TrySaveAlertsAsync_MeasuredAlert_ItsConditionsReadBack()
    {
        await Sut.TryCreateAsync(NewIncident("INC-2026-0001"), None);
        AlertCondition[] conditions =
        [
            new("Http5xx", ">", 42, 10) { Aggregation = "Total", Window = TimeSpan.FromMinutes(5) },
            new(null, "≥", 3, 0.5) { Window = TimeSpan.FromHours(1), Dynamic = true },
        ];
        var alert = new TrackedAlert
        {
            DedupKey = "/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a1", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2,
            Summary = "Http5xx (app-prod)", Conditions = conditions,
        };
        var current = (await Sut.GetAsync("INC-2026-0001", None))!;
        current.Value.RecordAlertStateChange();

        Assert.NotNull(await Sut.TrySaveAlertsAsync(current.Value, current.ETag, [alert, alert with { DedupKey = "other", Conditions = [] }], [], None));

        var stored = (await Sut.GetAlertsAsync("INC-2026-0001", None)).Select(a => a.Value).ToDictionary(a => a.DedupKey);
        Assert.Equal(conditions, stored[alert.DedupKey].Conditions);
        Assert.Empty(stored["other"].Conditions);
    }

    /// <summary>
    /// A storm of new groups: numbers come from blocks reserved on the year's counter, not one counter write each (that
    /// row was where parallel first firings queued), and still start at 1 and run on without a gap on one instance.
    /// </summary>
    [Fact]
    public async Task AllocateIdAsync_ManyInQuickSuccession_ReservesBlocksNotOneCounterWriteEach()
    {
        var tables = await OnDuty.Infrastructure.Tests.Retros.CountingTables.CreateAsync(azurite.ConnectionString, "ids");
        var repository = new OnDuty.Infrastructure.Tables.TableIncidentRepository(tables.Tables);

        var (ids, reads) = await tables.CountReadsAsync(() => Task.WhenAll(Enumerable.Range(0, 100).Select(_ => repository.AllocateIdAsync(2026, None))));

        Assert.Equal(Enumerable.Range(1, 100).Select(n => $"INC-2026-{n:D4}"), ids.Order(StringComparer.Ordinal));
        Assert.InRange(reads, 1, 10);
    }

    /// <summary>Two instances on one storage, each with its own blocks: never the same number twice.</summary>
    [Fact]
    public async Task AllocateIdAsync_TwoInstancesInParallel_NeverTheSameIdTwice()
    {
        await using var other = TablesHarness.OnTablesOf(_harness, azurite.ConnectionString);
        var second = other.Services.GetRequiredService<IIncidentRepository>();

        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => (i % 2 == 0 ? Sut : second).AllocateIdAsync(2026, None))));

        Assert.Equal(200, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches(@"\AINC-2026-\d{4}\z", id));
    }

    /// <summary>
    /// An update's <c>alsoTell</c> survives storage until its notice is queued (session 56): the notice is composed later from the
    /// stored record, after a crash too. The update's row names whom it told too.
    /// </summary>
    [Fact]
    public async Task SaveAsync_AnUpdatesAlsoTell_PendingAudienceAndTheRowThatNamesIt_ReadBackAsWritten()
    {
        var incident = Incident.Open("INC-2026-0021", new NewIncident { Title = "決済エラー", Severity = AlertSeverity.Sev2, UserImpact = "決済できません" }, [], "sato", T0);
        incident.IssueStakeholderNotice(T0);
        incident.MarkStakeholderNoticeQueued(1, ["execs"], AlertSeverity.Sev2, T0);
        incident.PostUpdate(null, null, "sato", T0.AddMinutes(30), new IncidentEdit { AlsoTell = ["support"] });
        incident.IssueStakeholderNotice(T0.AddMinutes(30));
        await Sut.TryCreateAsync(incident, None);

        var stored = (await Sut.GetAsync("INC-2026-0021", None))!.Value;
        Assert.Equal(["support"], stored.Comms.AlsoTell);
        Assert.Equal(["execs"], stored.Comms.ToldAudiences);
        Assert.Equal((2, 1), (stored.Comms.Issued, stored.Comms.Queued));
        var row = Assert.Single(await Sut.GetTimelineAsync("INC-2026-0021", None), t => t.Kind == TimelineKind.Update);
        Assert.Equal(["support"], row.AlsoTold);
    }

    /// <summary>
    /// A confidential incident's flag is stored (in the record's data and its own <c>Confidential</c> column), read back by the
    /// record and the status board's summaries, and lifted with its timeline row; a record stored before the flag reads false.
    /// </summary>
    [Fact]
    public async Task Confidential_StoredInItsColumnAndTheData_RoundTrips_LiftedWithItsRow_OlderRecordReadsFalse()
    {
        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var leak = Incident.Restore(NewIncident("INC-2026-0042").ToSnapshot() with { Confidential = true });
        Assert.NotNull(await Sut.TryCreateAsync(leak, None));

        var record = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0042", "incident")).Value;
        Assert.True(record.GetBoolean("Confidential"));
        Assert.Contains("\"confidential\":true", record.GetString("Data"), StringComparison.Ordinal);
        Assert.True((await Sut.GetAsync("INC-2026-0042", None))!.Value.Confidential);
        Assert.Contains(await Sut.ListBoardAsync(T0, None), i => i.Id == "INC-2026-0042" && i.Confidential);

        await Sut.MutateAsync("INC-2026-0042", i => i.MarkConfidential(false, "sato", T0.AddMinutes(1)), None);

        record = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0042", "incident")).Value;
        Assert.False(record.GetBoolean("Confidential"));
        Assert.False((await Sut.GetAsync("INC-2026-0042", None))!.Value.Confidential);
        var row = Assert.Single(await Sut.GetTimelineAsync("INC-2026-0042", None), t => t.Kind == TimelineKind.ConfidentialityChanged);
        Assert.Equal(("sato", "confidentiality lifted by sato"), (row.By, row.Message));

        // A record written before the flag: no column, no field in its data.
        var older = NewIncident("INC-2026-0043");
        Assert.NotNull(await Sut.TryCreateAsync(older, None));
        var stored = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0043", "incident")).Value;
        var data = stored.GetString("Data").Replace("\"confidential\":null,", "", StringComparison.Ordinal);
        Assert.DoesNotContain("confidential", data, StringComparison.OrdinalIgnoreCase);
        stored["Data"] = data;
        stored.Remove("Confidential");
        await tables.Incidents.UpdateEntityAsync(stored, stored.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
        Assert.False((await Sut.GetAsync("INC-2026-0043", None))!.Value.Confidential);
    }

    /// <summary>
    /// The security officer's mail owed (queuing it failed when it was marked confidential) is stored in the record's data with what it
    /// says, read back by the record and the board's summaries (the cadence timer finds it there), and cleared once queued.
    /// </summary>
    [Fact]
    public async Task OfficerMailOwed_RoundTripsInTheRecordAndTheBoard_ClearedWhenQueued()
    {
        var leak = Incident.Restore(NewIncident("INC-2026-0044").ToSnapshot() with { Confidential = true });
        Assert.NotNull(await Sut.TryCreateAsync(leak, None));

        await Sut.MutateAsync("INC-2026-0044", i => i.OweOfficerMail("ito", T0, "管理画面に不正ログインの痕跡", T0.AddMinutes(1)), None);

        var owed = (await Sut.GetAsync("INC-2026-0044", None))!.Value;
        Assert.True(owed.OwesOfficerMail);
        Assert.Equal(new OwedOfficerMail { By = "ito", At = T0, Reason = "管理画面に不正ログインの痕跡" }, owed.OfficerMailOwed);
        Assert.Contains(await Sut.ListBoardAsync(T0.AddMinutes(1), None), i => i.Id == "INC-2026-0044" && i.OwesOfficerMail && i.OfficerMailOwed!.By == "ito");

        await Sut.MutateAsync("INC-2026-0044", i => i.RecordOfficerMailQueued(T0.AddMinutes(2)), None);

        Assert.Null((await Sut.GetAsync("INC-2026-0044", None))!.Value.OfficerMailOwed);
        Assert.DoesNotContain(await Sut.ListBoardAsync(T0.AddMinutes(2), None), i => i.Id == "INC-2026-0044" && i.OwesOfficerMail);
        Assert.Equal([TimelineTexts.OfficerMailOwed, TimelineTexts.OfficerMailQueued],
            (await Sut.GetTimelineAsync("INC-2026-0044", None)).Where(t => t.Kind == TimelineKind.ConfidentialityChanged).Select(t => t.Message));
    }

    /// <summary>
    /// The communications lead (<c>commsLead</c>, when they became it, <c>commsLeadCount</c>) and the personal call rule's state (the
    /// duty members' <c>callAfterMinutes</c>, <c>personalCallsRound</c>, <c>personalCalled</c>) are stored in the record and read back
    /// after later writes: a lead set, cleared and set again is the second one's mail (count 2); a member rung by their rule is not rung
    /// again that round. A record stored before 12-07, without them, reads as no lead, count 0, nobody called and no rule.
    /// </summary>
    [Fact]
    public async Task CommsLeadAndPersonalCalls_StoredInTheRecord_ReadBack_ARowWithoutThemReadsAsNone()
    {
        var ito = new AssignedMember("ito", "伊藤 さくら", "ito@example.com", OnDuty.Core.Team.Language.Ja) { Phone = "+819012345678", CallAfterMinutes = 5 };
        var kato = new AssignedMember("kato", "加藤 健", "kato@example.com", OnDuty.Core.Team.Language.Ja) { CallAfterMinutes = 0 };
        var mori = new AssignedMember("mori", "森 花子", "mori@example.com", OnDuty.Core.Team.Language.Ja);
        var opened = Incident.Open("INC-2026-0044", new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev2 }, [ito, kato, mori], "sato", T0);
        var incident = Incident.Restore(opened.ToSnapshot() with { PersonalCallsRound = 0, PersonalCalled = ["ito"] });
        Assert.True(incident.SetCommsLead("mori", "sato", T0.AddMinutes(1)));
        Assert.NotNull(await Sut.TryCreateAsync(incident, None));
        await Sut.MutateAsync("INC-2026-0044", i => i.ClearCommsLead("mori", T0.AddMinutes(2)), None);
        await Sut.MutateAsync("INC-2026-0044", i => i.SetCommsLead("kato", "kato", T0.AddMinutes(3)), None);

        var stored = (await Sut.GetAsync("INC-2026-0044", None))!.Value;
        Assert.Equal(("kato", (DateTimeOffset?)T0.AddMinutes(3), 2), (stored.CommsLead, stored.CommsLeadAt, stored.CommsLeadCount));
        Assert.Equal(0, stored.PersonalCallsRound);
        Assert.Equal(["ito"], stored.PersonalCalled);
        Assert.True(stored.PersonallyCalled("ito"));
        Assert.False(stored.PersonallyCalled("kato"));
        Assert.Equal<(string, int?, string?)>([("ito", 5, "+819012345678"), ("kato", 0, null), ("mori", null, null)], stored.Assignees.Select(a => (a.Id, a.CallAfterMinutes, a.Phone)));
        Assert.Equal(3, (await Sut.GetTimelineAsync("INC-2026-0044", None)).Count(e => e.Kind == TimelineKind.CommsLead));

        var tables = _harness.Services.GetRequiredService<OnDuty.Infrastructure.Tables.OnDutyTables>();
        var row = (await tables.Incidents.GetEntityAsync<Azure.Data.Tables.TableEntity>("INC-2026-0044", "incident")).Value;
        var data = System.Text.Json.Nodes.JsonNode.Parse(row.GetString("Data"))!.AsObject();
        Assert.Equal("kato", data["commsLead"]!.GetValue<string>());
        Assert.Equal(2, data["commsLeadCount"]!.GetValue<int>());
        foreach (var name in new[] { "commsLead", "commsLeadAt", "commsLeadCount", "personalCallsRound", "personalCalled" })
        {
            Assert.True(data.Remove(name), name);
        }

        foreach (var assignee in data["assignees"]!.AsArray())
        {
            assignee!.AsObject().Remove("callAfterMinutes");
        }

        row["Data"] = data.ToJsonString();
        await tables.Incidents.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var before = (await Sut.GetAsync("INC-2026-0044", None))!.Value;
        Assert.Equal(((string?)null, (DateTimeOffset?)null, 0), (before.CommsLead, before.CommsLeadAt, before.CommsLeadCount));
        Assert.Equal(((int?)null, 0), (before.PersonalCallsRound, before.PersonalCalled.Count));
        Assert.False(before.PersonallyCalled("ito"));
        Assert.All(before.Assignees, a => Assert.Null(a.CallAfterMinutes));
    }
}
