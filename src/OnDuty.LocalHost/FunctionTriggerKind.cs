namespace OnDuty.LocalHost;

public enum FunctionTriggerKind
{
    Http,
    Timer,
    Queue,
}
