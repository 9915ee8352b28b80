namespace OnDuty.Core.Team;

public enum Area
{
    Client,
    Server,
}
