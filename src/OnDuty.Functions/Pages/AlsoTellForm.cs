using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;

namespace OnDuty.Functions.Pages;

/// <summary>The incident page's update form, 「ほかにも知らせる：」: one checkbox per audience offered (<see cref="IncidentWorkPageNotice.AlsoTellPrefix"/>).</summary>
internal static class AlsoTellForm
{
    /// <summary>The audiences checked, as posted (the update checks them against the configured ones); null when none.</summary>
    public static IReadOnlyList<string>? Checked(PageForm form)
    {
        var names = form.Values
            .Where(v => v.Key.StartsWith(IncidentWorkPageNotice.AlsoTellPrefix, StringComparison.Ordinal) && v.Value.Trim() == "true")
            .Select(v => v.Key[IncidentWorkPageNotice.AlsoTellPrefix.Length..])
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return names.Count == 0 ? null : names;
    }

    /// <summary>The update's edit with the audiences checked: an update may be only that (the missed audience reads the current state).</summary>
    public static IncidentEdit? With(IncidentEdit? edit, IReadOnlyList<string>? alsoTell) =>
        alsoTell is null ? edit : (edit ?? new IncidentEdit()) with { AlsoTell = alsoTell };
}
