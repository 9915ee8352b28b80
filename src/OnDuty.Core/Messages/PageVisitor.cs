using OnDuty.Core.Team;

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

    /// <summary>The sign-in's Entra object id (the <c>oid</c> claim), when it carries one.</summary>
    public string? ObjectId { get; init; }

    /// <summary>
    /// The active roster member this sign-in is (<see cref="Team.Member.IsSignedInAs"/>), found once for the request by the pages
    /// that act or need to know (<c>PageAccess</c>); null for anyone else, anonymous use, or when the roster could not be read.
    /// What the pages record them by (their member id), what they acknowledge as, and whose contact page they see.
    /// </summary>
    public Member? Member { get; init; }

    /// <summary>
    /// The active member among <paramref name="members"/> this sign-in is: by object id first (<see cref="Team.Member.ObjectId"/>),
    /// else by the sign-in's addresses in the order it carries them; null when none is.
    /// </summary>
    public T? FindIn<T>(IEnumerable<T> members, Func<T, Member> member) where T : class
    {
        if (!SignedIn)
        {
            return null;
        }

        var active = members.Where(m => member(m).Active).ToList();
        var byObjectId = ObjectId is null ? null : active.FirstOrDefault(m => member(m).ObjectId is not null && member(m).IsSignedInAs([], ObjectId));
        return byObjectId ?? Addresses.Select(a => active.FirstOrDefault(m => member(m).IsSignedInAs([a], ObjectId))).FirstOrDefault(m => m is not null);
    }

    /// <summary>
    /// True when one of the sign-in's <see cref="Addresses"/> is among <paramref name="addresses"/> (addresses set, not a member's:
    /// the leads, <c>Incidents__ConfidentialReaders</c>), by the roster's one rule for addresses (<see cref="Team.Member.SameAddress"/>).
    /// </summary>
    public bool HasAnyAddress(IEnumerable<string> addresses) =>
        SignedIn && addresses.Any(known => Addresses.Any(mine => Team.Member.SameAddress(known, mine)));

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
