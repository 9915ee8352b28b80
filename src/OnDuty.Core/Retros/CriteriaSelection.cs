using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// A criterion shown for an incident, with the words it mentions the incident by (none when shown as a recent one), as the criterion
/// writes them: 「お客様」, not the 「客様」 an incident title's kanji run matched it by (a Latin word, matched whole, as the incident spells it).
/// </summary>
public sealed record RelevantCriterion(Criterion Criterion, IReadOnlyList<string> Matched)
{
    /// <summary>
    /// The severity this criterion names for the incident when it is another than the incident's: it mentions the incident's affected
    /// area and names one severity only, not the incident's (「決済・請求に影響する障害は SEV1」 for a 決済 SEV2 incident: SEV1). Null
    /// when it names the incident's own, none, several, or matched without the area: by the severity, a platform or a label alone it
    /// names a severity for that platform or service, which need not be this incident's (「iOS アプリが起動しなければ SEV1」).
    /// </summary>
    public AlertSeverity? Says { get; init; }
}

/// <summary>
/// The judgement criteria an incident's page shows: the active ones that mention something of this incident — its severity
/// (<c>SEV1</c>), affected areas, platforms, source tool and alert label values (<c>service=payments</c> → <c>payments</c>;
/// not a tool's own <c>severity</c>/<c>priority</c>) —
/// in their topic, topic name, title or text, Japanese or English; one matched by something other than the severity first (a criterion matched by
/// the severity word alone is about another kind of incident, trial 39 L7), then the most such words, then the most recently updated; at most
/// <see cref="MaxShown"/>. When none does, the <see cref="RecentShown"/> most recently updated. <see cref="Total"/> counts
/// every active criterion (the page links to them all).
/// </summary>
public sealed partial record CriteriaSelection(IReadOnlyList<RelevantCriterion> Shown, bool Matched, int Total)
{
    public const int MaxShown = 5;

    public const int RecentShown = 3;

    /// <summary>Words shorter than this are not matched (a one-letter label value would match nearly anything).</summary>
    private const int MinTermLength = 2;

    /// <summary>Longer label values are ids and messages, not words a criterion is written in.</summary>
    private const int MaxTermLength = 40;

    private static readonly HashSet<string> IgnoredLabels = new(["severity", "priority"], StringComparer.OrdinalIgnoreCase);

    public static CriteriaSelection None { get; } = new([], false, 0);

