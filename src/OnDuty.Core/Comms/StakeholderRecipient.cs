using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>One reader of a stakeholder notice: an address (lower-cased, the form batches are sorted and compared in) and their language.</summary>
public sealed record StakeholderRecipient(string Address, Language Language);
