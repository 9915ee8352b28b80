using OnDuty.Core.Common;

namespace OnDuty.Core.Alerts;

/// <summary>A severity as people and settings write it: <c>sev1</c> … <c>sev4</c>, any case.</summary>
public static class SeverityLabel
{
    /// <summary>The severity <paramref name="text"/> names (trimmed), or null when it names none.</summary>
    public static AlertSeverity? Parse(string? text)
    {
        var t = text?.Trim() ?? "";
        return t.Length == 4 && t.StartsWith("sev", StringComparison.OrdinalIgnoreCase) && t[3] is >= '1' and <= '4' ? (AlertSeverity)(t[3] - '0') : null;
    }

    /// <summary>What a request is told when <paramref name="text"/> names no severity.</summary>
    public static string Problem(string text) => $"'{PersonText.Quote(text.Trim())}' is not a severity (sev1, sev2, sev3 or sev4)";
}
