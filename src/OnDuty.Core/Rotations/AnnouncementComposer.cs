using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OnDuty.Core.Calendar;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rendering;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>What an announcement is about: a shift, who is on it, who is next.</summary>
public sealed record DutyAnnouncement(
    Rotation Rotation,
    string Week,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<Member> Members,
    IReadOnlyList<string> ContinuingIds,
    string? NextWeek,
    IReadOnlyList<Member> NextMembers)
{
    /// <summary>Set when this shift's handoff moved off a non-working day.</summary>
    public HandoffMove? HandoffMoved { get; init; }

    /// <summary>Set when the next shift's handoff will move off a non-working day.</summary>
    public HandoffMove? NextHandoffMoved { get; init; }
    /// <summary>The team lists' recipients with groups expanded; null = <see cref="Rotation.NotifyEmails"/> as they are.</summary>
    public IReadOnlyList<AudienceRecipient>? Audience { get; init; }
}

/// <summary>
/// Turns a duty announcement into outbox messages: one email per recipient in their language (members
/// on duty first, then the team lists, groups expanded to one email per member), and one Adaptive Card for the team channel. Message ids are
/// deterministic per rotation, week and recipient, so composing twice queues nothing new.
/// </summary>
public sealed class AnnouncementComposer
{
    public IReadOnlyList<OutboxMessage> Compose(DutyAnnouncement announcement, Language teamLanguage, bool includeTeams)
    {
        var messages = new List<OutboxMessage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var topic = $"duty:{announcement.Rotation.Id}:{announcement.Week}";

        foreach (var member in announcement.Members.Where(m => !string.IsNullOrWhiteSpace(m.Email)))
        {
            if (seen.Add(member.Email))
            {
                messages.Add(Email(announcement, topic, member.Email, member.DisplayName, member.Language));
            }
        }

        var audience = announcement.Audience ?? announcement.Rotation.NotifyEmails.Select(a => new AudienceRecipient(a, null, null)).ToList();
        foreach (var recipient in audience)
        {
            if (seen.Add(recipient.Address))
            {
                messages.Add(Email(announcement, topic, recipient.Address, recipient.Name, recipient.Language ?? teamLanguage));
            }
        }

        if (includeTeams)
        {
            var card = Card(announcement, teamLanguage);
            messages.Add(new OutboxMessage
            {
                Id = $"{topic}:teams",
                Channel = Channel.Teams,
                Recipient = "teams",
                Subject = Subject(announcement, teamLanguage),
                TextBody = Text(announcement, teamLanguage),
                CardJson = card,
                Topic = topic,
            });
        }

        return messages;
    }

    /// <summary>
    /// A change to an announced shift: the replacement, the replaced member (each in their language) and the channel, once each —
    /// ids <c>duty:{rotation}:{week}:change:{change id}:email:{address}</c> and <c>…:teams</c>.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ComposeChange(DutyChangeNotice notice, Language teamLanguage, bool includeTeams)
    {
        var topic = $"duty:{notice.Rotation.Id}:{notice.Week}:change:{notice.Change.Id}";
        var messages = new List<OutboxMessage>();
        foreach (var member in new[] { notice.Replacement, notice.Replaced }.Where(m => !string.IsNullOrWhiteSpace(m.Email)).DistinctBy(m => m.Email, StringComparer.OrdinalIgnoreCase))
        {
            messages.Add(new OutboxMessage
            {
                Id = $"{topic}:email:{member.Email.ToLowerInvariant()}",
                Channel = Channel.Email,
                Recipient = member.Email,
                RecipientName = member.DisplayName,
                Subject = ChangeSubject(notice, member.Language),
                TextBody = ChangeText(notice, member.Language),
                HtmlBody = ChangeHtml(notice, member.Language),
                Topic = topic,
            });
        }

        if (includeTeams)
        {
            messages.Add(new OutboxMessage
            {
                Id = $"{topic}:teams",
                Channel = Channel.Teams,
                Recipient = "teams",
                Subject = ChangeSubject(notice, teamLanguage),
                TextBody = ChangeText(notice, teamLanguage),
                CardJson = ChangeCard(notice, teamLanguage),
                Topic = topic,
            });
        }

        return messages;
    }

    public static string ChangeSubject(DutyChangeNotice n, Language language) => language == Language.Ja
        ? $"【{n.Rotation.DisplayName(Language.Ja)} 交代】{n.Week} {JaName(n.Replaced)} → {JaName(n.Replacement)}"
        : $"[{n.Rotation.DisplayName(Language.En)} change] {n.Week}: {n.Replacement.DisplayName} replaces {n.Replaced.DisplayName}";

    private static string JaName(Member m) => (m.Language == Language.Ja ? m.ShortName : m.DisplayName) + "さん";

