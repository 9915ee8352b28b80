namespace OnDuty.Core.Team;

public static class EmailAddress
{
    /// <summary>
    /// Whether two addresses reach the same person as far as OnDuty tells people apart: trimmed, letter case ignored (sign-in,
    /// leads and reports match members by address this way).
    /// </summary>
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254 || value.Any(char.IsWhiteSpace) || value.Contains('<') || value.Contains('>'))
        {
            return false;
        }

        var at = value.IndexOf('@');
        return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 3 && value[(at + 1)..].Contains('.');
    }
}
