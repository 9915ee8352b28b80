using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>The team's standing incident bridge (<c>Incidents__BridgeUrl</c>): offered wherever someone is asked to act or join, while there is work to do.</summary>
public sealed class BridgeTests
{
    private const string Bridge = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0";

    private static NewIncident Details(string title = "決済画面が開かない") => new() { Title = title, Severity = AlertSeverity.Sev2 };

    private static List<OutboxMessage> Emails(IncidentHarness h, string topic) => [.. h.Outbox.All.Where(m => m.Topic == topic && m.Channel == Channel.Email)];

    [Fact]
    public async Task PagesEscalationsHelpAndAcks_OfferTheBridge_TheMergeNoticeDoesNot()
    {
        var h = await CreateAsync(o => o.BridgeUrl = $" {Bridge} ");
        var id = (await h.Service.CreateAsync(Details(), "sato", null, default)).Incident.Value.Id;
        var duplicate = (await h.Service.CreateAsync(Details("決済できない"), "ito", null, default)).Incident.Value.Id;

        var pages = Emails(h, $"incident:{id}:page");
        Assert.Equal(2, pages.Count);
        Assert.All(pages, m => Assert.Contains($"対応ブリッジに参加：{Bridge}", m.TextBody, StringComparison.Ordinal));
        Assert.All(pages, m => Assert.Contains($"<a href=\"{Bridge}\">対応ブリッジに参加</a>", m.HtmlBody, StringComparison.Ordinal));
        Assert.Contains(Bridge, Assert.Single(h.Outbox.All, m => m.Topic == $"incident:{id}:page" && m.Channel == Channel.Teams).CardJson, StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromMinutes(16)); // SEV2's first timeout: step 1, both incidents together
        await h.Pager.EscalateOpenIncidentsAsync(default);
        var escalated = h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Topic.Contains("escalation", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(escalated);
        Assert.All(escalated, m => Assert.Contains(Bridge, m.TextBody, StringComparison.Ordinal));

        await h.Service.AcknowledgeAsync(id, "sato", null, default);
        var acks = h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Topic.StartsWith($"incident:{id}:ack", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(acks); // the other duty member hears who took it, and where to join
        Assert.All(acks, m => Assert.Contains(Bridge, m.TextBody, StringComparison.Ordinal));

        await h.Merger.MergeAsync(duplicate, id, "sato", default);
        var merged = Emails(h, $"incident:{duplicate}:merged");
        Assert.NotEmpty(merged);
        Assert.All(merged, m => Assert.DoesNotContain(Bridge, m.TextBody, StringComparison.Ordinal));
    }

    /// <summary>A person gives the incident a bridge of its own (a meeting opened for it): later pages carry it, not the team's; cleared, the team's again.</summary>
    [Fact]
    public async Task IncidentsOwnBridge_WinsOverTheTeams_UntilCleared()
    {
        const string own = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_own%40thread.v2/0";
        var h = await CreateAsync(o => o.BridgeUrl = Bridge);
        var id = (await h.Service.CreateAsync(Details() with { BridgeUrl = $" {own} " }, "sato", null, default)).Incident.Value.Id;
        Assert.Equal(own, (await h.IncidentAsync(id)).BridgeUrl);
        var pages = Emails(h, $"incident:{id}:page");
        Assert.Equal(2, pages.Count);
        Assert.All(pages, m => Assert.Contains($"対応ブリッジに参加：{own}", m.TextBody, StringComparison.Ordinal));

        await h.Service.CallForHelpAsync(id, "sato", "決済に詳しい方", null, default);
        var help = h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Topic.StartsWith($"incident:{id}:help:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(help);
        Assert.All(help, m => Assert.Contains(own, m.TextBody, StringComparison.Ordinal));

        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { BridgeUrl = "" }, "sato", null, null, default);
        Assert.Null((await h.IncidentAsync(id)).BridgeUrl);
        h.Time.Advance(TimeSpan.FromMinutes(16));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        var escalated = h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Topic.StartsWith($"incident:{id}:escalation:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(escalated);
        Assert.All(escalated, m => Assert.Contains($"対応ブリッジに参加：{Bridge}", m.TextBody, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://meet.example/x")]
    [InlineData("meet.example/x")]
    [InlineData("https://teams.example/meet\n\n偽: https://evil.example/login")] // a second line in the text email
    [InlineData("https://teams.example/meet 偽")]
    [InlineData("javascript:alert(1)")]
    public async Task IncidentsOwnBridge_NotHttps_IsRefusedNamingTheField_NothingStored(string url)
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(Details(), "sato", null, default)).Incident.Value.Id;

        var refused = await Assert.ThrowsAsync<OnDuty.Core.Common.ValidationException>(() => h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { BridgeUrl = url }, "sato", null, null, default));
        Assert.Contains("bridgeUrl", refused.Errors.Keys);
        Assert.Null((await h.IncidentAsync(id)).BridgeUrl);
        await Assert.ThrowsAsync<OnDuty.Core.Common.ValidationException>(() => h.Service.CreateAsync(Details() with { BridgeUrl = url }, "sato", null, default));
    }

    [Fact]
    public async Task NoBridge_NothingSaysSo()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(Details(), "sato", null, default)).Incident.Value.Id;

        var pages = Emails(h, $"incident:{id}:page");
        Assert.Equal(2, pages.Count);
        Assert.All(pages, m => Assert.DoesNotContain("対応ブリッジ", m.TextBody, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://meet.example/bridge")]
    [InlineData("teams.microsoft.com/l/meetup-join/x")]
    [InlineData("ftp://meet.example/bridge")]
    [InlineData("https://teams.example/meet\r\nX: y")]
    public void NotHttps_IsRefusedAtStart_NamingTheSetting(string url)
    {
        var options = new IncidentOptions { BridgeUrl = url, AckTokenSecret = "x", Leads = ["lead@example.com"], OrganisationList = "org@example.com" };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.StartsWith("Incidents__BridgeUrl must be an https URL", StringComparison.Ordinal));
    }
}
