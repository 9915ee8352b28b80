namespace OnDuty.Infrastructure;

/// <summary>
/// What is wrong with a storage connection string (<c>Storage__ConnectionString</c>, <c>AzureWebJobsStorage</c>), in the admin's
/// words: which setting, what is wrong, what to do. Never the string itself (it holds the account key), never an exception's type.
/// </summary>
internal static class StorageConnectionStrings
{
    private const string Fix =
        "copy the connection string from the storage account's Access keys page in the Azure portal (DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net), or use UseDevelopmentStorage=true for Azurite";

    /// <summary>
    /// Null when <paramref name="value"/> is empty or <paramref name="parse"/> (the storage client's constructor) takes it; otherwise
    /// one sentence naming <paramref name="setting"/>.
    /// </summary>
    public static string? Problem(string setting, string? value, Action<string> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var what = WhatIsWrong(value);
        if (what is null)
        {
            try
            {
                parse(value);
                return null;
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
            {
                // The exception's text may quote the string, key and all: it is not repeated.
                what = "the storage client cannot read it (check for a missing or misspelled part, or a value cut short when pasted)";
            }
        }

        return $"{setting} is not a valid connection string: {what} (the value is not shown: it may hold the account key). Fix: {Fix}.";
    }

    /// <summary>The mistakes the string shows by itself; null when it looks right (the client's parse then decides).</summary>
    private static string? WhatIsWrong(string value)
    {
        var parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToList();
        if (parts.Any(part => part.Length < 2 || part[0].Length == 0))
        {
            return "it must be name=value parts separated by ';', and a part has no '='";
        }

        string? Part(string name) => parts.FirstOrDefault(part => string.Equals(part[0], name, StringComparison.OrdinalIgnoreCase))?[1];
        if (Part("AccountKey") is { } key && !Convert.TryFromBase64String(key, new byte[key.Length], out _))
        {
            return "AccountKey is not valid base64";
        }

        var endpoints = parts.Any(part => part[0].EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase));
        if (Part("UseDevelopmentStorage") is null && Part("AccountName") is null && !endpoints)
        {
            return "it names no storage account (AccountName=…)";
        }

        if (Part("AccountName") is not null && Part("AccountKey") is null && Part("SharedAccessSignature") is null)
        {
            return "it names the account but has no AccountKey";
        }

        return null;
    }
}
