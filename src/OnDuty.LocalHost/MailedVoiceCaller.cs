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

    public Task<SendResult> CallAsync(VoiceCall call, string messageId, CancellationToken cancellationToken) =>
        MailedSmsSender.MailToNumberAsync(email, call.To, Domain, "Call to", call.Text, call.PriorAttempts, call.QueuedAt, messageId, cancellationToken);
}