    private static IEnumerable<string> ChangeLines(DutyChangeNotice n, Language language)
    {
        var l = Labels.For(language);
        var ja = language == Language.Ja;
        yield return ja
            ? $"{n.Week} の当番が変わりました（すぐに有効）：{n.Replaced.DisplayName} さんに代わって {n.Replacement.DisplayName} さんが担当します。"
            : $"Duty for {n.Week} changed, effective now: {n.Replacement.DisplayName} replaces {n.Replaced.DisplayName}.";
        if (!string.IsNullOrWhiteSpace(n.Change.Reason))
        {
            yield return (ja ? "理由：" : "Reason: ") + n.Change.Reason;
        }

        yield return l.ThisWeek + " " + (n.Members.Count == 0 ? l.Nobody : string.Join(l.Separator, n.Members.Select(m => m.DisplayName)));
        yield return ja ? "これ以降の障害の呼び出しは新しい当番に届きます。" : "Pages from now on go to the new pair.";
    }

    private static string ChangeText(DutyChangeNotice n, Language language)
    {
        var text = new StringBuilder();
        text.AppendLine($"{n.Rotation.DisplayName(language)} {n.Week}");
        text.AppendLine(ChangePeriod(n, language));
        text.AppendLine();
        foreach (var line in ChangeLines(n, language))
        {
            text.AppendLine(line);
        }

        text.AppendLine();
        text.AppendLine(Labels.For(language).Shout);
        return text.ToString();
    }

