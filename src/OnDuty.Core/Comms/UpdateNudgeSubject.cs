using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Comms;

/// <summary>
/// A reminder to update applies only while nobody has: once the incident is resolved or a person posted an update (a
/// newer stakeholder notice), a reminder still in the outbox is cancelled. So is a reminder that a recovery notice is owed
/// (<see cref="RecoveryReminder"/>) once it no longer is: a person posted it (a newer notice) or the incident reopened.
/// Stakeholder notices themselves are a record of what was said and are never cancelled: this subject does not look at them.
/// </summary>
public sealed class UpdateNudgeSubject(IIncidentRepository incidents) : IOutboxSubject
{
    private const string Prefix = "incident:";

    public async Task<string?> NoLongerAppliesAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (TryParseRecovery(message.Topic, out var about, out var told))
        {
            return (await incidents.GetAsync(about, cancellationToken))?.Value switch
            {
                { IsOpen: true } => $"incident {about} reopened",
                { Comms.Issued: var issued } when issued != told => $"incident {about} was updated by a person since",
                { RecoveryNoticeOwed: false } => $"incident {about} owes no recovery notice",
                _ => null,
            };
        }

        if (!TryParse(message.Topic, out var id, out var notice))
        {
            return null;
        }

        return (await incidents.GetAsync(id, cancellationToken))?.Value switch
        {
            { IsOpen: false } => $"incident {id} is resolved",
            { Comms.Issued: var issued } when issued != notice => $"incident {id} was updated by a person since",
            _ => null,
        };
    }

    public Task SettledAsync(OutboxMessage message, string? error, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Reads <c>incident:{id}:nudge:{notice}:{k}</c> (see <see cref="OutboxIds.NudgeTopic"/>).</summary>
    internal static bool TryParse(string topic, out string incidentId, out int notice) => TryParse(topic, "nudge", out incidentId, out notice);

    /// <summary>Reads <c>incident:{id}:recovery:{notice}:{k}</c> (see <see cref="OutboxIds.RecoveryReminderTopic"/>).</summary>
    internal static bool TryParseRecovery(string topic, out string incidentId, out int notice) => TryParse(topic, "recovery", out incidentId, out notice);

    private static bool TryParse(string topic, string kind, out string incidentId, out int notice)
    {
        incidentId = "";
        notice = 0;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = topic[Prefix.Length..].Split(':');
        if (parts is [var id, var named, var n, var k] && named == kind && int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out notice)
            && int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            incidentId = id;
            return true;
        }

        return false;
    }
}
