using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Team;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Erases a person's identifying texts from every table that keeps text about people, by reading each row once:
/// incident records, timelines and alerts; the incident index; retro notes, criteria and the lessons index; frozen shifts
/// and overrides; calendar-event bookkeeping; maintenance windows (who planned and ended them); heartbeats (who defined and changed them); leave (who entered someone's); and the outbox. Texts are matched as stored — plain, JSON-escaped (incident
/// rows keep JSON with non-ASCII escaped) and HTML-encoded (message bodies) — and replaced by the member id, which is
/// safe in all three. Rows whose keys carry the text (outbox ids embed the recipient's address) are deleted, as are
/// messages addressed to the person and a confidential incident's rows keyed by their address (added, reached, and the index by
/// address: <see cref="TableIncidentReaders.AddressKeyedBy"/>). The roster, leave and feeds are removed by their own stores.
/// </summary>
public sealed class TablePersonalDataStore(OnDutyTables tables) : IPersonalDataStore
{
    private const int MaxAttempts = 5;

    public Task<ErasureReport> EraseAsync(ErasureSubject subject, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var variants = Variants(subject.Texts);
            var scrubbed = 0;
            var deleted = 0;
            // Leave: who entered someone else's leave (its By) is named there.
            foreach (var table in new[] { tables.Incidents, tables.IncidentIndex, tables.IncidentBoard, tables.Retros, tables.Criteria, tables.Lessons, tables.RotationState, tables.CalendarEvents, tables.MaintenanceWindows, tables.Heartbeats, tables.Leave, tables.Outbox })
            {
                var isOutbox = ReferenceEquals(table, tables.Outbox);
                var isIncidents = ReferenceEquals(table, tables.Incidents);
                await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (isOutbox && (Contains(row.RowKey, variants) || AddressedTo(row, subject.Texts)))
                    {
                        await DeleteAsync(table, row, cancellationToken).ConfigureAwait(false);
                        deleted++;
                    }
                    else if (isIncidents && TableIncidentReaders.AddressKeyedBy(row) is { } keyed && subject.Texts.Any(t => Member.SameAddress(t, keyed)))
                    {
                        // A confidential incident's reader, reached and index rows carry the address in their keys: deleted, so nothing
                        // lets that address read an incident, or lists one whole to it, after the erasure.
                        deleted += await TableIncidentReaders.DeleteKeyedAsync(table, row, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                    }
                    else if (await ScrubAsync(table, row, variants, subject.MemberId, cancellationToken).ConfigureAwait(false))
                    {
                        scrubbed++;
                    }
                }
            }

            return new ErasureReport(scrubbed, deleted);
        }, cancellationToken);

    /// <summary>
    /// Each text as it may be stored — plain, JSON-escaped (System.Text.Json's default encoder), HTML- and URL-encoded — as a
    /// pattern that matches it whole: "Ann" must not match inside "Announcement", nor "ann@x.jp" inside "joann@x.jp" (an ASCII
    /// letter or digit next to an ASCII edge means a different word, unless it ends a JSON escape such as <c>\u003C</c>;
    /// Japanese has no word boundaries and is matched as is).
    /// </summary>
    private static IReadOnlyList<Regex> Variants(IReadOnlyList<string> texts) =>
        [.. texts
            .SelectMany(t => new[] { t, JsonEncodedText.Encode(t).Value, WebUtility.HtmlEncode(t), Uri.EscapeDataString(t) })
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(t => t.Length) // the longest first, so a name is replaced whole before any part of it
            .Select(t => new Regex(
                (char.IsAsciiLetterOrDigit(t[0]) ? @"(?:(?<![A-Za-z0-9])|(?<=\\u[0-9A-Fa-f]{4}))" : "") + Regex.Escape(t) + (char.IsAsciiLetterOrDigit(t[^1]) ? "(?![A-Za-z0-9])" : ""),
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
                TimeSpan.FromSeconds(1)))];

    private static bool Contains(string value, IReadOnlyList<Regex> variants) => variants.Any(v => v.IsMatch(value));

    private static bool AddressedTo(TableEntity row, IReadOnlyList<string> texts) =>
        row.GetString("Recipient") is { } recipient && texts.Contains(recipient.Trim(), StringComparer.OrdinalIgnoreCase);

    private static async Task DeleteAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsNotFound())
        {
        }
    }

    /// <summary>Replaces the texts in every string property, at the row's ETag; a row changed meanwhile is read again and retried.</summary>
    private static async Task<bool> ScrubAsync(TableClient table, TableEntity row, IReadOnlyList<Regex> variants, string replacement, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var changed = false;
            foreach (var (key, value) in row.ToList())
            {
                if (value is string text && Contains(text, variants))
                {
                    row[key] = variants.Aggregate(text, (current, v) => v.Replace(current, replacement));
                    changed = true;
                }
            }

            if (!changed)
            {
                return false;
            }

            try
            {
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when ((ex.IsPreconditionFailed() || ex.IsNotFound()) && attempt < MaxAttempts)
            {
                var fresh = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!fresh.HasValue || fresh.Value is null)
                {
                    return false;
                }

                row = fresh.Value;
            }
        }
    }
}
