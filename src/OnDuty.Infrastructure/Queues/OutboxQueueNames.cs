namespace OnDuty.Infrastructure.Queues;

/// <summary>The send queues (Azure Queue Storage on the host's storage account, <c>AzureWebJobsStorage</c>).</summary>
public static class OutboxQueueNames
{
    /// <summary>Pages and escalations: never behind weekly mail.</summary>
    public const string Pages = "outbox-pages";

    /// <summary>Everything else (duty announcements, reminders, acknowledgement notices).</summary>
    public const string Normal = "outbox";
}
