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

    /// <summary>A route asked with a method it does not take: 405 problem saying which it takes, and <c>Allow</c> (F10).</summary>
    [Theory]
    [InlineData("GET", "api/alerts/alertmanager", "POST")]
    [InlineData("DELETE", "api/incidents/INC-2026-0013", "GET")]
    [InlineData("PATCH", "api/members/yamada", "DELETE, GET, PUT")]
    [InlineData("POST", "api/rotations/incident-duty/schedule", "GET")]
    [InlineData("DELETE", "api/incidents/new", "GET, POST")]
    public async Task WrongMethod_405ProblemNamingTheAllowedMethods(string method, string path, string allow)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await app.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"expected 405, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(405, problem.GetProperty("status").GetInt32());
        Assert.Equal("Method not allowed", problem.GetProperty("title").GetString());
        Assert.All(allow.Split(", "), m => Assert.Contains(m, problem.GetProperty("detail").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongMethodWithoutAKey_Still405Problem()
    {
        using var response = await app.Anonymous.GetAsync("api/alerts/alertmanager");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task UnknownRoute_404Problem()
    {
        using var response = await app.Client.GetAsync("api/no-such-thing/here");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
    }

    /// <summary>
    /// A well-formed body with an unknown enum value or a date that is not one, on several routes: 400 problem with
    /// <c>errors</c> naming the field and what it must be, no .NET type name anywhere (F10).
    /// </summary>
    [Theory]
    [InlineData("POST", "api/incidents", """{"title":"x","severity":"sev5"}""", "severity", "must be one of: sev1, sev2, sev3, sev4")]
    [InlineData("POST", "api/members", """{"id":"odd-level","displayName":"X","email":"odd-level@onduty.example","language":"ja","level":"guru"}""", "level", "must be one of: auto, junior, senior")]
    [InlineData("POST", "api/members", """{"id":"odd-join","displayName":"X","email":"odd-join@onduty.example","language":"ja","joinedOn":"2024-13-01"}""", "joinedOn", "must be a date (YYYY-MM-DD)")]
    [InlineData("PUT", "api/rotations/odd-day", """{"name":"x","startDate":"2026-11-30","members":["yamada"],"handoffDay":"funday"}""", "handoffDay", "must be one of: sunday, monday, tuesday, wednesday, thursday, friday, saturday")]
    [InlineData("PUT", "api/rotations/odd-start", """{"name":"x","startDate":"2026-11-31","members":["yamada"]}""", "startDate", "must be a date (YYYY-MM-DD)")]
    [InlineData("POST", "api/members/tanaka/leave", """{"from":"2027-13-01","to":"2027-13-02"}""", "from", "must be a date (YYYY-MM-DD)")]
    public async Task WrongKindOfValue_400ProblemNamingTheFieldAndTheAcceptedValues(string method, string path, string body, string field, string expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        using var response = await app.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal([expected], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("Malformed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OnDuty.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyThatIsNotJson_StillMalformedJson()
    {
        using var response = await app.Client.PostAsync("api/incidents", new StringContent("""{"title":"x","severity":""", Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Malformed JSON", JsonDocument.Parse(text).RootElement.GetProperty("title").GetString());
        Assert.DoesNotContain("OnDuty.", text, StringComparison.Ordinal);
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
