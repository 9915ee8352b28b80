using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.Calendar.GetSchedule;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using TimeRange = OnDuty.Core.Calendar.TimeRange;

namespace OnDuty.Infrastructure.Graph;

/// <summary>
/// Out-of-office time from Outlook free/busy: <c>POST /users/{id}/calendar/getSchedule</c> for up to 20 addresses a call
/// (asked on behalf of the first address of each batch; application permission Calendars.ReadBasic.All or Calendars.Read),
/// times in UTC (<c>Prefer: outlook.timezone="UTC"</c>). Only items with status <c>oof</c> count.
/// </summary>
public sealed class GraphAvailabilitySource(GraphClientProvider graph, ILogger<GraphAvailabilitySource> logger) : IAvailabilitySource
{
    internal const int MaxSchedulesPerCall = 20;

    public bool Enabled => graph.Enabled;

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>> GetOutOfOfficeAsync(
        IReadOnlyList<string> addresses, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<TimeRange>>(StringComparer.OrdinalIgnoreCase);
        foreach (var batch in addresses.Distinct(StringComparer.OrdinalIgnoreCase).Chunk(MaxSchedulesPerCall))
        {
            GetSchedulePostResponse? response;
            try
            {
                response = await graph.Client.Users[batch[0]].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(
                    new GetSchedulePostRequestBody
                    {
                        Schedules = [.. batch],
                        StartTime = Utc(start),
                        EndTime = Utc(end),
                        AvailabilityViewInterval = 30,
                    },
                    request => request.Headers.Add("Prefer", "outlook.timezone=\"UTC\""),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (GraphErrors.IsTransient(ex, cancellationToken))
            {
                throw new DependencyUnavailableException(GraphErrors.Dependency, ex);
            }
            catch (Exception ex) when (GraphErrors.Unwrap(ex) is Microsoft.Kiota.Abstractions.ApiException)
            {
                throw new InvalidOperationException($"Graph getSchedule for {batch[0]} failed: {GraphErrors.Describe(ex)}", ex);
            }

            foreach (var schedule in response?.Value ?? [])
            {
                if (schedule.ScheduleId is null)
                {
                    continue;
                }

                if (schedule.Error is { } error)
                {
                    logger.LogWarning("Free/busy of {Address} not available: {Error}", LoggedText.Recipient(schedule.ScheduleId), error.Message);
                    continue;
                }

                result[schedule.ScheduleId] = (schedule.ScheduleItems ?? [])
                    .Where(i => i.Status == FreeBusyStatus.Oof && i.Start is not null && i.End is not null)
                    .Select(i => new TimeRange(Parse(i.Start!), Parse(i.End!)))
                    .ToList();
            }
        }

        foreach (var address in addresses)
        {
            result.TryAdd(address, []);
        }

        return result;
    }

    private static DateTimeTimeZone Utc(DateTimeOffset instant) => new()
    {
        DateTime = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        TimeZone = "UTC",
    };

    /// <summary>A Graph dateTimeTimeZone as an instant; UTC unless another (IANA or Windows) zone is named.</summary>
    internal static DateTimeOffset Parse(DateTimeTimeZone value)
    {
        var local = DateTime.Parse(value.DateTime!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (string.IsNullOrEmpty(value.TimeZone) || value.TimeZone.Equals("UTC", StringComparison.OrdinalIgnoreCase)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(value.TimeZone, out var zone))
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
