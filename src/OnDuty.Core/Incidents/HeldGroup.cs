namespace OnDuty.Core.Incidents;

/// <summary>An alert group an incident holds: its alerts fold into that incident while it is open.</summary>
/// <param name="Source">The alert source's route name (<c>alertmanager</c>, <c>azure-monitor</c>, …).</param>
/// <param name="GroupKey">The group's key within that source.</param>
public sealed record HeldGroup(string Source, string GroupKey);
