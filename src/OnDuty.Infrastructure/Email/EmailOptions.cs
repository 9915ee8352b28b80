using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Team;

namespace OnDuty.Infrastructure.Email;

/// <summary>Email settings (section <c>Email</c>; environment variables <c>Email__…</c>).</summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string SectionName = "Email";

    public EmailProvider? Provider { get; set; }

    /// <summary>Sender address.</summary>
    public string? From { get; set; }

    public string FromName { get; set; } = "OnDuty";

    public SmtpSettings Smtp { get; set; } = new();

    public AcsSettings Acs { get; set; } = new();

    public GraphMailSettings Graph { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider is null)
        {
            yield return new ValidationResult("Email__Provider is required: Smtp, Acs or Graph.", [nameof(Provider)]);
        }
        else if (!Enum.IsDefined(Provider.Value))
        {
            yield return new ValidationResult($"Email__Provider '{Provider}' is not known; use Smtp, Acs or Graph.", [nameof(Provider)]);
        }

        // Graph sends from Email__Graph__Mailbox; the other providers need a sender address.
        if (Provider != EmailProvider.Graph || !string.IsNullOrEmpty(From))
        {
            if (!EmailAddress.IsValid(From))
            {
                yield return new ValidationResult("Email__From must be the sender's email address.", [nameof(From)]);
            }
        }

        if (Provider == EmailProvider.Graph && !EmailAddress.IsValid(Graph.Mailbox) && !Guid.TryParse(Graph.Mailbox, out _))
        {
            yield return new ValidationResult(
                "Email__Graph__Mailbox is required when Email__Provider is Graph: the shared mailbox's address (or user id) mail is sent from.",
                ["Graph.Mailbox"]);
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

            // infra/main.bicep refuses smtpSecurity None with a user name in the same words, before anything is deployed.
            if (Smtp.Security == SmtpSecurity.None && !string.IsNullOrEmpty(Smtp.Password))
            {
                yield return new ValidationResult(
                    "Email__Smtp__Security is None with a user name and password: the password would cross the network in clear. Use StartTls (port 587) or SslOnConnect (port 465).",
                    ["Smtp.Security"]);
            }
        }

        if (Provider == EmailProvider.Acs)
        {
            foreach (var result in Acs.Validate())
            {
                yield return result;
            }
        }
    }
}
