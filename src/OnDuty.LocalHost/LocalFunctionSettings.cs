namespace OnDuty.LocalHost;

/// <summary>Settings of one function in LocalHost (<c>LocalHost__Functions__{FunctionName}__…</c>).</summary>
public sealed class LocalFunctionSettings
{
    /// <summary>Named keys valid for this function only (<c>…__Keys__{name}</c>).</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
