using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OnDuty.Core.Common;

namespace OnDuty.LocalHost;

/// <summary>
/// Enforces authorization levels with local keys, as Azure does (Core Tools does not): the master key opens everything,
/// host function keys every function-level function, a function's own keys that function only; admin needs the master key.
/// </summary>
internal sealed class FunctionKeyAuthorization
{
    public const string KeyHeader = "x-functions-key";
    public const string KeyQuery = "code";

    private readonly byte[] _masterKeyHash;
    private readonly IReadOnlyList<byte[]> _functionKeyHashes;
    private readonly Dictionary<string, IReadOnlyList<byte[]>> _perFunctionKeyHashes;

    public FunctionKeyAuthorization(LocalHostOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.MasterKey))
        {
            throw new SettingRefusedException(
                "LocalHost needs a master key: set LocalHost__MasterKey in the Values of local.settings.json or as an environment variable.");
        }

        _masterKeyHash = Hash(options.MasterKey);
        _functionKeyHashes = options.FunctionKeys.Values.Where(k => !string.IsNullOrEmpty(k)).Select(Hash).ToList();
        _perFunctionKeyHashes = options.Functions.ToDictionary(
            f => f.Key,
            f => (IReadOnlyList<byte[]>)[.. f.Value.Keys.Values.Where(k => !string.IsNullOrEmpty(k)).Select(Hash)],
            StringComparer.OrdinalIgnoreCase);
    }

    /// <param name="functionName">The function asked for; its own keys count only for it.</param>
    public bool IsAuthorized(HttpRequest request, AuthorizationLevel level, string? functionName = null)
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
        var own = functionName is not null && _perFunctionKeyHashes.TryGetValue(functionName, out var keys) ? keys : [];
        foreach (var functionKeyHash in _functionKeyHashes.Concat(own))
        {
            matched |= CryptographicOperations.FixedTimeEquals(hash, functionKeyHash);
        }

        return matched;
    }

    /// <summary>Whether the request presents the master key (which still runs a disabled function, as in Azure).</summary>
    public bool PresentsMasterKey(HttpRequest request) =>
        PresentedKey(request) is { } key && CryptographicOperations.FixedTimeEquals(Hash(key), _masterKeyHash);

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
