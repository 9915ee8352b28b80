using System.Text.RegularExpressions;

namespace OnDuty.Core.Common;

/// <summary>Ids chosen by people (member ids, rotation ids): lower-case slugs that are safe as table keys and in URLs.</summary>
public static partial class Slug
{
    public const int MaxLength = 64;

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    public const string Rule = "must be 1-64 characters of a-z, 0-9 and '-', not starting or ending with '-'";
}
