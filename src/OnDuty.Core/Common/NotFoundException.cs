namespace OnDuty.Core.Common;

/// <summary>A named thing does not exist; maps to 404.</summary>
public sealed class NotFoundException(string what, string id)
    // An id as long as a request line would fill the problem answer (and the log) with itself: it is shortened there.
    : Exception($"{what} '{(id.Length <= 100 ? id : id[..60] + "…")}' was not found.")
{
    public string What { get; } = what;
    public string Id { get; } = id;
}
