using OnDuty.Core.Common;
using OnDuty.Functions.Http;
using OnDuty.Functions.Incidents;
using OnDuty.Functions.Retros;
using OnDuty.Functions.Rotations;
using OnDuty.Functions.Team;

namespace OnDuty.EndToEnd.Tests.Http;

/// <summary>
/// <see cref="RequestBody.ReadJsonAsync{T}"/> with JSON that is well-formed but holds a value of the wrong kind: the field named
/// with what it must be, in the API's spellings, never a .NET type name; "Malformed JSON" only for text that is not JSON.
/// </summary>
public sealed class RequestBodyJsonTests
{
    [Fact]
    public async Task ReadJsonAsync_UnknownSeverity_NamesSeverityWithTheAcceptedValues()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync<CreateIncidentRequest>("""{"title":"x","severity":"sev5"}"""));

        Assert.Equal(["must be one of: sev1, sev2, sev3, sev4"], error.Errors["severity"]);
    }

    [Fact]
    public async Task ReadJsonAsync_UnknownStatus_NamesStatus()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync<IncidentUpdateRequest>("""{"status":"fixed","message":"x"}"""));

        Assert.Equal(["must be one of: investigating, identified, monitoring, resolved"], error.Errors["status"]);
    }

    [Theory]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","language":"ja","level":"guru"}""", "level", "must be one of: auto, junior, senior")]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","language":"ja","area":"db"}""", "area", "must be one of: client, server")]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","language":"fr"}""", "language", "must be one of: ja, en")]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","language":"ja","joinedOn":"2024-13-01"}""", "joinedOn", "must be a date (YYYY-MM-DD)")]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","language":"ja","joinedOn":20240101}""", "joinedOn", "must be a date (YYYY-MM-DD)")]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","language":3}""", "language", "must be one of: ja, en")]
    [InlineData("""{"displayName":"X","email":"x@onduty.example","active":"yes"}""", "active", "must be true or false")]
    [InlineData("""{"displayName":42}""", "displayName", "must be a string")]
    public async Task ReadJsonAsync_MemberWithAValueOfTheWrongKind_NamesTheField(string json, string field, string expected)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync<MemberRequest>(json));

        Assert.Equal([expected], error.Errors[field]);
    }

    /// <summary>A field the request does not take is named with the fields it does take (「by」 where an acknowledgement takes memberId).</summary>
    [Fact]
    public async Task ReadJsonAsync_AFieldTheRequestDoesNotTake_NamesTheFieldsItTakes()
    {
        var ack = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync<AckRequest>("""{"by":"yamada"}"""));
        var member = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync<MemberRequest>("""{"displayName":"X","shoeSize":42}"""));

        Assert.Equal(["is not a field of this request (its fields: memberId)"], ack.Errors["by"]);
        var said = Assert.Single(member.Errors["shoeSize"]);
        Assert.StartsWith("is not a field of this request (its fields: ", said, StringComparison.Ordinal);
        Assert.Contains("displayName", said, StringComparison.Ordinal);
        Assert.Contains("email", said, StringComparison.Ordinal);
        Assert.DoesNotContain("shoeSize", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"x","handoffDay":"funday"}""", "handoffDay", "must be one of: sunday, monday, tuesday, wednesday, thursday, friday, saturday")]
    [InlineData("""{"name":"x","strategy":"random"}""", "strategy", "must be one of: staggered, block")]
    [InlineData("""{"name":"x","startDate":"2026-02-30"}""", "startDate", "must be a date (YYYY-MM-DD)")]
    [InlineData("""{"name":"x","handoffTime":"25:00"}""", "handoffTime", "must be a time of day (HH:mm)")]
    [InlineData("""{"name":"x","peoplePerShift":"two"}""", "peoplePerShift", "must be a whole number")]
    [InlineData("""{"name":"x","members":"yamada"}""", "members", "must be an array")]
    public async Task ReadJsonAsync_RotationWithAValueOfTheWrongKind_NamesTheField(string json, string field, string expected)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync<RotationRequest>(json));

        Assert.Equal([expected], error.Errors[field]);
    }

    [Theory]
    [InlineData("""{"from":"2026-12-32","to":"2026-12-31"}""", "from")]
    [InlineData("""{"from":"2026-12-01","to":"12/31/2026"}""", "to")]
    public async Task ReadJsonAsync_LeaveWithABadDate_NamesTheDate(string json, string field)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync<LeaveRequest>(json));

        Assert.Equal(["must be a date (YYYY-MM-DD)"], error.Errors[field]);
    }

    [Fact]
    public async Task ReadJsonAsync_BadValueInsideAList_NamesItsPlace()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync<RetroRequest>(
            """{"summary":"x","actionItems":[{"title":"a","due":"2026-12-31"},{"title":"b","due":"soon","status":"open"}]}"""));

        Assert.Equal(["must be a date (YYYY-MM-DD)"], error.Errors["actionItems[1].due"]);
    }

    [Fact]
    public async Task ReadJsonAsync_StartedAtNotADate_NamesItWithTheForm()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync<CreateIncidentRequest>("""{"title":"x","severity":"sev1","startedAt":"yesterday"}"""));

        Assert.StartsWith("must be a date and time (ISO 8601", Assert.Single(error.Errors["startedAt"]));
    }

    [Theory]
    [InlineData("""{"title":"x","severity":""")]
    [InlineData("""{"title":"x",}""")]
    [InlineData("""{"title" "x"}""")]
    public async Task ReadJsonAsync_TextThatIsNotJson_IsMalformedJson(string json)
    {
        var error = await Assert.ThrowsAsync<BadRequestBodyException>(() => ReadAsync<CreateIncidentRequest>(json));

        Assert.Equal("Malformed JSON", error.Title);
        Assert.DoesNotContain("OnDuty.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("42")]
    public async Task ReadJsonAsync_NotAnObject_SaysTheBodyMustBeAnObject(string json)
    {
        var error = await Assert.ThrowsAsync<BadRequestBodyException>(() => ReadAsync<MemberRequest>(json));

        Assert.Equal("Invalid body", error.Title);
        Assert.Equal("The JSON body must be an object.", error.Message);
    }

    [Theory]
    [InlineData("""{"title":"x","severity":"sev5"}""")]
    [InlineData("""{"title":"x","severity":"sev1","platforms":[1]}""")]
    [InlineData("""{"title":"x","severity":"sev1","affectedAreas":{"a":1}}""")]
    [InlineData("""{"title":"x","title":"y"}""")]
    [InlineData("""{"title":"x","severity":"sev1","by":null,"nope":[]}""")]
    [InlineData("[1]")]
    public async Task ReadJsonAsync_AnyRefusal_NamesNoDotNetType(string json)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ReadAsync<CreateIncidentRequest>(json));

        var said = error is ValidationException v ? string.Join(" ", v.Errors.Select(e => e.Key + " " + string.Join(" ", e.Value))) : error.Message;
        Assert.True(error is ValidationException or BadRequestBodyException, error.ToString());
        Assert.DoesNotContain("OnDuty.", said, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", said, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadJsonAsync_FieldGivenTwice_NamesIt()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync<MemberRequest>("""{"email":"a@onduty.example","email":"b@onduty.example"}"""));

        Assert.Equal(["is given more than once"], error.Errors["email"]);
    }

    private static Task<T> ReadAsync<T>(string json)
        where T : class =>
        RequestBody.ReadJsonAsync<T>(JsonRequests.Of(json), CancellationToken.None);
}
