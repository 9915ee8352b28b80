using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Common;
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

    /// <summary>
    /// Session 59: a 409 whose refusal says when the other thing happened (another correction of the final report, sent meanwhile)
    /// says that time in the team's zone with its name in English too, as the 412 of <c>retroSavedMeanwhile</c> does, and in Japanese
    /// for <c>?lang=ja</c> — not the exception's invariant form.
    /// </summary>
    [Theory]
    [InlineData("", "Another correction of the final report (correction 1) was sent on Fri 4 Dec 10:00 (JST), while this one was being sent: this one was not sent. Read what went (GET the final report) and send a correction again if one is still needed.")]
    [InlineData("?lang=ja", "この訂正を送る間に、最終報の別の訂正（訂正1）が12月4日(金) 10:00（JST）に送られました。この訂正は送っていません。送られた内容（最終報の GET）を確かめ、まだ訂正が必要ならもう一度送ってください。")]
    public async Task RunAsync_ConflictSayingWhen_SaysTheTimeInTheTeamsZone(string query, string expected)
    {
        var request = new DefaultHttpContext().Request;
        request.Path = "/api/incidents/INC-2026-0042/final-report/corrections";
        request.QueryString = new QueryString(query);
        var at = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(9));

        var result = await HttpApi.RunAsync(request, NullLogger.Instance, null, _ => throw new ConflictException(
            "incident", "another correction ... was sent at 2026-12-04 10:00 (Asia/Tokyo)",
            Refusal.Of("finalReportCorrectedMeanwhile", ("number", 1), ("at", at), ("timeZone", "Asia/Tokyo"))));

        var problem = Assert.IsType<ValidationProblemDetails>(Assert.IsType<ObjectResult>(result).Value);
        Assert.Equal(409, problem.Status);
        Assert.Equal([expected], problem.Errors["incident"]);
        Assert.Equal("finalReportCorrectedMeanwhile", problem.Extensions["code"]);
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
