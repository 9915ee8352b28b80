using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// A member asked by name to help (<c>ask</c>) was mailed and texted, never called: at 03:00 a text to a sleeping senior is missed.
/// Where calls are on for the severity and they have a number, the request rings them too (<c>…:help:{n}:voice:{member id}</c>),
/// counted in their call budget; pressing 1 there answers the request — it acknowledges nothing — with a timeline row and one mail
/// to the person who asked.
/// </summary>
public sealed class HelpCallTests
{
    private const string YamadaPhone = "+819011112222";

    private static readonly DateTimeOffset Night = new(2026, 12, 8, 3, 0, 0, TimeSpan.FromHours(9));

    private static List<OutboxMessage> Of(IncidentHarness h, string id, string part) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:{part}:", StringComparison.Ordinal))];

    /// <summary>A SEV2 田中 acknowledged, calls on (from escalation 1, so none rang yet); 山田 (not on duty) has a number.</summary>
    private static async Task<(IncidentHarness H, string Id)> OpenAsync(string? calledSeverities = null, bool voice = true)
    {
        var h = await CreateAsync();
        h.VoiceOptions.Enabled = voice;
        h.VoiceOptions.Severities = calledSeverities;
        h.Time.SetUtcNow(Night);
        var yamada = (await h.Roster.GetMemberAsync("yamada", default))!;
        await h.Roster.SaveMemberAsync(yamada.Value with { Phone = YamadaPhone }, yamada.ETag, default);
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Service.AcknowledgeAsync(id, "tanaka", null, default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        return (h, id);
    }

    private static async Task<OutboxMessage> AskedAndRungAsync(IncidentHarness h, string id)
    {
        await h.Service.CallForHelpAsync(id, "tanaka", "決済ログを見てほしい", null, default, asked: "yamada");
        await h.DrainQueueAsync();
        return Assert.Single(Of(h, id, "help"), m => m.Channel == Channel.Voice);
    }

    [Fact]
    public async Task HelpAskedByName_CallsOnForTheSeverity_RingsTheMemberAsked_WithTheRequestSpoken()
    {
        var (h, id) = await OpenAsync();

        var call = await AskedAndRungAsync(h, id);

        Assert.Equal(($"incident:{id}:help:1:voice:yamada", YamadaPhone), (call.Id, call.Recipient));
        var placed = Assert.Single(h.Voice.Placed, p => p.Call.To == YamadaPhone).Call;
        Assert.Equal("OnDuty からの応援の依頼です。田中さんが、障害「Group g1」の応援をあなたに頼んでいます。応じる場合は 1 を押してください。", placed.Text);
        Assert.Equal(OnDuty.Core.Team.Language.Ja, placed.Language);
        Assert.DoesNotContain("http", placed.Text, StringComparison.Ordinal);
    }

    /// <summary>Someone waits on the member asked: their mail, text and call go as pages do, ahead of a storm's notices; the call to everyone stays a notice.</summary>
    [Fact]
    public async Task HelpAskedByName_GoesAsAPage_TheCallToEveryoneAsANotice()
    {
        var (h, id) = await OpenAsync();

        await AskedAndRungAsync(h, id);
        await h.Service.CallForHelpAsync(id, "tanaka", null, null, default);
        await h.DrainQueueAsync();

        var asked = Of(h, id, "help").Where(m => m.Id.StartsWith($"incident:{id}:help:1:", StringComparison.Ordinal)).ToList();
        Assert.Contains(asked, m => m.Channel == Channel.Voice);
        Assert.Contains(asked, m => m.Channel == Channel.Email);
        Assert.All(asked, m => Assert.Equal(OutboxPriority.Page, m.Priority));
        var everyone = Of(h, id, "help").Where(m => m.Id.StartsWith($"incident:{id}:help:2:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(everyone);
        Assert.All(everyone, m => Assert.Equal(OutboxPriority.Normal, m.Priority));
    }

    /// <summary>Emma's voice is English: 田中 健 and a Japanese title would be read as nothing, so neither is said.</summary>
    [Fact]
    public async Task EnglishReader_JapaneseNameAndTitle_SaysSomeoneAndTheIncidentNumber()
    {
        var h = await CreateAsync();
        h.VoiceOptions.Enabled = true;
        var emma = (await h.Roster.GetMemberAsync("emma", default))!;
        await h.Roster.SaveMemberAsync(emma.Value with { Phone = "+447700900123" }, emma.ETag, default);
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev2 }, "api", null, default)).Incident.Value.Id;
        await h.Service.AcknowledgeAsync(id, "tanaka", null, default);

        await h.Service.CallForHelpAsync(id, "tanaka", null, null, default, asked: "emma");
        await h.DrainQueueAsync();

        var call = Assert.Single(Of(h, id, "help"), m => m.Channel == Channel.Voice);
        var number = int.Parse(id[(id.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"This is OnDuty with a request for help. Someone working on an incident asks you to help with an incident declared by a person, incident {number}. Press 1 if you can help.", call.TextBody);
    }

    [Theory]
    [InlineData("sev1", true)]
    [InlineData(null, false)]
    public async Task SeverityNotCalled_OrCallsOff_MailAndTextOnly(string? calledSeverities, bool voice)
    {
        var (h, id) = await OpenAsync(calledSeverities, voice);

        await h.Service.CallForHelpAsync(id, "tanaka", null, null, default, asked: "yamada");
        await h.DrainQueueAsync();

        Assert.DoesNotContain(Of(h, id, "help"), m => m.Channel == Channel.Voice);
        Assert.Contains(Of(h, id, "help"), m => m.Id == $"incident:{id}:help:1:email:yamada@example.com");
    }

    /// <summary>The whole organisation's call rings nobody: a call is for one person asked.</summary>
    [Fact]
    public async Task HelpCalledOfEveryone_NoCall()
    {
        var (h, id) = await OpenAsync();

        await h.Service.CallForHelpAsync(id, "tanaka", null, null, default);
        await h.DrainQueueAsync();

        Assert.DoesNotContain(h.Outbox.All, m => m.Channel == Channel.Voice);
    }

    /// <summary>Counted in <c>Voice__MaxCallsPerMember</c> as page calls are: over it, the request goes by mail and text alone.</summary>
    [Fact]
    public async Task CallBudgetSpent_NotRung_MailAndTextGoOn()
    {
        var (h, id) = await OpenAsync();
        h.VoiceOptions.MaxCallsPerMember = 1;
        await AskedAndRungAsync(h, id);

        await h.Service.CallForHelpAsync(id, "tanaka", "まだ必要です", null, default, asked: "yamada");
        await h.DrainQueueAsync();

        Assert.DoesNotContain(Of(h, id, "help:2"), m => m.Channel == Channel.Voice);
        Assert.Contains(Of(h, id, "help:2"), m => m.Id == $"incident:{id}:help:2:email:yamada@example.com");
    }

    /// <summary>Queued while the incident resolves (as the request's mail is): cancelled, never rung.</summary>
    [Fact]
    public async Task ResolvedBeforeTheCallWentOut_TheCallIsCancelled()
    {
        var (h, id) = await OpenAsync();
        h.Voice.Script(new SendResult.Transient("Twilio answered 503"));
        await AskedAndRungAsync(h, id);

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "tanaka", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.DrainQueueAsync();
        await h.Dispatcher.RetryDueAsync(default);

        Assert.Empty(h.Voice.Placed);
        Assert.Equal(OutboxStatus.Cancelled, Assert.Single(Of(h, id, "help"), m => m.Channel == Channel.Voice).Status);
    }

    [Fact]
    public async Task PressingOne_AnswersTheRequest_AcknowledgesNothing_RowAndOneMailToWhoAsked()
    {
        var (h, id) = await OpenAsync();
        var call = await AskedAndRungAsync(h, id);

        var answer = await h.VoiceAnswers.KeyPressedAsync(call.Id, "1", default);

        Assert.Equal(CallKeyOutcome.HelpAnswered, answer!.Outcome);
        Assert.Empty(answer.Acknowledged);
        Assert.Equal("応援に応じると伝えました。障害ページをメールでお送りしています。ありがとうございます。", answer.Speech);
        Assert.Equal("tanaka", (await h.Incidents.GetAsync(id, default))!.Value.AcknowledgedBy);
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.HelpAccepted);
        Assert.Equal(("yamada", 1, "山田 太郎 answered the request for help (phone call)"), (row.By, row.Step, row.Message));
        var told = Assert.Single(Of(h, id, "help:1:accepted"));
        Assert.Equal(($"incident:{id}:help:1:accepted:email:tanaka@example.com", Channel.Email), (told.Id, told.Channel));
        Assert.Contains("山田さんが応援の依頼に応じました", told.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/api/incidents/{id}/page", told.TextBody, StringComparison.Ordinal);

        // Pressed again: one row, one mail.
        await h.VoiceAnswers.KeyPressedAsync(call.Id, "1", default);
        await h.DrainQueueAsync();
        Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.HelpAccepted);
        Assert.Single(Of(h, id, "help:1:accepted"));
    }

    [Fact]
    public async Task PressingOne_ResolvedMeanwhile_SaysSo_RecordsNothing_AndAnotherKeyAsksAgain()
    {
        var (h, id) = await OpenAsync();
        var call = await AskedAndRungAsync(h, id);

        var other = await h.VoiceAnswers.KeyPressedAsync(call.Id, "9", default);
        Assert.Equal((CallKeyOutcome.AskAgain, call.TextBody), (other!.Outcome, other.Speech));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "tanaka", null, null, default);
        var answer = await h.VoiceAnswers.KeyPressedAsync(call.Id, "1", default);

        Assert.Equal(CallKeyOutcome.NothingWaiting, answer!.Outcome);
        Assert.Equal("この障害はすでに復旧済みです。応援は不要になりました。ありがとうございました。", answer.Speech);
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.HelpAccepted);
        Assert.Empty(Of(h, id, "help:1:accepted"));
    }

    /// <summary>Not taken: a row as a page call's, with no step (a call for help's number is no page step).</summary>
    [Fact]
    public async Task NotAnswered_OnTheTimeline_WithoutAStep()
    {
        var (h, id) = await OpenAsync();
        var call = await AskedAndRungAsync(h, id);

        Assert.True(await h.VoiceAnswers.CallEndedAsync(call.Id, "no-answer", default));

        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.DeliveryFailed && e.Recipients.Contains(YamadaPhone));
        Assert.Null(row.Step);
    }
}
