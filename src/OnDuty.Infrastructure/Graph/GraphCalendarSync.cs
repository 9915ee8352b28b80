using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.Events.Item.Cancel;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Graph;

/// <summary>
/// Duty weeks as events in members' own calendars over Graph (application permission Calendars.ReadWrite, ideally scoped
/// to the team with an application access policy): <c>POST /users/{mailbox}/events</c> with a <c>transactionId</c> (Graph
/// returns the first event for a repeated id), <c>PATCH …/events/{id}</c>, and <c>POST …/events/{id}/cancel</c> with a
/// comment — or <c>DELETE</c> where Outlook refuses to cancel an event that is not a meeting.
/// </summary>
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
        var item = graph.Client.Users[mailbox].Events[eventId];
        try
        {
            await CallAsync(() => item.Cancel.PostAsync(new CancelPostRequestBody { Comment = comment }, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (GraphErrors.IsNotFound(ex))
        {
            return;
        }
        catch (Exception ex) when (GraphErrors.Status(ex) == 400)
        {
            logger.LogInformation("Event {EventId} of {Mailbox} cannot be cancelled ({Error}); deleting it", eventId, mailbox, GraphErrors.Describe(ex));
        }

        try
        {
            await CallAsync(() => item.DeleteAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (GraphErrors.IsNotFound(ex))
        {
            // Already gone.
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
