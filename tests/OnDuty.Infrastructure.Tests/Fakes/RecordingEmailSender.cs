using System.Collections.Concurrent;
using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Tests.Fakes;

/// <summary>A mail sender that delivers every mail to a list: what the dispatcher handed over, with its outbox id.</summary>
internal sealed class RecordingEmailSender : IEmailSender
{
    public ConcurrentQueue<(EmailMessage Message, string Id)> Sent { get; } = new();

    public Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken)
    {
        Sent.Enqueue((message, messageId));
        return Task.FromResult<SendResult>(new SendResult.Delivered());
    }
}
