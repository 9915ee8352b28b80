using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Retros;

/// <summary>The fingerprints the indexing sweep compares, as the <c>Lessons</c> table keeps them in Azurite.</summary>
public sealed class TableRetroLessonIndexFingerprintTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private static LessonDocument Document(string id, string title, string? impact = null) =>
        LessonDocument.For(Incident.Open(id, new NewIncident { Title = title, Severity = AlertSeverity.Sev2, UserImpact = impact, AffectedAreas = ["決済"] }, [], "sato", T0), null);

    [Fact]
    public async Task GetFingerprints_WhatWasIndexed_AbsentWhenNot_ChangedAfterTheTextChanged()
    {
        var sut = new TableRetroLessonIndex((await CountingTables.CreateAsync(azurite.ConnectionString, "fp")).Tables);
        var first = Document("INC-2026-0001", "決済が遅い");
        var other = Document("INC-2026-0002", "ログイン不可");
        await sut.AddAsync(first, null, None);

        var found = await sut.GetFingerprintsAsync([(first.IncidentId, first.At), (other.IncidentId, other.At)], None);
        Assert.Equal(new Dictionary<string, string> { [first.IncidentId] = first.Fingerprint() }, found);

        // Same terms and filter fields but more text: the term rows a previous add kept are not rewritten, the all row is.
        var edited = Document("INC-2026-0001", "決済が遅い", "カードで払えない");
        Assert.NotEqual(first.Fingerprint(), edited.Fingerprint());
        await sut.AddAsync(edited, first, None);

        Assert.Equal(edited.Fingerprint(), (await sut.GetFingerprintsAsync([(edited.IncidentId, edited.At)], None))[edited.IncidentId]);
        var (postings, _) = await sut.ReadAsync(LessonTokenizer.Terms("カード").First(), LessonFilter.None, 10, None);
        Assert.Equal(["INC-2026-0001"], postings.Select(p => p.IncidentId));
    }
}
