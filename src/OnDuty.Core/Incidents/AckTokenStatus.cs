namespace OnDuty.Core.Incidents;

public enum AckTokenStatus
{
    Valid,
    Invalid,
    Expired,
}
