using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 61: a member asked by name — to help (<c>ask</c>), or handed the incident (<c>assignedBy</c>) — was told by mail only; at night
/// that waited till morning. Where the incident's severity pages by SMS and they have a number, a short text goes too, under the same
/// outbox ids as the mail's (<c>…:sms:{member id}</c>) and counted in their text budget; none where the severity is not texted, nor
/// to a member without a number.
/// </summary>
public sealed class AskedTextTests
{
    private const string EmmaPhone = "+447700900123";

    private static readonly DateTimeOffset Opened = new(2026, 12, 7, 23, 30, 0, TimeSpan.FromHours(9));

    private static List<OutboxMessage> Of(IncidentHarness h, string id, string kind) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:{kind}:", StringComparison.Ordinal))];

    /// <summary>A SEV2 acknowledged by 田中 (Emma, English, is on duty with 佐藤); Emma has a number unless <paramref name="phone"/> is false.</summary>
    private static async Task<(IncidentHarness H, string Id)> OpenAsync(bool phone = true, string? textedSeverities = null)
    {
        var h = await CreateAsync();
        h.SmsOptions.Severities = textedSeverities;
        h.Time.SetUtcNow(Opened);
        if (phone)
        {
            var emma = (await h.Roster.GetMemberAsync("emma", default))!;
            await h.Roster.SaveMemberAsync(emma.Value with { Phone = EmmaPhone }, emma.ETag, default);
        }

        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Service.AcknowledgeAsync(id, "tanaka", null, default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        return (h, id);
    }

    [Fact]
    public async Task HelpAskedByName_SeverityTexted_MailAndOneText_SayingWhoAsks()
    {
        var (h, id) = await OpenAsync();

        await h.Service.CallForHelpAsync(id, "tanaka", "card gateway logs", null, default, asked: "emma");
        await h.DrainQueueAsync();

        var rows = Of(h, id, "help");
        Assert.Equal([$"incident:{id}:help:1:email:emma@example.com", $"incident:{id}:help:1:sms:emma"], rows.Select(m => m.Id).Order(StringComparer.Ordinal));
        var text = Assert.Single(rows, m => m.Channel == Channel.Sms);
        Assert.Equal(EmmaPhone, text.Recipient);
        Assert.Equal($"[SEV2 help needed] {id}: Group g1\n田中 健 asks you to help. Incident page: {Pager.DefaultBaseUrl}/api/incidents/{id}/page", text.TextBody);
    }

    [Fact]
    public async Task Assigned_SeverityTexted_MailAndOneText_SayingWhoAssignedIt()
    {
        var (h, id) = await OpenAsync();

        await h.Service.TakeOverAsync(id, "emma", null, default, assignedBy: "yamada");
        await h.DrainQueueAsync();

        var rows = Of(h, id, "assigned");
        Assert.Equal([$"incident:{id}:assigned:emma:email:emma@example.com", $"incident:{id}:assigned:emma:sms:emma"], rows.Select(m => m.Id).Order(StringComparer.Ordinal));
        var text = Assert.Single(rows, m => m.Channel == Channel.Sms);
        Assert.Equal(EmmaPhone, text.Recipient);
        Assert.Equal($"[SEV2 assigned to you] {id}: Group g1\n山田 太郎 assigned it to you. Incident page: {Pager.DefaultBaseUrl}/api/incidents/{id}/page", text.TextBody);
    }

    /// <summary>Made the communications lead by someone else at night: a text too, as an assignment's, under the mail's ids and counted in the budget.</summary>
    [Fact]
    public async Task CommsLeadAssigned_SeverityTexted_MailAndOneText_SayingWhoMadeThemIt()
    {
        var (h, id) = await OpenAsync();

        await h.Service.SetCommsLeadAsync(id, "emma", "yamada", default);
        await h.DrainQueueAsync();

        var rows = Of(h, id, "commsLead");
        Assert.Equal([$"incident:{id}:commsLead:emma:1:email:emma@example.com", $"incident:{id}:commsLead:emma:1:sms:emma"], rows.Select(m => m.Id).Order(StringComparer.Ordinal));
        var text = Assert.Single(rows, m => m.Channel == Channel.Sms);
        Assert.Equal(EmmaPhone, text.Recipient);
        Assert.Equal($"[SEV2 communications lead] {id}: Group g1\n山田 太郎 made you the communications lead: please keep the stakeholders updated. Incident page: {Pager.DefaultBaseUrl}/api/incidents/{id}/page", text.TextBody);

        // Taking it themselves: nobody is told, by mail or text.
        await h.Service.SetCommsLeadAsync(id, "sato", null, default);
        await h.DrainQueueAsync();
        Assert.DoesNotContain(Of(h, id, "commsLead"), m => m.Id.Contains(":sato", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, "sev1")]
    [InlineData(false, null)]
    public async Task NotTextedSeverity_OrNoNumber_MailOnly(bool phone, string? textedSeverities)
    {
        var (h, id) = await OpenAsync(phone, textedSeverities);

        await h.Service.CallForHelpAsync(id, "tanaka", null, null, default, asked: "emma");
        await h.Service.TakeOverAsync(id, "emma", null, default, assignedBy: "yamada");
        await h.Service.SetCommsLeadAsync(id, "emma", "yamada", default);
        await h.DrainQueueAsync();

        Assert.Equal([Channel.Email], Of(h, id, "help").Select(m => m.Channel));
        Assert.Equal([Channel.Email], Of(h, id, "assigned").Select(m => m.Channel));
        Assert.Equal([Channel.Email], Of(h, id, "commsLead").Select(m => m.Channel));
    }

    /// <summary>The whole organisation's call is not one person asked: it is not texted (the duty pair's number is for pages).</summary>
    [Fact]
    public async Task HelpCalledOfEveryone_NoText()
    {
        var (h, id) = await OpenAsync();

        await h.Service.CallForHelpAsync(id, "tanaka", null, null, default);
        await h.DrainQueueAsync();

        Assert.DoesNotContain(Of(h, id, "help"), m => m.Channel == Channel.Sms);
    }

    /// <summary>
    /// Counted against the member's text budget as pages are: Emma, on duty, was texted the page; with two texts allowed the call for
    /// help takes the last, and the assignment goes by mail alone.
    /// </summary>
    [Fact]
    public async Task TextBudgetSpent_AskGoesByMailAlone()
    {
        var (h, id) = await OpenAsync();
        h.SmsOptions.MaxTextsPerMember = 2;
        Assert.Single(h.Outbox.All, m => m.Id == $"incident:{id}:page:sms:emma");

        await h.Service.CallForHelpAsync(id, "tanaka", null, null, default, asked: "emma");
        await h.Service.TakeOverAsync(id, "emma", null, default, assignedBy: "yamada");
        await h.DrainQueueAsync();

        Assert.Single(Of(h, id, "help"), m => m.Channel == Channel.Sms);
        Assert.Equal([Channel.Email], Of(h, id, "assigned").Select(m => m.Channel));
    }
}
