using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>A saved retro and the action-item owners its save queued a mail for (none when nobody new was given an item).</summary>
public sealed record RetroSaved(Versioned<StoredRetro> Retro, IReadOnlyList<Member> OwnersTold);
