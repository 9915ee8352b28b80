using System.Globalization;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>Undoing a merge (<see cref="IncidentUnmerger"/>): the duplicate's side and the side of the incident it was merged into.</summary>
public sealed partial class Incident
{
    /// <summary>What each merge into this one changed of its values (<see cref="MergeTaking"/>), one per incident merged in.</summary>
    public IReadOnlyList<MergeTaking> MergeTakings { get; private set; }

    /// <summary>
    /// Its status when it was merged into another (<see cref="MarkMergedInto"/>): an undone merge reopens it with it. Null while not
    /// merged, and on records merged before 12-06 (they reopen as 調査中).
    /// </summary>
    public IncidentStatus? StatusBeforeMerge { get; private set; }

    /// <summary>
    /// The incident its merge into was undone from (<see cref="Unmerge"/>): an undo repeated after a stop finishes there what is left.
    /// Null otherwise; a new merge clears it.
    /// </summary>
    public string? UnmergedFrom { get; private set; }

    /// <summary>
    /// The merge into <see cref="MergedInto"/> is undone by <paramref name="by"/>: it is its own incident again and holds its groups
    /// (their claims are moved back next). It reopens with the status it had when merged, unless every alert of its own has resolved
    /// meanwhile (<paramref name="alertsResolvedAt"/>: the last resolve; it stays resolved, as then). An incident nobody had
    /// acknowledged pages the pair on duty now from step 0 (a round of its own, <see cref="RaisedRounds"/>: not a reopen, so no
    /// 再発 wording); one a person had acknowledged stays theirs. Its stakeholders' series goes on here: its next notice is numbered
    /// after its 【統合】 notice. False when not merged.
    /// </summary>
    public bool Unmerge(string by, DateTimeOffset at, DateTimeOffset? alertsResolvedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (MergedInto is not { } from)
        {
            return false;
        }

        MergedInto = null;
        UnmergedFrom = from;
        if (alertsResolvedAt is { } resolvedAt && !RunByPersonWhenOpen)
        {
            ResolvedAt = resolvedAt < (ResolvedAt ?? at) ? resolvedAt : ResolvedAt;
            _closedAt = ResolvedAt;
        }
        else
        {
            Status = StatusBeforeMerge is { } before && before != IncidentStatus.Resolved ? before : IncidentStatus.Investigating;
            ResolvedAt = null;
            _closedAt = null;
            ClosedBy = null;
            Comms = Comms with { RecoveryReminders = 0 };
            RecoveredTold = false;
            if (!IsAcknowledged)
            {
                // Nobody took it before it was merged, and nobody was paged about it since: the pair on duty now hears of it afresh.
                StartPageRound(at, overToolAck: null);
            }
        }

        StatusBeforeMerge = null;
        AlertVersion++;
        ResolveVersion = AlertVersion;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.Unmerged,
            By = by,
            Status = Status,
            Message = string.Format(CultureInfo.InvariantCulture, TimelineTexts.UnmergedFrom, from, by),
        });
        if (IsOpen && CommsLead is { } lead)
        {
            // Its lead went on with the other while merged (ForgetMerged takes them off there when the merge gave them it): they are
            // this one's again, said where its readers look for who tells the stakeholders.
            CommsLeadAt = at;
            Comms = Comms with { LeadNudges = 0 };
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.CommsLead,
                By = by,
                Message = string.Format(CultureInfo.InvariantCulture, TimelineTexts.CommsLeadBackByUnmerge, lead, from),
            });
        }

        return true;
    }

    /// <summary>
    /// Keeps, with what merging <paramref name="from"/> changed here, the members the merge makes followers here
    /// (<paramref name="followers"/>: they followed it, not this one), the first <see cref="MergeTaking.MaxFollowers"/>. False when it
    /// keeps nothing of that merge.
    /// </summary>
    public bool KeepFollowersCarried(string from, IReadOnlyList<string> followers)
    {
        if (MergeTakings.FirstOrDefault(t => t.From == from) is not { } taking)
        {
            return false;
        }

        MergeTakings = [.. MergeTakings.Select(t => t == taking ? t with { Followers = [.. followers.Take(MergeTaking.MaxFollowers)] } : t)];
        return true;
    }

    /// <summary>Run by a person were it open (<see cref="RunByPerson"/> without the open check): monitoring's resolves do not close it.</summary>
    private bool RunByPersonWhenOpen => IsPerson(OpenedBy) || DeclaredMergedIn || StatusBeforeMerge == IncidentStatus.Monitoring;

    /// <summary>
    /// The merge of <paramref name="duplicateId"/> into this one is undone by <paramref name="by"/>: it no longer lists it nor holds
    /// <paramref name="groups"/> (the duplicate's, whose claims moved back), and what the merge changed here goes back where nobody
    /// changed it since (<see cref="MergeTakings"/>: the value is still what the merge made it) — the title, the severity (lowered
    /// as a person's update lowers it), the start, the impact, areas, platforms and workaround it took, the highest severity its retro
    /// is owed for and being run by a person (<see cref="DeclaredMergedIn"/>) where only the merge brought them. What was changed since stays, and
    /// a row says so. Notices sent stay sent; audiences that came with the duplicate and have been told nothing here since are no
    /// longer told about this one (their series goes on on the duplicate). Escalation memories of other instances are made stale
    /// (<see cref="AlertVersion"/>). Null when it does not list the duplicate; else the values given back and those left.
    /// </summary>
    public UnmergedValues? ForgetMerged(string duplicateId, IReadOnlyCollection<HeldGroup> groups, string by, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (!MergedIncidents.Contains(duplicateId, StringComparer.Ordinal))
        {
            return null;
        }

        MergedIncidents = [.. MergedIncidents.Where(m => m != duplicateId)];
        MergedGroups = [.. MergedGroups.Where(g => !groups.Contains(g))];
        var taking = MergeTakings.FirstOrDefault(t => t.From == duplicateId);
        MergeTakings = [.. MergeTakings.Where(t => t.From != duplicateId)];
        var back = new List<string>();
        var left = new List<string>();
        void Revert(string field, bool still, Action give)
        {
            if (still)
            {
                give();
                back.Add(field);
            }
            else
            {
                left.Add(field);
            }
        }

        if (taking is not null)
        {
            if (taking.Title is { } title)
            {
                Revert(MergeFields.Title, Title == title.To, () => Title = title.From);
            }

            if (taking.Severity is { } severity)
            {
                Revert(UnmergeFields.Severity, Severity == severity.To && severity.From > severity.To, () =>
                {
                    Record(new TimelineEntry
                    {
                        At = at,
                        Kind = TimelineKind.SeverityLowered,
                        By = by,
                        Message = string.Format(CultureInfo.InvariantCulture, TimelineTexts.SeverityLowered, (int)Severity, (int)severity.From),
                        SeverityFrom = Severity,
                        SeverityTo = severity.From,
                    });
                    HeldSeverity(Severity, severity.From);
                    Severity = severity.From;
                });
            }

            if (taking.StartedAt is { } started)
            {
                Revert(UnmergeFields.StartedAt, StartedAt == started.To, () => StartedAt = started.From);
            }

            if (taking.UserImpact is { } impact)
            {
                Revert(MergeFields.UserImpact, MergeTaking.Fingerprint(UserImpact) == impact, () => UserImpact = null);
            }

            if (taking.AffectedAreas is { } areas)
            {
                Revert(MergeFields.AffectedAreas, MergeTaking.Fingerprint(AffectedAreas) == areas, () => AffectedAreas = []);
            }

            if (taking.Platforms is { } platforms)
            {
                Revert(MergeFields.Platforms, MergeTaking.Fingerprint(Platforms) == platforms, () => Platforms = []);
            }

            if (taking.Workaround is { } workaround)
            {
                Revert(MergeFields.Workaround, MergeTaking.Fingerprint(Workaround) == workaround, () => Workaround = null);
            }

            // What its retro is owed for: the highest severity the merge brought goes back with it — never below the severity it
            // has now — while nobody raised it since; so does the told one its readers were never told here.
            if (taking.MaxSeverity is { From: { } before } held && MaxSeverity == held.To)
            {
                MaxSeverity = before < Severity ? before : Severity;
            }

            if (taking.HighestTold is { } told && Comms.HighestToldSeverity == told.To && Comms.Queued == taking.QueuedAtMerge)
            {
                Comms = Comms with { HighestToldSeverity = told.From };
            }

            // Run by a person only because of the merge: monitoring's resolves close it again, unless another person's incident
            // merged here keeps it theirs (one merged before 12-06 is not known to: the flag stays).
            if (taking.DeclaredSet && MergedIncidents.All(m => MergeTakings.Any(t => t.From == m && t.Declared == false)))
            {
                DeclaredMergedIn = false;
            }

            ForgetAudiencesOf(duplicateId, taking.Audiences);
            if (taking.CommsLead is { } lead && string.Equals(CommsLead, lead, StringComparison.Ordinal))
            {
                // The merge made them the lead here, and nobody changed it since: they go back with the duplicate (its Unmerge says so
                // there). One handed to someone else meanwhile stays.
                DropCommsLead(by, at, string.Format(CultureInfo.InvariantCulture, TimelineTexts.CommsLeadGoneByUnmerge, lead, duplicateId));
            }
        }
        else
        {
            Comms = Comms with { Continued = [.. Comms.Continued.Where(c => c.From != duplicateId || c.At <= Comms.Queued)] };
        }

        AlertVersion++;
        ResolveVersion = AlertVersion;
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.Unmerged,
            By = by,
            Message = string.Format(CultureInfo.InvariantCulture, TimelineTexts.Unmerged, duplicateId, by),
        });
        if (back.Count > 0)
        {
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.Unmerged,
                By = by,
                Message = string.Format(CultureInfo.InvariantCulture, TimelineTexts.UnmergeGaveBack, duplicateId, string.Join(", ", back)),
            });
        }

        if (left.Count > 0 || taking is null)
        {
            Record(new TimelineEntry
            {
                At = at,
                Kind = TimelineKind.Unmerged,
                By = by,
                Message = taking is null
                    ? string.Format(CultureInfo.InvariantCulture, TimelineTexts.UnmergeNothingKnown, duplicateId)
                    : string.Format(CultureInfo.InvariantCulture, TimelineTexts.UnmergeLeft, duplicateId, string.Join(", ", left)),
            });
        }

        return new UnmergedValues(back, left, taking is not null) { Followers = taking?.Followers ?? [] };
    }

    /// <summary>
    /// Audiences the merge of <paramref name="duplicateId"/> added here (<paramref name="added"/>) that no notice here has reached since
    /// are told nothing more about this one; one told here since keeps its series (what it read stays read, its recovery notice is owed).
    /// The series' "continues from" mark goes where no notice said it yet.
    /// </summary>
    private void ForgetAudiencesOf(string duplicateId, IReadOnlyList<string> added)
    {
        var unread = Comms.Continued.Where(c => c.From == duplicateId && c.At > Comms.Queued).Select(c => c.Audience).ToList();
        var gone = added.Where(a => unread.Contains(a, StringComparer.OrdinalIgnoreCase)).ToList();
        Comms = Comms with
        {
            ToldAudiences = [.. Comms.ToldAudiences.Where(a => !gone.Contains(a, StringComparer.OrdinalIgnoreCase))],
            FirstNotices = Comms.FirstNotices.Where(f => !gone.Contains(f.Key, StringComparer.OrdinalIgnoreCase))
                .ToDictionary(f => f.Key, f => f.Value, StringComparer.OrdinalIgnoreCase),
            Continued = [.. Comms.Continued.Where(c => c.From != duplicateId || c.At <= Comms.Queued)],
        };
    }
}

/// <summary>What undoing a merge did to the values of the incident merged into (<see cref="Incident.ForgetMerged"/>).</summary>
/// <param name="GaveBack">The values given back as they were before the merge (<see cref="MergeFields"/>, <see cref="UnmergeFields"/>).</param>
/// <param name="Left">The values the merge changed that were changed again since: left as they are.</param>
/// <param name="Known">False: the merge was recorded before 12-06, what it changed is not known and everything was left.</param>
public sealed record UnmergedValues(IReadOnlyList<string> GaveBack, IReadOnlyList<string> Left, bool Known)
{
    /// <summary>Members the merge made followers of the incident merged into (<see cref="MergeTaking.Followers"/>): they follow it no more.</summary>
    public IReadOnlyList<string> Followers { get; init; } = [];
}
