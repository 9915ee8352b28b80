using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using Opts = Microsoft.Extensions.Options.Options;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Session 45: approving the PR/CS drafts changed only a hint. An approval is recorded on the incident's timeline — who approved
/// which drafts, when, and who saved them — and a save without approval records nothing.
/// </summary>
public sealed class IncidentDraftServiceTests
{
    [Fact]
    public async Task SaveAsync_Approved_RecordsWhoApprovedWhichDraftsOnTheTimeline()
    {
        var (h, sut, id) = await CreateAsync();
        h.Time.Advance(TimeSpan.FromMinutes(20));
        var before = (await h.TimelineAsync(id)).Count;

        var (saved, _) = await sut.SaveAsync(id, Draft(Language.Ja) with { Status = DraftStatus.Approved, ApprovedBy = " 伊藤 さくら " }, "", "sato", default);

        var row = Assert.Single((await h.TimelineAsync(id)).Skip(before));
        Assert.Equal(TimelineKind.DraftsApproved, row.Kind);
        Assert.Equal("ja drafts approved by 伊藤 さくら", row.Message);
        Assert.Equal("sato", row.By);
        Assert.Equal(h.Time.GetUtcNow(), row.At);
        Assert.Equal(saved.ApprovedAt, row.At);
        // The row is an event of its own: no update, no notice.
        var incident = await h.IncidentAsync(id);
        Assert.Equal(1, incident.Comms.Issued);
    }

    [Fact]
    public async Task SaveAsync_NotApproved_RecordsNothing_ApprovingTheEnglishOneNamesIt()
    {
        var (h, sut, id) = await CreateAsync();
        var before = (await h.TimelineAsync(id)).Count;

        var (_, etag) = await sut.SaveAsync(id, Draft(Language.En), "", "sato", default);
        Assert.Equal(before, (await h.TimelineAsync(id)).Count);

        await sut.SaveAsync(id, Draft(Language.En) with { Status = DraftStatus.Approved, ApprovedBy = "Emma Wilson" }, etag, "emma", default);
        var row = Assert.Single((await h.TimelineAsync(id)).Skip(before));
        Assert.Equal("en drafts approved by Emma Wilson", row.Message);
    }

    [Fact]
    public async Task SaveAsync_Stale_RecordsNoApproval()
    {
        var (h, sut, id) = await CreateAsync();
        await sut.SaveAsync(id, Draft(Language.Ja), "", "sato", default);
        var before = (await h.TimelineAsync(id)).Count;

        await Assert.ThrowsAsync<ConcurrencyException>(() =>
            sut.SaveAsync(id, Draft(Language.Ja) with { Status = DraftStatus.Approved, ApprovedBy = "伊藤 さくら" }, "", "ito", default));

        Assert.Equal(before, (await h.TimelineAsync(id)).Count);
    }

    private static IncidentDraft Draft(Language language) => new() { Language = language, CustomerNotice = "決済が一部失敗する事象が発生しております。", Workaround = "", Faq = [] };

    private static async Task<(IncidentHarness, IncidentDraftService, string)> CreateAsync()
    {
        var h = await IncidentHarness.CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, "ito", null, default);
        var sut = new IncidentDraftService(h.Incidents, new InMemoryIncidentDraftStore(), TestRenderer.Instance, h.Time, Opts.Create(h.Options));
        return (h, sut, created.Value.Id);
    }
}
