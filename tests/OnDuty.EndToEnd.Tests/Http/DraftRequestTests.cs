using System.Text.Json;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;
using OnDuty.Functions.Incidents;

namespace OnDuty.EndToEnd.Tests.Http;

/// <summary>
/// <c>PUT /api/incidents/{id}/drafts</c> takes back what GET answers: each field is one PUT sets or one of
/// <see cref="DraftRequest.ReadOnlyFields"/> (the names beside the ids among them), ignored; any other is refused. No host needed.
/// </summary>
public sealed class DraftRequestTests
{
    private static readonly IncidentDraft Draft = new()
    {
        Language = Language.En,
        CustomerNotice = "Reviewed",
        Workaround = "Pay on the web",
        Faq = [new DraftQuestion("Charged twice?", "No.")],
        Status = DraftStatus.Approved,
        ApprovedBy = "PR: Sato",
        ApprovedAt = DateTimeOffset.Parse("2026-12-06T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        SavedBy = "sato",
        SavedAt = DateTimeOffset.Parse("2026-12-06T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        SavedInStatus = IncidentStatus.Investigating,
    };

    private static System.Text.Json.Nodes.JsonObject View() =>
        JsonSerializer.SerializeToNode(DraftsFunctions.View("INC-2026-0001", Draft, saved: true, IncidentStatus.Investigating, ["status"], "v1.inputs", MemberNames.None, "INC-2026-0009"), ApiJson.Options)!.AsObject();

    /// <summary>A field added to GET's answer must be added to the request or to the read-only list, or a GET body PUT back is refused.</summary>
    [Fact]
    public void EveryFieldGetAnswers_IsSetByPutOrReadOnly()
    {
        var answered = View().Select(p => p.Key).ToList();
        var set = ApiJson.Options.GetTypeInfo(typeof(DraftRequest)).Properties.Where(p => !p.IsExtensionData).Select(p => p.Name);

        Assert.Contains("approvedByName", answered);
        Assert.Contains("savedByName", answered);
        Assert.Contains("mergedInto", answered);
        Assert.Empty(answered.Except(set, StringComparer.Ordinal).Except(DraftRequest.ReadOnlyFields, StringComparer.Ordinal));
        Assert.Empty(DraftRequest.ReadOnlyFields.Intersect(set, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ReadJsonTakingBackAsync_GetBodyWithOneChange_ReadOnlyFieldsIgnored()
    {
        var body = View();
        body["customerNotice"] = "Reviewed again";

        var request = await ReadAsync(body.ToJsonString());

        Assert.Equal(("Reviewed again", DraftStatus.Approved, "PR: Sato", "v1.inputs"), (request.CustomerNotice, request.Status, request.ApprovedBy, request.Inputs));
        Assert.Contains("savedByName", request.Undeclared!.Keys);
        Assert.Contains("approvedByName", request.Undeclared!.Keys);
    }

    [Fact]
    public async Task ReadJsonTakingBackAsync_AnotherUnknownField_Refused()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => ReadAsync("""{"customerNotice":"x","savedByName":"佐藤","shoeSize":42}"""));

        Assert.StartsWith("is not a field of this request (its fields: ", Assert.Single(error.Errors["shoeSize"]), StringComparison.Ordinal);
        Assert.False(error.Errors.ContainsKey("savedByName"));
    }

    private static Task<DraftRequest> ReadAsync(string json) =>
        RequestBody.ReadJsonTakingBackAsync<DraftRequest>(JsonRequests.Of(json), CancellationToken.None);
}
