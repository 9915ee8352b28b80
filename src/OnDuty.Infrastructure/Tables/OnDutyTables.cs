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
        Incidents = service.GetTableClient(prefix + "Incidents");
        IncidentIndex = service.GetTableClient(prefix + "IncidentIndex");
        IncidentBoard = service.GetTableClient(prefix + "IncidentBoard");
        AlertGroups = service.GetTableClient(prefix + "AlertGroups");
        FeedTokens = service.GetTableClient(prefix + "FeedTokens");
        CalendarEvents = service.GetTableClient(prefix + "CalendarEvents");
        Retros = service.GetTableClient(prefix + "Retros");
        Criteria = service.GetTableClient(prefix + "Criteria");
        Lessons = service.GetTableClient(prefix + "Lessons");
        MaintenanceWindows = service.GetTableClient(prefix + "MaintenanceWindows");
        Heartbeats = service.GetTableClient(prefix + "Heartbeats");
        DataProtectionKeys = service.GetTableClient(prefix + "DataProtectionKeys");
        All = [Members, Leave, Rotations, RotationState, Outbox, Incidents, IncidentIndex, IncidentBoard, AlertGroups, FeedTokens, CalendarEvents,
            Retros, Criteria, Lessons, MaintenanceWindows, Heartbeats,
            DataProtectionKeys];
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

    /// <summary>
    /// PK incident id: RK <c>incident</c>, <c>timeline|…</c>, <c>alert|…</c>, <c>request|…</c>, <c>follower|{member id}</c>; PK
    /// <c>create|{hash}</c> for create requests; PK <c>following|{member id}</c> (RK incident id): the incidents a member follows.
    /// </summary>
    public TableClient Incidents { get; }

    /// <summary>PK <c>year|2026</c> (RK <c>n|{newest first}|{id}</c>), PK <c>counter</c> (RK <c>INC-2026</c>); PK <c>open</c> of before <see cref="IncidentBoard"/>, moved there when read.</summary>
    public TableClient IncidentIndex { get; }

    /// <summary>
    /// PK <c>open</c>, RK incident id: open incidents and those resolved within the status page's window, each with a summary.
    /// A table of its own, so the board's one query reads only its rows (Azurite scans a table's every row per query).
    /// </summary>
    public TableClient IncidentBoard { get; }

    /// <summary>PK <c>{source}|{sha256 of group key}</c>, RK <c>open</c> or <c>last</c>.</summary>
    public TableClient AlertGroups { get; }
    /// <summary>
    /// PK feed key (<c>rotation|{id}</c>, <c>member|{id}</c>), RK SHA-256 of the feed secret; PK <c>sequence|{rotation}</c>, RK a
    /// shift's start date: the revision its feed event is served at.
    /// </summary>
    public TableClient FeedTokens { get; }
    /// <summary>PK rotation id, RK <c>{shiftStart}|{memberId}</c>: events put in members' calendars.</summary>
    public TableClient CalendarEvents { get; }

    /// <summary>PK incident id, RK <c>retro</c> (current) and <c>version|{n:D6}</c> (every saved version).</summary>
    public TableClient Retros { get; }

    /// <summary>PK <c>criteria</c>, RK <c>current|{id}</c> and <c>history|{id}|{version:D6}</c>.</summary>
    public TableClient Criteria { get; }

    /// <summary>Lessons search index: PK <c>t|{term}</c> (postings, best first), PK <c>all</c> (every document, newest first).</summary>
    public TableClient Lessons { get; }

    /// <summary>PK <c>window</c>, RK the window id: maintenance windows, each as JSON with its end (<c>Until</c>) beside it for pruning.</summary>
    public TableClient MaintenanceWindows { get; }

    /// <summary>PK <c>heartbeat</c>, RK the heartbeat's name: each heartbeat as JSON, what it heard and reported with it.</summary>
    public TableClient Heartbeats { get; }

    /// <summary>PK <c>keys</c>, RK the key's friendly name: ASP.NET Core Data Protection keys shared by every instance.</summary>
    public TableClient DataProtectionKeys { get; }

    public IReadOnlyList<TableClient> All { get; }
}
