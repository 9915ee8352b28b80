using OnDuty.Core.Common;

namespace OnDuty.Core.Alerts;

/// <summary>One problem with a webhook body, located by a JSONPath such as <c>$.alerts[0].status</c>.</summary>
public sealed record AlertParseError(string Path, string Message)
{
    /// <summary>
    /// A problem with the body as a whole — not JSON, none, null, not an object — as the other JSON routes code it
    /// (<c>jsonMalformed</c>, <c>bodyMissing</c>, <c>bodyNull</c>, <c>jsonBodyObject</c>): what scripts read, and what the
    /// answer and the delivery list say in the reader's language; null for a field's problem (said as <see cref="Message"/>).
    /// </summary>
    public Refusal? Refusal { get; init; }

    public override string ToString() => $"{Path}: {Message}";
}
