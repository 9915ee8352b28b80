using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Functions.Worker;
using OnDuty.LocalHost;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary>
/// <c>LocalHost__Functions__{FunctionName}__Keys__{name}</c>: a key made for one function opens that function only, as a
/// function-specific key in Azure does. Monitoring tools hold a key for <c>PostAlert</c>; it must not open members,
/// rotations, incidents or the outbox. Runs the real app's functions (storage is a closed port: a request that passes
/// the key check answers 503 or a 4xx of its own, never 401).
/// </summary>
public sealed partial class PerFunctionKeyTests : IAsyncLifetime
{
    private const string PostAlertKey = "key-made-for-postalert-only";

    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var settings = TestLocalHost.Settings();
        settings["LocalHost:Functions:PostAlert:Keys:monitoring"] = PostAlertKey;
        _app = LocalHostApp.Build(TestLocalHost.Args(), settings: settings);
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static TheoryData<string> KeyedFunctions() =>
        [.. FunctionCatalog.ForOnDutyFunctions().Functions.Where(f => f.AuthLevel is not null and not AuthorizationLevel.Anonymous).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(KeyedFunctions))]
    public async Task PostAlertKey_OpensPostAlertAndNothingElse(string name)
    {
        var function = FunctionCatalog.ForOnDutyFunctions().Find(name)!;

        using var withKey = await SendAsync(function, PostAlertKey);
        using var withMaster = await SendAsync(function, TestLocalHost.MasterKey);

        if (name == "PostAlert")
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, withKey.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, withKey.StatusCode);
        }

        Assert.NotEqual(HttpStatusCode.Unauthorized, withMaster.StatusCode);
    }

    [Fact]
    public async Task PostAlertKey_InTheCodeQuery_OpensPostAlert_NotTheAdminEndpoint()
    {
        using var alert = await _client.PostAsync($"/api/alerts/generic?code={PostAlertKey}", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var admin = await _client.PostAsync($"/admin/functions/EscalateIncidents?code={PostAlertKey}", null);

        Assert.Equal(HttpStatusCode.BadRequest, alert.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
    }

    [Fact]
    public void Build_KeysForAFunctionThatDoesNotExist_FailsAtStartNamingIt()
    {
        var settings = TestLocalHost.Settings();
        settings["LocalHost:Functions:PostAlerts:Keys:monitoring"] = PostAlertKey;

        var ex = Assert.Throws<OnDuty.Core.Common.SettingRefusedException>(() => LocalHostApp.Build(TestLocalHost.Args(), settings: settings));

        Assert.Contains("LocalHost__Functions__PostAlerts__Keys__", ex.Message);
    }

    private async Task<HttpResponseMessage> SendAsync(FunctionDescriptor function, string key)
    {
        var path = RouteValue().Replace(function.Route!, m => m.Value.Contains(":int", StringComparison.Ordinal) ? "1" : m.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.Empty.ToString() : "x");
        var method = function.Methods is { Count: > 0 } methods ? methods[0] : "GET";
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), "/api/" + path);
        request.Headers.Add("x-functions-key", key);
        if (method is "post" or "put" or "patch" or "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await _client.SendAsync(request);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
