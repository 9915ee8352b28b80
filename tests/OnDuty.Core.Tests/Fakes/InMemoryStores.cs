using System.Collections.Concurrent;
using System.Text.Json;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>In-memory fakes of Core's storage ports, held to the same contracts (OnDuty.Testing/Contracts) as the table adapters.</summary>
internal sealed class InMemoryRoster : IRosterRepository
{
    private readonly ConcurrentDictionary<string, Versioned<Member>> _members = new();
    private readonly ConcurrentDictionary<string, Leave> _leave = new();

    /// <summary>Normalized address → the member holding it, changed with the member under <see cref="_gate"/> as the table store's transaction does.</summary>
    private readonly Dictionary<string, string> _claims = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private int _version;

    /// <summary>Reads of members fail as Table Storage's do when it cannot be reached.</summary>
    public bool FailMemberReads { get; set; }

    public Task<IReadOnlyList<Versioned<Member>>> ListMembersAsync(CancellationToken cancellationToken) =>
        FailMemberReads ? throw StorageDown() : Task.FromResult<IReadOnlyList<Versioned<Member>>>(_members.Values.OrderBy(m => m.Value.Id).ToList());

    public Task<Versioned<Member>?> GetMemberAsync(string id, CancellationToken cancellationToken)
    {
        _memberRowReads.Enqueue(id);
        return FailMemberReads ? throw StorageDown() : Task.FromResult(_members.GetValueOrDefault(id));
    }

    private readonly ConcurrentQueue<string> _memberRowReads = new();

    /// <summary>The ids of the member rows read one at a time (<see cref="GetMemberAsync"/>) so far, in order: what a caller that has the roster does without.</summary>
    public IReadOnlyList<string> MemberRowReads => [.. _memberRowReads];

    private static DependencyUnavailableException StorageDown() => new("Table Storage", new HttpRequestException("storage is down"));

    /// <summary>Whether some member holds the claim on <paramref name="email"/>, and who.</summary>
    public string? ClaimHolder(string email)
    {
        lock (_gate)
        {
            return _claims.GetValueOrDefault(EmailClaim.Normalize(email));
        }
    }

    /// <summary>Stores <paramref name="member"/> as OnDuty did before addresses were claimed: no claim, duplicates allowed.</summary>
    public void StoreAsBeforeClaims(Member member)
    {
        lock (_gate)
        {
            _members[member.Id] = new(member, $"v{Interlocked.Increment(ref _version)}");
        }
    }

    public Task<string> SaveMemberAsync(Member member, string? ifMatch, CancellationToken cancellationToken)
    {
        TableStorageRules.CheckTexts(
            "team", TableStorageRules.Key(member.Id),
            member.Id, member.DisplayName, member.Email, member.Upn, member.Phone, member.Language.ToString(), member.TimeZone, "2000-01-01", member.Level.ToString(), member.Area.ToString());
        lock (_gate)
        {
            Versioned<Member>? current = null;
            if (ifMatch is not null)
            {
                current = _members.GetValueOrDefault(member.Id) ?? throw new NotFoundException("Member", member.Id);
                if (ifMatch != "*" && current.ETag != ifMatch)
                {
                    throw new ConcurrencyException($"Member '{member.Id}' changed");
                }
            }
            else if (_members.ContainsKey(member.Id))
            {
                throw new ConcurrencyException($"Member '{member.Id}' exists");
            }

            var previous = current?.Value.Email;
            var claim = EmailClaim.Normalize(member.Email);
            var take = true;
            if (_claims.TryGetValue(claim, out var holder) && holder != member.Id
                && _members.TryGetValue(holder, out var held) && EmailAddress.Same(held.Value.Email, member.Email))
            {
                // Held by a member who has the address. One who had it before claims existed may keep it, not take it.
                take = false;
                if (!EmailAddress.Same(previous, member.Email))
                {
                    throw EmailClaim.Taken(holder);
                }
            }

            if (previous is not null && !EmailAddress.Same(previous, member.Email)
                && _claims.TryGetValue(EmailClaim.Normalize(previous), out var old) && old == member.Id)
            {
                _claims.Remove(EmailClaim.Normalize(previous));
            }

            if (take)
            {
                _claims[claim] = member.Id;
            }

            var etag = $"v{Interlocked.Increment(ref _version)}";
            _members[member.Id] = new(member, etag);
            return Task.FromResult(etag);
        }
    }

