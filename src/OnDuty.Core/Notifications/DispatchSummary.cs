namespace OnDuty.Core.Notifications;

/// <summary>Counts of what a dispatch run did.</summary>
public sealed class DispatchSummary
{
    public int Delivered { get; private set; }

    public int Retrying { get; private set; }

    public int Failed { get; private set; }

    public int Cancelled { get; private set; }

    internal void Add(OutboxAttemptOutcome outcome)
    {
        switch (outcome)
        {
            case OutboxAttemptOutcome.Delivered:
                Delivered++;
                break;
            case OutboxAttemptOutcome.Retrying or OutboxAttemptOutcome.Stopped:
                Retrying++;
                break;
            case OutboxAttemptOutcome.Failed:
                Failed++;
                break;
            case OutboxAttemptOutcome.Cancelled:
                Cancelled++;
                break;
        }
    }
}
