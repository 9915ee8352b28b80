using OnDuty.Core.Notifications;

namespace OnDuty.LocalHost;

/// <summary>
/// Locally, with no phone provider (<c>LocalHost__SmsToMail=true</c>, as <c>run.sh</c> sets it): each page call an escalation
/// would place goes to the mail server as an email to <c>{number}@call.localhost</c>, its subject <c>Call to +81…</c>, its body
/// what the call would say, so smtp4dev shows when a phone would ring and with what. No key can be pressed on a mail: the
/// page's own link acknowledges. Never in Azure: only LocalHost reads it.
/// </summary>
public sealed class MailedVoiceCaller(IEmailSender email) : IVoiceCaller
{
    public const string Domain = "call.localhost";

    public bool Enabled => true;

    public bool ReachesPhones => false;

    public Task<SendResult> CallAsync(VoiceCall call, string messageId, CancellationToken cancellationToken)
    {
        if (PhoneNumber.Normalize(call.To) is not { } to)
        {
            return Task.FromResult<SendResult>(new SendResult.Permanent($"'{call.To}' is not a phone number: it {PhoneNumber.Rule}."));
        }

        return email.SendAsync(
            new EmailMessage($"{to.TrimStart('+')}@{Domain}", to, $"Call to {to}", call.Text, null)
            {
                PriorAttempts = call.PriorAttempts,
                QueuedAt = call.QueuedAt,
            },
            messageId,
            cancellationToken);
    }
}
