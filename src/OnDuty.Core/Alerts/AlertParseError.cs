namespace OnDuty.Core.Alerts;

/// <summary>One problem with a webhook body, located by a JSONPath such as <c>$.alerts[0].status</c>.</summary>
public sealed record AlertParseError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
