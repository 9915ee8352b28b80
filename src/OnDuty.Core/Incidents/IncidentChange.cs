namespace OnDuty.Core.Incidents;

/// <summary>A detail a person's update changed that a stakeholder notice says it changed (「回避策を追記しました。」).</summary>
public enum IncidentChange
{
    Title,
    Impact,
    WorkaroundAdded,
    WorkaroundChanged,
    WorkaroundRemoved,
    StartedAt,
    Cause,
    NextSteps,
    ResolvedAt,
}
