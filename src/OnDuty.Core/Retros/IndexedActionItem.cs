namespace OnDuty.Core.Retros;

/// <summary>An open action item as the action-item index keeps it: its retro's incident, with the incident's title as of the retro's last save.</summary>
public sealed record IndexedActionItem(string IncidentId, string IncidentTitle, ActionItem Item);
