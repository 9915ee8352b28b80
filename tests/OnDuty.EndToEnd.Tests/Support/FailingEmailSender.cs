using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Notifications;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// The app's email sender (SMTP to smtp4dev) behind a switch: while <see cref="Failure"/> is set, every mail gets that answer (a
/// mailbox refusal, a server that is down) instead of going out. Passed to <see cref="OwnApp.StartAsync"/> as its <c>configureServices</c>.
/// </summary>
public sealed class FailingEmailSender
{
    private volatile SendResult? _failure;

    public SendResult? Failure
    {
        get => _failure;
        set => _failure = value;
    }

    public void Wrap(IServiceCollection services)
    {
        var real = services.Last(d => d.ServiceType == typeof(IEmailSender));
        services.Remove(real);
        services.AddSingleton<IEmailSender>(sp => new Switch(this, (IEmailSender)real.ImplementationFactory!(sp)));
    }

    private sealed class Switch(FailingEmailSender owner, IEmailSender inner) : IEmailSender
    {
        public Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken) =>
            owner.Failure is { } failure ? Task.FromResult(failure) : inner.SendAsync(message, messageId, cancellationToken);
    }
}
