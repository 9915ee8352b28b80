using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>People added on a confidential incident: stored once by normalised address, each change a timeline row naming who.</summary>
public sealed class IncidentReadersTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
    private readonly InMemoryIncidentRepository _incidents = new();
    private readonly InMemoryIncidentReaders _readers = new();

    private IncidentReaders CreateSut() => new(_incidents, _readers, _time, NullLogger<IncidentReaders>.Instance);

    private async Task<string> StoreAsync(string id)
    {
        var incident = Incident.Open(id, new NewIncident { Title = "顧客リストの流出の疑い", Severity = AlertSeverity.Sev2, Confidential = true }, [], "sato", _time.GetUtcNow());
        Assert.NotNull(await _incidents.TryCreateAsync(incident, CancellationToken.None));
        return id;
    }

    private async Task<List<string?>> TimelineAsync(string id) =>
        [.. (await _incidents.GetTimelineAsync(id, CancellationToken.None)).Where(t => t.Kind == TimelineKind.ConfidentialityChanged).Select(t => t.Message)];

    [Fact]
    public async Task AddAndRemove_OnceEach_WithATimelineRowNamingWho()
    {
        var id = await StoreAsync("INC-2026-0042");
        var sut = CreateSut();

        Assert.True(await sut.AddAsync(id, " Yamada@Partner.example ", "sato", default));
        Assert.False(await sut.AddAsync(id, "yamada@partner.example", "ito", default));
        Assert.Equal(["yamada@partner.example"], (await sut.ListAsync(id, default)).Select(r => r.Address));
        Assert.True(await sut.RemoveAsync(id, "YAMADA@partner.example", "ito", default));
        Assert.False(await sut.RemoveAsync(id, "yamada@partner.example", "ito", default));

        Assert.Equal(["may read it: yamada@partner.example, added by sato", "may no longer read it: yamada@partner.example, removed by ito"], await TimelineAsync(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("yamada")]
    public async Task Add_NotAnAddress_RefusedNamingTheFieldAndNothingStored(string? address)
    {
        var id = await StoreAsync("INC-2026-0043");

        var refused = await Assert.ThrowsAsync<ValidationException>(() => CreateSut().AddAsync(id, address, "sato", default));

        Assert.True(refused.Errors.ContainsKey("address"));
        Assert.Empty(await _readers.ListAsync(id, default));
        Assert.Empty(await TimelineAsync(id));
    }

    [Fact]
    public async Task Add_UnknownIncident_NotFoundAndNothingStored()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => CreateSut().AddAsync("INC-2026-0999", "yamada@partner.example", "sato", default));
        Assert.Empty(await _readers.ListAsync("INC-2026-0999", default));
    }

    [Fact]
    public async Task CarryOver_TheDuplicatesReadersMayReadTheOneKept_SafeToRepeat()
    {
        var duplicate = await StoreAsync("INC-2026-0044");
        var kept = await StoreAsync("INC-2026-0045");
        var sut = CreateSut();
        await sut.AddAsync(duplicate, "counsel@lawfirm.example", "sato", default);
        await sut.AddAsync(kept, "audit@partner.example", "ito", default);

        Assert.Equal(1, await sut.CarryOverAsync(duplicate, kept, "sato", default));
        Assert.Equal(0, await sut.CarryOverAsync(duplicate, kept, "sato", default));

        Assert.Equal(["audit@partner.example", "counsel@lawfirm.example"], (await sut.ListAsync(kept, default)).Select(r => r.Address));
    }
}
