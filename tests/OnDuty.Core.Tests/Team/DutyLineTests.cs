using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;

namespace OnDuty.Core.Tests.Team;

/// <summary>
/// The duty line: a call rings the duty members with a number one after another; nobody taking it tells the caller and sends
/// each duty member a missed call, once per call.
/// </summary>
public sealed class DutyLineTests
{
    private static DutyLine Line(IncidentHarness h) =>
        new(new RotationService(h.RotationStore, h.Roster, h.Time), h.Dispatcher, TestRenderer.Instance, h.Sms, h.Time, Options.Create(h.Options),
            Options.Create(new TeamOptions { Language = "ja" }), Options.Create(new VoiceOptions { DutyLine = true }), NullLogger<DutyLine>.Instance);

    private static async Task<List<Member>> DutyAsync(IncidentHarness h, params string?[] phones)
    {
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.ToList();
        for (var i = 0; i < duty.Count; i++)
        {
            var stored = (await h.Roster.GetMemberAsync(duty[i].Id, default))!;
            duty[i] = stored.Value with { Phone = i < phones.Length ? phones[i] : null };
            await h.Roster.SaveMemberAsync(duty[i], stored.ETag, default);
        }

        return duty;
    }

    /// <summary>A name as the duty line says it in Japanese: a Japanese member's family name, anyone else's as written.</summary>
    private static string Said(Member m) => m.Language == Language.Ja ? m.ShortName : m.DisplayName;

    [Fact]
    public async Task Call_RingsEachDutyMemberWithANumberInTurn_ThenTellsTheCallerAndSendsAMissedCallOnce()
    {
        var h = await IncidentHarness.CreateAsync();
        var duty = await DutyAsync(h, "+819011110000", "+819022220000");
        Assert.Equal(2, duty.Count);
        var line = Line(h);

        var first = await line.NextAsync("CA1", "+815011112222", 0, default);
        Assert.Equal(("+819011110000", $"OnDuty です。障害当番の{Said(duty[0])}さんにおつなぎします。"), (first.Ring, first.Speech));
        var second = await line.NextAsync("CA1", "+815011112222", 1, default);
        Assert.Equal(("+819022220000", $"{Said(duty[0])}さんにつながりませんでした。{Said(duty[1])}さんにおつなぎします。"), (second.Ring, second.Speech));
        Assert.Empty(h.Outbox.All);

        var missed = await line.NextAsync("CA1", "+815011112222", 2, default);
        Assert.Null(missed.Ring);
        Assert.StartsWith("当番につながりませんでした。", missed.Speech, StringComparison.Ordinal);

        // Each duty member: an email and a text with the caller's number, sent as pages are.
        var told = h.Outbox.All.OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(
            duty.SelectMany(m => new[] { $"duty-line:CA1:email:{m.Email.ToLowerInvariant()}", $"duty-line:CA1:sms:{m.Id}" }).Order(StringComparer.Ordinal),
            told.Select(m => m.Id));
        Assert.All(told, m => Assert.Equal(OutboxPriority.Page, m.Priority));
        var email = h.Email.Sent.First().Message;
        Assert.Equal("【当番ダイヤル】2026/12/01 10:00（JST）に +815011112222 から不在着信", email.Subject);
        Assert.StartsWith("2026/12/01 10:00（JST）に +815011112222 から当番ダイヤルへ着信がありましたが、当番の誰にもつながりませんでした。", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("至急、折り返してください。", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("OnDuty：2026/12/01 10:00（JST）に +815011112222 から当番ダイヤルへ不在着信がありました。至急、折り返してください。", h.Sms.Sent.First().Message.Text);

        // Twilio asking again about the same call (a retry) tells nobody twice.
        await line.NextAsync("CA1", "+815011112222", 2, default);
        Assert.Equal(4, h.Outbox.All.Count());
        Assert.Equal(2, h.Email.Sent.Count);
    }

    [Fact]
    public async Task NobodyOnDutyHasANumber_TheCallIsMissedAtOnce_AndTheyAreToldByEmail_AWithheldNumberSaysSo()
    {
        var h = await IncidentHarness.CreateAsync();
        var duty = await DutyAsync(h);
        var line = Line(h);

        var step = await line.NextAsync("CA2", null, 0, default);

        Assert.Null(step.Ring);
        Assert.Equal(duty.Select(m => m.Email).Order(StringComparer.OrdinalIgnoreCase), h.Email.Sent.Select(e => e.Message.To).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(h.Email.Sent, e => Assert.EndsWith("に 番号非通知 から不在着信", e.Message.Subject, StringComparison.Ordinal));
        Assert.Empty(h.Sms.Sent);
    }

    [Fact]
    public async Task OnlyMembersWithANumberAreRung_InTheRotationsOrder()
    {
        var h = await IncidentHarness.CreateAsync();
        var duty = await DutyAsync(h, null, "+819022220000");
        var line = Line(h);

        var first = await line.NextAsync("CA3", "+815011112222", 0, default);
        Assert.Equal(("+819022220000", $"OnDuty です。障害当番の{Said(duty[1])}さんにおつなぎします。"), (first.Ring, first.Speech));
        Assert.Null((await line.NextAsync("CA3", "+815011112222", 1, default)).Ring);
    }
}
