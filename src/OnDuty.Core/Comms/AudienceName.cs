using OnDuty.Core.Common;

namespace OnDuty.Core.Comms;

/// <summary>
/// An audience's configured name (<c>Comms__Audiences__{name}</c>) as the stakeholders' view takes it in its address
/// (<c>…/overview?for=execs</c>): at most <see cref="MaxLength"/> letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.
/// </summary>
public static class AudienceName
{
    public const int MaxLength = 64;

    /// <summary>The query parameter of the stakeholders' view that names the reader's audience.</summary>
    public const string Parameter = "for";

    /// <summary>What a well-formed name is made of, as a page words it in its reader's language.</summary>
    public static ValueRule Rule { get; } = ValueRule.Name(MaxLength);

    public static bool IsWellFormed(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>
    /// <paramref name="value"/> of <see cref="Parameter"/> as a name, null when empty (the general view).
    /// </summary>
    /// <exception cref="ValidationException">Too long, or other characters than the name's.</exception>
    public static string? Parse(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : IsWellFormed(value) ? value
        : throw new ValidationException(Parameter, $"must be an audience's name (Comms__Audiences__{{name}}): at most {MaxLength} letters, digits, '-', '_' or '.'")
        {
            Rules = new Dictionary<string, ValueRule> { [Parameter] = Rule },
        };
}