    public static CriteriaSelection For(Incident incident, IEnumerable<TrackedAlert> alerts, IEnumerable<Criterion> criteria)
    {
        var active = criteria.Where(c => c.Active).ToList();
        var terms = Terms(incident, alerts);
        var titleWords = TitleWords(incident.Title);
        var matched = active
            // Each criterion's texts built once: every incident term is looked for in all its words, every title word in its heading.
            .Select(c => (Criterion: c, Heading: Heading(c), Words: Words(c)))
            .Select(x => new RelevantCriterion(x.Criterion, [.. terms.Where(t => Mentions(x.Words, t)).Concat(titleWords.Where(w => Mentions(x.Heading, w))).Distinct(StringComparer.OrdinalIgnoreCase)]))
            .Where(r => r.Matched.Count > 0)
            .Select(r => r with { Says = r.Matched.Any(t => IsArea(t, incident)) ? OtherSeverity(r.Criterion, incident.Severity) : null })
            .OrderByDescending(r => r.Matched.Any(t => !IsSeverity(t, incident)))
            .ThenByDescending(r => r.Matched.Count)
            .ThenByDescending(r => r.Criterion.UpdatedAt)
            .ThenBy(r => r.Criterion.Id, StringComparer.Ordinal)
            .Take(MaxShown)
            // Shown as the criterion writes them, once the incident's own terms have told its area and severity apart.
            .Select(r => r with { Matched = [.. r.Matched.Select(t => Spelling(Words(r.Criterion), t, incident.Title)).Distinct(StringComparer.OrdinalIgnoreCase)] })
            .ToList();
        if (matched.Count > 0)
        {
            return new CriteriaSelection(matched, true, active.Count);
        }

        var recent = active.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id, StringComparer.Ordinal).Take(RecentShown);
        return new CriteriaSelection([.. recent.Select(c => new RelevantCriterion(c, []))], false, active.Count);
    }

    /// <summary>The incident's words a criterion may mention, as the incident spells them, each once.</summary>
    public static IReadOnlyList<string> Terms(Incident incident, IEnumerable<TrackedAlert> alerts)
    {
        IEnumerable<string> all =
        [
            IncidentMessages.SevLabel(incident.Severity),
            .. incident.AffectedAreas,
            .. incident.Platforms,
            .. incident.Source == Incident.ManualSource ? [] : new[] { incident.Source },
            // A tool's own severity scale (Azure Monitor's Sev1 is OnDuty's SEV2) is not this incident's severity.
            .. alerts.SelectMany(a => a.Labels).Where(l => !IgnoredLabels.Contains(l.Key)).Select(l => l.Value),
        ];
        return [.. all.Select(t => t.Trim()).Where(t => t.Length is >= MinTermLength and <= MaxTermLength).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// The words of an incident's title a criterion's title or topic may name (「決済 API のレイテンシ p99 が 2 秒を超過」 → 決済, API,
    /// レイテンシ, p99, 超過): its kanji and katakana runs of two characters or more, a four-kanji compound also by its halves
    /// (「決済障害」 → 決済), and its Latin words of three letters or more — not particles, stop words, nor the words any incident's
    /// title is written with (障害, エラー, down, error…), which would name every criterion. A monitoring tool's incident has no
    /// affected areas until a PM writes them; its title says what broke.
    /// </summary>
    public static IReadOnlyList<string> TitleWords(string title)
    {
        // As typed, NFKC (ｶｰﾄﾞ → カード, ＡＰＩ → API); the runs of kanji and of katakana as they stand, hiragana between them.
        var text = title.Normalize(System.Text.NormalizationForm.FormKC);
        var words = new List<string>();
        foreach (var word in LessonTokenizer.ContentWords(text).Select(w => w.Trim('・')).Where(w => w.Length >= MinTermLength))
        {
            words.Add(word);
            if (word.Length == 4 && word.All(IsKanji))
            {
                words.AddRange([word[..2], word[2..]]);
            }
        }

        words.AddRange(LatinWord().Matches(text).Select(m => m.Value).Where(w => w.Any(char.IsAsciiLetter)));
        // A severity the title names is the PM's words about it, not a subject: the incident's own severity is matched as such.
        return [.. words.Where(w => w.Length <= MaxTermLength && !GenericTitleWords.Contains(w) && !SeverityWord().IsMatch(w)).Distinct(StringComparer.OrdinalIgnoreCase)];

        static bool IsKanji(char c) => c is >= '\u4E00' and <= '\u9FFF';
    }

    /// <summary>Words any incident's title may be written with: naming them, a criterion is about incidents, not about this one.</summary>
    private static readonly HashSet<string> GenericTitleWords = new(
        ["障害", "発生", "エラー", "不具合", "問題", "異常", "事象", "アラート", "インシデント", "失敗", "停止", "遅延",
         "the", "and", "for", "are", "was", "not", "with", "from", "error", "errors", "down", "failure", "failures", "failed", "failing",
         "issue", "issues", "incident", "outage", "alert", "alerts", "high", "low", "slow", "users", "user"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether <paramref name="text"/> (a criterion's <see cref="Words"/> or <see cref="Heading"/>) holds <paramref name="term"/>, ignoring
    /// case; a Latin word or number only as a whole word (<c>api</c> is not in <c>rapid</c>, <c>SEV1</c> not in <c>SEV10</c>).
    /// </summary>
    private static bool Mentions(string text, string term) => Occurrence(text, term) >= 0;

    /// <summary>Where <paramref name="text"/> first holds <paramref name="term"/> as <see cref="Mentions"/> reads it; -1 when it does not.</summary>
    private static int Occurrence(string text, string term)
    {
        for (var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(term, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + term.Length;
            if ((!IsWordChar(term[0]) || at == 0 || !IsWordChar(text[at - 1])) && (!IsWordChar(term[^1]) || end == text.Length || !IsWordChar(text[end])))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>
    /// The word of a criterion's <paramref name="text"/> that a Japanese <paramref name="term"/> matched, as the criterion writes it: the
    /// kanji or katakana match grown to the whole kanji or katakana run around it, with an honorific お/ご before a kanji
    /// run (a title's 「お客様」 is matched by its kanji run 「客様」, the criterion's 「お客様」 is shown; 「カード」 in 「クレジットカード」 shows
    /// the latter). Japanese has no spaces: the run is the word as far as the text shows one. A kanji run keeps the okurigana the
    /// incident's <paramref name="title"/> gives the term too (a title's 「支払い」 matched by 「支払」 shows the criterion's 「お支払い」, not
    /// 「お支払」): the hiragana after it both write, up to a particle (「支払いが」 in both shows 「お支払い」).
    /// </summary>
    private static string Spelling(string text, string term, string title)
    {
        // A Latin word only ever matches whole (Mentions): shown as the incident spells it, as the areas and labels are.
        var at = term.Any(c => c > '\u2FFF') ? Occurrence(text, term) : -1;
        if (at < 0)
        {
            return term;
        }

        var end = at + term.Length;
        if (Script(term[0]) is var first and > 0)
        {
            while (at > 0 && Script(text[at - 1]) == first)
            {
                at--;
            }

            if (first == 1 && at > 0 && text[at - 1] is 'お' or 'ご')
            {
                at--;
            }
        }

        if (Script(term[^1]) is var last and > 0)
        {
            while (end < text.Length && Script(text[end]) == last)
            {
                end++;
            }

            var titled = title.Normalize(System.Text.NormalizationForm.FormKC);
            if (last == 1 && Occurrence(titled, term) is var inTitle and >= 0)
            {
                for (var next = inTitle + term.Length; end < text.Length && next < titled.Length && text[end] == titled[next] && IsOkurigana(text[end]); next++)
                {
                    end++;
                }
            }
        }

        return text[at..end];

        // Hiragana after a kanji run, but a particle ends the word (「支払いが」: が is not the word's).
        static bool IsOkurigana(char c) => c is >= '\u3041' and <= '\u3096' && !"がのにをはでとへもやかよね".Contains(c);

        // 1 kanji (with 々), 2 katakana (with ー), 0 anything else.
        static int Script(char c) => c switch
        {
            (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or '\u3005' => 1,
            (>= '\u30A0' and <= '\u30FF') and not '\u30FB' => 2,
            _ => 0,
        };
    }

    /// <summary>
    /// The words a criterion is matched on: its topic (a slug's hyphens read as spaces), topic name, title and text, and their English
    /// words: a rule that names SEV1 only in its English text names SEV1 all the same. Each term and severity counts once
    /// whichever language holds it.
    /// </summary>
    private static string Words(Criterion c) => string.Join('\n', Heading(c), c.Text, c.TextEn);

    /// <summary>
    /// What a criterion says it is about: its topic (a slug's hyphens read as spaces), topic name and title, and their English words —
    /// where a word of the incident's title (<see cref="TitleWords"/>) counts; not its text: a rule's prose mentions many things in
    /// passing, its title says what it is about.
    /// </summary>
    private static string Heading(Criterion c) =>
        string.Join('\n', c.Topic?.Replace('-', ' '), c.TopicName, c.TopicNameEn, c.Title, c.TitleEn);

    private static bool IsWordChar(char ch) => char.IsAsciiLetterOrDigit(ch);

    private static bool IsSeverity(string term, Incident incident) =>
        string.Equals(term, IncidentMessages.SevLabel(incident.Severity), StringComparison.OrdinalIgnoreCase);

    private static bool IsArea(string term, Incident incident) =>
        incident.AffectedAreas.Any(a => string.Equals(a.Trim(), term, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one severity the criterion names (SEV1, sev 2; a whole word), when it is not <paramref name="current"/>; else null.</summary>
    private static AlertSeverity? OtherSeverity(Criterion c, AlertSeverity current)
    {
        var found = SeverityWord().Matches(Words(c));
        if (found.Any(m => m.Groups[2].Success))
        {
            // 「SEV2 以上」, "SEV2 or higher": a range, which may hold the incident's own.
            return null;
        }

        var named = found.Select(m => (AlertSeverity)(m.Groups[1].Value[0] - '0')).Distinct().ToList();
        return named is [var one] && one != current ? one : null;
    }

    [GeneratedRegex(@"[A-Za-z0-9]{3,}")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"(?<![A-Za-z0-9])sev ?([1-4])(?![A-Za-z0-9])( ?(?:以上|以下|未満|\+|or (?:higher|above|worse|lower|below)))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeverityWord();
}
