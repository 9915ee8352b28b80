using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// The update form's version (trial 33, H2): two PMs with the page open both resolve it; the second one's form predates the first
/// one's notice, so it is refused and sends nothing, instead of a second, contradicting recovery notice in the same second.
/// </summary>
public sealed class StaleUpdateTests
{
    private static void Execs(CommsOptions c)
    {
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
        c.BySeverity.Sev2 = ["execs"];
    }

    private static async Task<(IncidentHarness H, string Id)> DeclaredAsync()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "ポイントが付与されない", Severity = AlertSeverity.Sev2 }, "takahashi", null, default);
        return (h, created.Value.Id);
    }

    private static async Task<int> ShownAsync(IncidentHarness h, string id)
    {
        Assert.True(StaleUpdate.TryParse(StaleUpdate.VersionOf(await h.IncidentAsync(id)), out var shown));
        return shown;
    }

    private static IncidentEdit Cause(string cause) => new() { Cause = cause, NextSteps = "再発防止策を検討" };

    private static int Notices(IncidentHarness h, string id) =>
        h.Outbox.All.Select(m => m.Topic).Where(t => t.StartsWith($"incident:{id}:notice:", StringComparison.Ordinal)).Distinct().Count();

    [Fact]
    public async Task AnotherPersonResolvedAfterTheFormWasShown_RefusedNamingThemNothingSavedOrSent_TheNewFormThenSends()
    {
        var (h, id) = await DeclaredAsync();
        var yamada = await ShownAsync(h, id);
        var ito = await ShownAsync(h, id);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Service.PostUpdateShownAsync(id, IncidentStatus.Resolved, "復旧しました", Cause("バッチの遅延"), "ito", ito, "form-ito", default);
        var resolvedAt = h.Time.GetUtcNow();
        var stored = await h.Incidents.GetAsync(id, default);
        var timeline = await h.TimelineAsync(id);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var refused = await Assert.ThrowsAsync<StaleUpdateException>(() =>
            h.Service.PostUpdateShownAsync(id, IncidentStatus.Resolved, "復旧を確認", Cause("ポイントバッチの遅延") with { ResolvedAt = resolvedAt.AddMinutes(-2) }, "yamada", yamada, "form-yamada", default));

        Assert.Equal(new StaleUpdate("ito", resolvedAt, IncidentStatus.Resolved, Told: true), refused.Update);
        Assert.Equal(stored!.ETag, (await h.Incidents.GetAsync(id, default))!.ETag);
        Assert.Equal(timeline, await h.TimelineAsync(id));
        Assert.Equal("バッチの遅延", (await h.IncidentAsync(id)).Cause);
        Assert.Equal(2, Notices(h, id));

        // The form shown again carries the new version: sent knowingly, it is one more notice.
        await h.Service.PostUpdateShownAsync(id, IncidentStatus.Resolved, "復旧を確認", Cause("ポイントバッチの遅延"), "yamada", await ShownAsync(h, id), "form-yamada-2", default);
        Assert.Equal("ポイントバッチの遅延", (await h.IncidentAsync(id)).Cause);
        Assert.Equal(3, Notices(h, id));
    }

    [Fact]
    public async Task AnotherPersonsMessageOnlyUpdate_RefusedWithoutAStatus()
    {
        var (h, id) = await DeclaredAsync();
        var shown = await ShownAsync(h, id);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Service.PostUpdateAsync(id, null, "調査を続けています", null, "ito", null, null, default);

        var refused = await Assert.ThrowsAsync<StaleUpdateException>(() =>
            h.Service.PostUpdateShownAsync(id, IncidentStatus.Identified, "原因を特定", null, "yamada", shown, null, default));

        Assert.Equal(("ito", (IncidentStatus?)null), (refused.Update.By, refused.Update.Status));
        Assert.Equal(IncidentStatus.Investigating, (await h.IncidentAsync(id)).Status);
    }

    /// <summary>Both posted within the same clock tick (a frozen clock, a fast pair): still told apart by the notice count.</summary>
    [Fact]
    public async Task AnotherPersonsUpdateAtTheSameInstant_StillStale()
    {
        var (h, id) = await DeclaredAsync();
        var shown = await ShownAsync(h, id);
        await h.Service.PostUpdateShownAsync(id, IncidentStatus.Resolved, "復旧しました", null, "ito", shown, null, default);

        var refused = await Assert.ThrowsAsync<StaleUpdateException>(() =>
            h.Service.PostUpdateShownAsync(id, IncidentStatus.Resolved, "復旧を確認", null, "yamada", shown, null, default));

        Assert.Equal(new StaleUpdate("ito", T0, IncidentStatus.Resolved, Told: true), refused.Update);
        Assert.Equal(2, Notices(h, id));
    }

    [Fact]
    public async Task OwnEarlierUpdate_QuietCorrectionAndAcknowledgementByOthers_NotStale()
    {
        var (h, id) = await DeclaredAsync();
        var shown = await ShownAsync(h, id);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "原因を特定", null, "yamada", null, null, default);
        await h.Service.CorrectAsync(id, new IncidentEdit { Title = "ポイントが付与されない（一部）" }, "ito", null, null, default);
        await h.Service.AcknowledgeAsync(id, "ito", null, default);

        await h.Service.PostUpdateShownAsync(id, IncidentStatus.Monitoring, "経過を観察", null, "yamada", shown, null, default);

        Assert.Equal(IncidentStatus.Monitoring, (await h.IncidentAsync(id)).Status);
        Assert.Equal(3, Notices(h, id));
    }

    /// <summary>Monitoring's resolve and reopen tell the stakeholders nothing by a person: the form they happened under is not stale.</summary>
    [Fact]
    public async Task MonitoringResolvedAndReopenedAfterTheFormWasShown_NotStale()
    {
        var h = await CreateAsync(comms: Execs);
        var opened = await h.Intake.IntakeAsync(Notification("g1", Alert("a", severity: AlertSeverity.Sev2)), default);
        var id = opened.IncidentId!;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "原因を特定", null, "ito", null, null, default);
        var shown = await ShownAsync(h, id);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.Intake.IntakeAsync(Notification("g1", Alert("a", AlertStatus.Resolved, AlertSeverity.Sev2)), default);
        Assert.False((await h.IncidentAsync(id)).IsOpen);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        await h.Service.PostUpdateShownAsync(id, IncidentStatus.Resolved, "復旧を確認", Cause("設定の誤り"), "yamada", shown, null, default);

        Assert.Equal("設定の誤り", (await h.IncidentAsync(id)).Cause);
    }

    /// <summary>A form submitted twice (the same request id): the second finds its own update, not another's, and sends nothing more.</summary>
    [Fact]
    public async Task SameFormSubmittedTwiceAfterAnotherPersonsUpdate_AppliedOnce()
    {
        var (h, id) = await DeclaredAsync();
        var shown = await ShownAsync(h, id);
        await h.Service.PostUpdateShownAsync(id, IncidentStatus.Resolved, "復旧しました", Cause("バッチの遅延"), "ito", shown, "form-ito", default);
        var timeline = await h.TimelineAsync(id);

        await h.Service.PostUpdateShownAsync(id, IncidentStatus.Resolved, "復旧しました", Cause("バッチの遅延"), "ito", shown, "form-ito", default);

        Assert.Equal(timeline, await h.TimelineAsync(id));
        Assert.Equal(2, Notices(h, id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("99999999999999999999")]
    public void Version_NotANumber_NoVersion(string posted) => Assert.False(StaleUpdate.TryParse(posted, out _));

    [Fact]
    public void Version_NoNoticeYet_Zero()
    {
        Assert.True(StaleUpdate.TryParse("0", out var shown));
        Assert.Equal(0, shown);
    }
}
