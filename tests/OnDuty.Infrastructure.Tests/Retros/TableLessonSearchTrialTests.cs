using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Retros;

/// <summary>
/// Day 31a M2/M3 against Azurite, with the trial's texts: the words a PM types a month later find INC-0001 and its lessons, and
/// the merged Alertmanager duplicate points to it.
/// </summary>
public sealed class TableLessonSearchTrialTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 44, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<LessonSearch> SeedAsync()
    {
        var tables = (await CountingTables.CreateAsync(azurite.ConnectionString, "trial31")).Tables;
        var incidents = new TableIncidentRepository(tables);
        var retros = new TableRetroRepository(tables);
        var index = new TableRetroLessonIndex(tables);

        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev1, AffectedAreas = ["決済"] }, [], "ito", T0);
        incident.Correct(new IncidentEdit
        {
            Cause = "PSP-B 経由の決済がタイムアウトしていました",
            NextSteps = "PSP-B の応答時間を監視します",
        }, "ito", T0.AddMinutes(20));
        await incidents.TryCreateAsync(incident, None);
        var retro = new RetroContent { Summary = "カード決済の一部が失敗した。コネクションプールの上限に達していた", ActionItems = [new ActionItem { Title = "プールの上限を見直す", Owner = "ito" }] };
        var document = LessonDocument.For(incident, retro);
        await index.AddAsync(document, null, None);
        await retros.SaveAsync(new StoredRetro(incident.Id, retro, new RetroVersion(1, "ito", T0.AddDays(1)), document), null, None);

        var duplicate = Incident.Open("INC-2026-0002", new NewIncident { Title = "[Alertmanager] PaymentErrorsHigh: payment error rate high", Severity = AlertSeverity.Sev1 }, [], "alertmanager", T0.AddMinutes(1));
        duplicate.MarkMergedInto(incident.Id, "ito", T0.AddMinutes(5));
        await incidents.TryCreateAsync(duplicate, None);
        await index.AddAsync(LessonDocument.For(duplicate, null), null, None);

        return new LessonSearch(index, retros, incidents, Options.Create(new IncidentOptions { AckTokenSecret = "x" }));
    }

    [Fact]
    public async Task Search_TheWordsAPmTypes_FindTheIncidentAndItsLessons()
    {
        var search = await SeedAsync();

        foreach (var (q, field) in new[]
        {
            ("ｶｰﾄﾞ", "summary"), ("ﾌﾟｰﾙ", "summary"), ("ｺﾈｸｼｮﾝﾌﾟｰﾙ", "summary"), ("かーど", "summary"), ("ぷーる", "summary"),
            ("決済失敗", "title"), ("タイムアウト", "cause"), ("ﾀｲﾑｱｳﾄ", "cause"),
        })
        {
            var hits = await search.SearchAsync(q, LessonFilter.None, 10, None);
            var hit = Assert.Single(hits);
            Assert.Equal(("INC-2026-0001", (int?)1, false, field), (hit.IncidentId, hit.RetroVersion, hit.Partial, hit.Snippet!.Field));
        }

        Assert.Empty(await search.SearchAsync("けっさい", LessonFilter.None, 10, None));
        Assert.Empty(await search.SearchAsync("失敗決済", LessonFilter.None, 10, None));
    }

    [Fact]
    public async Task Search_WordOnlyTheMergedDuplicateHolds_PointsToTheIncidentItWentIntoAndItsRetro()
    {
        var search = await SeedAsync();

        var hit = Assert.Single(await search.SearchAsync("payment", LessonFilter.None, 10, None));
        Assert.Equal(("INC-2026-0002", "INC-2026-0001", (int?)1), (hit.IncidentId, hit.MergedInto, hit.MergedIntoRetroVersion));

        // A word both hold: the incident it went into, the duplicate folded into it.
        Assert.Equal(["INC-2026-0001"], (await search.SearchAsync("決済", LessonFilter.None, 10, None)).Select(h => h.IncidentId));
    }
}