    private static string ChangeHtml(DutyChangeNotice n, Language language)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{(language == Language.Ja ? "ja" : "en")}\"><head><meta charset=\"utf-8\"><title>{E(ChangeSubject(n, language))}</title></head>");
        html.Append("<body style=\"font-family:sans-serif;line-height:1.5\">");
        html.Append($"<h2 style=\"margin:0\">{E(n.Rotation.DisplayName(language))} {E(n.Week)}</h2>");
        html.Append($"<p style=\"color:#555;margin-top:4px\">{E(ChangePeriod(n, language))}</p>");
        foreach (var line in ChangeLines(n, language))
        {
            html.Append($"<p>{E(line)}</p>");
        }

        html.Append($"<p>{E(Labels.For(language).Shout)}</p></body></html>");
        return html.ToString();
    }

    private static string ChangeCard(DutyChangeNotice n, Language language)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = CardText.Escape(ChangeSubject(n, language)), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = CardText.Escape(ChangePeriod(n, language)), ["isSubtle"] = true, ["wrap"] = true, ["spacing"] = "None" },
        };
        foreach (var line in ChangeLines(n, language))
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = CardText.Escape(line), ["wrap"] = true });
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["fallbackText"] = ChangeSubject(n, language),
            ["speak"] = ChangeSubject(n, language),
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = body,
        }.ToJsonString();
    }

    private static string ChangePeriod(DutyChangeNotice n, Language language) =>
        Period(new DutyAnnouncement(n.Rotation, n.Week, n.StartsAt, n.EndsAt, n.Members, [], null, []), language);

    public static string Subject(DutyAnnouncement a, Language language)
    {
        if (language == Language.Ja)
        {
            var names = a.Members.Count == 0 ? "（当番なし）" : string.Join("・", a.Members.Select(m => (m.Language == Language.Ja ? m.ShortName : m.DisplayName) + "さん"));
            return $"【{a.Rotation.DisplayName(Language.Ja)}】{a.Week} {names}";
        }

        var list = a.Members.Count == 0 ? "nobody on duty" : JoinEnglish(a.Members.Select(m => m.DisplayName).ToList());
        return $"[{a.Rotation.DisplayName(Language.En)}] {a.Week}: {list}";
    }

    private static OutboxMessage Email(DutyAnnouncement a, string topic, string address, string? name, Language language) => new()
    {
        Id = $"{topic}:email:{address.ToLowerInvariant()}",
        Channel = Channel.Email,
        Recipient = address,
        RecipientName = name,
        Subject = Subject(a, language),
        TextBody = Text(a, language),
        HtmlBody = Html(a, language),
        Topic = topic,
    };

    private static string Text(DutyAnnouncement a, Language language)
    {
        var l = Labels.For(language);
        var text = new StringBuilder();
        text.AppendLine($"{a.Rotation.DisplayName(language)} {a.Week}");
        text.AppendLine(Period(a, language));
        foreach (var line in Moves(a, language))
        {
            text.AppendLine(line);
        }

        text.AppendLine();
        text.AppendLine(l.ThisWeek);
        foreach (var member in a.Members)
        {
            text.AppendLine($"- {member.DisplayName} <{member.Email}> ({Role(a, member, l)})");
        }

        if (a.Members.Count == 0)
        {
            text.AppendLine($"- {l.Nobody}");
        }

        if (a.NextWeek is not null)
        {
            text.AppendLine();
            text.AppendLine($"{l.NextWeek} ({a.NextWeek}): {string.Join(l.Separator, a.NextMembers.Select(m => m.DisplayName))}");
        }

        text.AppendLine();
        text.AppendLine(l.Shout);
        return text.ToString();
    }

    private static string Html(DutyAnnouncement a, Language language)
    {
        var l = Labels.For(language);
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{(language == Language.Ja ? "ja" : "en")}\"><head><meta charset=\"utf-8\"><title>{E(Subject(a, language))}</title></head>");
        html.Append("<body style=\"font-family:sans-serif;line-height:1.5\">");
        html.Append($"<h2 style=\"margin:0\">{E(a.Rotation.DisplayName(language))} {E(a.Week)}</h2>");
        html.Append($"<p style=\"color:#555;margin-top:4px\">{E(Period(a, language))}</p>");
        foreach (var line in Moves(a, language))
        {
            html.Append($"<p style=\"margin-top:4px\"><strong>{E(line)}</strong></p>");
        }

        html.Append($"<h3>{E(l.ThisWeek)}</h3><ul>");
        foreach (var member in a.Members)
        {
            html.Append($"<li><strong>{E(member.DisplayName)}</strong> &lt;<a href=\"mailto:{E(member.Email)}\">{E(member.Email)}</a>&gt; ({E(Role(a, member, l))})</li>");
        }

        if (a.Members.Count == 0)
        {
            html.Append($"<li>{E(l.Nobody)}</li>");
        }

        html.Append("</ul>");
        if (a.NextWeek is not null)
        {
            html.Append($"<p>{E(l.NextWeek)} ({E(a.NextWeek)}): {E(string.Join(l.Separator, a.NextMembers.Select(m => m.DisplayName)))}</p>");
        }

        html.Append($"<p>{E(l.Shout)}</p></body></html>");
        return html.ToString();
    }

    private static string Card(DutyAnnouncement a, Language language)
    {
        var l = Labels.For(language);
        var facts = new JsonArray
        {
            new JsonObject
            {
                ["title"] = l.ThisWeek.TrimEnd(':', '：'),
                ["value"] = a.Members.Count == 0 ? l.Nobody : string.Join(l.Separator, a.Members.Select(m => $"{CardText.Escape(m.DisplayName)} ({CardText.Escape(Role(a, m, l))})")),
            },
        };
        if (a.NextWeek is not null)
        {
            facts.Add(new JsonObject
            {
                ["title"] = $"{l.NextWeek.TrimEnd(':', '：')} ({a.NextWeek})",
                ["value"] = string.Join(l.Separator, a.NextMembers.Select(m => CardText.Escape(m.DisplayName))),
            });
        }

        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = CardText.Escape($"{a.Rotation.DisplayName(language)} {a.Week}"), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = CardText.Escape(Period(a, language)), ["isSubtle"] = true, ["wrap"] = true, ["spacing"] = "None" },
        };
        foreach (var line in Moves(a, language))
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = CardText.Escape(line), ["wrap"] = true, ["weight"] = "Bolder", ["color"] = "Attention", ["spacing"] = "Small" });
        }

        body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = CardText.Escape(l.Shout), ["wrap"] = true, ["size"] = "Small" });

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["fallbackText"] = Subject(a, language),
            ["speak"] = Subject(a, language),
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = body,
        };
        return card.ToJsonString();
    }

    private static string Period(DutyAnnouncement a, Language language)
    {
        var zone = Common.TimeZones.Find(a.Rotation.TimeZone);
        var start = TimeZoneInfo.ConvertTime(a.StartsAt, zone);
        var end = TimeZoneInfo.ConvertTime(a.EndsAt, zone);
        var culture = CultureInfo.GetCultureInfo(language == Language.Ja ? "ja-JP" : "en-GB");
        var format = language == Language.Ja ? "yyyy-MM-dd (ddd) HH:mm" : "ddd d MMM yyyy HH:mm";
        return $"{start.ToString(format, culture)} – {end.ToString(format, culture)} ({a.Rotation.TimeZone})";
    }

    /// <summary>When and why this shift's handoff (and the next one's) moved off a non-working day.</summary>
    private static IEnumerable<string> Moves(DutyAnnouncement a, Language language)
    {
        if (a.HandoffMoved is { } moved)
        {
            yield return HandoffMoveText.Describe(moved, a.Rotation.HandoffTime, language);
        }

        if (a.NextHandoffMoved is { } next && a.NextWeek is not null)
        {
            yield return (language == Language.Ja ? $"来週（{a.NextWeek}）の" : $"Next week ({a.NextWeek}): ")
                + HandoffMoveText.Describe(next, a.Rotation.HandoffTime, language);
        }
    }

    private static string Role(DutyAnnouncement a, Member member, Labels l) =>
        a.ContinuingIds.Contains(member.Id) ? l.Continuing : l.New;

    private static string JoinEnglish(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " & " + names[^1];

    private sealed record Labels(string ThisWeek, string NextWeek, string Continuing, string New, string Nobody, string Separator, string Shout)
    {
        private static readonly Labels Ja = new("今週の当番：", "来週の当番", "継続", "今週から", "当番なし", "、", "迷ったら声をかけましょう。みんなで助けます。");
        private static readonly Labels En = new("On duty this week:", "Next week", "continuing", "new this week", "nobody on duty", ", ", "If in doubt, shout: everyone helps.");

        public static Labels For(Language language) => language == Language.Ja ? Ja : En;
    }
}
