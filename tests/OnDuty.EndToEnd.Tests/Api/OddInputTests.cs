using System.Net;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Api;

/// <summary>Odd requests get a 4xx problem naming what was wrong, never a 500.</summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class OddInputTests(OnDutyAppFixture app)
{
    private const string Member = """{"displayName":"山田 太郎","email":"yamada@onduty.example","language":"ja","joinedOn":"2020-04-01","area":"server"}""";

    [Theory]
    [InlineData("GET", "api/rotations/incident-duty/schedule?weeks=abc", null, null, 400, "weeks")]
    [InlineData("GET", "api/rotations/incident-duty/schedule?weeks=99999999999", null, null, 400, "weeks")]
    [InlineData("GET", "api/rotations/incident-duty/schedule?from=2026-02-30", null, null, 400, "from")]
    [InlineData("GET", "api/rotations/incident-duty/schedule?from=9999-12-31", null, null, 400, "from")]
    [InlineData("GET", "api/members/%E5%B1%B1%E7%94%B0", null, null, 404, null)]
    [InlineData("GET", "api/rotations/%E5%B1%B1%E7%94%B0/schedule", null, null, 404, null)]
    [InlineData("PUT", "api/members/yamada", "garbage", Member, 412, null)]
    [InlineData("PUT", "api/members/yamada", "\"a\", \"b\"", Member, 412, null)]
    [InlineData("PUT", "api/members/yamada", "\"garbage\"", Member, 412, null)]
    [InlineData("PUT", "api/rotations/incident-duty", "\"garbage\"", """{"name":"x","startDate":"2026-11-30","members":["yamada","tanaka","suzuki"]}""", 412, null)]
    [InlineData("PUT", "api/members/yamada", "W/\"datetime'2020-01-01T00%3A00%3A00.0000000Z'\"", Member, 412, null)]
    [InlineData("PUT", "api/rotations/incident-duty", "W/\"nope\"", """{"name":"x","startDate":"2026-11-30","members":["yamada","tanaka","suzuki"]}""", 412, null)]
    [InlineData("PUT", "api/members/odd-dup", null, """{"displayName":"X","email":"x@onduty.example","email":"y@onduty.example","language":"ja","joinedOn":"2023-04-01"}""", 400, "email")]
    [InlineData("PUT", "api/members/odd-null", null, "null", 400, null)]
    [InlineData("PUT", "api/members/odd-array", null, "[]", 400, null)]
    [InlineData("PUT", "api/rotations/odd-range", null, """{"name":"x","startDate":"2026-11-30","members":["yamada"],"peoplePerShift":99999999999}""", 400, "peoplePerShift")]
    [InlineData("PUT", "api/rotations/odd-null-member", null, """{"name":"x","startDate":"2026-11-30","members":["yamada",null,"tanaka"]}""", 400, "members")]
    [InlineData("POST", "api/rotations/incident-duty/overrides", null, """{"week":"2026-W53","memberId":"nobody","replacementId":"tanaka"}""", 400, "memberId")]
    [InlineData("POST", "api/rotations/incident-duty/overrides", null, """{"week":"0001-01-01","memberId":"yamada","replacementId":"tanaka"}""", 400, "week")]
    public async Task OddRequest_IsAProblemWithA4xxStatus(string method, string path, string? ifMatch, string? body, int status, string? named)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await app.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
        if (named is not null)
        {
            Assert.Contains(named, text);
        }
    }

    /// <summary>An id no table key can hold (ids are made by OnDuty, short): not found, before any storage read.</summary>
    [Theory]
    [InlineData("GET", "api/rotations/{long}/oncall")]
    [InlineData("GET", "api/rotations/{long}/schedule")]
    [InlineData("DELETE", "api/rotations/{long}/overrides/{long}")]
    [InlineData("DELETE", "api/rotations/incident-duty/overrides/{long}")]
    [InlineData("DELETE", "api/members/{long}/leave/{long}")]
    [InlineData("DELETE", "api/members/yamada/leave/{long}")]
    public async Task IdLongerThanATableKey_404Problem(string method, string template)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), template.Replace("{long}", new string('x', 1100), StringComparison.Ordinal));

        using var response = await app.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"expected 404, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
