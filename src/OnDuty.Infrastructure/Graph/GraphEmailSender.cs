using System.Net;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.SendMail;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Email;
using GraphEmailAddress = Microsoft.Graph.Models.EmailAddress;

namespace OnDuty.Infrastructure.Graph;

/// <summary>
/// Sends email from a shared mailbox with Graph's <c>POST /users/{mailbox}/sendMail</c> (application permission Mail.Send,
/// ideally scoped to that mailbox with an application access policy). Graph's retry handler absorbs short 429/503s inside
/// one attempt; what still fails goes back to the outbox as Transient (with Retry-After), a sender refusal (401, 403, 404: the token,
/// the permission or the mailbox; <see cref="SenderRefusal"/>) or Permanent (400).
/// sendMail has no idempotency key: the outbox's per-recipient ids keep a message from being queued twice, and the
/// <c>X-OnDuty-Message</c> header lets a rare resend after a lost 202 be recognised.
/// </summary>
/// <remarks>
/// Graph's retry handler retries 429, 503 and 504 (msgraph-sdk-design, middleware/RetryHandler.md). A 429 is a refusal
/// (nothing was sent), so the handler may keep waiting it out; a 503/504 may come after the mailbox took the mail on,
/// so for sendMail those go back to the outbox, which retries later and visibly, instead of a silent immediate resend.
/// Reads keep the handler's full behaviour.
/// </remarks>
public sealed class GraphEmailSender(GraphClientProvider graph, IOptions<EmailOptions> options, TimeProvider time, ILogger<GraphEmailSender> logger) : IEmailSender
{
    /// <summary>The retry handler waits out 429s only: a 503/504 may follow a mail that went out.</summary>
    private static readonly RetryHandlerOption OnlyThrottlingRetried = new()
    {
        ShouldRetry = (_, _, response) => response.StatusCode == HttpStatusCode.TooManyRequests,
    };

    private readonly string _mailbox = options.Value.Graph.Mailbox!;

    public async Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken)
    {
        try
        {
            await graph.Client.Users[_mailbox].SendMail
                .PostAsync(Build(message, messageId, _mailbox), config => config.Options.Add(OnlyThrottlingRetried), cancellationToken)
                .ConfigureAwait(false);
            logger.LogInformation("Sent {MessageId} from {Mailbox} through Graph", messageId, _mailbox);
            return new SendResult.Delivered();
        }
        catch (Exception ex) when (GraphErrors.Unwrap(ex) is AuthenticationFailedException { Message: var refusal } && refusal.Contains("AADSTS", StringComparison.Ordinal))
        {
            // Entra ID answered and refused the app's credential (a client secret expired or wrong, an app not in the tenant), which
            // is no network blip: every mail fails alike until it is fixed.
            return SenderRefusal.Of($"Graph: Entra ID refused OnDuty's credential ({FirstLine(refusal)}): {SendMailAdvice(401)}");
        }
        catch (Exception ex) when (GraphErrors.IsTransient(ex, cancellationToken))
        {
            return new SendResult.Transient($"Graph sendMail: {GraphErrors.Describe(ex)}", GraphErrors.RetryAfter(ex, time));
        }
        catch (Exception ex) when (GraphErrors.Status(ex) is 401 or 403 or 404)
        {
            // The token, the app's permission or the mailbox — OnDuty's configuration, not the recipient: every mail fails alike
            // until it is fixed, so it is retried as a sender refusal and the pages waiting go out once it is fixed.
            return SenderRefusal.Of($"Graph refused sendMail from {_mailbox} ({GraphErrors.Describe(ex)}): {SendMailAdvice(GraphErrors.Status(ex))}");
        }
        catch (Exception ex) when (GraphErrors.Unwrap(ex) is Microsoft.Kiota.Abstractions.ApiException)
        {
            // 400 (a bad address, a message Graph will not take): resending will not help.
            return new SendResult.Permanent($"Graph refused sendMail from {_mailbox}: {GraphErrors.Describe(ex)}");
        }
    }

    /// <summary>What to check for a sendMail refused with <paramref name="status"/> (401, 403 or 404).</summary>
    private static string SendMailAdvice(int status) => status switch
    {
        401 => "check Graph__TenantId, Graph__ClientId and the app's secret, certificate or managed identity.",
        403 => "check that the app has the Mail.Send application permission (admin consent given) and that an application access policy, if any, includes Email__Graph__Mailbox.",
        _ => "check Email__Graph__Mailbox (no such mailbox in the tenant, or it has no Exchange Online mailbox).",
    };

    /// <summary>An Entra ID error's first line (the rest is trace and correlation ids, a timestamp).</summary>
    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r', ' ');

    internal static SendMailPostRequestBody Build(EmailMessage message, string messageId, string mailbox) => new()
    {
        Message = new Message
        {
            Subject = message.Subject,
            Body = message.HtmlBody is { } html
                ? new ItemBody { ContentType = BodyType.Html, Content = html }
                : new ItemBody { ContentType = BodyType.Text, Content = message.TextBody },
            // A blind-copied batch is addressed to the shared mailbox itself: readers see only that.
            ToRecipients =
            [
                new Recipient { EmailAddress = message.Bcc.Count > 0 ? new GraphEmailAddress { Address = mailbox } : new GraphEmailAddress { Address = message.To, Name = message.ToName } },
            ],
            BccRecipients = message.Bcc.Count > 0 ? [.. message.Bcc.Select(address => new Recipient { EmailAddress = new GraphEmailAddress { Address = address } })] : null,
            InternetMessageHeaders =
            [
                new InternetMessageHeader { Name = "X-OnDuty-Message", Value = messageId.Length <= 200 ? messageId : messageId[..200] },
            ],
        },
        SaveToSentItems = false,
    };
}
