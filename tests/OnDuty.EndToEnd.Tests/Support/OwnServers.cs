using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// Azurite, smtp4dev and a loopback Teams webhook of a test class's own, started side by side, for a class that starts its
/// hosts itself (several at once, or one per test) so no other host consumes their queues; as a class fixture, or held by a
/// fixture or class that starts and disposes it. A class with one host of its own uses <see cref="OwnApp"/>.
/// </summary>
public sealed class OwnServers : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public Smtp4devProcess Smtp { get; private set; } = null!;

    public LoopbackWebhook Teams { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var azurite = AzuriteProcess.StartAsync();
        var smtp = Smtp4devProcess.StartAsync();
        var teams = LoopbackWebhook.StartAsync();
        try
        {
            await Task.WhenAll(azurite, smtp, teams);
        }
        finally
        {
            // Those that started, also when another did not: DisposeAsync disposes them.
            Azurite = azurite.IsCompletedSuccessfully ? azurite.Result : null!;
            Smtp = smtp.IsCompletedSuccessfully ? smtp.Result : null!;
            Teams = teams.IsCompletedSuccessfully ? teams.Result : null!;
        }
    }

    public async Task DisposeAsync() =>
        await Task.WhenAll(
            Teams is null ? Task.CompletedTask : Teams.DisposeAsync().AsTask(),
            Smtp is null ? Task.CompletedTask : Smtp.DisposeAsync().AsTask(),
            Azurite is null ? Task.CompletedTask : Azurite.DisposeAsync().AsTask());
}
