namespace OnDuty.Core.Team;

public static class EmailAddress
{
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
