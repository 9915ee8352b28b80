namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>Waits for something a background loop of the host does (a queue listener, a scheduler): checked every 100 ms, failing after 30 s.</summary>
internal static class Until
{
    public static Task TrueAsync(Func<bool> condition) => TrueAsync(() => Task.FromResult(condition()));

    public static async Task TrueAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.True(await condition(), "condition not met within 30 s");
    }
}
