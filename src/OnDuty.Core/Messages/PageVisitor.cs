namespace OnDuty.Core.Messages;

/// <summary>
/// Who is looking at a PM page: the signed-in person (App Service Authentication), or nobody known, when local
/// anonymous use is allowed and each form asks for a name instead.
/// </summary>
public sealed record PageVisitor(string? Name, string? Email)
{
    public static PageVisitor Anonymous { get; } = new(null, null);

    public bool SignedIn => Name is not null;
}
