using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Email;

/// <summary>Sends email over SMTP with MailKit: one connection per message, a stable Message-ID per outbox message so a retried send can be recognised.</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    private readonly EmailOptions _options = options.Value;

    public async Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken)
    {
        var mime = Build(message, messageId);
        using var client = new SmtpClient { Timeout = (int)_options.Smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_options.Smtp.Host!, _options.Smtp.Port, ToMailKit(_options.Smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(_options.Smtp.UserName))
            {
                await client.AuthenticateAsync(_options.Smtp.UserName, _options.Smtp.Password ?? "", cancellationToken);
            }

            var response = await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(true, CancellationToken.None);
            return new SendResult.Delivered(response);
        }
        catch (SmtpCommandException ex) when (Classify(ex) is { } refused)
        {
            return refused;
        }
        catch (AuthenticationException ex)
        {
            // The relay refuses OnDuty's account, not the recipient: named on health and logged once, as a sender refusal.
            return SenderRefusal.Of($"SMTP authentication failed: {ex.Message}: check Email__Smtp__UserName and Email__Smtp__Password.", TimeSpan.FromMinutes(5));
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or SocketException or IOException or ServiceNotConnectedException or TimeoutException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new SendResult.Transient($"SMTP: {ex.Message}");
        }
    }

    /// <summary>
    /// A 5xx reply: a refusal of the sender or the relay (<see cref="SenderRefusal"/>: <c>MAIL FROM</c> refused, <c>5.7.1 relay
    /// denied</c>) is a configuration fault, retried; any other refuses this recipient or message for good. Null for a 4xx.
    /// </summary>
    internal static SendResult? Classify(SmtpCommandException ex)
    {
        var status = (int)ex.StatusCode;
        if (status < 500)
        {
            return null;
        }

        var error = $"SMTP {status}: {ex.Message}";
        return SenderRefusal.IsSmtpSenderRefusal(status, ex.ErrorCode == SmtpErrorCode.SenderNotAccepted, ex.Message)
            ? SenderRefusal.Of(error)
            : new SendResult.Permanent(error);
    }

    internal MimeMessage Build(EmailMessage message, string messageId)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(_options.FromName, _options.From!));
        if (message.Bcc.Count > 0)
        {
            // A blind-copied batch is addressed to the sender: each reader sees only that, never the others.
            // MailKit puts Bcc addresses in the envelope and leaves the Bcc header out of what it transmits.
            mime.To.Add(new MailboxAddress(_options.FromName, _options.From!));
            mime.Bcc.AddRange(message.Bcc.Select(address => new MailboxAddress("", address)));
        }
        else
        {
            mime.To.Add(new MailboxAddress(message.ToName ?? "", message.To));
        }
        mime.Subject = message.Subject;
        mime.MessageId = StableMessageId(messageId, _options.From!);
        mime.Headers.Add("X-OnDuty-Message", messageId.Length <= 200 ? messageId : messageId[..200]);
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        if (message.Thread is { } thread)
        {
            // Every mail of the series answers the same message, so mail apps thread them under one conversation.
            var root = StableMessageId(thread, _options.From!);
            mime.InReplyTo = root;
            mime.References.Add(root);
        }

        var body = new BodyBuilder { TextBody = message.TextBody };
        if (message.HtmlBody is not null)
        {
            body.HtmlBody = message.HtmlBody;
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    internal static string StableMessageId(string messageId, string from)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32];
        var domain = from[(from.IndexOf('@') + 1)..];
        return $"{hash}@{domain}";
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
