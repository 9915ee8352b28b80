using System.Text.Json;

namespace OnDuty.Functions.Http;

/// <summary>
/// A request body that takes back, and ignores, the read-only fields its resource's GET answers, so a body read with GET can be
/// sent back with one field changed. <see cref="ReadOnlyFields"/> is the one list of them: the request type does not declare
/// them, and <see cref="RequestBody.ReadJsonAsync{T}"/> refuses every other field it does not have, as for any request.
/// </summary>
public interface ITakesBackReadOnlyFields
{
    /// <summary>The fields GET answers that the request does not set (camelCase, as the API writes them).</summary>
    static abstract IReadOnlyList<string> ReadOnlyFields { get; }

    /// <summary>Every field of the body the type does not declare (<see cref="System.Text.Json.Serialization.JsonExtensionDataAttribute"/>).</summary>
    IDictionary<string, JsonElement>? Undeclared { get; }
}
