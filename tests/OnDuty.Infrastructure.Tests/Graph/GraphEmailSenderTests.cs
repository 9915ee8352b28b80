using System.Diagnostics;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Email;
using OnDuty.Infrastructure.Graph;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Graph;

public sealed class GraphEmailSenderTests : IAsyncLifetime
{
    private const string Mailbox = "onduty@contoso.example";
    private static readonly EmailMessage Message = new(
        "sato@contoso.example",
        "佐藤 花子",
        "【障害当番】2026-W49 佐藤さん",
        "佐藤さん、今週の当番です。",
        "<p>佐藤さん、今週の<b>当番</b>です。 &lt;script&gt;</p>");

    private LoopbackGraphServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackGraphServer.StartAsync();
        _services = GraphTestServices.Build(_server);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_Accepted_PostsSendMailFromTheSharedMailbox()
    {
        var result = await CreateSut().SendAsync(Message, "duty:incident-duty:2026-W49:email:sato@contoso.example", CancellationToken.None);

        Assert.True(result is SendResult.Delivered, result.ToString());
        var mail = Assert.Single(_server.Mail);
        Assert.Equal(Mailbox, mail.Mailbox);
        Assert.Equal(Message.Subject, mail.Subject);
        Assert.Equal("html", mail.ContentType, ignoreCase: true);
        Assert.Equal(Message.HtmlBody, mail.Content);
        Assert.Equal(["sato@contoso.example"], mail.To);
        Assert.False(mail.SaveToSentItems);
        Assert.Equal("duty:incident-duty:2026-W49:email:sato@contoso.example", mail.Headers["X-OnDuty-Message"]);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", $"/v1.0/users/{Mailbox}/sendMail", 202), (request.Method, Uri.UnescapeDataString(request.Target), request.Status));
    }

    [Fact]
    public async Task SendAsync_BlindCopiedBatch_AddressedToTheMailboxWithEveryReaderInBcc()
    {
        var readers = new[] { "a@contoso.example", "b@contoso.example", "c@contoso.example" };

        var result = await CreateSut().SendAsync(Message with { To = "", ToName = null, Bcc = readers }, "incident:INC-2026-0001:notice:1:email:ja:0", CancellationToken.None);

        Assert.True(result is SendResult.Delivered, result.ToString());
        var mail = Assert.Single(_server.Mail);
        Assert.Equal([Mailbox], mail.To);
        Assert.Equal(readers, mail.Bcc);
    }

    [Fact]
    public async Task SendAsync_TextOnly_SendsATextBody()
    {
        var result = await CreateSut().SendAsync(Message with { HtmlBody = null }, "m1", CancellationToken.None);

        Assert.True(result is SendResult.Delivered, result + " " + _server.Requests[0].Body);
        var mail = Assert.Single(_server.Mail);
        Assert.Equal("text", mail.ContentType, ignoreCase: true);
        Assert.Equal(Message.TextBody, mail.Content);
    }

    [Fact]
    public async Task SendAsync_ThrottledOnce_GraphRetryHandlerWaitsRetryAfterAndDelivers()
    {
        _server.Throttle(1, retryAfterSeconds: 1);
        var watch = Stopwatch.StartNew();

        var result = await CreateSut().SendAsync(Message, "m1", CancellationToken.None);

        Assert.True(result is SendResult.Delivered, result.ToString());
        Assert.Equal([429, 202], _server.Requests.Select(r => r.Status));
        Assert.Single(_server.Mail);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {watch.Elapsed}, before Retry-After");
    }

