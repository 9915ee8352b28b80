using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

public sealed partial class Pager
{
    /// <summary>
    /// The timer's personal call rules (<see cref="Incident.PersonalCallsDue"/>), in the same run as the escalation steps: each duty
    /// member whose own rule is due is rung with the first page. Which incidents are read from the board's summaries (no read when
    /// none is due); each is decided again on its record. Returns how many members were rung.
    /// </summary>
    public async Task<int> CallByPersonalRulesAsync(CancellationToken cancellationToken)
    {
        if (messages.Calls is not { } calls)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var timeouts = options.Value.AckTimeouts;
        var board = await incidents.ListBoardAsync(now, cancellationToken);
        var called = 0;
        foreach (var listed in board.Where(i => i.PersonalCallsDue(now, timeouts, calls).Count > 0))
        {
            using var scope = logger.BeginIncidentScope(listed.Id);
            try
            {
                called += await CallByPersonalRulesAsync(listed.Id, calls, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One incident's trouble does not hold up the others (nor the escalation); the next run tries it again.
                logger.LogError(ex, "Personal call rules of incident {IncidentId} failed; the next run retries", listed.Id);
            }
        }

        return called;
    }

    /// <summary>
    /// One incident's personal calls, decided on its record. The calls are queued first, each under its member's id of the round
    /// (<see cref="IncidentNotice.PersonalCall"/>), then recorded at the record's ETag with a timeline row each: a crash in between
    /// queues the same ids again on the next run (the outbox takes each once), and two runs at once record each member once.
    /// </summary>
    private async Task<int> CallByPersonalRulesAsync(string incidentId, Notifications.VoiceOptions voice, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: var incident }
            || incident.PersonalCallsDue(now, options.Value.AckTimeouts, voice) is not { Count: > 0 } due)
        {
            return 0;
        }

        // Only someone on its duty now: one taken off since it opened (an override, cover, replacement this week) is not rung by
        // their own rule — the pages and steps go to the pair on duty now, and so does this call. Left due (not recorded), so put
        // back on duty before step 1 they are rung then.
        var offDuty = await OffDutyNowAsync(incident, due, cancellationToken);
        if (offDuty.Count > 0)
        {
            logger.LogInformation("Incident {IncidentId}: own call rules due for {Members}, no longer on duty; not rung", incidentId, string.Join(", ", offDuty.Select(a => a.Id)));
            due = [.. due.Where(a => !offDuty.Contains(a))];
            if (due.Count == 0)
            {
                return 0;
            }
        }

        // A member whose call budget a storm spent is not rung (their texts and mail went with the page): recorded so, once.
        var calls = due.Select(a => (Member: a, Call: messages.ComposePersonalCall(incident, a))).ToList();
        await outbox.EnqueueAsync([.. calls.Select(c => c.Call).OfType<Notifications.OutboxMessage>()], cancellationToken);
        var recorded = false;
        await incidents.MutateAsync(incidentId, i => recorded = i.RecordPersonalCalls([.. calls.Select(c => (c.Member.Id, c.Call is not null))], now, options.Value.AckTimeouts, voice), cancellationToken);
        if (recorded)
        {
            logger.LogInformation("Incident {IncidentId}: own call rules due for {Members}; rung: {Rung}",
                incidentId, string.Join(", ", due.Select(a => a.Id)), string.Join(", ", calls.Where(c => c.Call is not null).Select(c => c.Member.Id)));
        }

        return recorded ? due.Count : 0;
    }

    /// <summary>
    /// Those of <paramref name="due"/> not on duty now (<see cref="CurrentDutyAsync"/>, by member id or address). Nobody on duty, or duty
    /// unreadable: none — they are rung as before (better a call to the pair it was paged to than none).
    /// </summary>
    private async Task<IReadOnlyList<AssignedMember>> OffDutyNowAsync(Incident incident, IReadOnlyList<AssignedMember> due, CancellationToken cancellationToken)
    {
        IReadOnlyList<AssignedMember> duty;
        try
        {
            duty = await CurrentDutyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Reading who is on duty for the own call rules of incident {IncidentId} failed; ringing the members it was paged to: {Error}", incident.Id, ex.Message);
            return [];
        }

        return duty.Count == 0 ? [] : [.. due.Where(a => !duty.Any(d => string.Equals(d.Id, a.Id, StringComparison.Ordinal) || Team.Member.SameAddress(d.Email, a.Email)))];
    }
}
