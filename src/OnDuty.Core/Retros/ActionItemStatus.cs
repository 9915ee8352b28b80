namespace OnDuty.Core.Retros;

public enum ActionItemStatus
{
    Open,
    Done,
}
