using Microsoft.Azure.Functions.Worker;
using OnDuty.LocalHost;
using OnDuty.LocalHost.TestFunctions;
using OnDuty.LocalHost.TestFunctions.Invalid;

namespace OnDuty.EndToEnd.Tests.LocalHost;

public sealed class FunctionCatalogTests
{
    [Fact]
    public void FromAssembly_ValidFunctions_DescribesTriggersRoutesMethodsAndLevels()
    {
        var catalog = TestLocalHost.ValidCatalog();

        var described = catalog.Functions.Select(f => f.ToString()).ToList();

        Assert.Equal(
            [
                "Blocking: timer '0 0 5 * * *'",
                "Explode: [GET] /api/explode (Anonymous)",
                "FailingTimer: timer '0 0 4 1 1 *'",
                "GetAlert: [GET] /api/alert-items/{alertId:guid} (Anonymous)",
                "GetRotation: [GET] /api/rotations/{id} (Anonymous)",
                "GetRotationSchedule: [GET] /api/rotations/{id:int}/schedule (Anonymous)",
                "ImportRotations: [GET,POST] /api/rotations/import (Anonymous)",
                "Ping: [*] /api/Ping (Anonymous)",
                "PurgeAlerts: [DELETE] /api/alerts (Admin)",
                "QueueEcho: queue '%TestFunctions__Queue%' (AzureWebJobsStorage)",
                "ReceiveAlert: [POST] /api/alerts/{source?} (Function)",
                "Tick: timer '%TestFunctions__TickSchedule%'",
            ],
            described);
    }

    [Fact]
    public void FromAssembly_TriggerWithoutRouteOrMethods_UsesFunctionNameAndAllMethods()
    {
        var ping = TestLocalHost.ValidCatalog().Find("ping");

        Assert.NotNull(ping);
        Assert.Equal(FunctionTriggerKind.Http, ping.Trigger);
        Assert.Equal("Ping", ping.Route);
        Assert.Null(ping.Methods);
        Assert.Equal(AuthorizationLevel.Anonymous, ping.AuthLevel);
        Assert.Equal("OnDuty.LocalHost.TestFunctions.AlertFunctions.Ping", ping.EntryPoint);
    }

    [Theory]
    [InlineData(typeof(UsesFunctionContext), "parameter 'context'", "FunctionContext")]
    [InlineData(typeof(UsesQueueTrigger), "parameter 'message'", "FakeQueueTrigger")]
    [InlineData(typeof(HasParameterNotInRoute), "parameter 'name'", "things/{id}")]
    [InlineData(typeof(ReturnsString), "return type String", "IActionResult")]
    [InlineData(typeof(TimerWithExtraParameter), "parameter 'extra'", "TimerInfo")]
    public void FromTypes_UnsupportedShape_FailsNamingClassMethodAndCulprit(Type functionClass, string culprit, string hint)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes([functionClass]));

        Assert.Contains($"{functionClass.FullName}.Run", error.Message);
        Assert.Contains(culprit, error.Message);
        Assert.Contains(hint, error.Message);
    }

    [Fact]
    public void FromAssembly_WithoutFilter_FailsOnTheInvalidFunctions()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromAssembly(typeof(InvocationRecorder).Assembly));

        Assert.Contains(typeof(UsesFunctionContext).Namespace!, error.Message);
    }
}
