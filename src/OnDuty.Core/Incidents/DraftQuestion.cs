namespace OnDuty.Core.Incidents;

/// <summary>A question customers are expected to ask, with the answer support gives.</summary>
public sealed record DraftQuestion(string Question, string Answer);
