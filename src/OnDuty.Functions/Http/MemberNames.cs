using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Functions.Http;

/// <summary>
/// The name an API answer gives beside a member id it names someone by (<c>acknowledgedBy</c> → <c>acknowledgedByName</c>): a
/// roster member's display name; someone taken off the roster since by the name they had, marked as the pages mark them
/// (<see cref="NoticeRenderer.FormerName"/>: 「小林 次郎（退任）」 / "小林 次郎 (no longer on the roster)", erased
/// 「退任したメンバー」 / "a former member") in the request's language (<c>?lang=</c>, else Accept-Language, else their own); null
/// for a value that is no member id (a name typed on a form, <c>system</c>, a tool's <c>alert:{source}</c>).
/// </summary>
public sealed class MemberNames(IReadOnlyDictionary<string, Member> roster, IReadOnlyList<FormerMember> former, Language? language)
{
    /// <summary>No names: every <see cref="Of"/> null.</summary>
    public static MemberNames None { get; } = new(new Dictionary<string, Member>(), [], null);

    /// <summary>
    /// The roster, and who left it only when one of <paramref name="ids"/> (the ids the answer names) is not on it — an answer
    /// naming members alone reads no more than the roster.
    /// </summary>
    public static async Task<MemberNames> ReadAsync(IRosterRepository roster, HttpRequest request, IEnumerable<string?> ids, CancellationToken cancellationToken)
    {
        var members = await roster.LoadRosterAsync(cancellationToken);
        var gone = ids.Any(id => id is not null && !members.ContainsKey(id) && Slug.IsValid(id)) ? await roster.ListFormerMembersAsync(cancellationToken) : [];
        // A lang the answer cannot read is passed over, as before these names: only fields were added.
        return new(members, gone, RequestLanguage.Readable(request));
    }

    /// <summary>
    /// As <see cref="ReadAsync"/>, for the answer to a write already saved: the roster unreadable, <see cref="None"/> (the names
    /// null, logged) — what was saved is not answered as a failure.
    /// </summary>
    public static async Task<MemberNames> ReadAfterWriteAsync(IRosterRepository roster, HttpRequest request, IEnumerable<string?> ids, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(roster, request, ids, cancellationToken);
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Reading the roster to name the members an answer names failed; answered without their names: {Error}", ex.Message);
            return None;
        }
    }

    /// <summary>The name beside <paramref name="id"/>; null when it is no member's id (see <see cref="MemberNames"/>).</summary>
    public string? Of(string? id) =>
        id is null ? null
        : roster.TryGetValue(id, out var member) ? member.DisplayName
        : former.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.Ordinal)) is { } gone ? NoticeRenderer.FormerName(gone, Phrases.For(language ?? gone.Language))
        : null;

    /// <summary>
    /// <paramref name="row"/> (a stored record the answer gives as it is) as the API writes it, with <c>{field}Name</c> after each
    /// of <paramref name="fields"/> (camelCase, as written) holding a member id.
    /// </summary>
    public JsonObject With(object row, params string[] fields)
    {
        var node = JsonSerializer.SerializeToNode(row, row.GetType(), ApiJson.Options)!.AsObject();
        foreach (var field in fields)
        {
            var at = node.IndexOf(field);
            var id = node[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            node.Insert(at < 0 ? node.Count : at + 1, field + "Name", Of(id));
        }

        return node;
    }
}