    public Task<IReadOnlyList<Leave>> ListLeaveAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Leave>>(_leave.Values.OrderBy(l => l.MemberId, StringComparer.Ordinal).ThenBy(l => l.Id, StringComparer.Ordinal).ToList());

    private readonly ConcurrentQueue<string> _leaveReads = new();

    /// <summary>The member ids whose leave was read one member at a time (<see cref="ListLeaveForMemberAsync"/>) so far, in order.</summary>
    public IReadOnlyList<string> LeaveReads => [.. _leaveReads];

    public Task<IReadOnlyList<Leave>> ListLeaveForMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        _leaveReads.Enqueue(memberId);
        TableStorageRules.Key(memberId); // the range query's bounds
        return Task.FromResult<IReadOnlyList<Leave>>(_leave.Values.Where(l => l.MemberId == memberId).OrderBy(l => l.Id, StringComparer.Ordinal).ToList());
    }

    public Task AddLeaveAsync(Leave leave, CancellationToken cancellationToken)
    {
        TableStorageRules.CheckTexts(
            "team", TableStorageRules.Key(leave.MemberId, leave.Id),
            leave.Id, leave.MemberId, "2000-01-01", "2000-01-01", leave.Note, leave.By, leave.Source);
        return _leave.TryAdd($"{leave.MemberId}|{leave.Id}", leave) ? Task.CompletedTask : throw new ConcurrencyException("leave exists");
    }

    private readonly ConcurrentDictionary<string, FormerMember> _former = new(StringComparer.Ordinal);

    public Task SaveFormerMemberAsync(FormerMember former, CancellationToken cancellationToken)
    {
        TableStorageRules.CheckTexts("former", TableStorageRules.Key(former.Id), former.Id, former.DisplayName, former.Language.ToString());
        _former[former.Id] = former;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<FormerMember>> ListFormerMembersAsync(CancellationToken cancellationToken) =>
        FailMemberReads ? throw StorageDown() : Task.FromResult<IReadOnlyList<FormerMember>>(_former.Values.OrderBy(f => f.Id, StringComparer.Ordinal).ToList());

    public Task<int> DeleteMemberAsync(string id, CancellationToken cancellationToken)
    {
        TableStorageRules.Key(id); // its leave is found by a range of keys
        var leave = _leave.Where(l => l.Value.MemberId == id).Select(l => l.Key).ToList();
        foreach (var key in leave)
        {
            _leave.TryRemove(key, out _);
        }

        lock (_gate)
        {
            if (_members.TryRemove(id, out var removed)
                && _claims.TryGetValue(EmailClaim.Normalize(removed.Value.Email), out var holder) && holder == id)
            {
                _claims.Remove(EmailClaim.Normalize(removed.Value.Email));
            }
        }

        return Task.FromResult(leave.Count);
    }

    public Task<bool> DeleteLeaveAsync(string memberId, string leaveId, CancellationToken cancellationToken) =>
        Task.FromResult(_leave.TryRemove($"{memberId}|{leaveId}", out _));
}

internal sealed class InMemoryRotations : IRotationRepository
{
    private readonly ConcurrentDictionary<string, Versioned<Rotation>> _rotations = new();
    private readonly ConcurrentDictionary<(string, string), RotationOverride> _overrides = new();
    private readonly ConcurrentDictionary<(string, DateOnly), Versioned<FrozenShift>> _frozen = new();
    private int _version;

    public int FreezeAttempts { get; private set; }

    public Task<IReadOnlyList<Versioned<Rotation>>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Versioned<Rotation>>>(_rotations.Values.OrderBy(r => r.Value.Id).ToList());

