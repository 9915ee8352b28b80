namespace OnDuty.Core.Messages;

/// <summary>
/// Who is looking at a PM page: the signed-in person (App Service Authentication), or nobody known, when local
/// anonymous use is allowed and each form asks for a name instead.
/// </summary>
public sealed record PageVisitor(string? Name, string? Email)
{
    public static PageVisitor Anonymous { get; } = new(null, null);

    public bool SignedIn => Name is not null;

    /// <summary>Every mail address and UPN the sign-in carries (<see cref="Email"/> first): a member is found by any of them.</summary>
    public IReadOnlyList<string> Addresses
    {
        get => addresses ?? (Email is null ? [] : [Email]);
        init => addresses = value;
    }

    private readonly IReadOnlyList<string>? addresses;

    /// <summary>
    /// False for a signed-in person who is not on the roster while <c>Pages__RequireRosterMember</c> is on: the pages show them
    /// what they show everyone, without the forms that act, and say whom to ask (<see cref="AskToJoin"/>).
    /// </summary>
    public bool MayAct { get; init; } = true;

    /// <summary>Whom a visitor who may not act asks to be added to the roster: the leads, by roster name, else by address.</summary>
    public IReadOnlyList<string> AskToJoin { get; init; } = [];

    /// <summary>This person as one who may not act, told to ask <paramref name="askToJoin"/>.</summary>
    public PageVisitor NotOnRoster(IReadOnlyList<string> askToJoin) => this with { MayAct = false, AskToJoin = askToJoin };
}
