using OnDuty.Core.Messages;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Who may read a confidential incident (<see cref="Incident.Confidential"/>) whole on the PM pages — its page, its retro, its
/// 障害報告書 and the forms on them: the one rule, asked by every page that shows one. Anyone at all when nobody is signed in
/// (anonymous local use, <c>Pages__AllowAnonymous</c>); signed in, an active roster member (<see cref="PageVisitor.Member"/>, as
/// the page already knows them), a lead (<see cref="IncidentOptions.Leads"/>), an address in
/// <see cref="IncidentOptions.ConfidentialReaders"/>, or an address added on that incident. Pages, acknowledge links and the
/// function-key API are not asked: the paged person was sent the details anyway.
/// </summary>
public static class ConfidentialAccess
{
    /// <summary>
    /// True when <paramref name="visitor"/> may read <paramref name="incident"/> without looking at the people added on it: it is
    /// not confidential, nobody is signed in, or they are an active member, a lead or a confidential reader by setting.
    /// </summary>
    public static bool MayReadBySetting(Incident incident, PageVisitor visitor, IncidentOptions options) =>
        !incident.Confidential || ReadsConfidentialBySetting(visitor, options);

    /// <summary>
    /// True when <paramref name="visitor"/> may read every confidential incident without looking at the people added on each: nobody
    /// is signed in, or they are an active member, a lead or a confidential reader by setting. What a list of incidents (the lessons
    /// search, 「似た障害」, the merge form, 「まとめて確認」) shows them whole; for anyone else it names each confidential one by its id.
    /// </summary>
    public static bool ReadsConfidentialBySetting(PageVisitor visitor, IncidentOptions options) =>
        !visitor.SignedIn
        || visitor.Member is { Active: true }
        || visitor.HasAnyAddress(options.LeadAddresses.Concat(options.ConfidentialReaderAddresses));

    /// <summary>
    /// True when <paramref name="visitor"/> decides who else may read a confidential incident: an address in
    /// <see cref="IncidentOptions.ConfidentialReaders"/> (the security officer). On a confidential incident's page they add and take off
    /// its readers (「閲覧できる人を追加」) though they are on no roster and <c>Pages__RequireRosterMember</c> leaves every other form to members.
    /// </summary>
    public static bool ManagesReaders(PageVisitor visitor, IncidentOptions options) =>
        visitor.SignedIn && visitor.HasAnyAddress(options.ConfidentialReaderAddresses);

    /// <summary>
    /// True when <paramref name="visitor"/> may read <paramref name="incident"/>: by setting (<see cref="MayReadBySetting"/>), or
    /// one of the sign-in's addresses is among <paramref name="added"/>, those added on the incident.
    /// </summary>
    public static bool MayRead(Incident incident, PageVisitor visitor, IncidentOptions options, IEnumerable<string> added) =>
        MayReadBySetting(incident, visitor, options) || visitor.HasAnyAddress(added);
}
