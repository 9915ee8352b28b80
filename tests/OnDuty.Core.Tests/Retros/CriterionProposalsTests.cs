using OnDuty.Core.Alerts;
using OnDuty.Core.Retros;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Retros;

/// <summary>The lead's list of criteria changes proposed by retros (session 48): newest retro first, adopted ones by the criterion's own history.</summary>
public sealed class CriterionProposalsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 1, 0, 0, TimeSpan.Zero);

    private readonly InMemoryRetroRepository _retros = new();
    private readonly InMemoryCriteriaRepository _criteria = new();

    private CriterionProposals CreateSut() => new(_retros, _criteria);

    private static StoredRetro Retro(string id, int version, DateTimeOffset at, params CriterionChange[] changes) =>
        new(id, new RetroContent { Summary = "s", CriteriaChanges = changes }, new RetroVersion(version, "sato", at), new LessonDocument
        {
            IncidentId = id,
            Title = "障害 " + id,
            Severity = AlertSeverity.Sev2,
            At = at,
        });

    private async Task<Criterion> AddCriterionAsync(string id, string title)
    {
        var criterion = new Criterion { Id = id, Title = title, Text = title + "の本文", Version = 1, UpdatedAt = Now.AddDays(-90) };
        await _criteria.SaveAsync(criterion, null, default);
        return criterion;
    }

    /// <summary>The criterion saved again from <paramref name="retro"/>, as the criteria page's edit opened from that retro saves it.</summary>
    private async Task<Criterion> ChangeFromRetroAsync(string id, string retro, string by, DateTimeOffset at)
    {
        var current = (await _criteria.GetAsync(id, default))!;
        var next = current.Value with { Version = current.Value.Version + 1, Retro = retro, UpdatedBy = by, UpdatedAt = at, Text = "見直した本文" };
        await _criteria.SaveAsync(next, current.ETag, default);
        return next;
    }

    /// <summary>
    /// Two retros' proposals, the newer retro first and each retro's in the order it wrote them; one adopted from its retro (a
    /// version of the criterion names it) is left out by default and listed with that version under all — while the same
    /// criterion proposed by the other retro stays not adopted: a version adopts the proposal of the retro it names only.
    /// </summary>
    [Fact]
    public async Task ListAsync_NewestRetroFirst_AdoptedOnlyByAVersionNamingItsRetro_FilteredOutByDefault()
    {
        await AddCriterionAsync("sev1", "決済は SEV1");
        await AddCriterionAsync("help", "応援は 30 分");
        await _retros.SaveAsync(Retro("INC-2026-0001", 1, Now.AddDays(-20), new CriterionChange { CriterionId = "sev1", Note = "古い提案" }), null, default);
        await _retros.SaveAsync(Retro("INC-2026-0009", 1, Now.AddDays(-2), new CriterionChange { CriterionId = "help", Note = "20 分に" }, new CriterionChange { CriterionId = "sev1", Note = "請求も" }), null, default);
        var adoption = await ChangeFromRetroAsync("sev1", "INC-2026-0001", "tanaka", Now.AddDays(-1));

        var open = await CreateSut().ListAsync(all: false, default);
        var all = await CreateSut().ListAsync(all: true, default);

        Assert.Equal(new (string, string, int?)[] { ("INC-2026-0009", "help", null), ("INC-2026-0009", "sev1", null) }, open.Proposals.Select(p => (p.Proposed.IncidentId, p.Proposed.Change.CriterionId, p.AdoptedBy?.Version)));
        Assert.Equal((2, 3, false), (open.Open, open.Total, open.All));
        Assert.Equal(
            new (string, string, int?)[] { ("INC-2026-0009", "help", null), ("INC-2026-0009", "sev1", null), ("INC-2026-0001", "sev1", 2) },
            all.Proposals.Select(p => (p.Proposed.IncidentId, p.Proposed.Change.CriterionId, p.AdoptedBy?.Version)));
        Assert.Equal(adoption, all.Proposals[2].AdoptedBy);
        // The criterion as it reads now (its adopted text), not as it read when proposed.
        Assert.Equal("見直した本文", all.Proposals[1].Criterion!.Text);
        Assert.Equal(("請求も", "sato", Now.AddDays(-2)), (all.Proposals[1].Proposed.Change.Note, all.Proposals[1].Proposed.Saved.SavedBy, all.Proposals[1].Proposed.Saved.SavedAt));
    }

    /// <summary>A criterion changed twice from the same retro: adopted by the first version that named it.</summary>
    [Fact]
    public async Task ListAsync_ChangedTwiceFromTheRetro_AdoptedByTheFirstVersion()
    {
        await AddCriterionAsync("sev1", "決済は SEV1");
        await _retros.SaveAsync(Retro("INC-2026-0001", 1, Now.AddDays(-20), new CriterionChange { CriterionId = "sev1" }), null, default);
        await ChangeFromRetroAsync("sev1", "INC-2026-0001", "tanaka", Now.AddDays(-3));
        await ChangeFromRetroAsync("sev1", "INC-2026-0001", "sato", Now.AddDays(-1));

        var list = await CreateSut().ListAsync(all: true, default);

        var adopted = Assert.Single(list.Proposals).AdoptedBy!;
        Assert.Equal((2, "tanaka"), (adopted.Version, adopted.UpdatedBy));
        Assert.Equal((0, 1), (list.Open, list.Total));
    }

    /// <summary>A retro saved again without a proposal it had: the proposal is gone from the list (the index holds the current version's).</summary>
    [Fact]
    public async Task ListAsync_RetroSavedAgainWithoutTheProposal_NotListed()
    {
        await AddCriterionAsync("sev1", "決済は SEV1");
        var etag = await _retros.SaveAsync(Retro("INC-2026-0001", 1, Now.AddDays(-20), new CriterionChange { CriterionId = "sev1" }), null, default);
        await _retros.SaveAsync(Retro("INC-2026-0001", 2, Now.AddDays(-19)), etag, default);

        var list = await CreateSut().ListAsync(all: true, default);

        Assert.Empty(list.Proposals);
        Assert.Equal((0, 0), (list.Open, list.Total));
    }

    /// <summary>Two retros saved at the same moment: the later incident's first, as newest first reads.</summary>
    [Fact]
    public async Task ListAsync_SavedAtTheSameMoment_TheLaterIncidentFirst()
    {
        await AddCriterionAsync("sev1", "決済は SEV1");
        await _retros.SaveAsync(Retro("INC-2026-0010", 1, Now, new CriterionChange { CriterionId = "sev1" }), null, default);
        await _retros.SaveAsync(Retro("INC-2026-0011", 1, Now, new CriterionChange { CriterionId = "sev1" }), null, default);

        var list = await CreateSut().ListAsync(all: false, default);

        Assert.Equal(["INC-2026-0011", "INC-2026-0010"], list.Proposals.Select(p => p.Proposed.IncidentId));
    }
}
