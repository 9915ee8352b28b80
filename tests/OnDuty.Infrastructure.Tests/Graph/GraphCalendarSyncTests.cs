using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Graph;

public sealed class GraphCalendarSyncTests : IAsyncLifetime
{
    private static readonly DutyEvent Duty = new(
        "incident-duty",
        new DateOnly(2026, 12, 7),
        "sato",
        "sato@contoso.example",
        "2026-W50",
        new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 12, 14, 1, 0, 0, TimeSpan.Zero),
        "Asia/Tokyo",
        "【障害当番】2026-W50 当番",
        "<p>一緒に担当：Liam</p>");

    private LoopbackGraphServer _server = null!;
    private ServiceProvider _services = null!;

    private IMemberCalendar Sut => _services.GetRequiredService<IMemberCalendar>();

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
    public async Task CreateAsync_SameTransactionIdTwice_OneEventWithTheDutyTimes()
    {
        var tx = CalendarEventRecord.TransactionId(Duty.RotationId, Duty.ShiftStart, Duty.MemberId, 1);

        var first = await Sut.CreateAsync(Duty, tx, CancellationToken.None);
        var second = await Sut.CreateAsync(Duty, tx, CancellationToken.None);

        Assert.Equal(first, second);
        var created = Assert.Single(_server.Events);
        Assert.Equal((first, "sato@contoso.example", tx), (created.Id, created.Mailbox, created.TransactionId));
        Assert.Equal((Duty.StartsAt, Duty.EndsAt, Duty.Subject, Duty.HtmlBody), (created.Start, created.End, created.Subject, created.Body));
    }

    [Fact]
    public async Task UpdateAsync_Existing_PatchesSubjectTimesAndBody()
    {
        var id = await Sut.CreateAsync(Duty, "tx-1", CancellationToken.None);

        await Sut.UpdateAsync(id, Duty with { HtmlBody = "<p>一緒に担当：伊藤</p>", EndsAt = Duty.EndsAt.AddDays(7) }, CancellationToken.None);

        var updated = Assert.Single(_server.Events);
        Assert.Equal(("<p>一緒に担当：伊藤</p>", Duty.EndsAt.AddDays(7), 1), (updated.Body, updated.End, updated.Updates));
        Assert.Contains(_server.Requests, r => r.Method == "PATCH" && r.Target.EndsWith($"/events/{id}", StringComparison.Ordinal) && r.Status == 200);
    }

    [Fact]
    public async Task UpdateAsync_EventGone_NotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.UpdateAsync("evt-missing", Duty, CancellationToken.None));
    }

    [Fact]
    public async Task CancelAsync_EventWithoutAttendees_DeletedDirectly()
    {
        var id = await Sut.CreateAsync(Duty, "tx-1", CancellationToken.None);

        await Sut.CancelAsync(Duty.Mailbox, id, "12月7日(月)からの週の当番は交代になりました。", CancellationToken.None);

        Assert.Equal(GraphEventState.Deleted, Assert.Single(_server.Events).State);
        Assert.Equal(
            [("POST", 201), ("DELETE", 204)],
            _server.Requests.Select(r => (r.Method, r.Status)));
    }

    [Fact]
    public async Task CancelAsync_AlreadyGone_Succeeds()
    {
        await Sut.CancelAsync(Duty.Mailbox, "evt-missing", "handed over", CancellationToken.None);

        Assert.Equal(("DELETE", 404), (Assert.Single(_server.Requests).Method, _server.Requests[0].Status));
    }
}
