using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Email;

namespace OnDuty.Infrastructure.Tests.Email;

public sealed class SmtpEmailSenderTests
{
    [Fact]
    public async Task SendAsync_ServerDropsTheConnectionAtQuitAfterAcceptingTheMessage_IsDelivered()
    {
        // The message was accepted (250 after DATA): a failed QUIT must not make the outbox send it again.
        await using var server = await LoopbackSmtpServer.StartAsync(dropAtQuit: true);
        var sender = Sender(server.Port);

        var result = await sender.SendAsync(new EmailMessage("a@example.com", "A", "Subject", "Body", null), "m1", CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        Assert.Equal(1, server.MessagesAccepted);
    }

    [Fact]
    public async Task SendAsync_ServerRefusesTheRecipient_IsPermanent()
    {
        await using var server = await LoopbackSmtpServer.StartAsync(dropAtQuit: false, refuseRecipient: true);
        var sender = Sender(server.Port);

        var result = await sender.SendAsync(new EmailMessage("nobody@example.com", null, "Subject", "Body", null), "m1", CancellationToken.None);

        Assert.IsType<SendResult.Permanent>(result);
        Assert.Equal(0, server.MessagesAccepted);
    }

    /// <summary>
    /// Trial 32a M3: a server that refuses the sender or the relay refuses every page alike — a configuration fault, not the
    /// recipient's: retried (marked <see cref="SendResult.Transient.SenderRefused"/>), while a refusal of the mailbox stays permanent.
    /// </summary>
    [Theory]
    [InlineData("550 5.7.1 relay denied for this sender", null, true)]
    [InlineData("554 Relay access denied", null, true)]
    [InlineData("250 OK", "553 5.7.1 Sender address rejected: not owned by user", true)]
    [InlineData("250 OK", "550 Sender not allowed", true)]
    [InlineData("550 5.1.1 No such user", null, false)]
    [InlineData("552 5.2.2 Mailbox full", null, false)]
    public async Task SendAsync_ServerRefusesTheSenderOrRelay_IsRetriedAsAConfigurationFault_TheMailboxStaysPermanent(string rcptReply, string? mailReply, bool senderRefused)
    {
        await using var server = await LoopbackSmtpServer.StartAsync(dropAtQuit: false, rcptReply: rcptReply, mailReply: mailReply);
        var sender = Sender(server.Port);

        var result = await sender.SendAsync(new EmailMessage("ito@example.com", null, "Subject", "Body", null), "m1", CancellationToken.None);

        Assert.Equal(0, server.MessagesAccepted);
        if (senderRefused)
        {
            var retried = Assert.IsType<SendResult.Transient>(result);
            Assert.True(retried.SenderRefused);
            Assert.StartsWith(SenderRefusal.Prefix + "SMTP 5", retried.Error, StringComparison.Ordinal);
            Assert.Contains((mailReply ?? rcptReply)[4..], retried.Error, StringComparison.Ordinal);
        }
        else
        {
            Assert.StartsWith("SMTP 55", Assert.IsType<SendResult.Permanent>(result).Error, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A relay that refuses OnDuty's login refuses every page alike: retried as a sender refusal (named on health, logged once),
    /// naming the settings to fix, not the password.
    /// </summary>
    [Fact]
    public async Task SendAsync_LoginRefused_RetriedAsASenderRefusalNamingTheSettings()
    {
        await using var server = await LoopbackSmtpServer.StartAsync(dropAtQuit: false);
        var sender = new SmtpEmailSender(Options.Create(new EmailOptions
        {
            Provider = EmailProvider.Smtp,
            From = "onduty@example.com",
            Smtp = new SmtpSettings { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, UserName = "onduty", Password = "old-password", Timeout = TimeSpan.FromSeconds(60) },
        }));

        var result = await sender.SendAsync(new EmailMessage("ito@example.com", null, "Subject", "Body", null), "m1", CancellationToken.None);

        Assert.Equal(0, server.MessagesAccepted);
        var retried = Assert.IsType<SendResult.Transient>(result);
        Assert.True(retried.SenderRefused);
        Assert.StartsWith(SenderRefusal.Prefix + "SMTP authentication failed: ", retried.Error, StringComparison.Ordinal);
        Assert.EndsWith(": check Email__Smtp__UserName and Email__Smtp__Password.", retried.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("old-password", retried.Error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(5), retried.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_BlindCopiedBatch_EveryReaderInTheEnvelopeNoneInTheHeaders()
    {
        await using var server = await LoopbackSmtpServer.StartAsync(dropAtQuit: false);
        var sender = Sender(server.Port);
        var readers = new[] { "a@example.com", "b@example.com", "c@example.com" };

        var result = await sender.SendAsync(new EmailMessage("", null, "Subject", "Body", null) { Bcc = readers }, "m1", CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        Assert.Equal(["onduty@example.com", .. readers], server.Recipients);
        Assert.Contains(server.Data, l => l.StartsWith("To:", StringComparison.OrdinalIgnoreCase) && l.Contains("onduty@example.com", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Data, l => l.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(server.Data, l => readers.Any(r => l.Contains(r, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SendAsync_MailsOfOneSeries_EachRepliesToTheSameMessage_AMailOfItsOwnToNone()
    {
        await using var server = await LoopbackSmtpServer.StartAsync(dropAtQuit: false);
        var sender = Sender(server.Port);
        var root = $"<{SmtpEmailSender.StableMessageId("incident:INC-2027-0007:notices", "onduty@example.com")}>";

        var first = new EmailMessage("ito@example.com", null, "【障害・調査中】INC-2027-0007 決済画面が開かない", "第1報", null) { Thread = "incident:INC-2027-0007:notices" };
        Assert.IsType<SendResult.Delivered>(await sender.SendAsync(first, "incident:INC-2027-0007:notice:1:email:ja:0", CancellationToken.None));
        var firstHeaders = Headers(server.Data);
        server.Data.Clear();
        var recovered = first with { Subject = "【復旧済み】INC-2027-0007 決済画面が開かない（第5報）", TextBody = "第5報" };
        Assert.IsType<SendResult.Delivered>(await sender.SendAsync(recovered, "incident:INC-2027-0007:notice:5:email:ja:0", CancellationToken.None));
        var recoveredHeaders = Headers(server.Data);
        server.Data.Clear();
        Assert.IsType<SendResult.Delivered>(await sender.SendAsync(new EmailMessage("ito@example.com", null, "s", "t", null), "duty:incident-duty:2026-W49:email:ito@example.com", CancellationToken.None));
        var ownHeaders = Headers(server.Data);

        Assert.Equal(root, firstHeaders["In-Reply-To"]);
        Assert.Equal(root, firstHeaders["References"]);
        Assert.Equal(root, recoveredHeaders["In-Reply-To"]);
        Assert.Equal(root, recoveredHeaders["References"]);
        Assert.NotEqual(firstHeaders["Message-Id"], recoveredHeaders["Message-Id"]);
        Assert.NotEqual(root, firstHeaders["Message-Id"]);
        Assert.False(ownHeaders.ContainsKey("In-Reply-To"));
        Assert.False(ownHeaders.ContainsKey("References"));
    }

    /// <summary>The message's header fields as transmitted, by name (folded lines joined).</summary>
    private static Dictionary<string, string> Headers(List<string> data)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in data.TakeWhile(l => l.Length > 0))
        {
            if (line[0] is ' ' or '\t' && last is not null)
            {
                headers[last] += " " + line.Trim();
            }
            else if (line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                last = line[..colon];
                headers[last] = line[(colon + 1)..].Trim();
            }
        }

        return headers;
    }

    private static SmtpEmailSender Sender(int port) => new(Options.Create(new EmailOptions
    {
        Provider = EmailProvider.Smtp,
        From = "onduty@example.com",
        Smtp = new SmtpSettings { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(60) },
    }));

    /// <summary>
    /// A minimal SMTP server on loopback: accepts messages, optionally hangs up instead of answering QUIT.
    /// It serves on threads of its own with blocking I/O, so a thread pool busy with the rest of a full run cannot hold its
    /// greeting back past the client's timeout (a 10-second timeout once turned a 550 into a timeout that way). Every
    /// connection is served on its own thread: other tests of a full run pick "free" ports and probe them (Azurite's start
    /// waits for its port to listen; "closed port" tests connect to a port they released), so a probe can reach this
    /// listener first. Serving only the first connection once left the sender's own connection without a greeting until
    /// its 60-second timeout (the 553 row failed that way in a clean clone on 2026-12-03).
    /// </summary>
    private sealed class LoopbackSmtpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Thread _serving;
        private int _accepted;

        private LoopbackSmtpServer(TcpListener listener, bool dropAtQuit, string rcptReply, string mailReply)
        {
            _listener = listener;
            _serving = new Thread(() => Accept(dropAtQuit, rcptReply, mailReply)) { IsBackground = true, Name = "loopback SMTP" };
            _serving.Start();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int MessagesAccepted => Volatile.Read(ref _accepted);

        /// <summary>The envelope recipients (RCPT TO), in order.</summary>
        public List<string> Recipients { get; } = [];

        /// <summary>The lines of the message as transmitted (DATA).</summary>
        public List<string> Data { get; } = [];

        /// <param name="rcptReply">The answer to each RCPT TO (a refusal: <c>550 5.1.1 No such user</c>, <c>550 5.7.1 relay denied</c>).</param>
        /// <param name="mailReply">The answer to MAIL FROM.</param>
        public static Task<LoopbackSmtpServer> StartAsync(bool dropAtQuit, bool refuseRecipient = false, string? rcptReply = null, string? mailReply = null)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return Task.FromResult(new LoopbackSmtpServer(listener, dropAtQuit, rcptReply ?? (refuseRecipient ? "550 5.1.1 No such user" : "250 OK"), mailReply ?? "250 OK"));
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await Task.Run(() => _serving.Join(TimeSpan.FromSeconds(5)));
        }

        private void Accept(bool dropAtQuit, string rcptReply, string mailReply)
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = _listener.AcceptTcpClient();
                }
                catch (SocketException)
                {
                    return; // stopped
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                new Thread(() => Serve(client, dropAtQuit, rcptReply, mailReply)) { IsBackground = true, Name = "loopback SMTP session" }.Start();
            }
        }

        private void Serve(TcpClient client, bool dropAtQuit, string rcptReply, string mailReply)
        {
            try
            {
                Converse(client, dropAtQuit, rcptReply, mailReply);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // a probe that hung up, or the test ended
            }
            finally
            {
                client.Dispose();
            }
        }

        private void Converse(TcpClient client, bool dropAtQuit, string rcptReply, string mailReply)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            writer.WriteLine("220 loopback ESMTP");
            while (reader.ReadLine() is { } line)
            {
                var command = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (command)
                {
                    case "EHLO":
                        writer.WriteLine("250-loopback");
                        writer.WriteLine("250-AUTH PLAIN");
                        writer.WriteLine("250 8BITMIME");
                        break;
                    case "AUTH":
                        writer.WriteLine("535 5.7.8 Authentication credentials invalid");
                        break;
                    case "MAIL":
                        writer.WriteLine(mailReply);
                        break;
                    case "HELO" or "RSET" or "NOOP":
                        writer.WriteLine("250 OK");
                        break;
                    case "RCPT":
                        lock (Recipients)
                        {
                            Recipients.Add(line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.LastIndexOf('>')]);
                        }

                        writer.WriteLine(rcptReply);
                        break;
                    case "DATA":
                        writer.WriteLine("354 End with <CRLF>.<CRLF>");
                        while (reader.ReadLine() is { } data && data != ".")
                        {
                            lock (Data)
                            {
                                Data.Add(data);
                            }
                        }

                        Interlocked.Increment(ref _accepted);
                        writer.WriteLine("250 2.0.0 queued");
                        break;
                    case "QUIT" when dropAtQuit:
                        client.Client.Shutdown(SocketShutdown.Both);
                        return;
                    case "QUIT":
                        writer.WriteLine("221 bye");
                        return;
                    default:
                        writer.WriteLine("502 not implemented");
                        break;
                }
            }
        }
    }
}