    [Fact]
    public async Task SendAsync_ThrottledPastTheRetryHandler_TransientWithRetryAfter()
    {
        _server.Throttle(10, retryAfterSeconds: 1);

        var result = await CreateSut().SendAsync(Message, "m1", CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Equal(TimeSpan.FromSeconds(1), transient.RetryAfter);
        Assert.Contains("429", transient.Error);
        Assert.Equal(4, _server.Requests.Count); // the first try and the handler's 3 retries
        Assert.Empty(_server.Mail);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(504)]
    public async Task SendAsync_AnswerLostAfterTheMailWentOut_NotRetriedBySdkAndTransient(int status)
    {
        _server.AcceptNextMailThenAnswer(status);

        var result = await CreateSut().SendAsync(Message, "m1", CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), transient.Error);
        Assert.Single(_server.Mail);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task SendAsync_WrongToken_RetriedAsASenderRefusalNamingTheSettings()
    {
        await using var services = GraphTestServices.Build(_server, token: "someone-elses-token");
        var sut = CreateSut(services);

        var result = await sut.SendAsync(Message, "m1", CancellationToken.None);

        // OnDuty's token, not the recipient: every email would fail alike, so it is retried (the pages go out once it is fixed).
        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Equal(
            SenderRefusal.Prefix + $"Graph refused sendMail from {Mailbox} (401 InvalidAuthenticationToken: Access token is empty or invalid.): "
            + "check Graph__TenantId, Graph__ClientId and the app's secret, certificate or managed identity.",
            refused.Error);
        Assert.Empty(_server.Mail);
    }

    /// <summary>
    /// Entra ID refusing the app's client secret (expired) is no network blip: retried as a sender refusal (named on health, logged
    /// once) with the first line of what Entra ID said and what to check, nothing sent.
    /// </summary>
    [Fact]
    public async Task SendAsync_CredentialRefusedByEntraId_RetriedAsASenderRefusalWithItsFirstLine()
    {
        var expired = new AuthenticationFailedException(
            "ClientSecretCredential authentication failed: AADSTS7000222: The provided client secret keys for app '66666666-7777-8888-9999-000000000000' are expired.\r\nTrace ID: 0a1b\r\nCorrelation ID: 2c3d\r\nTimestamp: 2026-12-05 09:00:00Z");
        await using var services = GraphTestServices.Build(_server, credential: new RefusingCredential(expired));

        var result = await CreateSut(services).SendAsync(Message, "m1", CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Equal(
            SenderRefusal.Prefix + "Graph: Entra ID refused OnDuty's credential (ClientSecretCredential authentication failed: AADSTS7000222: The provided client "
            + "secret keys for app '66666666-7777-8888-9999-000000000000' are expired.): check Graph__TenantId, Graph__ClientId and the app's secret, certificate or managed identity.",
            refused.Error);
        Assert.Empty(_server.Requests);
    }

    /// <summary>
    /// The app's permission or the mailbox refused (Mail.Send not granted, an application access policy without the mailbox, a
    /// mailbox that does not exist): retried as a sender refusal naming what to check; a 400 (this message) stays permanent.
    /// </summary>
    [Theory]
    [InlineData(403, "ErrorAccessDenied", "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.",
        "check that the app has the Mail.Send application permission (admin consent given) and that an application access policy, if any, includes Email__Graph__Mailbox.")]
    [InlineData(404, "ErrorInvalidUser", "The requested user '{mailbox}' is invalid.",
        "check Email__Graph__Mailbox (no such mailbox in the tenant, or it has no Exchange Online mailbox).")]
    [InlineData(400, "ErrorInvalidRecipients", "At least one recipient is not valid.", null)]
    public async Task SendAsync_PermissionOrMailboxRefused_RetriedAsASenderRefusal_ABadRequestStaysPermanent(int status, string code, string message, string? advice)
    {
        _server.RefuseSendMail(status, code, message);

        var result = await CreateSut().SendAsync(Message, "m1", CancellationToken.None);

        var said = $"{status} {code}: {message.Replace("{mailbox}", Mailbox, StringComparison.Ordinal)}";
        if (advice is null)
        {
            Assert.Equal($"Graph refused sendMail from {Mailbox}: {said}", Assert.IsType<SendResult.Permanent>(result).Error);
        }
        else
        {
            var refused = Assert.IsType<SendResult.Transient>(result);
            Assert.True(refused.SenderRefused);
            Assert.Equal(SenderRefusal.Prefix + $"Graph refused sendMail from {Mailbox} ({said}): {advice}", refused.Error);
        }

        Assert.Empty(_server.Mail);
    }

    [Fact]
    public async Task SendAsync_GraphUnreachable_Transient()
    {
        var baseUrl = _server.BaseUrl;
        await _server.DisposeAsync();
        _server = await LoopbackGraphServer.StartAsync();
        await using var services = GraphTestServices.Build(_server, settings: new Dictionary<string, string?> { ["Graph:BaseUrl"] = baseUrl });

        var result = await CreateSut(services).SendAsync(Message, "m1", CancellationToken.None);

        Assert.IsType<SendResult.Transient>(result);
    }

    private GraphEmailSender CreateSut(IServiceProvider? services = null) => new(
        (services ?? _services).GetRequiredService<GraphClientProvider>(),
        Options.Create(new EmailOptions { Provider = EmailProvider.Graph, Graph = new GraphMailSettings { Mailbox = Mailbox } }),
        TimeProvider.System,
        NullLogger<GraphEmailSender>.Instance);

    /// <summary>A credential Entra ID refuses: every token request throws what it said.</summary>
    private sealed class RefusingCredential(AuthenticationFailedException refusal) : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) => throw refusal;

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) => throw refusal;
    }
}
