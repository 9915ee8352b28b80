namespace OnDuty.Infrastructure.Email;

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it (MailKit's Auto).</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}
