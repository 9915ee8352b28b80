using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Merging a storm's duplicates into the real cause at once (<see cref="IncidentMerger.MergeManyAsync"/>): each goes as a merge of
/// one does, one refused leaves the others merged, and the answer says which were merged and which not, and why.
/// </summary>
public sealed class IncidentMergeManyTests
{
    private static NewIncident Declared(string title, AlertSeverity severity = AlertSeverity.Sev2) => new() { Title = title, Severity = severity };

    [Fact]
    public async Task AStormsDuplicates_AreMergedIntoTheCause_AndThoseThatCannotBe_AreSkippedSayingWhy()
    {
        var h = await CreateAsync();
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down"), "sato", null, default);
        var first = (await h.Intake.IntakeAsync(Notification("api", Alert("a1")), default)).IncidentId!;
        var second = (await h.Intake.IntakeAsync(Notification("web", Alert("w1"), Alert("w2")), default)).IncidentId!;
        var resolved = (await h.Intake.IntakeAsync(Notification("batch", Alert("b1")), default)).IncidentId!;
        await h.Service.PostUpdateAsync(resolved, IncidentStatus.Resolved, "fixed", null, "ito", null, null, default);
        var (elsewhere, _) = await h.Service.CreateAsync(Declared("Search down"), "ito", null, default);
        var chained = (await h.Intake.IntakeAsync(Notification("search", Alert("s1")), default)).IncidentId!;
        await h.Merger.MergeAsync(chained, elsewhere.Value.Id, "ito", default);

        var done = await h.Merger.MergeManyAsync(
            cause.Value.Id, [first, second.ToLowerInvariant(), resolved, cause.Value.Id, chained, "INC-2099-9999", first], "sato", default);

        Assert.Equal(cause.Value.Id, done.Into);
        Assert.Equal([first, second], done.Merged);
        Assert.Equal(
            [new SkippedMerge(resolved, "resolved"), new SkippedMerge(cause.Value.Id, "itself"), new SkippedMerge(chained, "merged", elsewhere.Value.Id), new SkippedMerge("INC-2099-9999", "notFound")],
            done.Skipped);
        var kept = await h.IncidentAsync(cause.Value.Id);
        Assert.Equal([first, second], kept.MergedIncidents);
        Assert.Equal(["a1", "w1", "w2"], (await h.Incidents.GetAlertsAsync(cause.Value.Id, default)).Select(a => a.Value.DedupKey).Order(StringComparer.Ordinal));
        Assert.Equal(cause.Value.Id, (await h.Incidents.GetOpenGroupAsync("alertmanager", "web", default))?.IncidentId);
        foreach (var id in new[] { first, second })
        {
            Assert.Equal((IncidentStatus.Resolved, cause.Value.Id), ((await h.IncidentAsync(id)).Status, (await h.IncidentAsync(id)).MergedInto));
        }

        // Those skipped are left as they were.
        Assert.Null((await h.IncidentAsync(resolved)).MergedInto);
        Assert.Equal(elsewhere.Value.Id, (await h.IncidentAsync(chained)).MergedInto);
        Assert.Equal([chained], (await h.IncidentAsync(elsewhere.Value.Id)).MergedIncidents);
    }

    [Fact]
    public async Task ADuplicateThatWouldRaiseTheSeverity_IsSkippedUnlessConfirmed_AndTheOthersAreMergedStill()
    {
        var h = await CreateAsync();
        var (cause, _) = await h.Service.CreateAsync(Declared("Checkout down", AlertSeverity.Sev3), "sato", null, default);
        var (urgent, _) = await h.Service.CreateAsync(Declared("Checkout fails", AlertSeverity.Sev1), "ito", null, default);
        var (same, _) = await h.Service.CreateAsync(Declared("Cart slow", AlertSeverity.Sev3), "ito", null, default);

        var done = await h.Merger.MergeManyAsync(cause.Value.Id, [urgent.Value.Id, same.Value.Id], "sato", default, confirmSeverity: false);

        Assert.Equal([same.Value.Id], done.Merged);
        Assert.Equal([new SkippedMerge(urgent.Value.Id, "severity")], done.Skipped);
        Assert.True((await h.IncidentAsync(urgent.Value.Id)).IsOpen);
        Assert.Null((await h.IncidentAsync(urgent.Value.Id)).MergingInto);
        Assert.Equal(AlertSeverity.Sev3, (await h.IncidentAsync(cause.Value.Id)).Severity);

        var confirmed = await h.Merger.MergeManyAsync(cause.Value.Id, [urgent.Value.Id, same.Value.Id], "sato", default, confirmSeverity: true);

        // Repeating lists the one merged before as merged again, and merges nothing twice.
        Assert.Equal([urgent.Value.Id, same.Value.Id], confirmed.Merged);
        Assert.Empty(confirmed.Skipped);
        var kept = await h.IncidentAsync(cause.Value.Id);
        Assert.Equal(AlertSeverity.Sev1, kept.Severity);
        Assert.Equal([same.Value.Id, urgent.Value.Id], kept.MergedIncidents);
    }

    [Fact]
    public async Task RepeatingTheRequest_SendsNothingMore()
    {
        var h = await CreateAsync();
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down"), "sato", null, default);
        var (a, _) = await h.Service.CreateAsync(Declared("API errors"), "ito", null, default);
        var (b, _) = await h.Service.CreateAsync(Declared("Web errors"), "ito", null, default);
        await h.DrainQueueAsync();
        await h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id], "sato", default);
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;
        var merged = h.Email.Sent.Where(s => s.Id.Contains(":merged:", StringComparison.Ordinal)).Select(s => s.Id.Split(':')[1]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal([a.Value.Id, b.Value.Id], merged);

        var again = await h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id], "sato", default);
        await h.DrainQueueAsync();

        Assert.Equal([a.Value.Id, b.Value.Id], again.Merged);
        Assert.Equal(sent, h.Email.Sent.Count);
    }

    [Fact]
    public async Task NoIds_TooMany_OrAnUnknownTarget_AreRefusedBeforeAnythingIsMerged()
    {
        var h = await CreateAsync();
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down"), "sato", null, default);
        var (a, _) = await h.Service.CreateAsync(Declared("API errors"), "ito", null, default);

        Assert.Contains("ids", (await Assert.ThrowsAsync<ValidationException>(() => h.Merger.MergeManyAsync(cause.Value.Id, [], "sato", default))).Errors.Keys);
        Assert.Contains("ids", (await Assert.ThrowsAsync<ValidationException>(() => h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, " "], "sato", default))).Errors.Keys);
        var tooMany = Enumerable.Range(0, IncidentMerger.MaxMergedTogether).Select(i => $"INC-2026-{i:0000}").Append(a.Value.Id).ToList();
        Assert.Contains("ids", (await Assert.ThrowsAsync<ValidationException>(() => h.Merger.MergeManyAsync(cause.Value.Id, tooMany, "sato", default))).Errors.Keys);
        await Assert.ThrowsAsync<NotFoundException>(() => h.Merger.MergeManyAsync("INC-2099-9999", [a.Value.Id], "sato", default));

        Assert.True((await h.IncidentAsync(a.Value.Id)).IsOpen);
        Assert.Empty((await h.IncidentAsync(cause.Value.Id)).MergedIncidents);
    }
}
