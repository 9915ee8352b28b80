namespace OnDuty.Infrastructure.Email;

/// <summary>Mail through Microsoft Graph (<c>Email__Provider=Graph</c>); Graph access itself is configured under <c>Graph__…</c>.</summary>
public sealed class GraphMailSettings
{
    /// <summary>The shared mailbox mail is sent from (<c>POST /users/{mailbox}/sendMail</c>).</summary>
    public string? Mailbox { get; set; }
}
