using OnDuty.Testing;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Functions.Pages;

namespace OnDuty.EndToEnd.Tests.Pages;

public sealed class PageAccessTests
{
    private static readonly string Principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(
        """{"auth_typ":"aad","claims":[{"typ":"name","val":"伊藤 さくら"},{"typ":"preferred_username","val":"ito@onduty.example"}],"name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress","role_typ":"roles"}"""));

    private static PageAccess CreateSut(bool easyAuth, bool allowAnonymous = false) =>
        new(Options.Create(new PagesOptions { EasyAuthEnabled = easyAuth, AllowAnonymous = allowAnonymous }), new NoRoster(), Options.Create(new OnDuty.Core.Incidents.IncidentOptions()));

    /// <summary>A roster of the given members (only listing is read).</summary>
    private sealed class ListedRoster(OnDuty.Core.Team.Member[] members) : OnDuty.Core.Team.IRosterRepository
    {
        private readonly NoRoster _rest = new();

        public Task<IReadOnlyList<OnDuty.Core.Common.Versioned<OnDuty.Core.Team.Member>>> ListMembersAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<OnDuty.Core.Common.Versioned<OnDuty.Core.Team.Member>>>([.. members.Select(m => new OnDuty.Core.Common.Versioned<OnDuty.Core.Team.Member>(m, "W/\"1\""))]);

        public Task<OnDuty.Core.Common.Versioned<OnDuty.Core.Team.Member>?> GetMemberAsync(string id, CancellationToken cancellationToken) => _rest.GetMemberAsync(id, cancellationToken);

        public Task<string> SaveMemberAsync(OnDuty.Core.Team.Member member, string? ifMatch, CancellationToken cancellationToken) => _rest.SaveMemberAsync(member, ifMatch, cancellationToken);

        public Task<IReadOnlyList<OnDuty.Core.Team.Leave>> ListLeaveAsync(CancellationToken cancellationToken) => _rest.ListLeaveAsync(cancellationToken);

        public Task<IReadOnlyList<OnDuty.Core.Team.Leave>> ListLeaveForMemberAsync(string memberId, CancellationToken cancellationToken) => _rest.ListLeaveForMemberAsync(memberId, cancellationToken);

        public Task AddLeaveAsync(OnDuty.Core.Team.Leave leave, CancellationToken cancellationToken) => _rest.AddLeaveAsync(leave, cancellationToken);

        public Task<int> DeleteMemberAsync(string id, CancellationToken cancellationToken) => _rest.DeleteMemberAsync(id, cancellationToken);

        public Task SaveFormerMemberAsync(OnDuty.Core.Team.FormerMember former, CancellationToken cancellationToken) => _rest.SaveFormerMemberAsync(former, cancellationToken);

        public Task<IReadOnlyList<OnDuty.Core.Team.FormerMember>> ListFormerMembersAsync(CancellationToken cancellationToken) => _rest.ListFormerMembersAsync(cancellationToken);

        public Task<bool> DeleteLeaveAsync(string memberId, string leaveId, CancellationToken cancellationToken) => _rest.DeleteLeaveAsync(memberId, leaveId, cancellationToken);
    }

    /// <summary>A roster whose table cannot be read, as storage fails.</summary>
    private sealed class UnreadableRoster : OnDuty.Core.Team.IRosterRepository
    {
        private readonly NoRoster _rest = new();

        public Task<IReadOnlyList<OnDuty.Core.Common.Versioned<OnDuty.Core.Team.Member>>> ListMembersAsync(CancellationToken cancellationToken) =>
            throw new OnDuty.Core.Common.DependencyUnavailableException("Table Storage", new IOException("down"));

        public Task<OnDuty.Core.Common.Versioned<OnDuty.Core.Team.Member>?> GetMemberAsync(string id, CancellationToken cancellationToken) => _rest.GetMemberAsync(id, cancellationToken);

        public Task<string> SaveMemberAsync(OnDuty.Core.Team.Member member, string? ifMatch, CancellationToken cancellationToken) => _rest.SaveMemberAsync(member, ifMatch, cancellationToken);

        public Task<IReadOnlyList<OnDuty.Core.Team.Leave>> ListLeaveAsync(CancellationToken cancellationToken) => _rest.ListLeaveAsync(cancellationToken);

        public Task<IReadOnlyList<OnDuty.Core.Team.Leave>> ListLeaveForMemberAsync(string memberId, CancellationToken cancellationToken) => _rest.ListLeaveForMemberAsync(memberId, cancellationToken);

        public Task AddLeaveAsync(OnDuty.Core.Team.Leave leave, CancellationToken cancellationToken) => _rest.AddLeaveAsync(leave, cancellationToken);

        public Task<int> DeleteMemberAsync(string id, CancellationToken cancellationToken) => _rest.DeleteMemberAsync(id, cancellationToken);

        public Task SaveFormerMemberAsync(OnDuty.Core.Team.FormerMember former, CancellationToken cancellationToken) => _rest.SaveFormerMemberAsync(former, cancellationToken);

        public Task<IReadOnlyList<OnDuty.Core.Team.FormerMember>> ListFormerMembersAsync(CancellationToken cancellationToken) => _rest.ListFormerMembersAsync(cancellationToken);

        public Task<bool> DeleteLeaveAsync(string memberId, string leaveId, CancellationToken cancellationToken) => _rest.DeleteLeaveAsync(memberId, leaveId, cancellationToken);
    }

    /// <summary>These tests read who the visitor is, never the roster.</summary>
    private sealed class NoRoster : OnDuty.Core.Team.IRosterRepository
    {
        public Task<IReadOnlyList<OnDuty.Core.Common.Versioned<OnDuty.Core.Team.Member>>> ListMembersAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OnDuty.Core.Common.Versioned<OnDuty.Core.Team.Member>?> GetMemberAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string> SaveMemberAsync(OnDuty.Core.Team.Member member, string? ifMatch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<OnDuty.Core.Team.Leave>> ListLeaveAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<OnDuty.Core.Team.Leave>> ListLeaveForMemberAsync(string memberId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AddLeaveAsync(OnDuty.Core.Team.Leave leave, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> DeleteMemberAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveFormerMemberAsync(OnDuty.Core.Team.FormerMember former, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<OnDuty.Core.Team.FormerMember>> ListFormerMembersAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteLeaveAsync(string memberId, string leaveId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static HttpRequest Request(string? principal = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/incidents/new";
        if (principal is not null)
        {
            context.Request.Headers[PageAccess.PrincipalHeader] = principal;
        }

        return context.Request;
    }

    [Fact]
    public void Visitor_EasyAuthOnWithPrincipal_NameAndAddressFromTheClaims()
    {
        var visitor = CreateSut(easyAuth: true).Visitor(Request(Principal));

        Assert.Equal(("伊藤 さくら", "ito@onduty.example"), (visitor!.Name, visitor.Email));
    }

    [Fact]
    public void Visitor_MailAndUpnClaims_EveryAddressKeptForTheRosterCheck()
    {
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"name","val":"伊藤 さくら"},{"typ":"preferred_username","val":"ito@corp.onduty.example"},{"typ":"email","val":"ito@onduty.example"},{"typ":"upn","val":"ITO@corp.onduty.example"}]}"""));

        var visitor = CreateSut(easyAuth: true).Visitor(Request(principal))!;

        Assert.Equal("ito@corp.onduty.example", visitor.Email);
        Assert.Equal(["ito@corp.onduty.example", "ito@onduty.example"], visitor.Addresses);
    }

    private static PageAccess RosterSut(bool require, params OnDuty.Core.Team.Member[] members) =>
        new(
            Options.Create(new PagesOptions { EasyAuthEnabled = true, RequireRosterMember = require }),
            new ListedRoster(members),
            Options.Create(new OnDuty.Core.Incidents.IncidentOptions { Leads = ["yamada@onduty.example", "lead@onduty.example", " YAMADA@onduty.example "] }));

    private static OnDuty.Core.Team.Member Member(string id, string email, string? upn = null, bool active = true) =>
        new() { Id = id, DisplayName = id == "yamada" ? "山田 太郎" : id, Email = email, Upn = upn, Active = active, TimeZone = TestZones.Tokyo };

    [Theory]
    [InlineData("ito@onduty.example")]
    [InlineData("ITO@corp.onduty.example")]
    public async Task WithRoster_SignedInMemberByAddressOrUpn_MayAct(string address)
    {
        var sut = RosterSut(true, Member("ito", "ito@onduty.example", "ito@corp.onduty.example"));

        var visitor = await sut.WithRosterAsync(new OnDuty.Core.Messages.PageVisitor("伊藤 さくら", "someone@else.example") { Addresses = ["someone@else.example", address] }, CancellationToken.None);

        Assert.True(visitor.MayAct);
    }

    [Fact]
    public async Task WithRoster_NotOnTheRosterOrInactive_MayNotAct_ToldToAskTheLeadsByRosterName()
    {
        var sut = RosterSut(true, Member("yamada", "yamada@onduty.example"), Member("gone", "gone@onduty.example", active: false));

        var stranger = await sut.WithRosterAsync(new OnDuty.Core.Messages.PageVisitor("Partner", "partner@vendor.example"), CancellationToken.None);
        var inactive = await sut.WithRosterAsync(new OnDuty.Core.Messages.PageVisitor("Gone", "gone@onduty.example"), CancellationToken.None);
        var noAddress = await sut.WithRosterAsync(new OnDuty.Core.Messages.PageVisitor("Name only", null), CancellationToken.None);

        Assert.False(stranger.MayAct);
        Assert.Equal(["山田 太郎", "lead@onduty.example"], stranger.AskToJoin);
        Assert.False(inactive.MayAct);
        Assert.False(noAddress.MayAct);
    }

    [Fact]
    public async Task WithRoster_SettingOff_MayAct_AndARosterThatCannotBeReadLeavesThemKnownByName_AnonymousReadsNoRoster()
    {
        // Off, the roster is read only to know which member they are: unreadable, they still act (by name). NoRoster throws when read: anonymous use reads none.
        var off = new PageAccess(Options.Create(new PagesOptions { EasyAuthEnabled = true }), new UnreadableRoster(), Options.Create(new OnDuty.Core.Incidents.IncidentOptions()));
        var anonymous = new PageAccess(Options.Create(new PagesOptions { AllowAnonymous = true, RequireRosterMember = true }), new NoRoster(), Options.Create(new OnDuty.Core.Incidents.IncidentOptions()));

        var partner = await off.WithRosterAsync(new OnDuty.Core.Messages.PageVisitor("Partner", "partner@vendor.example"), CancellationToken.None);
        Assert.True(partner.MayAct);
        Assert.Null(partner.Member);
        Assert.True((await anonymous.WithRosterAsync(OnDuty.Core.Messages.PageVisitor.Anonymous, CancellationToken.None)).MayAct);
        Assert.True((await RosterSut(false).WithRosterAsync(new OnDuty.Core.Messages.PageVisitor("Partner", "partner@vendor.example"), CancellationToken.None)).MayAct);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WithRoster_SignedInByTheUpnClaimOnly_TheMemberIsFound_WithTheSettingOnOrOff(bool require)
    {
        // Review day 28, M3: the roster mails ito@onduty…, Entra's first claim is the UPN. The member (for By, AckAs, /status/me) is found all the same.
        var sut = RosterSut(require, Member("sato", "sato@onduty.example", "sato@corp.onduty.example"), Member("ito", "ito@onduty.example", "ito@corp.onduty.example"));

        var visitor = await sut.WithRosterAsync(new OnDuty.Core.Messages.PageVisitor("Sakura Ito", "ITO@corp.onduty.example "), CancellationToken.None);

        Assert.True(visitor.MayAct);
        Assert.Equal("ito", visitor.Member?.Id);
    }

    [Fact]
    public async Task WithRoster_MemberWhoseUpnIsAnObjectId_MatchedByTheOidClaim_NotByTheirAddressUnderAnotherOid()
    {
        // Review day 28, L7: a mail address can be claimed by another account (a guest's unverified email); the object id cannot.
        var oid = Guid.NewGuid();
        var sut = RosterSut(true, Member("ito", "ito@onduty.example", oid.ToString()));

        var byOid = await sut.WithRosterAsync(new OnDuty.Core.Messages.PageVisitor("伊藤 さくら", "sakura@elsewhere.example") { ObjectId = oid.ToString().ToUpperInvariant() }, CancellationToken.None);
        var sameMailOtherOid = await sut.WithRosterAsync(new OnDuty.Core.Messages.PageVisitor("Guest", "ito@onduty.example") { ObjectId = Guid.NewGuid().ToString() }, CancellationToken.None);
        var noOidClaim = await sut.WithRosterAsync(new OnDuty.Core.Messages.PageVisitor("伊藤 さくら", "ito@onduty.example"), CancellationToken.None);

        Assert.Equal(("ito", true), (byOid.Member?.Id, byOid.MayAct));
        Assert.Equal((null, false), (sameMailOtherOid.Member?.Id, sameMailOtherOid.MayAct));
        Assert.Equal("ito", noOidClaim.Member?.Id);
    }

    [Fact]
    public void Visitor_ObjectIdClaim_Kept()
    {
        var oid = Guid.NewGuid();
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $$"""{"auth_typ":"aad","claims":[{"typ":"name","val":"伊藤 さくら"},{"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"{{oid}}"},{"typ":"preferred_username","val":"ito@corp.onduty.example"}]}"""));

        var visitor = CreateSut(easyAuth: true).Visitor(Request(principal))!;

        Assert.Equal(oid.ToString(), visitor.ObjectId);
    }

    [Fact]
    public void Visitor_PrincipalHeaderWithoutEasyAuth_NotTrusted()
    {
        // Without Easy Auth in front nothing strips the header: anyone could send it.
        Assert.Null(CreateSut(easyAuth: false).Visitor(Request(Principal)));
        Assert.False(CreateSut(easyAuth: false, allowAnonymous: true).Visitor(Request(Principal))!.SignedIn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not base64!")]
    [InlineData("e30=")]
    public void Visitor_EasyAuthOnWithoutAUsablePrincipal_MustSignIn(string? principal)
    {
        Assert.Null(CreateSut(easyAuth: true).Visitor(Request(principal)));
    }

    [Fact]
    public void SignIn_EasyAuthOn_303ToTheLoginWithTheWayBack()
    {
        var request = Request();

        var result = CreateSut(easyAuth: true).SignIn(request, "/api/incidents/INC-2026-0001/page?lang=ja");

        Assert.Equal(StatusCodes.Status303SeeOther, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fincidents%2FINC-2026-0001%2Fpage%3Flang%3Dja", request.HttpContext.Response.Headers.Location.ToString());
    }

    [Fact]
    public void SignIn_NoEasyAuthAndNoAnonymous_403NamingTheSettings()
    {
        var result = Assert.IsType<ObjectResult>(CreateSut(easyAuth: false).SignIn(Request(), "/api/status"));

        Assert.Equal(StatusCodes.Status403Forbidden, result.StatusCode);
        Assert.Contains("WEBSITE_AUTH_ENABLED", Assert.IsType<ProblemDetails>(result.Value).Detail);
    }

    [Theory]
    [InlineData("Production", "true", true)]
    [InlineData("Staging", "true", true)]
    [InlineData("Development", "true", false)]
    [InlineData("Production", "false", false)]
    public void AddOnDutyPages_AllowAnonymousOutsideDevelopment_RefusedAtStartNamingTheSetting(string environment, string allowAnonymous, bool refused)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pages:AllowAnonymous"] = allowAnonymous,
            ["WEBSITE_AUTH_ENABLED"] = "True",
        }).Build());
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(environment));
        services.AddOnDutyPages();
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IOptions<PagesOptions>>().Value;

        if (refused)
        {
            Assert.Contains("Pages__AllowAnonymous", Assert.Throws<OptionsValidationException>(resolve).Message);
        }
        else
        {
            Assert.True(resolve().EasyAuthEnabled);
        }
    }

    /// <summary>
    /// The anti-forgery cookie is Secure outside Development whatever scheme the worker sees (behind Azure's front end, TLS ends
    /// before it): a browser never sends it over plain http. Development keeps the request's, for forms on http loopback.
    /// </summary>
    [Theory]
    [InlineData("Production", CookieSecurePolicy.Always)]
    [InlineData("Staging", CookieSecurePolicy.Always)]
    [InlineData("Development", CookieSecurePolicy.SameAsRequest)]
    public void AddOnDutyPages_AntiforgeryCookie_SecureOutsideDevelopment(string environment, CookieSecurePolicy expected)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WEBSITE_AUTH_ENABLED"] = "True" }).Build());
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(environment));
        services.AddOnDutyPages();
        using var provider = services.BuildServiceProvider();

        var cookie = provider.GetRequiredService<IOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>>().Value.Cookie;

        Assert.Equal(expected, cookie.SecurePolicy);
        Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
        Assert.True(cookie.HttpOnly);
    }
}
