namespace OnDuty.Core.Retros;

/// <summary>An open action item due by the end of the week (or already past due), with its owner's name.</summary>
public sealed record HandoffBriefAction(string IncidentId, ActionItem Item, string OwnerName);
