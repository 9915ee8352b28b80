using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace OnDuty.Infrastructure.Tables;

/// <summary>The app's tables, named with the configured prefix.</summary>
public sealed class OnDutyTables
{
    public OnDutyTables(TableServiceClient service, IOptions<StorageOptions> options)
    {
        var prefix = options.Value.TablePrefix;
        Members = service.GetTableClient(prefix + "Members");
        Leave = service.GetTableClient(prefix + "Leave");
        Rotations = service.GetTableClient(prefix + "Rotations");
        RotationState = service.GetTableClient(prefix + "RotationState");
        Outbox = service.GetTableClient(prefix + "Outbox");
        CalendarEvents = service.GetTableClient(prefix + "CalendarEvents");
        All = [Members, Leave, Rotations, RotationState, Outbox, CalendarEvents];
    }

    /// <summary>PK "team", RK member id.</summary>
    public TableClient Members { get; }

    /// <summary>PK "team", RK <c>{memberId}|{leaveId}</c>.</summary>
    public TableClient Leave { get; }

    /// <summary>PK "team", RK rotation id.</summary>
    public TableClient Rotations { get; }

    /// <summary>PK rotation id, RK <c>override|{date}|{id}</c> or <c>shift|{date}</c>.</summary>
    public TableClient RotationState { get; }

    /// <summary>PK "outbox", RK <c>msg|{id}</c>, <c>due|{id}</c>, <c>failed|{id}</c>.</summary>
    public TableClient Outbox { get; }

    /// <summary>PK rotation id, RK <c>{shiftStart}|{memberId}</c>: events put in members' calendars.</summary>
    public TableClient CalendarEvents { get; }

    public IReadOnlyList<TableClient> All { get; }
}
