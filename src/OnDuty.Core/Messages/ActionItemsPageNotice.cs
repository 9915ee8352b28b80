using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The lead's page of open action items across retros (trial 37 M4), in the order of <see cref="OpenActionItemList"/>.</summary>
/// <param name="LookBackDays">How far back resolved incidents' retros are read (<see cref="RetroOptions.LookBackDays"/>), said on the page.</param>
public sealed record ActionItemsPageNotice(Language Language, IReadOnlyList<OpenActionItem> Items, int LookBackDays) : Notice(Language);
