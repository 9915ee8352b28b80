using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

/// <summary>Telling an audience the severity did not choose: the update form's 「ほかにも知らせる：」 and its timeline line.</summary>
public sealed partial class NoticeRenderer
{
    /// <summary>
    /// The update form's 「ほかにも知らせる：」: a checkbox per audience neither told so far nor the severity's, by the name the page's
    /// readers know it; none (the choice hidden) when every audience is reached already.
    /// </summary>
    private static IReadOnlyList<FieldView> AlsoTellFields(IncidentWorkPageNotice n, IReadOnlyDictionary<string, string[]> errors, bool failed, Phrases p) =>
        n.AlsoTellChoices.Count == 0 && !errors.ContainsKey("alsoTell") ? [] :
        [
            // A confidential incident tells no audience by its severity: only those picked here, and the form says so beside them.
            new FieldView("alsoTell", p["PmPage.Field.alsoTell"], n.Details.Incident.Value.Confidential ? p["PmPage.Update.Confidential"] : p["PmPage.Hint.alsoTell"], "checks", "", FirstError(errors, "alsoTell", p), false, 0,
                [.. n.AlsoTellChoices.Select(a => new OptionView(IncidentWorkPageNotice.AlsoTellPrefix + a, n.AudienceNames.GetValueOrDefault(a) ?? a,
                    failed && n.Values.GetValueOrDefault(IncidentWorkPageNotice.AlsoTellPrefix + a)?.Trim() == "true"))]),
        ];

    /// <summary>An update's row that told audiences besides the severity's: 「サポートにも知らせました。」 / "Also told Support.". Null otherwise.</summary>
    private static string? AlsoToldLine(TimelineEntry t, IReadOnlyDictionary<string, string> names, Phrases p) =>
        t.AlsoTold is { Count: > 0 } added ? p.Format("PmPage.Timeline.AlsoTold", Audiences(added, names, p)) : null;
}
