using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Infrastructure.Tables;

/// <summary>Members (PK "team", RK member id) and leave (PK "team", RK <c>{memberId}|{leaveId}</c>).</summary>
public sealed class TableRosterRepository(OnDutyTables tables) : IRosterRepository
{
    internal const string Partition = "team";

    private readonly TableClient _members = tables.Members;
    private readonly TableClient _leave = tables.Leave;

    public Task<IReadOnlyList<Versioned<Member>>> ListMembersAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Versioned<Member>>>(async () =>
        {
            var result = new List<Versioned<Member>>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
            await foreach (var entity in _members.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(new(MemberRow.ToMember(entity), entity.ETag.ToString()));
            }

            return result;
        }, cancellationToken);

    public Task<Versioned<Member>?> GetMemberAsync(string id, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(id))
            {
                return null; // no member can have it: storage would refuse the read with a 400
            }

            var response = await _members.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Join(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity
                ? new Versioned<Member>(MemberRow.ToMember(entity), entity.ETag.ToString())
                : null;
        }, cancellationToken);

    public Task<string> SaveMemberAsync(Member member, string? ifMatch, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var entity = MemberRow.ToEntity(member);
            try
            {
                var response = ifMatch is null
                    ? await _members.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                    : await _members.UpdateEntityAsync(entity, TableCall.ClientETag(ifMatch, $"Member '{member.Id}'"), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                throw new ConcurrencyException($"Member '{member.Id}' already exists.");
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed())
            {
                throw new ConcurrencyException($"Member '{member.Id}' was changed by someone else; reload and try again.");
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                throw new NotFoundException("Member", member.Id);
            }
        }, cancellationToken);

    public Task<IReadOnlyList<Leave>> ListLeaveAsync(CancellationToken cancellationToken) =>
        QueryLeaveAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken);

    public Task<IReadOnlyList<Leave>> ListLeaveForMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        var from = TableKey.Join(memberId) + TableKey.Separator;
        var to = TableKey.RangeEnd(from);
        return QueryLeaveAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {from} and RowKey lt {to}"),
            cancellationToken);
    }

    public Task AddLeaveAsync(Leave leave, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                await _leave.AddEntityAsync(LeaveRow.ToEntity(leave), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                throw new ConcurrencyException($"Leave '{leave.Id}' of member '{leave.MemberId}' already exists.");
            }
        }, cancellationToken);

    public Task<int> DeleteMemberAsync(string id, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // Leave first: a failure half-way leaves the member listed (and the call can be repeated), never leave without its member.
            var leave = await ListLeaveForMemberAsync(id, cancellationToken).ConfigureAwait(false);
            foreach (var chunk in leave.Chunk(100))
            {
                var actions = chunk.Select(l => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, LeaveRow.Key(l.MemberId, l.Id)), ETag.All));
                await _leave.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await _members.DeleteEntityAsync(Partition, TableKey.Join(id), ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
            }

            return leave.Count;
        }, cancellationToken);

    public Task<bool> DeleteLeaveAsync(string memberId, string leaveId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.JoinFits(memberId, leaveId))
            {
                // A key longer than storage takes was never stored: an id from a URL, not one OnDuty made.
                return false;
            }

            try
            {
                var response = await _leave.DeleteEntityAsync(Partition, LeaveRow.Key(memberId, leaveId), ETag.All, cancellationToken).ConfigureAwait(false);
                return response.Status != 404;
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                return false;
            }
        }, cancellationToken);

    private Task<IReadOnlyList<Leave>> QueryLeaveAsync(string filter, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Leave>>(async () =>
        {
            var result = new List<Leave>();
            await foreach (var entity in _leave.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(LeaveRow.ToLeave(entity));
            }

            return result;
        }, cancellationToken);

    private static class MemberRow
    {
        public static TableEntity ToEntity(Member m) => new TableEntity(Partition, TableKey.Join(m.Id))
        {
            ["Id"] = m.Id,
            ["DisplayName"] = m.DisplayName,
            ["Email"] = m.Email,
            ["Upn"] = m.Upn,
            ["Phone"] = m.Phone,
            ["Language"] = m.Language.ToString(),
            ["TimeZone"] = m.TimeZone,
            ["JoinedOn"] = m.JoinedOn == default ? null : EntityFormat.Date(m.JoinedOn),
            ["Level"] = m.Level.ToString(),
            ["Area"] = m.Area.ToString(),
            ["Active"] = m.Active,
        }.WithoutNulls();

        public static Member ToMember(TableEntity e) => new()
        {
            Id = e.RequiredString("Id"),
            DisplayName = e.RequiredString("DisplayName"),
            Email = e.RequiredString("Email"),
            Upn = e.GetString("Upn"),
            Phone = e.GetString("Phone"),
            Language = e.RequiredEnum<Language>("Language"),
            TimeZone = e.RequiredString("TimeZone"),
            JoinedOn = e.OptionalDate("JoinedOn") ?? default,
            Level = e.RequiredEnum<ExperienceLevel>("Level"),
            Area = e.RequiredEnum<Area>("Area"),
            Active = e.RequiredBool("Active"),
        };
    }

    private static class LeaveRow
    {
        public static string Key(string memberId, string leaveId) => TableKey.Join(memberId, leaveId);

        public static TableEntity ToEntity(Leave l) => new TableEntity(Partition, Key(l.MemberId, l.Id))
        {
            ["Id"] = l.Id,
            ["MemberId"] = l.MemberId,
            ["From"] = EntityFormat.Date(l.From),
            ["To"] = EntityFormat.Date(l.To),
            ["Note"] = l.Note,
            ["By"] = l.By,
            ["Source"] = l.Source,
        }.WithoutNulls();

        public static Leave ToLeave(TableEntity e) => new()
        {
            Id = e.RequiredString("Id"),
            MemberId = e.RequiredString("MemberId"),
            From = e.RequiredDate("From"),
            To = e.RequiredDate("To"),
            Note = e.GetString("Note"),
            By = e.GetString("By"),
            Source = e.RequiredString("Source"),
        };
    }
}
