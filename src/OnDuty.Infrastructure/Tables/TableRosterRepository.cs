using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Members (PK "team", RK member id), beside them the claims on their addresses (PK "team", RK <c>email|{SHA-256 of the
/// normalized address}</c>, written in the member's transaction), and leave (PK "team", RK <c>{memberId}|{leaveId}</c>); those
/// taken off the roster in a partition of their own (PK "former", RK member id), which no read of the members sees.
/// A member row without a zone reads in the team's (<c>teamTimeZone</c>: <c>Incidents__TimeZone</c>), as the API makes a member sent without one.
/// </summary>
public sealed class TableRosterRepository(OnDutyTables tables, Func<string> teamTimeZone, bool emailClaims = false) : IRosterRepository
{
    /// <param name="teamTimeZone">The team's zone, for a row without one of its own.</param>
    public TableRosterRepository(OnDutyTables tables, string teamTimeZone, bool emailClaims = false) : this(tables, () => teamTimeZone, emailClaims)
    {
    }

    internal const string Partition = "team";

    /// <summary>Reads and writes tried when a row read for a save or delete changes before the write.</summary>
    private const int MaxAttempts = 5;

    private readonly TableClient _members = tables.Members;
    private readonly TableClient _leave = tables.Leave;

    public Task<IReadOnlyList<Versioned<Member>>> ListMembersAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Versioned<Member>>>(async () =>
        {
            var result = new List<Versioned<Member>>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
            await foreach (var entity in _members.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (ClaimRow.Is(entity))
                {
                    continue;
                }

                result.Add(new(MemberRow.ToMember(entity, teamTimeZone), entity.ETag.ToString()));
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
                ? new Versioned<Member>(MemberRow.ToMember(entity, teamTimeZone), entity.ETag.ToString())
                : null;
        }, cancellationToken);

    public Task<string> SaveMemberAsync(Member member, string? ifMatch, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var requested = ifMatch is null ? (ETag?)null : TableCall.ClientETag(ifMatch, $"Member '{member.Id}'");
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                if (await TrySaveMemberAsync(member, requested, cancellationToken).ConfigureAwait(false) is { } etag)
                {
                    return etag;
                }
            }

            throw new ContentionException($"Member '{member.Id}' or the claim on their address kept changing while it was saved; try again.");
        }, cancellationToken);

    /// <summary>
    /// One transaction of the member row and the claims on their address: the new address claimed (or its stale claim taken
    /// over), the old one released. Null when a row read here changed before the write: the caller reads again.
    /// </summary>
    private async Task<string?> TrySaveMemberAsync(Member member, ETag? requested, CancellationToken cancellationToken)
    {
        var key = TableKey.Join(member.Id);
        TableEntity? current = null;
        if (requested is { } wanted)
        {
            current = await GetRowAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("Member", member.Id);
            if (wanted != ETag.All && wanted != current.ETag)
            {
                throw ConcurrencyException.ChangedBySomeoneElse($"Member '{member.Id}'");
            }
        }

        // "*" replaces whatever is stored, but the claims follow the address read here: the write holds to that version.
        var actions = new List<TableTransactionAction>
        {
            current is null
                ? new(TableTransactionActionType.Add, MemberRow.ToEntity(member))
                : new(TableTransactionActionType.UpdateReplace, MemberRow.ToEntity(member), current.ETag),
        };
        var previous = current?.GetString("Email");

        // Off (StorageOptions.MemberEmailClaims): the member row alone, the layout a release before claims reads.
        if (emailClaims)
        {
            var claimKey = ClaimRow.Key(member.Email);
            var claim = await GetRowAsync(claimKey, cancellationToken).ConfigureAwait(false);
            if (claim is null)
            {
                actions.Add(new(TableTransactionActionType.Add, ClaimRow.ToEntity(claimKey, member.Id)));
            }
            else if (ClaimRow.Holder(claim) is var holder && holder != member.Id)
            {
                if (!await HoldsAsync(holder, member.Email, cancellationToken).ConfigureAwait(false))
                {
                    // The holder is gone or has another address now (a write that did not finish): the claim is stale.
                    actions.Add(new(TableTransactionActionType.UpdateReplace, ClaimRow.ToEntity(claimKey, member.Id), claim.ETag));
                }
                else if (!EmailAddress.Same(previous, member.Email))
                {
                    throw EmailClaim.Taken(holder);
                }

                // Otherwise two members were stored with this address before claims existed; the one not holding it keeps it.
            }

            if (previous is not null && !EmailAddress.Same(previous, member.Email)
                && await GetRowAsync(ClaimRow.Key(previous), cancellationToken).ConfigureAwait(false) is { } old
                && ClaimRow.Holder(old) == member.Id)
            {
                actions.Add(new(TableTransactionActionType.Delete, old, old.ETag));
            }
        }

        try
        {
            var response = await _members.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return response.Value[0].Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            if (current is null && await GetRowAsync(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new ConcurrencyException($"Member '{member.Id}' already exists.");
            }

            return null;
        }
    }

    /// <summary>Whether member <paramref name="id"/> is stored and has <paramref name="email"/>.</summary>
    private async Task<bool> HoldsAsync(string id, string email, CancellationToken cancellationToken) =>
        TableKey.Fits(id)
        && await GetRowAsync(TableKey.Join(id), cancellationToken).ConfigureAwait(false) is { } holder
        && EmailAddress.Same(holder.GetString("Email"), email);

    private async Task<TableEntity?> GetRowAsync(string rowKey, CancellationToken cancellationToken)
    {
        var response = await _members.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    public Task SaveFormerMemberAsync(FormerMember former, CancellationToken cancellationToken) =>
        TableCall.RunAsync(() => _members.UpsertEntityAsync(FormerRow.ToEntity(former), TableUpdateMode.Replace, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<FormerMember>> ListFormerMembersAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<FormerMember>>(async () =>
        {
            var result = new List<FormerMember>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {FormerRow.Partition}");
            await foreach (var entity in _members.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(FormerRow.ToFormer(entity));
            }

            return result;
        }, cancellationToken);

    public Task<IReadOnlyList<Leave>> ListLeaveAsync(CancellationToken cancellationToken) =>
        QueryLeaveAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken);

    public Task<IReadOnlyList<Leave>> ListLeaveForMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        if (!TableKey.JoinFits(memberId, ""))
        {
            // An id longer than a key takes (from a URL): no member has it, so no leave either.
            return Task.FromResult<IReadOnlyList<Leave>>([]);
        }

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

            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                if (await TryDeleteMemberAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    return leave.Count;
                }
            }

            throw new ContentionException($"Member '{id}' kept changing while it was deleted; try again.");
        }, cancellationToken);

    /// <summary>The member row and the claim on their address in one transaction; false when either changed since it was read.</summary>
    private async Task<bool> TryDeleteMemberAsync(string id, CancellationToken cancellationToken)
    {
        if (!TableKey.Fits(id) || await GetRowAsync(TableKey.Join(id), cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return true;
        }

        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Delete, current, current.ETag) };
        if (current.GetString("Email") is { } email
            && await GetRowAsync(ClaimRow.Key(email), cancellationToken).ConfigureAwait(false) is { } claim
            && ClaimRow.Holder(claim) == id)
        {
            // The address is personal data: it goes with the member (an erasure ends here too).
            actions.Add(new(TableTransactionActionType.Delete, claim, claim.ETag));
        }

        try
        {
            await _members.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

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
            // Absent for a member without a personal call rule (a release before it reads every member so).
            ["CallAfterMinutes"] = m.CallAfterMinutes,
            ["Language"] = m.Language.ToString(),
            ["TimeZone"] = m.TimeZone,
            ["JoinedOn"] = m.JoinedOn == default ? null : EntityFormat.Date(m.JoinedOn),
            ["LeavesOn"] = m.LeavesOn is { } leaves ? EntityFormat.Date(leaves) : null,
            // "mon,tue,wed"; absent for a member who works the team's days (a release before it reads every member so).
            ["WorkingDays"] = m.WorkingDays is { } days ? string.Join(",", days) : null,
            ["Level"] = m.Level.ToString(),
            ["Area"] = m.Area.ToString(),
            ["Active"] = m.Active,
        }.WithoutNulls();

        public static Member ToMember(TableEntity e, Func<string> teamTimeZone) => new()
        {
            Id = e.RequiredString("Id"),
            // One line however it was stored: a name saved before control characters were refused adds no line to a plain-text mail.
            DisplayName = PersonText.OneLine(e.RequiredString("DisplayName")),
            Email = e.RequiredString("Email"),
            Upn = e.GetString("Upn"),
            Phone = e.GetString("Phone"),
            CallAfterMinutes = e.GetInt32("CallAfterMinutes"),
            Language = e.RequiredEnum<Language>("Language"),
            // Every row written has one; a row without (written by hand) is the team's, said so here rather than by a default on Member.
            TimeZone = e.GetString("TimeZone") is { Length: > 0 } zone ? zone : teamTimeZone(),
            JoinedOn = e.OptionalDate("JoinedOn") ?? default,
            LeavesOn = e.OptionalDate("LeavesOn"),
            WorkingDays = e.GetString("WorkingDays") is { Length: > 0 } days ? days.Split(',') : null,
            Level = e.RequiredEnum<ExperienceLevel>("Level"),
            Area = e.RequiredEnum<Area>("Area"),
            Active = e.RequiredBool("Active"),
        };
    }

    /// <summary>Someone taken off the roster: their id, the name they had then (absent when erased), their language, when.</summary>
    private static class FormerRow
    {
        public const string Partition = "former";

        public static TableEntity ToEntity(FormerMember f) => new TableEntity(Partition, TableKey.Join(f.Id))
        {
            ["Id"] = f.Id,
            ["DisplayName"] = f.DisplayName,
            ["Language"] = f.Language.ToString(),
            ["RemovedAt"] = EntityFormat.Timestamp(f.RemovedAt),
        }.WithoutNulls();

        public static FormerMember ToFormer(TableEntity e) => new(
            e.RequiredString("Id"),
            e.GetString("DisplayName") is { } name ? PersonText.OneLine(name) : null,
            e.RequiredEnum<Language>("Language"),
            e.Timestamp("RemovedAt"));
    }

    /// <summary>
    /// The claim on an address. Its key holds a hash, not the address (keys reach logs and metrics); an escaped member id never
    /// holds a plain <c>|</c>, so no member's key can look like one.
    /// </summary>
    internal static class ClaimRow
    {
        public const string Prefix = "email|";

        public static string Key(string email) =>
            Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmailClaim.Normalize(email))));

        public static bool Is(TableEntity e) => e.RowKey.StartsWith(Prefix, StringComparison.Ordinal);

        public static string Holder(TableEntity e) => e.RequiredString("MemberId");

        public static TableEntity ToEntity(string key, string memberId) => new(Partition, key) { ["MemberId"] = memberId };
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
            ["EnteredAt"] = l.EnteredAt,
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
            EnteredAt = e.GetDateTimeOffset("EnteredAt"),
        };
    }
}
