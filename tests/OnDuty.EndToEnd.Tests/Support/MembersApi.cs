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
        var stored = await SetAsync(client, memberId, "phone", phone);
        return stored.TryGetProperty("phone", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>Sets (or, with null, clears) one field of a member through the instance <paramref name="client"/> calls; returns the member as stored.</summary>
    public static async Task<JsonElement> SetAsync(HttpClient client, string memberId, string field, string? value)
    {
        using var current = await client.GetAsync($"api/members/{memberId}");
        var member = JsonNode.Parse(await current.Content.ReadAsStringAsync())!;
        member[field] = value;
        using var put = new HttpRequestMessage(HttpMethod.Put, $"api/members/{memberId}") { Content = JsonContent.Create(member) };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        using var response = await client.SendAsync(put);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await client.GetFromJsonAsync<JsonElement>($"api/members/{memberId}");
    }
}
