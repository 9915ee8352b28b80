using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>Reviewed PR/CS drafts on Azurite: what is kept of the state they were written for, also in rows stored before it was.</summary>
public sealed class TableIncidentDraftStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private TablesHarness _harness = null!;

    private IIncidentDraftStore Sut => _harness.Services.GetRequiredService<IIncidentDraftStore>();

    public async Task InitializeAsync() => _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "drafts");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SaveAsync_ApprovedInAState_ReadBackWithThatState()
    {
        var draft = new IncidentDraft
        {
            Language = Language.Ja, CustomerNotice = "【障害】決済画面が開かない事象について", Workaround = "", Status = DraftStatus.Approved, ApprovedBy = "佐々木 美穂",
            SavedBy = "sasaki", SavedAt = DateTimeOffset.UnixEpoch, SavedInStatus = IncidentStatus.Investigating,
        };

        await Sut.SaveAsync("INC-2026-0003", draft, "*", default);
        var read = await Sut.GetAsync("INC-2026-0003", Language.Ja, default);

        Assert.Equal(IncidentStatus.Investigating, read!.Value.SavedInStatus);
        Assert.True(read.Value.IsStaleFor(IncidentStatus.Resolved));
    }

    /// <summary>A row written before the state was recorded reads as state unknown: not stale, whatever the incident's state.</summary>
    [Fact]
    public async Task GetAsync_RowStoredBeforeTheStateWasRecorded_StateUnknownAndNotStale()
    {
        const string data = """{"language":"Ja","customerNotice":"【障害】…","workaround":"","faq":[],"status":"Approved","approvedBy":"佐々木 美穂","approvedAt":"2026-12-02T18:40:00+00:00","savedBy":"sasaki","savedAt":"2026-12-02T18:40:00+00:00"}""";
        await _harness.Tables.Incidents.UpsertEntityAsync(new TableEntity("INC-2026-0003", "draft|ja") { ["Data"] = data });

        var read = await Sut.GetAsync("INC-2026-0003", Language.Ja, default);

        Assert.Equal((DraftStatus.Approved, (IncidentStatus?)null), (read!.Value.Status, read.Value.SavedInStatus));
        Assert.False(read.Value.IsStaleFor(IncidentStatus.Resolved));
    }

    /// <summary>The inputs' hashes the text was written for come back as saved (the E2E tests compare them with the incident's).</summary>
    [Fact]
    public async Task SaveAsync_WithInputs_ReadBackTheSame()
    {
        var inputs = DraftInputs.Names.ToDictionary(n => n, n => n == "workaround" ? "0123456789abcdef" : "fedcba9876543210");
        var draft = new IncidentDraft
        {
            Language = Language.En, CustomerNotice = "[Incident] Payments failing", Workaround = "", SavedBy = "takahashi", SavedInStatus = IncidentStatus.Identified, Inputs = inputs,
        };

        await Sut.SaveAsync("INC-2026-0001", draft, "*", default);
        var read = await Sut.GetAsync("INC-2026-0001", Language.En, default);

        Assert.Equal(inputs, read!.Value.Inputs);
    }
}
