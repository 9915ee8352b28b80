using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Core.Incidents;

/// <summary>A detail a stakeholder notice states that a person's update may correct (【訂正】), in the order a correction says them.</summary>
public enum ToldDetail
{
    Title,
    StartedAt,
    Impact,
    AffectedAreas,
    Platforms,
    Workaround,
}

/// <summary>
/// What the last stakeholder notice queued said of the details a correction may put right (<see cref="ToldDetail"/>), kept on the
/// record compactly: each text as a digest (to see that it changed) and the words a correction quotes (<see cref="Quote"/>: the
/// first sentence, at most <see cref="QuoteLength"/> characters), the start as the instant. Bounded whatever the texts hold (six
/// quotes of ≤ 61 characters), so the record stays within a table property; the incident text retention drops it.
/// </summary>
public sealed record ToldDetails
{
    /// <summary>The most characters of a text a correction quotes (then 「…」).</summary>
    public const int QuoteLength = 60;

    public IReadOnlyList<ToldText> Texts { get; init; } = [];

    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The details <paramref name="incident"/> states now, as a notice queued now says them.</summary>
    public static ToldDetails Of(Incident incident) => new()
    {
        Texts =
        [
            ToldText.Of(ToldDetail.Title, incident.Title),
            ToldText.Of(ToldDetail.Impact, incident.UserImpact),
            ToldText.Of(ToldDetail.AffectedAreas, Joined(incident.AffectedAreas)),
            ToldText.Of(ToldDetail.Platforms, Joined(incident.Platforms)),
            ToldText.Of(ToldDetail.Workaround, incident.Workaround),
        ],
        StartedAt = incident.StartedAt,
    };

    /// <summary>What <paramref name="now"/> states otherwise than these said, in <see cref="ToldDetail"/> order; empty when nothing.</summary>
    public IReadOnlyList<DetailCorrection> CorrectedBy(ToldDetails now)
    {
        var corrections = new List<DetailCorrection>();
        if (StartedAt != now.StartedAt)
        {
            corrections.Add(new DetailCorrection(ToldDetail.StartedAt, null, null) { StartWas = StartedAt, StartIs = now.StartedAt });
        }

        foreach (var told in Texts)
        {
            if (now.Texts.FirstOrDefault(t => t.Detail == told.Detail) is { } current && current.Digest != told.Digest)
            {
                corrections.Add(new DetailCorrection(told.Detail, told.Quote, current.Quote));
            }
        }

        return [.. corrections.OrderBy(c => c.Detail)];
    }

    /// <summary>Items joined as a notice lists them; the reader's language separates them (<c>、</c> in Japanese).</summary>
    private static string? Joined(IReadOnlyList<string> items) => items.Count == 0 ? null : string.Join(", ", items);
}

/// <summary>One text a notice said: its digest (empty when it said none) and the words a correction quotes (null: none).</summary>
public sealed record ToldText(ToldDetail Detail, string Digest, string? Quote)
{
    public static ToldText Of(ToldDetail detail, string? text)
    {
        var value = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        return new ToldText(detail, value is null ? "" : Digested(value), value is null ? null : Quoted(value));
    }

    /// <summary>
    /// The words a correction quotes: the text on one line, whole when it is short, else its first sentence (when that fits) or its
    /// first <see cref="ToldDetails.QuoteLength"/> characters, with 「…」; a closing 「。」 is left to the sentence around the quote.
    /// </summary>
    public static string Quoted(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (line.Length <= ToldDetails.QuoteLength)
        {
            return line.TrimEnd('。', '．');
        }

        var end = line.IndexOfAny(['。', '．', '！', '？']);
        if (end is > 0 && end < ToldDetails.QuoteLength)
        {
            return line[..end] + "…";
        }

        var cut = ToldDetails.QuoteLength;
        if (char.IsHighSurrogate(line[cut - 1]))
        {
            cut--;
        }

        // Words separated by spaces are cut between words where one ends near the limit.
        if (line[cut] != ' ' && line.LastIndexOf(' ', cut - 1) is var space && space > cut - 20)
        {
            cut = space;
        }

        return line[..cut].TrimEnd() + "…";
    }

    private static string Digested(string value) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 9);
}

/// <summary>
/// A detail a correction puts right: what the readers were told (<see cref="Was"/>, a quote; null: nothing) and what is right
/// (<see cref="Is"/>; null: nothing), or for the start the two instants.
/// </summary>
public sealed record DetailCorrection(ToldDetail Detail, string? Was, string? Is)
{
    public DateTimeOffset? StartWas { get; init; }

    public DateTimeOffset? StartIs { get; init; }
}

/// <summary>A notice sent as a correction: the notice it corrected (<see cref="Corrects"/>, the incident's own number) and what it put right.</summary>
public sealed record NoticeCorrection(int Corrects, IReadOnlyList<DetailCorrection> Details);
