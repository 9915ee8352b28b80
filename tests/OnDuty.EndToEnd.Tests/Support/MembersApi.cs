using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>Roster changes through the members API as a script makes them: read the member, change a field, write it back with its ETag.</summary>
internal static class MembersApi
{
    /// <summary>Sets (or, with null, clears) a member's phone; returns it as stored (null when none).</summary>
    public static async Task<string?> SetPhoneAsync(HttpClient client, string memberId, string? phone)
    {
        using var current = await client.GetAsync($"api/members/{memberId}");
        var member = JsonNode.Parse(await current.Content.ReadAsStringAsync())!;
        member["phone"] = phone;
        using var put = new HttpRequestMessage(HttpMethod.Put, $"api/members/{memberId}") { Content = JsonContent.Create(member) };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        using var response = await client.SendAsync(put);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var stored = await client.GetFromJsonAsync<JsonElement>($"api/members/{memberId}");
        return stored.TryGetProperty("phone", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
