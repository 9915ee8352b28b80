using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Http;
using OnDuty.Infrastructure.Teams;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Teams;

/// <summary>
/// A Teams Workflows webhook whose workflow was deleted, turned off or whose URL expired refuses every card alike: the cards stay
/// queued (retried, pages until <c>Outbox__PageGiveUpAfter</c>) with a sentence saying what to do, not given up one by one; a card
/// the webhook cannot take (400) is still given up.
/// </summary>
public sealed class TeamsWebhookChannelTests : IAsyncLifetime
{
    private LoopbackWebhook _webhook = null!;

    public async Task InitializeAsync() => _webhook = await LoopbackWebhook.StartAsync();

    public async Task DisposeAsync() => await _webhook.DisposeAsync();

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(410, "Gone")]
    [InlineData(401, "Unauthorized")]
    [InlineData(403, "Forbidden")]
    public async Task PostCardAsync_WorkflowGone_RetriedSayingWhatToFix(int status, string reason)
    {
        _webhook.Script(new ScriptedResponse(status, Body: "{\"error\":{\"code\":\"WorkflowNotFound\"}}"));

        var result = await CreateSut().PostCardAsync("{\"type\":\"AdaptiveCard\"}", default);

        var retried = Assert.IsType<SendResult.Transient>(result);
        Assert.Equal(
            "Teams workflow gone (deleted, turned off or its URL no longer valid: make a new one, \"Post to a channel when a webhook request is received\", "
            + "set its URL in Teams__WebhookUrl (ONDUTY_TEAMS_WEBHOOK_URL) and restart; the cards wait until then): "
            + $"Teams webhook answered {status} {reason}: {{\"error\":{{\"code\":\"WorkflowNotFound\"}}}}",
            retried.Error);
        Assert.Single(_webhook.Requests);
    }

    [Fact]
    public async Task PostCardAsync_CardRefused400_GivenUp()
    {
        _webhook.Script(new ScriptedResponse(400, Body: "bad card"));

        var result = await CreateSut().PostCardAsync("{\"type\":\"AdaptiveCard\"}", default);

        Assert.Equal("Teams webhook answered 400 Bad Request: bad card", Assert.IsType<SendResult.Permanent>(result).Error);
    }

    private TeamsWebhookChannel CreateSut()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
        return new TeamsWebhookChannel(
            new HttpClient(),
            Options.Create(new TeamsOptions { WebhookUrl = _webhook.Url, MinInterval = TimeSpan.Zero }),
            time,
            new TeamsWebhookCircuit(time),
            NullLogger<TeamsWebhookChannel>.Instance);
    }
}
