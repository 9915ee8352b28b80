using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>
/// The pager and the acknowledge link as the app composes them, on Azurite's tables: a lead configured by address is resolved to
/// the roster member stored with that address.
/// </summary>
public sealed class PagerLeadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>
    /// Nobody on duty: the page falls through to the leads at once. The lead whose address (written in another case) a member has
    /// is paged as that member — the outbox row names them, the mail is in their language, its link names their id, and
    /// pressing it acknowledges as them without asking a name; the lead no member has keeps an address link that asks one.
    /// </summary>
    [Fact]
    public async Task FirstPage_ALeadByAddressOnTheRoster_IsPagedAsTheMember_AndTheirLinkAcknowledgesAsThem()
    {
        await using var services = await BuildAsync();
        await services.GetRequiredService<IRosterRepository>().SaveMemberAsync(new Member
        {
            TimeZone = TestZones.Tokyo,
            Id = "tanaka",
            DisplayName = "田中 健",
            Email = "tanaka@onduty.example",
            Language = Language.En,
            JoinedOn = new DateOnly(2020, 4, 1),
        }, null, default);
        var incidents = services.GetRequiredService<IncidentService>();

        var id = (await incidents.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;

        var outbox = services.GetRequiredService<IOutboxStore>();
        var tokens = services.GetRequiredService<AckToken>();
        string LinkSubject(OutboxMessage m) => tokens.Verify(Regex.Match(m.TextBody, @"/api/ack/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)").Groups[1].Value).MemberId!;
        var toMember = (await outbox.GetAsync($"incident:{id}:escalation:2:email:tanaka@onduty.example", default))!;
        var toAddress = (await outbox.GetAsync($"incident:{id}:escalation:2:email:leads@onduty.example", default))!;
        Assert.Equal(("Tanaka@OnDuty.example", "田中 健", "tanaka"), (toMember.Recipient, toMember.RecipientName, LinkSubject(toMember)));
        Assert.Contains("Checkout down", toMember.Subject, StringComparison.Ordinal);
        Assert.Contains("escalation", toMember.Subject, StringComparison.OrdinalIgnoreCase); // English, the member's language
        Assert.Equal(("leads@onduty.example", null, "leads@onduty.example"), (toAddress.Recipient, toAddress.RecipientName, LinkSubject(toAddress)));

        // A link sent before leads were resolved (it names the address) acknowledges as the member too.
        var holder = await incidents.AckLinkHolderAsync("TANAKA@onduty.example", default);
        Assert.Equal(("tanaka", false), (holder.AcknowledgesAs, holder.AsksName));
        Assert.True((await incidents.AckLinkHolderAsync(LinkSubject(toAddress), default)).AsksName);

        await incidents.AcknowledgeAsync(id, (await incidents.AckLinkHolderAsync(LinkSubject(toMember), default)).AcknowledgesAs, null, default);

        var stored = await incidents.GetAsync(id, default);
        Assert.Equal("tanaka", stored.Incident.Value.AcknowledgedBy);
        Assert.Contains(stored.Timeline, e => e.Kind == TimelineKind.Acknowledged && e.By == "tanaka");
    }

    private Task<ServiceProvider> BuildAsync() => new AzuriteApp(azurite, "lead")
        .WithEscalation("pm@onduty.example", "Tanaka@OnDuty.example", "leads@onduty.example")
        .BuildAsync();
}
