namespace OnDuty.Functions.Incidents;

/// <summary>Body of <c>POST /api/incidents/{id}/ack</c>.</summary>
public sealed record AckRequest(string? MemberId);

/// <summary>Body of <c>POST /api/incidents/{id}/takeover</c>: the roster member (id or address) who takes it over.</summary>
/// <param name="AssignedBy">Who handed it to <paramref name="By"/> (a lead reassigning it, PagerDuty's "Reassign"): a member id, address or name; the new holder is then told by mail. Null: <paramref name="By"/> took it themselves.</param>
public sealed record TakeOverRequest(string? By, string? AssignedBy = null);

/// <summary>Body of <c>POST /api/incidents/{id}/snooze</c>: who snoozes it (a roster member id or address) and for how many minutes.</summary>
public sealed record SnoozeRequest(string? By, int? Minutes);

/// <summary>Body of <c>POST /api/incidents/{id}/followers</c>: the roster member who follows.</summary>
public sealed record FollowRequest(string? MemberId);

/// <summary>Body of <c>POST /api/incidents/ack</c>: who, and which incidents (null: every open one nobody has acknowledged).</summary>
public sealed record AckManyRequest(string? MemberId, IReadOnlyList<string>? Ids);

/// <summary>
/// Body of <c>POST /api/incidents/{id}/merge</c>: the incident to merge it into, who merges, and, when the merge would raise its
/// severity, whether they accept that (<c>confirmSeverity</c>) or keep its severity (<c>keepSeverity</c>); with neither such a merge
/// is refused with 409, with both with 400.
/// </summary>
public sealed record MergeRequest(string? Into, string? By, bool? ConfirmSeverity = null, bool? KeepSeverity = null);

/// <summary>Body of <c>POST /api/incidents/{id}/unmerge</c>: who undoes the merge, as <c>…/merge</c> takes it.</summary>
public sealed record UnmergeRequest(string? By);

/// <summary>
/// Body of <c>POST /api/incidents/{id}/merge-many</c>: the duplicates to merge into <c>{id}</c>, who merges, and whether a raise of
/// its severity is accepted (<c>confirmSeverity</c>) or its severity kept (<c>keepSeverity</c>); with neither a duplicate that would
/// raise it is skipped.
/// </summary>
public sealed record MergeManyRequest(IReadOnlyList<string>? Ids, string? By, bool? ConfirmSeverity = null, bool? KeepSeverity = null);

/// <summary>Body of <c>POST /api/incidents/{id}/help</c>: who calls, what help is needed, and whom to ask (a member id; null: the whole PM organisation).</summary>
public sealed record HelpRequest(string? By, string? Message, string? Ask);

/// <summary>Body of <c>POST /api/incidents/{id}/confidential</c>.</summary>
public sealed record ConfidentialRequest(bool? Confidential, string? By, string? Reason = null);

/// <summary>Body of <c>POST</c> and <c>DELETE /api/incidents/{id}/readers</c>: the address to add or take off, and who does it.</summary>
public sealed record ReaderRequest(string? Address, string? By);

/// <summary>Body of <c>POST</c>/<c>DELETE /api/incidents/{id}/comms-lead</c>: the roster member (id or address) made the communications lead, and who says so.</summary>
public sealed record CommsLeadRequest(string? Member, string? By);
