using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using OnDuty.Functions.Http;

namespace OnDuty.EndToEnd.Tests.Http;

/// <summary>What an answer says, as the delivery log keeps it (<see cref="HttpApi.Summary"/>): no host needed.</summary>
public sealed class HttpApiTests
{
    [Fact]
    public void Summary_Problem_StatusTitleAndDetail()
    {
        var request = new DefaultHttpContext().Request;
        request.Path = "/api/alerts/alertmanager";

        var summary = HttpApi.Summary(HttpApi.Problem(request, StatusCodes.Status401Unauthorized, "Not authenticated", "wrong secret"));

        Assert.Equal((401, "Not authenticated", "wrong secret"), summary);
    }

    [Fact]
    public void Summary_JsonAndOtherResults_StatusOnly_200WhenUnset()
    {
        var request = new DefaultHttpContext().Request;

        Assert.Equal((202, null, null), HttpApi.Summary(HttpApi.Json(request, new { outcome = "opened" }, StatusCodes.Status202Accepted)));
        Assert.Equal((400, null, null), HttpApi.Summary(new JsonResult(new { status = "invalid event" }) { StatusCode = 400 }));
        Assert.Equal((204, null, null), HttpApi.Summary(new NoContentResult()));
        Assert.Equal((200, null, null), HttpApi.Summary(new JsonResult(new { })));
        Assert.Equal((200, null, null), HttpApi.Summary(new EmptyResult()));
    }
}
