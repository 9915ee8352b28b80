using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Queues;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// A settle that knows what it waits for, for a walk's hundreds of timer steps (each ordinary settle waits out a quiet period).
/// Every email reaches smtp4dev through the app's <see cref="IEmailSender"/> (the outbox's mails, and texts and calls mailed
/// locally), so counting what the mail server took (<see cref="SendResult.Delivered"/>) tells how many messages smtp4dev must
/// hold. Nothing is left to send when the send queues hold no message (the listener deletes one only after its run has ended,
/// escalations it queued included, and Azurite counts the messages being run) and the outbox nothing due. Both true, and smtp4dev
/// holding exactly the mails taken since the step's <see cref="Mark"/>, the step has settled: no later mail can come of it. A loopback
/// server (Teams, ACS, Twilio) records a request before answering it, so its count is final once nothing is left to send.
/// Anything else — more mail than was taken (a send retried after the server took it), a retry waiting on a queue — ends in the
/// ordinary settle, as before.
/// </summary>
/// <remarks>
/// Every <see cref="HostedApp.SettleAsync"/> tries the same check first (<see cref="SettledAsync"/>), from where the last settle of
/// the app (or of any app sharing this count and smtp4dev) left off; the alert intake's accepted repeats not yet applied count
/// as something left to send (applying one can page).
/// </remarks>
public sealed class MailSettle
{
    /// <summary>How long the exact count is waited for before the ordinary settle takes over.</summary>
    private static readonly TimeSpan ExactFor = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private long _delivered;

    private QueueClient[]? _queues;

    /// <summary>Where the last settle left off (<see cref="SettledAsync"/>); null until the first app started.</summary>
    private Settled? _settled;

    /// <summary>What <see cref="SettledAsync"/> last waited on (for a settle's timing line).</summary>
    public string Waiting { get; private set; } = "";

    /// <summary>Steps that ended in the ordinary settle (a walk writes it down with its counts).</summary>
    public int Ordinary { get; private set; }

    /// <summary>Mails the app's sender handed to the mail server and the server took, since the app started.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Wraps the app's <see cref="IEmailSender"/> (as registered by then) to count; for <c>configureServices</c>.</summary>
    public void Install(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IEmailSender));
        services.AddSingleton<IEmailSender>(sp => new CountingSender(
            (IEmailSender)(registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)),
            this));
    }

    /// <summary>Where a step begins, taken while the app is settled: smtp4dev's messages and the mails taken so far.</summary>
    public async Task<Mark> MarkAsync(Smtp4devProcess smtp) => new((await smtp.MessagesAsync()).Count, Delivered);

    /// <summary>
    /// Returns once the app has nothing left to send and smtp4dev holds every mail taken since <paramref name="mark"/>; when that
    /// cannot be told (see the class), after <paramref name="settle"/>, the ordinary settle.
    /// </summary>
    public async Task SinceAsync(Mark mark, HostedApp host, Smtp4devProcess smtp, Func<Task> settle)
    {
        var until = DateTime.UtcNow + ExactFor;
        while (DateTime.UtcNow < until)
        {
            if (await SendQueuesEmptyAsync(host) && await host.NothingDueInOutboxAsync())
            {
                var expected = mark.Mails + (Delivered - mark.Delivered);
                var mails = (await smtp.MessagesAsync()).Count;
                if (mails == expected)
                {
                    return;
                }

                if (mails > expected)
                {
                    break;
                }
            }

            await Task.Delay(PollInterval);
        }

        Ordinary++;
        await settle();
    }

    /// <summary>
    /// Takes where a settled app leaves off, for the next <see cref="SettledAsync"/>: smtp4dev's messages (and how often it was
    /// emptied) with <see cref="Delivered"/> read on either side, again if a mail was taken meanwhile.
    /// </summary>
    public async Task LeaveOffAsync(Smtp4devProcess? smtp)
    {
        while (true)
        {
            var delivered = Delivered;
            var clears = smtp?.Clears ?? 0;
            var mails = smtp is null ? 0 : (await smtp.MessagesAsync()).Count;
            if (delivered == Delivered && clears == (smtp?.Clears ?? 0))
            {
                _settled = new Settled(mails, delivered, clears);
                return;
            }
        }
    }

    /// <summary>
    /// True once <paramref name="host"/> has nothing left to send (no accepted alert repeat unapplied, both send queues empty,
    /// nothing due in the outbox) and every mail taken since the last settle is in <paramref name="smtp"/>; false at once when
    /// that cannot be told: more mail there than was taken, smtp4dev emptied meanwhile, no settle to count from, or (with no
    /// smtp4dev given) mail taken by a server the count cannot see. Polls until one or the other, or <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<bool> SettledAsync(HostedApp host, Smtp4devProcess? smtp, CancellationToken cancellationToken)
    {
        if (_settled is not { } since || since.Clears != (smtp?.Clears ?? 0))
        {
            return false;
        }

        var smtpProvider = string.Equals(host.App.Configuration["Email:Provider"], "Smtp", StringComparison.OrdinalIgnoreCase);
        var intake = host.App.Services.GetService<AlertIntake>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var delivered = Delivered;
            if (smtp is null && smtpProvider && delivered != since.Delivered)
            {
                return false;
            }

            var backlog = intake?.Backlog.Count ?? 0;
            var queuesEmpty = backlog == 0 && await SendQueuesEmptyAsync(host);
            var due = queuesEmpty ? (await host.DueInOutboxAsync()).Count : -1;
            Waiting = backlog > 0 ? $"{backlog} alert repeats unapplied" : !queuesEmpty ? "a send queue" : due > 0 ? $"{due} due in the outbox" : "smtp4dev";
            if (queuesEmpty && due == 0)
            {
                if (smtp is null)
                {
                    _settled = since with { Delivered = delivered };
                    return true;
                }

                var expected = since.Mails + (delivered - since.Delivered);
                var mails = (await smtp.MessagesAsync()).Count;
                if (smtp.Clears != since.Clears || mails > expected)
                {
                    return false;
                }

                if (mails == expected && Delivered == delivered)
                {
                    _settled = new Settled(mails, delivered, since.Clears);
                    return true;
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<bool> SendQueuesEmptyAsync(HostedApp host)
    {
        _queues ??= [.. new[] { OutboxQueueNames.Pages, OutboxQueueNames.Normal }.Select(name =>
            new QueueClient(host.App.Configuration["AzureWebJobsStorage"], name))];
        foreach (var queue in _queues)
        {
            try
            {
                if ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
                {
                    return false;
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Not created yet: nothing was ever queued on it.
            }
        }

        return true;
    }

    /// <summary>smtp4dev's message count and <see cref="Delivered"/> at a settled moment.</summary>
    public sealed record Mark(int Mails, long Delivered);

    /// <summary>Where the last settle left off: smtp4dev's messages, <see cref="Delivered"/>, and smtp4dev's <see cref="Smtp4devProcess.Clears"/>.</summary>
    private sealed record Settled(int Mails, long Delivered, int Clears);

    private sealed class CountingSender(IEmailSender inner, MailSettle counts) : IEmailSender
    {
        public async Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken)
        {
            var result = await inner.SendAsync(message, messageId, cancellationToken);
            if (result is SendResult.Delivered)
            {
                Interlocked.Increment(ref counts._delivered);
            }

            return result;
        }

        public Task<DeliveryConfirmation> ConfirmAsync(string providerId, CancellationToken cancellationToken) =>
            inner.ConfirmAsync(providerId, cancellationToken);
    }
}
