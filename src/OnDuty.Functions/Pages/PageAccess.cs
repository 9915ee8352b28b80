using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Pages;

/// <summary>
/// Who is using a PM page. In Azure, App Service Authentication (Entra ID) runs in front of the whole app with anonymous
/// requests allowed (function-key routes keep working); the pages read the signed-in person from
/// <c>X-MS-CLIENT-PRINCIPAL</c> and send a browser without one to <c>/.auth/login/aad</c>. Locally
/// <c>Pages__AllowAnonymous</c> lets anyone in. With <c>Pages__RequireRosterMember</c>, only roster members may use the
/// forms that act (<see cref="WithRosterAsync"/>). The read-only pages know which member the visitor is from the roster this
/// instance keeps (<see cref="RecognizeAsync"/>, <paramref name="members"/>), for the language they are written in.
/// </summary>
public sealed class PageAccess(IOptions<PagesOptions> options, IRosterRepository roster, IOptions<IncidentOptions> incidentOptions, ScheduleInputCache? members = null)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string LoginPath = "/.auth/login/aad";

    private static readonly string[] EmailClaims =
    [
        "preferred_username",
        "email",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
        "upn",
    ];

    /// <summary>The Entra object id (<c>oid</c>), as Easy Auth may name it: immutable, and what a member's UPN may hold.</summary>
    private static readonly string[] ObjectIdClaims =
    [
        "http://schemas.microsoft.com/identity/claims/objectidentifier",
        "oid",
    ];

    /// <summary>The visitor, or null when they must sign in first.</summary>
    public PageVisitor? Visitor(HttpRequest request)
    {
        if (options.Value.EasyAuthEnabled && Principal(request) is { } person)
        {
            return person;
        }

        return options.Value.AllowAnonymous ? PageVisitor.Anonymous : null;
    }

    /// <summary>
    /// The visitor as the forms that act see them: the active roster member they are (<see cref="PageVisitor.Member"/>, matched once
    /// here by <see cref="PageVisitor.FindIn{T}"/>: the <c>oid</c> claim for a member whose UPN holds an object id, else any of the
    /// sign-in's addresses against the roster address or UPN). With <c>Pages__RequireRosterMember</c> on, a signed-in person who is
    /// no active member may not act (<see cref="PageVisitor.MayAct"/>), and is told to ask the leads (by roster name, else address);
    /// a roster that cannot be read is an error then (a post answers 503). With it off, they act as themselves, and an unreadable
    /// roster leaves them known by name only. The roster is read each time (one partition): members change, and a request asks once.
    /// Anonymous local use has no address to match and is left as it is.
    /// </summary>
    public async Task<PageVisitor> WithRosterAsync(PageVisitor visitor, CancellationToken cancellationToken)
    {
        if (!visitor.SignedIn)
        {
            return visitor;
        }

        List<Member> members;
        try
        {
            members = (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value).ToList();
        }
        catch (DependencyUnavailableException) when (!options.Value.RequireRosterMember)
        {
            // Anyone signed in may act: recorded by name, as before members were looked up.
            return visitor;
        }

        if (visitor.FindIn(members, m => m) is { } member)
        {
            return visitor with { Member = member };
        }

        if (!options.Value.RequireRosterMember)
        {
            return visitor;
        }

        var active = members.Where(m => m.Active).ToList();
        var leads = incidentOptions.Value.Leads
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => active.FirstOrDefault(m => m.HasAddress(l))?.DisplayName ?? l!.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return visitor.NotOnRoster(leads);
    }

    /// <summary>
    /// The signed-in visitor with the roster member they are (<see cref="PageVisitor.Member"/>), for the pages every signed-in
    /// person may use (declaring, their contact page): nobody is refused here. An unreadable roster throws.
    /// </summary>
    public async Task<PageVisitor> IdentifyAsync(PageVisitor visitor, CancellationToken cancellationToken) =>
        !visitor.SignedIn ? visitor : visitor with { Member = visitor.FindIn((await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value), m => m) };

    /// <summary>
    /// The signed-in visitor with the roster member they are (<see cref="PageVisitor.Member"/>), for a read-only page to be written
    /// in their language: from the members this instance keeps (<see cref="ScheduleInputCache.GetMembersAsync"/>), so a view
    /// costs no roster read; a roster change made here shows at once, one made on another instance within
    /// <see cref="ScheduleInputCache.MaxAge"/>. Never for whether they may act (<see cref="WithRosterAsync"/> reads the roster
    /// itself). An unreadable roster throws, as <see cref="IdentifyAsync"/> does; the page then goes on without the member.
    /// </summary>
    public async Task<PageVisitor> RecognizeAsync(PageVisitor visitor, CancellationToken cancellationToken) =>
        !visitor.SignedIn ? visitor : visitor with { Member = visitor.FindIn(await KeptMembersAsync(cancellationToken), m => m) };

    /// <summary>
    /// Every member (active or not) as this instance keeps them (<see cref="ScheduleInputCache.GetMembersAsync"/>): for what a
    /// read-only page shows and whom it is written for, never for who may act. An unreadable roster throws.
    /// </summary>
    public Task<IReadOnlyList<Member>> KeptMembersAsync(CancellationToken cancellationToken) =>
        members is null ? ListAsync(cancellationToken) : members.GetMembersAsync(ListAsync, cancellationToken);

    /// <summary>
    /// Everyone taken off the roster as this instance keeps them (<see cref="ScheduleInputCache.GetFormerMembersAsync"/>): for a page
    /// to name who did what by the name they had. An unreadable roster throws.
    /// </summary>
    public Task<IReadOnlyList<FormerMember>> KeptFormerMembersAsync(CancellationToken cancellationToken) =>
        members is null ? roster.ListFormerMembersAsync(cancellationToken) : members.GetFormerMembersAsync(roster.ListFormerMembersAsync, cancellationToken);

    private async Task<IReadOnlyList<Member>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value)];

    /// <summary>
    /// Sends the browser to sign in and come back to <paramref name="returnTo"/> (a local path); 303 so a POST becomes a GET.
    /// Without Easy Auth there is nowhere to sign in: 403 saying which setting is missing.
    /// </summary>
    public IActionResult SignIn(HttpRequest request, string returnTo)
    {
        if (!options.Value.EasyAuthEnabled)
        {
            return Http.HttpApi.Problem(request, StatusCodes.Status403Forbidden, "Sign-in is not configured",
                $"The PM pages need App Service Authentication ({PagesOptions.EasyAuthSetting}) or, locally, {PagesOptions.SectionName}__AllowAnonymous=true.");
        }

        request.HttpContext.Response.Headers.Location = $"{LoginPath}?post_login_redirect_uri={Uri.EscapeDataString(returnTo)}";
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    /// <summary>
    /// The person Easy Auth put in the request: base64 JSON <c>{"auth_typ","claims":[{"typ","val"}],"name_typ"}</c>. Name
    /// from the <c>name</c> claim, else the name-type claim; address from the usual mail/UPN claims. Garbled means not signed in.
    /// </summary>
    internal static PageVisitor? Principal(HttpRequest request)
    {
        var header = request.Headers[PrincipalHeader].ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            var claims = json.RootElement.GetProperty("claims").EnumerateArray()
                .Where(c => c.TryGetProperty("typ", out var t) && t.ValueKind == JsonValueKind.String && c.TryGetProperty("val", out var v) && v.ValueKind == JsonValueKind.String)
                .Select(c => (Type: c.GetProperty("typ").GetString()!, Value: c.GetProperty("val").GetString()!))
                .Where(c => !string.IsNullOrWhiteSpace(c.Value))
                .ToList();
            var nameType = json.RootElement.TryGetProperty("name_typ", out var nt) && nt.ValueKind == JsonValueKind.String ? nt.GetString() : null;
            string? Claim(string type) => claims.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase)).Value;

            var addresses = EmailClaims.Select(Claim).OfType<string>().Select(Trim).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var email = addresses.FirstOrDefault();
            var name = Claim("name") ?? (nameType is null ? null : Claim(nameType)) ?? email;
            var objectId = ObjectIdClaims.Select(Claim).OfType<string>().Select(v => Guid.TryParse(v.Trim(), out var id) ? id.ToString() : null).FirstOrDefault(v => v is not null);
            return name is null ? null : new PageVisitor(Trim(name), email) { Addresses = addresses, ObjectId = objectId };
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Trim(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length <= 100 ? trimmed : trimmed[..100];
    }
}
