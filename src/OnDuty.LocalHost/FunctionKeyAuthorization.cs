using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.LocalHost;

/// <summary>Enforces authorization levels with local keys, as Azure does (Core Tools does not).</summary>
internal sealed class FunctionKeyAuthorization
{
    public const string KeyHeader = "x-functions-key";
    public const string KeyQuery = "code";

    private readonly byte[] _masterKeyHash;
    private readonly IReadOnlyList<byte[]> _functionKeyHashes;

    public FunctionKeyAuthorization(LocalHostOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.MasterKey))
        {
            throw new InvalidOperationException(
                "LocalHost needs a master key: set LocalHost__MasterKey in the Values of local.settings.json or as an environment variable.");
        }

        _masterKeyHash = Hash(options.MasterKey);
        _functionKeyHashes = options.FunctionKeys.Values.Where(k => !string.IsNullOrEmpty(k)).Select(Hash).ToList();
    }

    public bool IsAuthorized(HttpRequest request, AuthorizationLevel level)
    {
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        var key = PresentedKey(request);
        if (key is null)
        {
            return false;
        }

        var hash = Hash(key);
        var isMaster = CryptographicOperations.FixedTimeEquals(hash, _masterKeyHash);
        if (level != AuthorizationLevel.Function)
        {
            return isMaster;
        }

        // Compare against every key, without stopping at a match, so timing says nothing about which key matched.
        var matched = isMaster;
        foreach (var functionKeyHash in _functionKeyHashes)
        {
            matched |= CryptographicOperations.FixedTimeEquals(hash, functionKeyHash);
        }

        return matched;
    }

    public static IResult Unauthorized(AuthorizationLevel level) => Results.Problem(
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        title: "Unauthorized",
        statusCode: StatusCodes.Status401Unauthorized,
        detail: level == AuthorizationLevel.Function
            ? $"A function key or the master key is required, in the {KeyHeader} header or the {KeyQuery} query parameter."
            : $"The master key is required, in the {KeyHeader} header or the {KeyQuery} query parameter.");

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[KeyHeader].ToString();
        if (!string.IsNullOrEmpty(header))
        {
            return header;
        }

        var query = request.Query[KeyQuery].ToString();
        return string.IsNullOrEmpty(query) ? null : query;
    }

    // Hashing first gives equal-length inputs, so FixedTimeEquals does not leak the key's length either.
    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
