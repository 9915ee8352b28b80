namespace OnDuty.Infrastructure.Email;

public enum EmailProvider
{
    Smtp,
    Acs,
    Graph,
}
