using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Api;

[Collection(OnDutyAppCollection.Name)]
public sealed class RosterApiTests(OnDutyAppFixture app)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Fact]
    public async Task Health_Anonymous_IsHealthyWithChecks()
    {
        using var response = await app.Anonymous.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("storage").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("startup").GetString());
    }

    [Theory]
    [InlineData("api/members/")]
    [InlineData("api/rotations/")]
    public async Task Get_IdOfThousandsOfCharacters_404ProblemNot500(string route)
    {
        // Longer than any table key (1 KiB): storage would refuse the read itself with a 400, which used to surface as a 500.
        using var response = await app.Client.GetAsync(route + new string('a', 3000));

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.True(problem.GetProperty("detail").GetString()!.Length < 200, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task ListMembers_WithoutTheKey_Is401Problem(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/members");
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await app.Anonymous.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ListMembers_KeyInCodeQuery_ListsTheDemoRoster()
    {
        var body = await app.Anonymous.GetFromJsonAsync<JsonElement>($"api/members?code={OnDutyAppFixture.MasterKey}");

        var ids = body.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("yamada", ids);
        Assert.Contains("emma", ids);
    }

    [Fact]
    public async Task PutMember_CreateThenStaleUpdate_SecondWriterGets412AndFirstWriteIsKept()
    {
        var id = "e2e-" + Guid.NewGuid().ToString("n")[..8];
        using var created = await app.Client.PutAsync($"api/members/{id}", Json("""{"displayName":"渡辺 直美","email":"watanabe@onduty.example","language":"ja","timeZone":"Asia/Tokyo","joinedOn":"2023-04-01","area":"client"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = created.Headers.ETag!.ToString();

        using var first = new HttpRequestMessage(HttpMethod.Put, $"api/members/{id}") { Content = Json("""{"displayName":"渡辺 直美","email":"naomi@onduty.example","language":"ja","joinedOn":"2023-04-01"}""") };
        first.Headers.TryAddWithoutValidation("If-Match", etag);
        using var firstResponse = await app.Client.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);

        using var second = new HttpRequestMessage(HttpMethod.Put, $"api/members/{id}") { Content = Json("""{"displayName":"渡辺 直美","email":"other@onduty.example","language":"ja","joinedOn":"2023-04-01"}""") };
        second.Headers.TryAddWithoutValidation("If-Match", etag);
        using var secondResponse = await app.Client.SendAsync(second);
        var stale = await ProblemAsync(secondResponse, HttpStatusCode.PreconditionFailed);
        // Trial 37 L5: the advice once, as an API client needs it.
        Assert.Equal($"Member '{id}' was changed by someone else. Read it again and retry with the new ETag.", stale.GetProperty("detail").GetString());

        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/members/{id}");
        Assert.Equal("naomi@onduty.example", stored.GetProperty("email").GetString());
    }

    [Fact]
    public async Task PutMember_ExistingIdWithoutIfMatch_Is409SayingToSendIfMatch()
    {
        using var response = await app.Client.PutAsync("api/members/yamada", Json("""{"displayName":"山田 太郎","email":"yamada@onduty.example","language":"ja","joinedOn":"2020-04-01"}"""));

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("Member 'yamada' exists: send If-Match with the ETag you read (or * to overwrite).", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostMember_ExistingId_Is409SayingPutChangesThem()
    {
        using var response = await app.Client.PostAsync("api/members", Json("""{"id":"yamada","displayName":"山田 太郎","email":"yamada@onduty.example","language":"ja","joinedOn":"2020-04-01"}"""));

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(
            "Member 'yamada' is already on the roster: POST only adds; to change them, PUT /api/members/yamada with If-Match (the ETag from GET, or *).",
            problem.GetProperty("detail").GetString());
    }

    /// <summary>
    /// Trial 34 L8: a display name starting with markup was called by its first token, 「&lt;imgさん」. The call name (<c>shortName</c>)
    /// passes over markup-like runs; the display name is kept as typed (and encoded wherever it is shown).
    /// </summary>
    [Fact]
    public async Task PostMember_DisplayNameStartingWithMarkup_ShortNameIsTheFirstWordOfItsText()
    {
        var id = "markup-" + Guid.NewGuid().ToString("n")[..8];

        using var response = await app.Client.PostAsync("api/members", Json($$"""{"id":"{{id}}","displayName":"<img src=x onerror=alert(1)> 悪意 太郎","email":"{{id}}@onduty.example","language":"ja","joinedOn":"2024-04-01"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/members/{id}");
        Assert.Equal(("<img src=x onerror=alert(1)> 悪意 太郎", "悪意"), (stored.GetProperty("displayName").GetString(), stored.GetProperty("shortName").GetString()));
        using var deleted = await app.Client.DeleteAsync($"api/members/{id}");
    }

    /// <summary>Sign-in, leads and reports find people by address: a second member with one already taken is refused (F10.11).</summary>
    [Theory]
    [InlineData("sato@onduty.example")]
    [InlineData(" Sato@OnDuty.Example ")]
    public async Task PostMember_AddressAnotherMemberHas_Is409NamingEmailAndStoresNothing(string email)
    {
        var id = "dup-" + Guid.NewGuid().ToString("n")[..8];

        using var response = await app.Client.PostAsync("api/members", Json($$"""{"id":"{{id}}","displayName":"佐藤 二郎","email":"{{email}}","language":"ja","joinedOn":"2024-04-01"}"""));

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("sato", Assert.Single(problem.GetProperty("errors").GetProperty("email").EnumerateArray()).GetString(), StringComparison.Ordinal);
        using var get = await app.Client.GetAsync($"api/members/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    /// <summary>The address check is not read-then-write: parallel creates with one new address store exactly one member.</summary>
    [Fact]
    public async Task PostMember_ParallelCreatesWithOneNewAddress_One201AndTheRest409NamingEmail()
    {
        const int Writers = 6;
        var run = Guid.NewGuid().ToString("n")[..8];
        var email = $"twin-{run}@onduty.example";
        var ids = Enumerable.Range(0, Writers).Select(i => $"twin-{run}-{i}").ToList();

        var responses = await Task.WhenAll(ids.Select(id =>
            app.Client.PostAsync("api/members", Json($$"""{"id":"{{id}}","displayName":"双子","email":"{{email}}","language":"ja","joinedOn":"2024-04-01"}"""))));

        try
        {
            var created = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            var winner = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            foreach (var refused in responses.Where(r => r != created))
            {
                var problem = await ProblemAsync(refused, HttpStatusCode.Conflict);
                Assert.Contains($"'{winner}'", Assert.Single(problem.GetProperty("errors").GetProperty("email").EnumerateArray()).GetString(), StringComparison.Ordinal);
            }

            var listed = (await app.Client.GetFromJsonAsync<JsonElement>("api/members")).GetProperty("items").EnumerateArray()
                .Where(m => string.Equals(m.GetProperty("email").GetString(), email, StringComparison.OrdinalIgnoreCase))
                .Select(m => m.GetProperty("id").GetString());
            Assert.Equal([winner], listed);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task PutMember_ChangingToAnAddressAnotherMemberHas_Is409AndKeepsTheOld_KeepingItsOwnIsFine()
    {
        var id = "dup-" + Guid.NewGuid().ToString("n")[..8];
        using var created = await app.Client.PutAsync($"api/members/{id}", Json($$"""{"displayName":"小林 誠","email":"{{id}}@onduty.example","language":"ja","joinedOn":"2024-04-01"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var clash = new HttpRequestMessage(HttpMethod.Put, $"api/members/{id}") { Content = Json("""{"displayName":"小林 誠","email":"EMMA@onduty.example","language":"ja","joinedOn":"2024-04-01"}""") };
        clash.Headers.TryAddWithoutValidation("If-Match", "*");
        using var clashResponse = await app.Client.SendAsync(clash);
        var problem = await ProblemAsync(clashResponse, HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _), problem.GetRawText());

        using var own = new HttpRequestMessage(HttpMethod.Put, $"api/members/{id}") { Content = Json($$"""{"displayName":"小林 誠 (改)","email":"{{id.ToUpperInvariant()}}@onduty.example","language":"ja","joinedOn":"2024-04-01"}""") };
        own.Headers.TryAddWithoutValidation("If-Match", "*");
        using var ownResponse = await app.Client.SendAsync(own);
        Assert.Equal(HttpStatusCode.OK, ownResponse.StatusCode);

        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/members/{id}");
        Assert.Equal("小林 誠 (改)", stored.GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("""{"displayName":"X","email":"not-an-email","language":"ja","joinedOn":"2023-04-01"}""", "email")]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","language":"fr","joinedOn":"2023-04-01"}""", "must be one of: ja, en")]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","language":"ja","timeZone":"Tokyo/Nowhere","joinedOn":"2023-04-01"}""", "timeZone")]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","language":"ja","joinedOn":"2023-04-01","shoeSize":42}""", "shoeSize")]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","language":"ja","joinedOn":20230401}""", "must be a date (YYYY-MM-DD)")]
    [InlineData("""{"displayName":"X",""", "body")]
    public async Task PutMember_InvalidBody_Is400NamingTheFieldAndStoresNothing(string json, string named)
    {
        var id = "bad-" + Guid.NewGuid().ToString("n")[..8];

        using var response = await app.Client.PutAsync($"api/members/{id}", Json(json));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(named, problem.GetRawText());
        using var get = await app.Client.GetAsync($"api/members/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    /// <summary>
    /// Trial 37 L1: a member's PUT with several values of the wrong kind named only the first; the caller fixed it, sent it again,
    /// and met the next. Every bad value is named at once, each with what it must be; nothing stored.
    /// </summary>
    [Fact]
    public async Task PutMember_SeveralBadValues_Is400NamingEveryOneOfThem_AndStoresNothing()
    {
        var id = "bad-" + Guid.NewGuid().ToString("n")[..8];

        using var response = await app.Client.PutAsync($"api/members/{id}", Json(
            $$"""{"displayName":"X","email":"{{id}}@onduty.example","language":"fr","level":"expert","joinedOn":"2023/04/01","active":"yes"}"""));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(v => v.GetString()).Single());
        Assert.Equal(["active", "joinedOn", "language", "level"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("must be one of: ja, en", errors["language"]);
        Assert.StartsWith("must be one of: ", errors["level"], StringComparison.Ordinal);
        Assert.Equal("must be a date (YYYY-MM-DD)", errors["joinedOn"]);
        Assert.Equal("must be true or false", errors["active"]);
        using var get = await app.Client.GetAsync($"api/members/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    /// <summary>A name with a line break would add lines to the plain-text page mail (a forged 「対応します」 under 担当：, trial 31b).</summary>
    [Theory]
    [InlineData(@"伊藤\r\nATTENDEE:mailto:evil@onduty.example")]
    [InlineData(@"伊藤\u0085さくら")]
    [InlineData(@"伊藤\u2028さくら")]
    [InlineData(@"伊藤\tさくら")]
    public async Task PutMember_DisplayNameWithControlCharacters_Is400NamingDisplayNameAndStoresNothing(string escapedName)
    {
        var id = "ctl-" + Guid.NewGuid().ToString("n")[..8];
        var json = $$"""{"displayName":"{{escapedName}}","email":"{{id}}@onduty.example","language":"ja","joinedOn":"2023-04-01"}""";

        using var response = await app.Client.PutAsync($"api/members/{id}", Json(json));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").GetProperty("displayName").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("must not contain control characters or line breaks", errors);
        using var get = await app.Client.GetAsync($"api/members/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData("""{"from":"2027-06-01","to":"2027-06-02","by":"佐藤\n対応します：https://evil.example"}""", "by")]
    [InlineData("""{"from":"2027-06-01","to":"2027-06-02","note":"通院\r\n担当：佐藤"}""", "note")]
    public async Task AddLeave_ByOrNoteWithLineBreak_Is400NamingTheFieldAndStoresNothing(string json, string field)
    {
        using var response = await app.Client.PostAsync("api/members/emma/leave", Json(json));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        var leave = await app.Client.GetFromJsonAsync<JsonElement>("api/members/emma/leave");
        Assert.DoesNotContain(leave.GetProperty("items").EnumerateArray(), l => l.GetProperty("from").GetString() == "2027-06-01");
    }

    [Fact]
    public async Task PutMember_OversizedBody_Is413()
    {
        var json = "{\"displayName\":\"" + new string('x', 70 * 1024) + "\"}";

        using var response = await app.Client.PutAsync("api/members/huge", Json(json));

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AddLeave_WithBy_KeptAndListed_WithoutBy_Null()
    {
        using var with = await app.Client.PostAsync("api/members/emma/leave", Json("""{"from":"2027-05-10","to":"2027-05-11","note":"dentist","by":" 佐藤 花子 "}"""));
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
        Assert.Equal("佐藤 花子", (await with.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("by").GetString());
        using var without = await app.Client.PostAsync("api/members/emma/leave", Json("""{"from":"2027-05-20","to":"2027-05-20"}"""));
        Assert.Equal(HttpStatusCode.Created, without.StatusCode);

        var leave = (await app.Client.GetFromJsonAsync<JsonElement>("api/members/emma/leave")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("佐藤 花子", leave.Single(l => l.GetProperty("from").GetString() == "2027-05-10").GetProperty("by").GetString());
        Assert.Equal(JsonValueKind.Null, leave.Single(l => l.GetProperty("from").GetString() == "2027-05-20").GetProperty("by").ValueKind);
    }

    /// <summary>
    /// Leave for days already past (a sick day reported afterwards): 201, recorded, no warnings, and <c>notes</c> say the days are
    /// past and the rota does not change. Leave that ended longer ago than leave is kept (Retention__Leave): 400 naming <c>to</c>.
    /// </summary>
    [Fact]
    public async Task AddLeave_ForDaysAlreadyPast_201WithNotesAndNoWarnings_EndedLongerAgoThanKept_400NamingTo()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);
        var (from, to) = (today.AddDays(-6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), today.AddDays(-5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        using var past = await app.Client.PostAsync("api/members/liam/leave", Json($$"""{"from":"{{from}}","to":"{{to}}","note":"発熱"}"""));

        Assert.Equal(HttpStatusCode.Created, past.StatusCode);
        var body = await past.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(body.GetProperty("warnings").EnumerateArray());
        Assert.Equal([$"{from} to {to} are past days: the leave is recorded and the duty rota does not change"], body.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        var leave = await app.Client.GetFromJsonAsync<JsonElement>("api/members/liam/leave");
        Assert.Single(leave.GetProperty("items").EnumerateArray(), l => l.GetProperty("from").GetString() == from && l.GetProperty("to").GetString() == to);

        using var old = await app.Client.PostAsync("api/members/liam/leave", Json("""{"from":"2020-01-06","to":"2020-01-07"}"""));
        var problem = await ProblemAsync(old, HttpStatusCode.BadRequest);
        Assert.Equal(["is more than 365 days ago: leave is kept 365 days after it ends (Retention__Leave)"], problem.GetProperty("errors").GetProperty("to").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AddLeave_OverlappingLeave_Is400AndListsOnlyTheFirst()
    {
        using var first = await app.Client.PostAsync("api/members/tanaka/leave", Json("""{"from":"2027-03-01","to":"2027-03-05","note":"家族旅行"}"""));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var overlapping = await app.Client.PostAsync("api/members/tanaka/leave", Json("""{"from":"2027-03-04","to":"2027-03-08"}"""));
        await ProblemAsync(overlapping, HttpStatusCode.BadRequest);

        var leave = await app.Client.GetFromJsonAsync<JsonElement>("api/members/tanaka/leave");
        Assert.Single(leave.GetProperty("items").EnumerateArray(), l => l.GetProperty("from").GetString()!.StartsWith("2027-03", StringComparison.Ordinal));
    }
}
