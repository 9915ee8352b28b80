using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// One message for one reader: what happened (the record's data), for whom (the use case decides) and in which language.
/// Each kind is a small record; adding a kind means a record here, its templates in OnDuty.Messages/Templates and a
/// mapping in the renderer (see OnDuty.Messages/DESIGN.md).
/// </summary>
public abstract record Notice(Language Language);
