using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Calendar;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Graph;

public sealed class GraphAvailabilitySourceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 12, 15, 0, 0, 0, TimeSpan.Zero);

    private LoopbackGraphServer _server = null!;
    private ServiceProvider _services = null!;

    private IAvailabilitySource Sut => _services.GetRequiredService<IAvailabilitySource>();

    public async Task InitializeAsync()
    {
        _server = await LoopbackGraphServer.StartAsync();
        _services = GraphTestServices.Build(_server);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetOutOfOfficeAsync_OofItems_ReturnedInUtcPerAddress()
    {
        var oofStart = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        var oofEnd = new DateTimeOffset(2026, 12, 12, 0, 0, 0, TimeSpan.Zero);
        _server.AddOutOfOffice("sato@contoso.example", oofStart, oofEnd);

        var result = await Sut.GetOutOfOfficeAsync(["sato@contoso.example", "ito@contoso.example"], Start, End, CancellationToken.None);

        Assert.Equal([new TimeRange(oofStart, oofEnd)], result["sato@contoso.example"]);
        Assert.Empty(result["ito@contoso.example"]);
        var request = Assert.Single(_server.ScheduleRequests);
        var body = request.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value);
        Assert.Equal(["sato@contoso.example", "ito@contoso.example"], body["schedules"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("2026-12-06T00:00:00", body["starttime"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("UTC", body["starttime"]!["timeZone"]!.GetValue<string>());
        Assert.Equal("2026-12-15T00:00:00", body["endtime"]!["dateTime"]!.GetValue<string>());
        Assert.Equal(30, body["availabilityviewinterval"]!.GetValue<int>());
        Assert.Equal("/v1.0/users/sato@contoso.example/calendar/getSchedule", Uri.UnescapeDataString(_server.Requests[0].Target));
    }

    [Fact]
    public async Task GetOutOfOfficeAsync_MoreThanTwentyAddresses_AsksInBatchesOfTwenty()
    {
        var addresses = Enumerable.Range(1, 25).Select(i => $"pm{i}@contoso.example").ToList();
        _server.AddOutOfOffice("pm25@contoso.example", Start.AddDays(1), Start.AddDays(2));

        var result = await Sut.GetOutOfOfficeAsync(addresses, Start, End, CancellationToken.None);

        Assert.Equal([20, 5], _server.ScheduleRequests.Select(r => r.First(p => p.Key.Equals("schedules", StringComparison.OrdinalIgnoreCase)).Value!.AsArray().Count));
        Assert.Equal(25, result.Count);
        Assert.Single(result["pm25@contoso.example"]);
    }
}
