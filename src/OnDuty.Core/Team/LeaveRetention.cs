using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OnDuty.Core.Team;

/// <summary>How long personal data about the roster is kept (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Leave (dates and notes) is deleted this long after it ended; the schedule never looks that far back.</summary>
    [Range(typeof(TimeSpan), "30.00:00:00", "3650.00:00:00", ErrorMessage = "Retention__Leave must be between 30.00:00:00 and 3650.00:00:00.")]
    public TimeSpan Leave { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// A resolved incident's free text (impact, workaround, update messages, alert descriptions, labels and links) is removed
    /// this long after it resolved; its id, title, severity, times and counts stay, and retros keep their own notes.
    /// </summary>
    [Range(typeof(TimeSpan), "30.00:00:00", "3650.00:00:00", ErrorMessage = "Retention__IncidentText must be between 30.00:00:00 and 3650.00:00:00.")]
    public TimeSpan IncidentText { get; set; } = TimeSpan.FromDays(730);
}

/// <summary>Deletes leave that ended longer ago than <see cref="RetentionOptions.Leave"/> (the <c>PurgeExpiredData</c> timer).</summary>
public sealed class LeaveRetention(IRosterRepository roster, TimeProvider time, IOptions<RetentionOptions> options)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = DateOnly.FromDateTime((time.GetUtcNow() - options.Value.Leave).UtcDateTime);
        var purged = 0;
        foreach (var leave in (await roster.ListLeaveAsync(cancellationToken)).Where(l => l.To < before))
        {
            purged += await roster.DeleteLeaveAsync(leave.MemberId, leave.Id, cancellationToken) ? 1 : 0;
        }

        return purged;
    }
}
