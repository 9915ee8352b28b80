using OnDuty.Core.Common;

namespace OnDuty.Core.Calendar;

/// <summary>Members' calendars. Implemented over Graph (<c>/users/{mailbox}/events</c>).</summary>
public interface IMemberCalendar
{
    bool Enabled { get; }

    /// <summary>Creates the event; a repeated call with the same <paramref name="transactionId"/> returns the first event's id.</summary>
    Task<string> CreateAsync(DutyEvent duty, string transactionId, CancellationToken cancellationToken);

    /// <summary>Updates subject, times and body. <exception cref="NotFoundException">The event is gone (deleted by the member).</exception></summary>
    Task UpdateAsync(string eventId, DutyEvent duty, CancellationToken cancellationToken);

    /// <summary>Removes the event from the member's calendar (it has no attendees, so it is deleted rather than cancelled as a meeting);
    /// an event already gone is fine. <paramref name="comment"/> says why, for the log.</summary>
    Task CancelAsync(string mailbox, string eventId, string comment, CancellationToken cancellationToken);
}
