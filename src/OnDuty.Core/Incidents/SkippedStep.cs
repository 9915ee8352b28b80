using System.Globalization;

namespace OnDuty.Core.Incidents;

/// <summary>An escalation step passed over, and why (kept as data on the timeline).</summary>
public sealed record SkippedStep(int Step, string Reason)
{
    public const string NobodyToPage = "nobody to page";

    public const string Overdue = "overdue: a later step was due (catching up after downtime)";

    /// <summary>{0}: the step; {1}: its people (addresses, <c>", "</c>-joined), every one paged about the incident already.</summary>
    public const string AlreadyPagedForm = "step {0} reaches nobody new: {1} paged already";

    /// <summary>{0}: the step; {1}: the leads (addresses, <c>", "</c>-joined), every one on leave, so it went on to the next step.</summary>
    public const string LeadsAwayForm = "step {0} passed over: {1} on leave";

    /// <summary>The leads' step <paramref name="step"/> had only leads on leave (<paramref name="addresses"/>): the next step is paged at once.</summary>
    public static SkippedStep LeadsAway(int step, IEnumerable<string> addresses) =>
        new(step, string.Format(CultureInfo.InvariantCulture, LeadsAwayForm, step, string.Join(", ", addresses.Select(a => a.Trim()))));

    /// <summary>Step <paramref name="step"/> would tell only people paged already (<paramref name="addresses"/>): nobody new.</summary>
    public static SkippedStep AlreadyPaged(int step, IEnumerable<string> addresses) =>
        new(step, string.Format(CultureInfo.InvariantCulture, AlreadyPagedForm, step, string.Join(", ", addresses.Select(a => a.Trim()))));
}
