using Azure.Core;

namespace OnDuty.Testing;

/// <summary>A credential that hands out one fixed token (for loopback fakes that check <c>Authorization: Bearer …</c>).</summary>
public sealed class StaticTokenCredential(string token) : TokenCredential
{
    public List<string[]> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (Scopes)
        {
            Scopes.Add(requestContext.Scopes);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
