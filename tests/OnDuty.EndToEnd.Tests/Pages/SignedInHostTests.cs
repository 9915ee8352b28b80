using Microsoft.Extensions.DependencyInjection;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// A test class's own host of the app with sign-in on (App Service authentication: anonymous pages off), started by its first
/// test and stopped with the fixture (<see cref="OnDutyAppFixture.ClassHostAsync"/>); its pages are read as a signed-in person with <see cref="SignedIn(string, string)"/>.
/// </summary>
public abstract class SignedInHostTests : IAsyncLifetime
{
    /// <summary>The host with sign-in on.</summary>
    protected HostedApp Host { get; private set; } = null!;

    /// <summary>The shared app (its storage, mail catcher and first host).</summary>
    protected abstract OnDutyAppFixture App { get; }

    /// <summary>Settings beside sign-in for this class's host.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Services this class's host replaces (a fake directory), applied after the app's own; null for none.</summary>
    protected virtual Action<IServiceCollection>? Services => null;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["Pages:AllowAnonymous"] = "false",
            ["WEBSITE_AUTH_ENABLED"] = "true",
        };
        // xunit makes a class instance per test: the host is the fixture's, one per class, started by the class's first test.
        Host = await App.ClassHostAsync(GetType(), settings, Services);
    }

    public Task DisposeAsync() => App.SettleAsync();

    /// <summary>The principal App Service authentication passes for a person signed in as <paramref name="address"/>.</summary>
    protected static string Principal(string name, string address) => PageBrowser.Principal(name, ("preferred_username", address));

    /// <summary>A browser on <see cref="Host"/> signed in as <paramref name="name"/> (<paramref name="address"/>).</summary>
    protected PageBrowser SignedIn(string name, string address) => PageBrowser.SignedIn(Host.BaseAddress, Principal(name, address));
}
