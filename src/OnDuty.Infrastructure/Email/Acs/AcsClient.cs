using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace OnDuty.Infrastructure.Email.Acs;

/// <summary>
/// What the ACS adapters (email, SMS) share: one Azure.Core pipeline signed with the access key of a connection string
/// (<see cref="AcsHmacAuthenticationPolicy"/>) or with an Entra ID token for the resource's endpoint, and how the service's
/// errors read.
/// </summary>
internal static class AcsClient
{
    internal const string Scope = "https://communication.azure.com/.default";

    /// <summary>
    /// The pipeline for a connection string or, without one, an endpoint reached with a managed identity. The outbox owns
    /// retries across time: inside one attempt the pipeline does not retry. <paramref name="settings"/> names the settings
    /// (<c>Email__Acs</c>, <c>Sms</c>) in the message when one is invalid.
    /// </summary>
    public static (HttpPipeline Pipeline, Uri Endpoint, bool UsesAccessKey) Create(
        string? connectionString, string? endpoint, string? managedIdentityClientId, TimeProvider time, string settings)
    {
        var clientOptions = new AcsClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            if (!AcsConnectionString.TryParse(connectionString, out var connection, out var error))
            {
                throw new InvalidOperationException($"{settings}__ConnectionString is not a valid ACS connection string ({error}).");
            }

            return (HttpPipelineBuilder.Build(clientOptions, new AcsHmacAuthenticationPolicy(connection!.AccessKey, time)), connection.Endpoint, true);
        }

        if (!AcsConnectionString.TryParseEndpoint(endpoint, out var uri, out var endpointError))
        {
            throw new InvalidOperationException($"{settings}__Endpoint {endpointError}.");
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(managedIdentityClientId) ? null : managedIdentityClientId,
        });
        return (HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(credential, Scope)), uri!, false);
    }

    /// <summary>The service's <c>error.code: error.message</c>, or the start of the body.</summary>
    public static string Describe(Response response)
    {
        var text = response.Content.ToString();
        try
        {
            if (Error(JsonNode.Parse(text)?["error"]) is { } error)
            {
                return error;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Not the service's JSON error; fall back to the raw text.
        }

        return string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase : Excerpt(text);
    }

    /// <summary><c>code: message</c> of an ACS error object, or null when it is none.</summary>
    public static string? Error(JsonNode? error)
    {
        if (error is not JsonObject)
        {
            return null;
        }

        var code = error["code"]?.ToString();
        var message = error["message"]?.ToString();
        return (code, message) switch
        {
            (null, null) => null,
            (null, _) => message,
            (_, null) => code,
            _ => $"{code}: {message}",
        };
    }

    /// <summary>The first 300 characters of a body, for a message.</summary>
    public static string Excerpt(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private sealed class AcsClientOptions : ClientOptions;
}
