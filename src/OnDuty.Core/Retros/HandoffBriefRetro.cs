using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>A resolved incident whose retro is not written, and the working day it is (or was) due.</summary>
public sealed record HandoffBriefRetro(Incident Incident, DateOnly DueOn);
