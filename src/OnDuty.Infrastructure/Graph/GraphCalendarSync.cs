using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Graph;

/// <summary>
/// Duty weeks as events in members' own calendars over Graph (application permission Calendars.ReadWrite, ideally scoped
/// to the team with an application access policy): <c>POST /users/{mailbox}/events</c> with a <c>transactionId</c> (Graph
/// returns the first event for a repeated id), <c>PATCH …/events/{id}</c>, and <c>DELETE …/events/{id}</c>.
/// </summary>
/// <remarks>
/// The events have no attendees, so they are not meetings: Graph's <c>cancel</c> is the organiser's call that sends
/// attendees a cancellation and does not apply. A week that changes hands deletes the event; the partner and reason are
/// in the new holder's event and in the team's announcement.
/// </remarks>
public sealed class GraphCalendarSync(GraphClientProvider graph, ILogger<GraphCalendarSync> logger) : IMemberCalendar
{
    internal const string Category = "OnDuty";

    public bool Enabled => graph.Enabled;

    public async Task<string> CreateAsync(DutyEvent duty, string transactionId, CancellationToken cancellationToken)
    {
        var created = await CallAsync(() => graph.Client.Users[duty.Mailbox].Events.PostAsync(ToEvent(duty, transactionId), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return created?.Id ?? throw new InvalidOperationException($"Graph created an event for {duty.Mailbox} without an id.");
    }

    public async Task UpdateAsync(string eventId, DutyEvent duty, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(() => graph.Client.Users[duty.Mailbox].Events[eventId].PatchAsync(ToEvent(duty, null), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (GraphErrors.IsNotFound(ex))
        {
            throw new NotFoundException("Calendar event", eventId);
        }
    }

    public async Task CancelAsync(string mailbox, string eventId, string comment, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(() => graph.Client.Users[mailbox].Events[eventId].DeleteAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Deleted duty event {EventId} from {Mailbox} ({Reason})", eventId, mailbox, comment);
        }
        catch (Exception ex) when (GraphErrors.IsNotFound(ex))
        {
            // Already gone (deleted by its owner, or by an earlier run whose record was not saved).
        }
    }

    internal static Event ToEvent(DutyEvent duty, string? transactionId) => new()
    {
        Subject = duty.Subject,
        Body = new ItemBody { ContentType = BodyType.Html, Content = duty.HtmlBody },
        Start = Utc(duty.StartsAt),
        End = Utc(duty.EndsAt),
        ShowAs = FreeBusyStatus.Free,
        IsReminderOn = true,
        ReminderMinutesBeforeStart = 15,
        Categories = [Category],
        TransactionId = transactionId,
    };

    private static DateTimeTimeZone Utc(DateTimeOffset instant) => new()
    {
        DateTime = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        TimeZone = "UTC",
    };

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (GraphErrors.IsTransient(ex, cancellationToken))
        {
            throw new DependencyUnavailableException(GraphErrors.Dependency, ex);
        }
    }

    private static Task CallAsync(Func<Task> call, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
