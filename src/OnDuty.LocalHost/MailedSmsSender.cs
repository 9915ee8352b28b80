using OnDuty.Core.Notifications;

namespace OnDuty.LocalHost;

/// <summary>
/// Locally, with no SMS provider to try pages by SMS against (<c>LocalHost__SmsToMail=true</c>, as <c>run.sh</c> sets it):
/// each text goes to the mail server as an email to <c>{number}@sms.localhost</c>, its subject <c>SMS to +81…</c>, its body the
/// text as sent, so the mail catcher's inbox (smtp4dev) shows what a phone would get. Never in Azure: only LocalHost reads it.
/// </summary>
public sealed class MailedSmsSender(IEmailSender email) : ISmsSender
{
    public const string Domain = "sms.localhost";

    public bool Enabled => true;

    /// <summary>The mail catcher is no phone: health does not ask whether the duty pair can be texted.</summary>
    public bool ReachesPhones => false;

    public Task<SendResult> SendAsync(SmsMessage message, string messageId, CancellationToken cancellationToken) =>
        MailToNumberAsync(email, message.To, Domain, "SMS to", message.Text, message.PriorAttempts, message.QueuedAt, messageId, cancellationToken);

    /// <summary>
    /// A text or a call as mail to <c>{number}@{domain}</c>, its subject <paramref name="what"/> and the number, its body
    /// <paramref name="text"/>: what a phone would get, in the mail catcher. Not a number: given up, as a provider would.
    /// </summary>
    internal static Task<SendResult> MailToNumberAsync(
        IEmailSender email, string number, string domain, string what, string text, int priorAttempts, DateTimeOffset? queuedAt, string messageId, CancellationToken cancellationToken)
    {
        if (PhoneNumber.Normalize(number) is not { } to)
        {
            return Task.FromResult<SendResult>(new SendResult.Permanent($"'{number}' is not a phone number: it {PhoneNumber.Rule}."));
        }

        return email.SendAsync(
            new EmailMessage($"{to.TrimStart('+')}@{domain}", to, $"{what} {to}", text, null) { PriorAttempts = priorAttempts, QueuedAt = queuedAt },
            messageId,
            cancellationToken);
    }
}