    public Task<Versioned<Rotation>?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_rotations.GetValueOrDefault(id));

    public Task<string> SaveAsync(Rotation rotation, string? ifMatch, CancellationToken cancellationToken)
    {
        TableStorageRules.CheckRow(
            "team", TableStorageRules.Key(rotation.Id),
            ("Id", rotation.Id), ("Name", rotation.Name), ("NameJa", rotation.NameJa), ("Strategy", rotation.Strategy.ToString()), ("PeoplePerShift", rotation.PeoplePerShift),
            ("ShiftWeeks", rotation.ShiftWeeks), ("HandoffDay", rotation.HandoffDay.ToString()), ("HandoffTime", rotation.HandoffTime.ToString("HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture)),
            ("TimeZone", rotation.TimeZone), ("StartDate", "2000-01-01"), ("Members", JsonSerializer.Serialize(rotation.Members)), ("NotifyEmails", JsonSerializer.Serialize(rotation.NotifyEmails)),
            ("MixExperience", rotation.MixExperience), ("MoveHandoffOffHolidays", rotation.MoveHandoffOffHolidays));
        var etag = NextETag();
        if (ifMatch is null && !_rotations.TryAdd(rotation.Id, new(rotation, etag)))
        {
            throw new ConcurrencyException("exists");
        }

        if (ifMatch is not null)
        {
            if (!_rotations.TryGetValue(rotation.Id, out var current))
            {
                throw new NotFoundException("Rotation", rotation.Id);
            }

            if (ifMatch != "*" && current.ETag != ifMatch)
            {
                throw new ConcurrencyException("changed");
            }

            _rotations[rotation.Id] = new(rotation, etag);
        }

        return Task.FromResult(etag);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        foreach (var key in _overrides.Keys.Where(k => k.Item1 == id).ToList())
        {
            _overrides.TryRemove(key, out _);
        }

        foreach (var key in _frozen.Keys.Where(k => k.Item1 == id).ToList())
        {
            _frozen.TryRemove(key, out _);
        }

        return Task.FromResult(_rotations.TryRemove(id, out _));
    }

    public Task<RotationState> GetStateAsync(string rotationId, CancellationToken cancellationToken)
    {
        TableStorageRules.Key(rotationId); // the partition queried
        return Task.FromResult(new RotationState(
            _overrides.Where(o => o.Key.Item1 == rotationId).Select(o => o.Value).OrderBy(o => o.ShiftStart).ThenBy(o => o.Id, StringComparer.Ordinal).ToList(),
            _frozen.Where(f => f.Key.Item1 == rotationId).Select(f => f.Value.Value).OrderBy(f => f.ShiftStart).ToList()));
    }

    /// <summary>Runs right after overrides are stored: lets a test interleave another instance's work.</summary>
    public Func<Task>? AfterAddOverrides { get; set; }

    public async Task AddOverridesAsync(string rotationId, IReadOnlyList<RotationOverride> overrides, CancellationToken cancellationToken)
    {
        AddOverrides(rotationId, overrides);
        if (AfterAddOverrides is { } hook)
        {
            await hook();
        }
    }

    private void AddOverrides(string rotationId, IReadOnlyList<RotationOverride> overrides)
    {
        foreach (var o in overrides)
        {
            TableStorageRules.CheckRow(
                TableStorageRules.Key(rotationId), "override|" + TableStorageRules.Key("2000-01-01", o.Id),
                ("Id", o.Id), ("Kind", o.Kind.ToString()), ("ShiftStart", "2000-01-01"), ("MemberId", o.MemberId), ("ReplacementId", o.ReplacementId),
                ("SwapId", o.SwapId), ("Reason", o.Reason), ("By", o.By), ("CreatedAt", o.CreatedAt), ("From", o.From), ("To", o.To));
        }

        if (overrides.Count > 100 || overrides.Select(o => o.Id).Distinct(StringComparer.Ordinal).Count() != overrides.Count)
        {
            throw new ArgumentException("At most 100 overrides with distinct ids are stored together.", nameof(overrides));
        }

        if (overrides.Any(o => _overrides.ContainsKey((rotationId, o.Id))))
        {
            throw new ConcurrencyException("override exists");
        }

        foreach (var o in overrides)
        {
            _overrides[(rotationId, o.Id)] = o;
        }
    }

    public Task<bool> DeleteOverrideAsync(string rotationId, string overrideId, CancellationToken cancellationToken)
    {
        if (!_overrides.TryGetValue((rotationId, overrideId), out var target))
        {
            return Task.FromResult(false);
        }

        foreach (var key in _overrides.Where(o => o.Key.Item1 == rotationId && (o.Key.Item2 == overrideId || (target.SwapId is not null && o.Value.SwapId == target.SwapId))).Select(o => o.Key).ToList())
        {
            _overrides.TryRemove(key, out _);
        }

        return Task.FromResult(true);
    }

    public Task<Versioned<FrozenShift>?> GetFrozenShiftAsync(string rotationId, DateOnly shiftStart, CancellationToken cancellationToken) =>
        Task.FromResult(_frozen.GetValueOrDefault((rotationId, shiftStart)));

    public Task<string?> TryFreezeShiftAsync(string rotationId, FrozenShift shift, CancellationToken cancellationToken)
    {
        CheckShiftRow(rotationId, shift);
        FreezeAttempts++;
        var etag = NextETag();
        return Task.FromResult(_frozen.TryAdd((rotationId, shift.ShiftStart), new(shift, etag)) ? etag : null);
    }

    public Task UpdateFrozenShiftAsync(string rotationId, FrozenShift shift, string ifMatch, CancellationToken cancellationToken)
    {
        CheckShiftRow(rotationId, shift);
        var key = (rotationId, shift.ShiftStart);
        if (!_frozen.TryGetValue(key, out var current))
        {
            throw new NotFoundException("Frozen shift", $"{rotationId}/{shift.ShiftStart:yyyy-MM-dd}");
        }

        if (current.ETag != ifMatch)
        {
            throw new ConcurrencyException("frozen shift changed");
        }

        _frozen[key] = new(shift, NextETag());
        return Task.CompletedTask;
    }

    private string NextETag() => $"v{Interlocked.Increment(ref _version)}";

    private static void CheckShiftRow(string rotationId, FrozenShift s) =>
        TableStorageRules.CheckRow(
            TableStorageRules.Key(rotationId), "shift|2000-01-01",
            ("ShiftStart", "2000-01-01"), ("Week", s.Week), ("Members", JsonSerializer.Serialize(s.Members)), ("NextMembers", JsonSerializer.Serialize(s.NextMembers)),
            ("Status", s.Status.ToString()), ("FrozenAt", s.FrozenAt), ("Changes", s.Changes.Count == 0 ? null : JsonSerializer.Serialize(s.Changes, ChangesJson)));

    /// <summary>As the table store writes a shift's changes.</summary>
    private static readonly JsonSerializerOptions ChangesJson = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}

/// <summary>
/// The outbox in memory, held to <see cref="OnDuty.Testing.Contracts.OutboxStoreContract"/> like the table store: leases and
/// next attempts honoured, a repeated mark of the same outcome ignored, a different outcome a <see cref="ConcurrencyException"/>.
/// </summary>
internal sealed class InMemoryOutbox : IOutboxStore
{
    private readonly Dictionary<string, OutboxMessage> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _leaseTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _failedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _cancelledAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingConfirmation> _toConfirm = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byProviderId = new(StringComparer.Ordinal);

    /// <summary>The index by recipient as the table store keeps it: an entry per failure, written when the message turns failed.</summary>
    private readonly HashSet<(string Recipient, DateTimeOffset At, string Id)> _failedTo = [];
    private readonly object _gate = new();

    public IReadOnlyList<OutboxMessage> All
    {
        get
        {
            lock (_gate)
            {
                return _messages.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>When set, lease renewals throw it (storage failing while a send is in flight).</summary>
    public Exception? FailRenewals { get; set; }

    /// <summary>The lease currently held on a message (tests check it is short and renewed).</summary>
    public DateTimeOffset LeaseUntil(string id)
    {
        lock (_gate)
        {
            return _leases.GetValueOrDefault(id);
        }
    }
    /// <summary>Runs before each insert: lets a test look at other state at the moment a message is queued.</summary>
    public Action<OutboxMessage>? BeforeEnqueue { get; set; }

    /// <summary>When set, recording a message throws it (storage failing as a request queues its mails).</summary>
    public Exception? FailEnqueue { get; set; }

    public Task<bool> TryEnqueueAsync(OutboxMessage message, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        if (FailEnqueue is { } failure)
        {
            throw failure;
        }

        BeforeEnqueue?.Invoke(message);
        if (message.Status != OutboxStatus.Pending)
        {
            throw new ArgumentException($"Only pending messages are queued; '{message.Id}' is {message.Status}.", nameof(message));
        }

        if (string.IsNullOrEmpty(message.Id) || message.Id.Length > OutboxMessage.MaxIdLength)
        {
            throw new ArgumentException($"An outbox id must be 1-{OutboxMessage.MaxIdLength} characters.", nameof(message));
        }

        CheckMessageRow(message);

        lock (_gate)
        {
            if (!_messages.TryAdd(message.Id, message))
            {
                return Task.FromResult(false);
            }

            _leases[message.Id] = leaseUntil;
            return Task.FromResult(true);
        }
    }

    public Task MarkResentAsync(string id, string resendId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var message = _messages.GetValueOrDefault(id) ?? throw new NotFoundException("Outbox message", id);
            if (message.ResentAs == resendId)
            {
                return Task.CompletedTask;
            }

            if (message.Status != OutboxStatus.Failed || message.ResentAs is not null)
            {
                throw new ConcurrencyException($"Outbox message '{id}' is {message.Status}, re-sent as '{message.ResentAs}'.");
            }

            _messages[id] = message with { ResentAs = resendId };
            return Task.CompletedTask;
        }
    }

    public Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_messages.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<OutboxMessage>>(_messages.Values
                .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && _leases.GetValueOrDefault(m.Id) <= now)
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id, StringComparer.Ordinal).Take(max).ToList());
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ListLatePagesAsync(DateTimeOffset queuedBefore, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<OutboxMessage>>(_messages.Values
                .Where(m => m.Status == OutboxStatus.Pending && m.Priority == OutboxPriority.Page && m.CreatedAt <= queuedBefore)
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal).Take(max).ToList());
        }
    }

    public Task<OutboxLease?> TryLeaseAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue(id, out var m) || m.Status != OutboxStatus.Pending || m.NextAttemptAt > now || _leases.GetValueOrDefault(id) > now)
            {
                return Task.FromResult<OutboxLease?>(null);
            }

            var token = Guid.NewGuid().ToString("N");
            _leases[id] = leaseUntil;
            _leaseTokens[id] = token;
            return Task.FromResult<OutboxLease?>(new OutboxLease(id, token, leaseUntil));
        }
    }

    public Task<OutboxLease?> RenewLeaseAsync(OutboxLease lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailRenewals is { } failure)
            {
                throw failure;
            }

            if (!_messages.TryGetValue(lease.MessageId, out var m) || m.Status != OutboxStatus.Pending
                || _leaseTokens.GetValueOrDefault(lease.MessageId) != lease.Token)
            {
                return Task.FromResult<OutboxLease?>(null);
            }

            _leases[lease.MessageId] = leaseUntil;
            return Task.FromResult<OutboxLease?>(lease with { Until = leaseUntil });
        }
    }

    public Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        MarkSentAsync(id, sentAt, accepted: null);

    public Task MarkAcceptedAsync(string id, DateTimeOffset sentAt, string providerId, DateTimeOffset confirmAt, CancellationToken cancellationToken) =>
        MarkSentAsync(id, sentAt, new PendingConfirmation(id, providerId, sentAt, confirmAt));

    public Task MarkDeliveredAsync(string id, DateTimeOffset sentAt, string providerId, CancellationToken cancellationToken) =>
        MarkSentAsync(id, sentAt, accepted: null, providerId);

    private Task MarkSentAsync(string id, DateTimeOffset sentAt, PendingConfirmation? accepted, string? providerId = null)
    {
        lock (_gate)
        {
            if (PendingOrRepeat(id, OutboxStatus.Sent) is { } m)
            {
                _messages[id] = m with { Status = OutboxStatus.Sent, SentAt = sentAt, Attempts = m.Attempts + 1 };
                _leases.Remove(id);
                if (accepted is not null)
                {
                    _toConfirm[id] = accepted;
                }

                if ((accepted?.ProviderId ?? providerId) is { } provider)
                {
                    _byProviderId[provider] = id;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<OutboxMessage?> FindByProviderIdAsync(string providerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byProviderId.TryGetValue(providerId, out var id) ? _messages.GetValueOrDefault(id) : null);
        }
    }

    public Task<IReadOnlyList<PendingConfirmation>> ListToConfirmAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PendingConfirmation>>(_toConfirm.Values.Where(c => c.ConfirmAt <= now)
                .OrderBy(c => c.ConfirmAt).ThenBy(c => c.MessageId, StringComparer.Ordinal).Take(max).ToList());
        }
    }

    public Task SettleConfirmationAsync(string id, string? error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var m = _messages.GetValueOrDefault(id) ?? throw new NotFoundException("Outbox message", id);
            _toConfirm.Remove(id);
            if (error is not null && m.Status == OutboxStatus.Sent)
            {
                _messages[id] = m with { Status = OutboxStatus.Failed, LastError = error };
                Failed(m, at);
            }
        }

        return Task.CompletedTask;
    }

    public Task DeferConfirmationAsync(string id, DateTimeOffset confirmAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_toConfirm.TryGetValue(id, out var c))
            {
                _toConfirm[id] = c with { ConfirmAt = confirmAt };
            }
        }

        return Task.CompletedTask;
    }

    public Task MarkRetryAsync(string id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var m = PendingOrRepeat(id, null) ?? throw new ConcurrencyException($"Outbox message '{id}' is no longer pending.");
            _messages[id] = m with { Attempts = m.Attempts + 1, LastError = error, NextAttemptAt = nextAttemptAt };
            _leases.Remove(id);
            _leaseTokens.Remove(id);
        }

        return Task.CompletedTask;
    }

    public Task<bool> BringForwardAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue(id, out var m) || m.Status != OutboxStatus.Pending || m.NextAttemptAt <= at
                || _leases.TryGetValue(id, out var until) && until > at)
            {
                return Task.FromResult(false);
            }

            _messages[id] = m with { NextAttemptAt = at };
            return Task.FromResult(true);
        }
    }

    public Task MarkFailedAsync(string id, string error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (PendingOrRepeat(id, OutboxStatus.Failed) is { } m)
            {
                _messages[id] = m with { Status = OutboxStatus.Failed, LastError = error, Attempts = m.Attempts + 1 };
                _leases.Remove(id);
                Failed(m, at);
            }
        }

        return Task.CompletedTask;
    }

    public Task MarkCancelledAsync(string id, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (PendingOrRepeat(id, OutboxStatus.Cancelled) is { } m)
            {
                _messages[id] = m with { Status = OutboxStatus.Cancelled, LastError = reason };
                _leases.Remove(id);
                _cancelledAt[id] = at;
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> PurgeSentAsync(DateTimeOffset sentBefore, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var expired = _messages.Values.Where(m => m.Status == OutboxStatus.Sent && m.SentAt < sentBefore).Take(max).Select(m => m.Id).ToList();
            foreach (var id in expired)
            {
                _messages.Remove(id);
                foreach (var provider in _byProviderId.Where(p => p.Value == id).Select(p => p.Key).ToList())
                {
                    _byProviderId.Remove(provider);
                }
            }

            return Task.FromResult(expired.Count);
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ListFailedToAsync(IReadOnlyCollection<string> recipients, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var wanted = recipients.Select(r => r.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyList<OutboxMessage>>(_failedTo
                .Where(f => wanted.Contains(f.Recipient) && f.At >= since)
                .GroupBy(f => f.Id, StringComparer.Ordinal).Select(g => (Id: g.Key, At: g.Max(f => f.At)))
                .OrderByDescending(f => f.At).ThenBy(f => f.Id, StringComparer.Ordinal)
                .Select(f => _messages.GetValueOrDefault(f.Id)).OfType<OutboxMessage>().Where(m => m.Status == OutboxStatus.Failed)
                .Take(max).ToList());
        }
    }

    public Task<int> PurgeFailedToAsync(DateTimeOffset failedBefore, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var expired = _failedTo.Where(f => f.At < failedBefore).Take(max).ToList();
            _failedTo.ExceptWith(expired);
            return Task.FromResult(expired.Count);
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Func<OutboxMessage, DateTimeOffset> newest = status switch
            {
                OutboxStatus.Pending => m => m.CreatedAt,
                OutboxStatus.Sent => m => m.SentAt ?? default,
                OutboxStatus.Failed => m => _failedAt[m.Id],
                OutboxStatus.Cancelled => m => _cancelledAt[m.Id],
                _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
            };
            return Task.FromResult<IReadOnlyList<OutboxMessage>>(_messages.Values.Where(m => m.Status == status)
                .OrderByDescending(newest).ThenBy(m => m.Id, StringComparer.Ordinal).Take(max).ToList());
        }
    }

    /// <summary>
    /// The message's row as the table store writes it: its texts within its limit of 900 KB (UTF-16), each long one spread over
    /// properties of 32,000 characters, the key short enough (an id too long for one is hashed there).
    /// </summary>
    private static void CheckMessageRow(OutboxMessage m)
    {
        const int MaxTextBytes = 900 * 1024;
        string?[] texts = [m.Subject, m.TextBody, m.HtmlBody, m.CardJson];
        var bytes = texts.Sum(t => (long)(t?.Length ?? 0)) * sizeof(char);
        if (bytes > MaxTextBytes)
        {
            throw new ValidationException("body", $"Outbox message '{m.Id}' carries {bytes / 1024} KB of text; the limit is {MaxTextBytes / 1024} KB (Table Storage entity limit).");
        }

        var escaped = TableStorageRules.Escape(m.Id);
        var key = "msg|" + (escaped.Length <= TableStorageRules.MaxKeyLength - 4 ? escaped : new string('0', 66));
        TableStorageRules.CheckRow("outbox", key,
        [
            ("Id", m.Id), ("Channel", m.Channel.ToString()), ("Recipient", m.Recipient), ("RecipientName", m.RecipientName), ("Topic", m.Topic),
            ("Priority", m.Priority.ToString()), ("Status", m.Status.ToString()), ("Attempts", m.Attempts), ("CreatedAt", m.CreatedAt), ("NextAttemptAt", m.NextAttemptAt),
            ("SentAt", m.SentAt), ("LastError", m.LastError is { Length: > 8_000 } error ? error[..8_000] + "…" : m.LastError),
            .. TableStorageRules.Chunked("Subject", m.Subject, 32_000), .. TableStorageRules.Chunked("TextBody", m.TextBody, 32_000),
            .. TableStorageRules.Chunked("HtmlBody", m.HtmlBody, 32_000), .. TableStorageRules.Chunked("CardJson", m.CardJson, 32_000),
            .. TableStorageRules.Chunked("Bcc", m.Bcc.Count == 0 ? null : string.Join('\n', m.Bcc), 32_000),
            .. TableStorageRules.Chunked("About", m.About.Count == 0 ? null : string.Join('\n', m.About), 32_000),
        ]);
    }

    /// <summary>Lists <paramref name="message"/> as failed at <paramref name="at"/>, and by its recipient when it is for one person.</summary>
    private void Failed(OutboxMessage message, DateTimeOffset at)
    {
        _failedAt[message.Id] = at;
        if (message.SoleRecipient is { } recipient)
        {
            _failedTo.Add((recipient.ToLowerInvariant(), at, message.Id));
        }
    }

    /// <summary>The pending message; null when it already has <paramref name="repeat"/> status; otherwise throws, as the table store does.</summary>
    private OutboxMessage? PendingOrRepeat(string id, OutboxStatus? repeat)
    {
        var m = _messages.GetValueOrDefault(id) ?? throw new NotFoundException("Outbox message", id);
        if (m.Status == OutboxStatus.Pending)
        {
            return m;
        }

        return m.Status == repeat ? null : throw new ConcurrencyException($"Outbox message '{id}' is already {m.Status}.");
    }
}

/// <summary>Records what was sent; answers from a script first (e.g. a transient failure), then delivers.</summary>
/// <summary>Records each text message as sent (or answers as scripted); on unless a test turns it off.</summary>
internal sealed class RecordingSmsSender : ISmsSender
{
    private readonly ConcurrentQueue<SendResult> _script = new();

    public bool Enabled { get; set; } = true;

    public ConcurrentQueue<(SmsMessage Message, string Id)> Sent { get; } = new();

    public int Attempts;

    public void Script(params SendResult[] results)
    {
        foreach (var r in results)
        {
            _script.Enqueue(r);
        }
    }

    public Task<SendResult> SendAsync(SmsMessage message, string messageId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        if (_script.TryDequeue(out var scripted))
        {
            return Task.FromResult(scripted);
        }

        Sent.Enqueue((message, messageId));
        return Task.FromResult<SendResult>(new SendResult.Delivered($"Outgoing_{Sent.Count}"));
    }
}

internal sealed class RecordingVoiceCaller : IVoiceCaller
{
    private readonly ConcurrentQueue<SendResult> _script = new();

    public bool Enabled { get; set; } = true;

    public ConcurrentQueue<(VoiceCall Call, string Id)> Placed { get; } = new();

    public int Attempts;

    public void Script(params SendResult[] results)
    {
        foreach (var r in results)
        {
            _script.Enqueue(r);
        }
    }

    public Task<SendResult> CallAsync(VoiceCall call, string messageId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        if (_script.TryDequeue(out var scripted))
        {
            return Task.FromResult(scripted);
        }

        Placed.Enqueue((call, messageId));
        return Task.FromResult<SendResult>(new SendResult.Delivered($"CA{Placed.Count:x32}"));
    }
}

internal sealed class RecordingEmailSender : IEmailSender
{
    private readonly ConcurrentQueue<SendResult> _script = new();

    public ConcurrentQueue<(EmailMessage Message, string Id)> Sent { get; } = new();

    public int Attempts;

    public void Script(params SendResult[] results)
    {
        foreach (var r in results)
        {
            _script.Enqueue(r);
        }
    }

    /// <summary>When set, the mail server is down: every send not scripted fails as a refused connection does (a transient failure).</summary>
    public bool Down { get; set; }

    /// <summary>When set, this one recipient's mailbox refuses every send for now (a transient failure of its own; others go through).</summary>
    public string? FullMailbox { get; set; }

    /// <summary>
    /// When set, the relay refuses recipients outside this domain as the sender's fault (<c>5.7.1 relay denied</c>, a
    /// <see cref="SenderRefusal"/>) and delivers to the domain's own mailboxes: a relay open only for the company.
    /// </summary>
    public string? RelaysOnlyTo { get; set; }

    /// <summary>The provider is back: the scripted answers not used yet are dropped, and every send is delivered.</summary>
    public void Recover() => _script.Clear();

    public Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        if (_script.TryDequeue(out var scripted))
        {
            return Task.FromResult(scripted);
        }

        if (Down)
        {
            return Task.FromResult<SendResult>(new SendResult.Transient("SMTP: Connection refused"));
        }

        if (FullMailbox is { } full && message.To == full)
        {
            return Task.FromResult<SendResult>(new SendResult.Transient("SMTP 452 4.2.2: mailbox full"));
        }

        if (RelaysOnlyTo is { } domain && !message.To.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult<SendResult>(SenderRefusal.Of($"SMTP 550: 5.7.1 <{message.To}>: Relay access denied"));
        }

        Sent.Enqueue((message, messageId));
        return Task.FromResult<SendResult>(AcceptAs is { } accept ? new SendResult.Accepted(accept(messageId)) : new SendResult.Delivered());
    }

    /// <summary>When set, every send not scripted is accepted (as ACS does, <c>202</c>) under the id this gives for the message.</summary>
    public Func<string, string>? AcceptAs { get; set; }

    private readonly ConcurrentQueue<DeliveryConfirmation> _confirmations = new();

    /// <summary>The provider ids asked about, in order.</summary>
    public ConcurrentQueue<string> Asked { get; } = new();

    /// <summary>Answers to the next status checks, in order; then every message is confirmed.</summary>
    public void ScriptConfirmations(params DeliveryConfirmation[] answers)
    {
        foreach (var a in answers)
        {
            _confirmations.Enqueue(a);
        }
    }

    public Task<DeliveryConfirmation> ConfirmAsync(string providerId, CancellationToken cancellationToken)
    {
        Asked.Enqueue(providerId);
        return Task.FromResult(_confirmations.TryDequeue(out var scripted) ? scripted : new DeliveryConfirmation.Confirmed());
    }
}

internal sealed class RecordingTeamsChannel(bool enabled = true) : ITeamsChannel
{
    public ConcurrentQueue<string> Cards { get; } = new();

    public bool Enabled => enabled;

    /// <summary>When set, every post gets this answer (a webhook down, gone) instead of going out.</summary>
    public SendResult? Failure { get; set; }

    public Task<SendResult> PostCardAsync(string cardJson, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            return Task.FromResult(failure);
        }

        Cards.Enqueue(cardJson);
        return Task.FromResult<SendResult>(new SendResult.Delivered());
    }
}
