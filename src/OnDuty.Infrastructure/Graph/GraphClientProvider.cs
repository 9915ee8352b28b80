using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;

namespace OnDuty.Infrastructure.Graph;

/// <summary>
/// The one <see cref="GraphServiceClient"/> of the app, aimed at <c>Graph__BaseUrl</c>. Its HttpClient is built with
/// Graph's default handler chain (<see cref="GraphClientFactory.CreateDefaultHandlers"/>: retry honouring 429/503
/// Retry-After, redirect, user agent, …) so tests reach a loopback server through the same handlers as production.
/// Tokens come from the <see cref="TokenCredential"/> registered under <see cref="CredentialKey"/>.
/// </summary>
public sealed class GraphClientProvider : IDisposable
{
    /// <summary>DI key of the credential Graph tokens come from (tests register a fixed-token one).</summary>
    public const string CredentialKey = "graph";

    private readonly GraphOptions _options;
    private readonly Lazy<(HttpClient Http, GraphServiceClient Client)> _client;

    public GraphClientProvider(IOptions<GraphOptions> options, IServiceProvider services)
    {
        _options = options.Value;
        _client = new Lazy<(HttpClient, GraphServiceClient)>(() =>
        {
            var credential = services.GetRequiredKeyedService<TokenCredential>(CredentialKey);
            var http = CreateHttpClient(_options);
            return (http, new GraphServiceClient(http, CreateAuthenticationProvider(_options, credential), _options.BaseUrl.TrimEnd('/')));
        });
    }

    public bool Enabled => _options.Enabled;

    public GraphOptions Options => _options;

    /// <summary>The client; throws when Graph is not configured (callers check <see cref="Enabled"/>).</summary>
    public GraphServiceClient Client => Enabled
        ? _client.Value.Client
        : throw new InvalidOperationException("Microsoft Graph is not configured: set Graph__TenantId (and a credential).");

    /// <summary>Graph's default handlers (the retry handler honours Retry-After) over a pooled socket handler.</summary>
    internal static HttpClient CreateHttpClient(GraphOptions options)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var http = GraphClientFactory.Create(handlers, finalHandler: new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        http.Timeout = options.Timeout;
        return http;
    }

    /// <summary>Bearer tokens for the Graph host only (the base URL's host, so a loopback test server gets them too).</summary>
    internal static IAuthenticationProvider CreateAuthenticationProvider(GraphOptions options, TokenCredential credential)
    {
        var host = new Uri(options.BaseUrl).Host;
        return new AzureIdentityAuthenticationProvider(credential, allowedHosts: [host], scopes: [options.Scope]);
    }

    /// <summary>The app-only credential the options name: client secret, certificate, or managed identity.</summary>
    internal static TokenCredential CreateCredential(GraphOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            return new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret);
        }

        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            // A PEM file or a PFX without a password loads from its path; a protected PFX needs the password.
            return string.IsNullOrEmpty(options.CertificatePassword)
                ? new ClientCertificateCredential(options.TenantId, options.ClientId, options.CertificatePath)
                : new ClientCertificateCredential(
                    options.TenantId,
                    options.ClientId,
                    X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword));
        }

        return string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Client.Dispose();
            _client.Value.Http.Dispose();
        }
    }
}
