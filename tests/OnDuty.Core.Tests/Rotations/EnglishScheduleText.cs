using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>The schedule's reasons and notes as an English reader sees them, for the builder's members (display name = capitalised id).</summary>
internal static class EnglishScheduleText
{
    private static readonly ScheduleText Text = ScheduleText.For(
        Language.En,
        ScheduleInputBuilder.WithSeniors("aiko", "ben", "chie", "dan", "emi", "fumi", "jun", "kei", "lin", "emma", "sato").Build().Roster);

    public static string En(this AssignmentReason reason) => Text.Reason(reason);

    public static IReadOnlyList<string> En(this IReadOnlyList<ScheduleNote> notes) => Text.Notes(notes);
}
