namespace OnDuty.Testing;

/// <summary>
/// Waits for something a running system does shortly after answering (an accepted alert repeat applied to its incident):
/// polls until it holds, and fails naming it when it does not within the timeout.
/// </summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds} s: {what}");
            }

            await Task.Delay(50);
        }
    }
}
