namespace OnDuty.Core.Calendar;

/// <summary>The pure diff between the events the schedule wants and the ones stored.</summary>
public static class CalendarReconciler
{
    /// <summary>
    /// Per member and shift: wanted and not active → Create (a new generation if one was cancelled); active with another
    /// fingerprint → Update (same mailbox) or Cancel + Create (the member's mailbox changed); active and not wanted → Cancel.
    /// Cancels come first so a member never holds two events for one week.
    /// </summary>
    public static IReadOnlyList<CalendarChange> Diff(IEnumerable<DutyEvent> desired, IEnumerable<CalendarEventRecord> existing)
    {
        var stored = existing.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var wanted = desired.ToDictionary(d => d.Key, StringComparer.Ordinal);
        var cancels = new List<CalendarChange>();
        var rest = new List<CalendarChange>();
        foreach (var record in stored.Values.Where(r => r.Status == CalendarEventStatus.Active && !wanted.ContainsKey(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            cancels.Add(new CalendarChange(CalendarChangeKind.Cancel, null, record));
        }

        foreach (var duty in wanted.Values.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var record = stored.GetValueOrDefault(duty.Key);
            if (record is null || record.Status == CalendarEventStatus.Cancelled)
            {
                rest.Add(new CalendarChange(CalendarChangeKind.Create, duty, record));
            }
            else if (!string.Equals(record.Mailbox, duty.Mailbox, StringComparison.OrdinalIgnoreCase))
            {
                cancels.Add(new CalendarChange(CalendarChangeKind.Cancel, null, record));
                rest.Add(new CalendarChange(CalendarChangeKind.Create, duty, record with { Status = CalendarEventStatus.Cancelled }));
            }
            else if (record.Fingerprint != duty.Fingerprint)
            {
                rest.Add(new CalendarChange(CalendarChangeKind.Update, duty, record));
            }
        }

        return [.. cancels, .. rest];
    }
}
