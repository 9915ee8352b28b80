using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Team;

namespace OnDuty.Infrastructure.Email;

public enum EmailProvider
{
    Smtp,
    Acs,
    Graph,
}

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it (MailKit's Auto).</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>Email settings (section <c>Email</c>; environment variables <c>Email__…</c>).</summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string SectionName = "Email";

    public EmailProvider? Provider { get; set; }

    /// <summary>Sender address.</summary>
    public string? From { get; set; }

    public string FromName { get; set; } = "OnDuty";

    public SmtpSettings Smtp { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider is null)
        {
            yield return new ValidationResult("Email__Provider is required: Smtp (Acs and Graph come with the channels issue).", [nameof(Provider)]);
        }
        else if (Provider != EmailProvider.Smtp)
        {
            yield return new ValidationResult($"Email__Provider '{Provider}' is not available in this build; use Smtp.", [nameof(Provider)]);
        }

        if (!EmailAddress.IsValid(From))
        {
            yield return new ValidationResult("Email__From must be the sender's email address.", [nameof(From)]);
        }

        if (Provider == EmailProvider.Smtp)
        {
            if (string.IsNullOrWhiteSpace(Smtp.Host))
            {
                yield return new ValidationResult("Email__Smtp__Host is required when Email__Provider is Smtp.", ["Smtp.Host"]);
            }

            if (Smtp.Port is < 1 or > 65535)
            {
                yield return new ValidationResult("Email__Smtp__Port must be a port number (1-65535).", ["Smtp.Port"]);
            }

            if (string.IsNullOrEmpty(Smtp.UserName) != string.IsNullOrEmpty(Smtp.Password))
            {
                yield return new ValidationResult("Email__Smtp__UserName and Email__Smtp__Password go together.", ["Smtp.UserName"]);
            }
        }
    }
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
