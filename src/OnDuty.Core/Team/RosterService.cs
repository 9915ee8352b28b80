using System.Globalization;
using OnDuty.Core.Common;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Team;

/// <summary>Use cases for the roster: members and their leave.</summary>
/// <remarks>Leave moves the weeks not yet announced: with a <see cref="ScheduleChangeNotifier"/>, the members it moves are told.
/// A shift counts as frozen from its start: with a <see cref="StartedShiftFreezer"/>, each rotation's running shift is
/// frozen before an edit of a member or leave, so the edit moves only shifts not yet started.</remarks>
public sealed class RosterService(
    IRosterRepository roster, ScheduleChangeNotifier? scheduleChanges = null, StartedShiftFreezer? freezer = null, TimeProvider? time = null,
    Microsoft.Extensions.Options.IOptions<RetentionOptions>? retention = null, MemberWelcome? welcome = null)
{
    public Task<IReadOnlyList<Versioned<Member>>> ListMembersAsync(CancellationToken cancellationToken) =>
        roster.ListMembersAsync(cancellationToken);

    public async Task<Versioned<Member>> GetMemberAsync(string id, CancellationToken cancellationToken) =>
        await roster.GetMemberAsync(id, cancellationToken) ?? throw new NotFoundException("Member", id);

    /// <summary>
    /// Creates the member, or replaces it when <paramref name="ifMatch"/> names the version being replaced. An address another
    /// member has is refused (<see cref="ConflictException"/> naming <c>email</c>): sign-in, leads and reports find people by it.
    /// A member created (not an edit) is sent the welcome mail (<see cref="MemberWelcome"/>).
    /// </summary>
    public async Task<Versioned<Member>> SaveMemberAsync(Member member, string? ifMatch, CancellationToken cancellationToken)
    {
        member.Validate();
        var members = await roster.ListMembersAsync(cancellationToken);
        var holder = members.FirstOrDefault(m => m.Value.Id != member.Id && EmailAddress.Same(m.Value.Email, member.Email));

        // Two members stored with one address before this was refused can each still be edited (a phone number, leave) as long
        // as the edit keeps the address: refusing it would block the fix for something else. Taking another's address is refused.
        // This read finds addresses stored before claims existed; the store's claim (EmailClaim) settles two saves at once.
        var keepsOwn = members.Any(m => m.Value.Id == member.Id && EmailAddress.Same(m.Value.Email, member.Email));
        if (holder is not null && !keepsOwn)
        {
            throw EmailClaim.Taken(holder.Value.Id);
        }

        // An edit of a member already on the roster (made inactive, experience) may move the weeks not yet announced.
        if (freezer is not null && members.Any(m => m.Value.Id == member.Id))
        {
            await freezer.FreezeStartedAsync(cancellationToken);
        }

        var stored = members.FirstOrDefault(m => m.Value.Id == member.Id)?.Value;
        var before = scheduleChanges is not null && stored is not null ? await scheduleChanges.TakeAsync(cancellationToken) : null;
        var etag = await roster.SaveMemberAsync(member, ifMatch, cancellationToken);
        if (before is not null)
        {
            // Each save is its own change: its id carries the new version. The mail says what changed (a leaving date is told
            // as one, trial 37 M2); a member given a leaving date, or whose date moved, is told even when none of their weeks in
            // the horizon moved: their duty after it is gone.
            var details = ScheduleChangeDetail.OfMember(stored!, member);
            await scheduleChanges!.TellAsync(before, new ScheduleChangeCause
            {
                Id = $"member-{member.Id}-{ScheduleChangeCause.SaveVersion(etag)}",
                Kind = ScheduleChangeKind.Roster,
                MemberId = member.Id,
                Details = details,
                AlwaysTell = details.Any(d => d.Kind is ScheduleChangeDetailKind.Leaving or ScheduleChangeDetailKind.LeavingMoved) ? [member.Id] : [],
            }, cancellationToken);
        }

        if (stored is null && welcome is not null)
        {
            // Only a create gets here without a stored member: the store refuses a second insert of the id, so two adds at once welcome once.
            await welcome.WelcomeAsync(member, cancellationToken);
        }

        return new Versioned<Member>(member, etag);
    }

    public async Task<IReadOnlyList<Leave>> ListLeaveAsync(string memberId, CancellationToken cancellationToken)
    {
        await GetMemberAsync(memberId, cancellationToken);
        return await roster.ListLeaveForMemberAsync(memberId, cancellationToken);
    }

    /// <summary>Everyone's leave that has not ended before <paramref name="from"/>, by start (the roster's one leave query, not one per member).</summary>
    public async Task<IReadOnlyList<Leave>> ListLeaveFromAsync(DateOnly from, CancellationToken cancellationToken) =>
        [.. (await roster.ListLeaveAsync(cancellationToken)).Where(l => l.To >= from).OrderBy(l => l.From).ThenBy(l => l.MemberId, StringComparer.Ordinal)];

    /// <summary>
    /// Adds leave entered by a person: <paramref name="by"/> is who entered it (kept and listed; null when not said). Days already
    /// past are taken (a sick day reported afterwards is real history), but not leave that ended longer ago than it is kept
    /// (<see cref="RetentionOptions.Leave"/>): <see cref="LeaveRetention"/> would delete it at once (400 naming <c>to</c>).
    /// </summary>
    public async Task<Leave> AddLeaveAsync(string memberId, DateOnly from, DateOnly to, string? note, string? by, CancellationToken cancellationToken)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var kept = (retention?.Value ?? new RetentionOptions()).Leave;
        await GetMemberAsync(memberId, cancellationToken);
        var leave = new Leave
        {
            Id = Leave.IdOf(from, to),
            MemberId = memberId,
            From = from,
            To = to,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            By = string.IsNullOrWhiteSpace(by) ? null : by.Trim(),
            EnteredAt = now,
        };
        var existing = await roster.ListLeaveForMemberAsync(memberId, cancellationToken);
        leave.Validate(existing);
        new ValidationErrors()
            .When(to < LeaveRetention.Cutoff(now, kept), "to", string.Create(CultureInfo.InvariantCulture, $"is more than {kept.Days} days ago: leave is kept {kept.Days} days after it ends (Retention__Leave)"),
                Refusal.Of(LeaveRefusals.TooOld, ("days", kept.Days)))
            .ThrowIfAny();
        if (freezer is not null)
        {
            await freezer.FreezeStartedAsync(cancellationToken);
        }

        var before = scheduleChanges is null ? null : await scheduleChanges.TakeAsync(cancellationToken);
        await roster.AddLeaveAsync(leave, cancellationToken);
        if (before is not null)
        {
            await scheduleChanges!.TellAsync(before, ScheduleChangeCause.ForLeave(leave, cancelled: false, leave.By), cancellationToken);
        }

        return leave;
    }

    public Task DeleteLeaveAsync(string memberId, string leaveId, CancellationToken cancellationToken) =>
        DeleteLeaveAsync(memberId, leaveId, null, cancellationToken);

    /// <summary>Cancels leave; <paramref name="by"/> is who cancelled it (told to the members it moves back; null when not said).</summary>
    public async Task DeleteLeaveAsync(string memberId, string leaveId, string? by, CancellationToken cancellationToken)
    {
        var leave = scheduleChanges is null ? null : (await roster.ListLeaveForMemberAsync(memberId, cancellationToken)).FirstOrDefault(l => l.Id == leaveId);
        if (freezer is not null)
        {
            await freezer.FreezeStartedAsync(cancellationToken);
        }

        var before = leave is null ? null : await scheduleChanges!.TakeAsync(cancellationToken);
        if (!await roster.DeleteLeaveAsync(memberId, leaveId, cancellationToken))
        {
            throw new NotFoundException("Leave", $"{memberId}/{leaveId}");
        }

        if (before is not null)
        {
            await scheduleChanges!.TellAsync(before, ScheduleChangeCause.ForLeave(leave!, cancelled: true, string.IsNullOrWhiteSpace(by) ? null : by.Trim()), cancellationToken);
        }
    }
}
