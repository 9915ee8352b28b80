using OnDuty.Core.Comms;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The retro page's 「関係者への最終報」 section: the draft (<see cref="FinalReportService.GetAsync"/>), the form's values as typed (a preview
/// or a refused send shows them again), the mail as it will go (after 「プレビュー」, with the confirmation naming the audiences and how many
/// addresses), and problems by form field.
/// </summary>
public sealed record FinalReportSection(FinalReportDraft Draft)
{
    /// <summary>The form's values (<c>fr.summary</c>, <c>fr.m0.keep</c> …); null: the draft's text, every measure ticked.</summary>
    public IReadOnlyDictionary<string, string>? Values { get; init; }

    /// <summary>The mail in the reader's language, after 「プレビュー」 with nothing wrong; null otherwise.</summary>
    public RenderedEmail? Preview { get; init; }

    /// <summary>With <see cref="Preview"/>: the same mail in each other language its readers read (<see cref="FinalReportDraft.Languages"/>).</summary>
    public IReadOnlyDictionary<Language, RenderedEmail> OtherPreviews { get; init; } = new Dictionary<Language, RenderedEmail>();

    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>Whether the visitor may send it (a roster member signed in); false: the section shows where it stands only.</summary>
    public bool MayAct { get; init; } = true;
}
