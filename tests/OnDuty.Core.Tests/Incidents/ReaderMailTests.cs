using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>A person added as a reader of a confidential incident is told once by mail, in their language (the roster's, else the team's).</summary>
public sealed class ReaderMailTests
{
    private static NewIncident Leak() => new() { Title = "顧客リストの<b>流出</b>の疑い & 調査", Severity = AlertSeverity.Sev2, Confidential = true };

    [Fact]
    public async Task AddedTwice_OneMailToThem_InTheTeamsLanguage_TitleEncoded_NotToForward()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(Leak(), "api", null, default)).Incident.Value.Id;
        var sut = new IncidentReaders(h.Incidents, h.Readers, h.Time, NullLogger<IncidentReaders>.Instance, h.Pager);

        Assert.True(await sut.AddAsync(id, " Counsel@Law.example ", "sato", default));
        Assert.False(await sut.AddAsync(id, "counsel@law.example", "sato", default));

        var mail = Assert.Single(h.Outbox.All, m => m.Topic == $"incident:{id}:reader:counsel@law.example");
        Assert.Equal("counsel@law.example", mail.Recipient);
        Assert.Equal(Channel.Email, mail.Channel);
        Assert.StartsWith("【SEV2 閲覧の追加】" + id, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;流出&lt;/b&gt;の疑い &amp; 調査", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("転送しないでください", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"/api/incidents/{id}/page", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Outbox.All, m => m.Topic.Contains(":reader:", StringComparison.Ordinal) && m.Recipient != "counsel@law.example");
    }

    [Fact]
    public async Task ARosterMember_IsToldInTheirLanguage()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(Leak(), "api", null, default)).Incident.Value.Id;
        var sut = new IncidentReaders(h.Incidents, h.Readers, h.Time, NullLogger<IncidentReaders>.Instance, h.Pager);

        await sut.AddAsync(id, "emma@example.com", "sato", default);

        var mail = Assert.Single(h.Outbox.All, m => m.Topic == $"incident:{id}:reader:emma@example.com");
        Assert.StartsWith("[SEV2 you may read it] " + id, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("do not forward", mail.TextBody, StringComparison.Ordinal);
    }
}
