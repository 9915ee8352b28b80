namespace OnDuty.Functions.Http;

/// <summary>A request body that could not be accepted; carries the HTTP status and the reason.</summary>
public sealed class BadRequestBodyException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;
}
