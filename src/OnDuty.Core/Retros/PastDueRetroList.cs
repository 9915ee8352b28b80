namespace OnDuty.Core.Retros;

/// <summary>
/// The retros still owed from incidents detected before <paramref name="Before"/> and past their due day on <paramref name="AsOf"/>
/// (<see cref="PastDueRetroService"/>): the first <see cref="PastDueRetroService.MaxListed"/>, newest resolved first, and how many in all.
/// </summary>
/// <param name="AsOf">The team's day the list was computed on (「2026年12月6日(日) 時点で…」).</param>
/// <param name="Before">The report's first day: incidents detected before it (the report's own list names the later ones).</param>
/// <param name="Count">How many <paramref name="Listed"/> would hold without its limit (「ほか N件」).</param>
public sealed record PastDueRetroList(DateOnly AsOf, DateOnly Before, IReadOnlyList<PastDueRetro> Listed, int Count);
