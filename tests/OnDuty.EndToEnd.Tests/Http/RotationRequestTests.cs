using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Functions.Http;
using OnDuty.Functions.Rotations;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Http;

/// <summary>
/// <c>PUT /api/rotations/{id}</c> takes back what GET answers: each field is one PUT sets or one of
/// <see cref="RotationRequest.ReadOnlyFields"/>, ignored; any other is refused as for every request. No host needed.
/// </summary>
public sealed class RotationRequestTests
{
    private static readonly Rotation Rotation = new()
    {
        TimeZone = TestZones.Tokyo,
        Id = "second-line",
        Name = "Second line",
        NameJa = "二次対応",
        StartDate = new DateOnly(2026, 12, 7),
        Members = ["yamada", "sato"],
        PreviousCadences = [new Cadence { StartDate = new DateOnly(2026, 11, 2), HandoffDay = DayOfWeek.Monday, HandoffTime = new TimeOnly(10, 0), ShiftWeeks = 1 }],
    };

    /// <summary>A field added to GET's answer must be added to the request or to the read-only list, or a GET body PUT back is refused.</summary>
    [Fact]
    public void EveryFieldGetAnswers_IsSetByPutOrReadOnly()
    {
        var answered = RotationsFunctions.View(Rotation, paging: "incident-duty").Select(p => p.Key).ToList();
        var set = ApiJson.Options.GetTypeInfo(typeof(RotationRequest)).Properties.Where(p => !p.IsExtensionData).Select(p => p.Name);

        Assert.Contains("pagingNote", answered);
        Assert.Contains("previousCadences", answered);
        Assert.Empty(answered.Except(set, StringComparer.Ordinal).Except(RotationRequest.ReadOnlyFields, StringComparer.Ordinal));
        Assert.Empty(RotationRequest.ReadOnlyFields.Intersect(set, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ReadJsonTakingBackAsync_GetBodyWithOneChange_ReadOnlyFieldsIgnored()
    {
        var body = RotationsFunctions.View(Rotation, paging: "incident-duty");
        body["name"] = "Second line (new)";

        var request = await ReadAsync(body.ToJsonString());
        var rotation = request.ToRotation("second-line", Rotation.TimeZone);

        Assert.Equal("Second line (new)", rotation.Name);
        Assert.Empty(rotation.PreviousCadences);
        Assert.Equal(["firstStartDate", "pagesIncidents", "pagingNote", "previousCadences"], request.Undeclared!.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>The answer to a PUT that moved the start later past the running shift (<c>heldOver</c>) can be sent back as it is.</summary>
    [Fact]
    public async Task ReadJsonTakingBackAsync_PutAnswerWithHeldOver_Ignored()
    {
        var body = RotationsFunctions.View(Rotation, paging: "incident-duty");
        body["heldOver"] = new System.Text.Json.Nodes.JsonObject { ["weeks"] = new System.Text.Json.Nodes.JsonArray("2026-W49"), ["ja"] = "…", ["en"] = "…" };

        var request = await ReadAsync(body.ToJsonString());

        Assert.Equal(Rotation.StartDate, request.ToRotation("second-line", Rotation.TimeZone).StartDate);
        Assert.Contains("heldOver", request.Undeclared!.Keys);
    }

    [Fact]
    public async Task ReadJsonTakingBackAsync_AnotherUnknownField_RefusedNamingTheFieldsItTakes()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync("""{"name":"x","startDate":"2026-12-07","members":[],"pagesIncidents":true,"shoeSize":42}"""));

        var said = Assert.Single(error.Errors["shoeSize"]);
        Assert.StartsWith("is not a field of this request (its fields: id, name, ", said, StringComparison.Ordinal);
        Assert.EndsWith(", by, previousCadences, pagesIncidents, pagingNote, firstStartDate, heldOver)", said, StringComparison.Ordinal);
        Assert.DoesNotContain("undeclared", said, StringComparison.OrdinalIgnoreCase);
    }

    private static Task<RotationRequest> ReadAsync(string json) =>
        RequestBody.ReadJsonTakingBackAsync<RotationRequest>(JsonRequests.Of(json), CancellationToken.None);
}
