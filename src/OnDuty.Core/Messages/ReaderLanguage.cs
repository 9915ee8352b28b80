using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The one place that decides a reader's language: a roster member's own, anyone else <c>Team__Language</c>.</summary>
public sealed class ReaderLanguage(IOptions<TeamOptions> team)
{
    public Language Team => team.Value.TeamLanguage;

    public Language Of(Member? member) => member?.Language ?? Team;

    /// <summary>A reader whose language may be known (a roster member found in a list, an assignee) or not (a plain address).</summary>
    public Language Of(Language? known) => known ?? Team;

    /// <summary>For callers without options (tests, static composers): the same rule.</summary>
    public static Language Decide(Language? own, Language team) => own ?? team;
}
