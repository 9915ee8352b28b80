using OnDuty.Core.Common;

namespace OnDuty.Functions.Http;

/// <summary>A request body that could not be accepted; carries the HTTP status and the reason.</summary>
public sealed class BadRequestBodyException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    /// <summary>The reason as a code and its arguments: what scripts read, and said in the caller's language (<c>Accept-Language: ja</c>).</summary>
    public Refusal? Refusal { get; init; }
}
