namespace OnDuty.Core.Comms;

/// <summary>One stakeholder audience (<c>Comms__Audiences__{name}__…</c>).</summary>
public sealed class AudienceOptions
{
    /// <summary>
    /// <c>Comms__Audiences__{name}__Members__{n}</c>: an email address, a roster member id, or <c>group:&lt;id or mail&gt;</c>
    /// (a Microsoft 365 group expanded through Graph, nested groups included).
    /// </summary>
    public List<string?> Members { get; set; } = [];

    /// <summary><c>ja</c> or <c>en</c> for the audience's readers; unset = <c>Team__Language</c>. Roster members read their own.</summary>
    public string? Language { get; set; }

    /// <summary>
    /// <c>Comms__Audiences__{name}__DisplayName</c>: what the team calls the audience (「経営層」), where OnDuty names it to people (the
    /// timeline's 「第2報を関係者（経営層・サポート）に送信」, a reminder's who has not heard yet); unset = the audience's name.
    /// </summary>
    public string? DisplayName { get; set; }

    /// <summary>
    /// <c>Comms__Audiences__{name}__DisplayNameEn</c>: the audience's name for English readers (「Executives」), where the stakeholders'
    /// 障害の状況 view names it in English; unset = the audience's name (a <see cref="DisplayName"/> in Japanese would not read there).
    /// </summary>
    public string? DisplayNameEn { get; set; }

    /// <summary>
    /// <c>Comms__Audiences__{name}__TimeZone</c>: the IANA zone the audience's readers live in (<c>Europe/London</c>); their notices and
    /// their 障害の状況 view give each time there with the team's beside it. Unset: the team's zone (<c>Incidents__TimeZone</c>).
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// <c>Comms__Audiences__{name}__Contact</c>: whom the audience's readers ask (「広報部 山田（内線 1234）」), free text, said as the
    /// notices' ■お問い合わせ先 instead of the incident's duty pair; unset or blank: the duty pair by name and mail.
    /// </summary>
    public string? Contact { get; set; }

    /// <summary>
    /// <c>Comms__Audiences__{name}__Drafts</c>: <c>true</c> for an audience whose job is what customers are told (PR, support): its
    /// notices link the customer drafts (お知らせ・回避策・想定問答) on the incident page too, saying whether they are approved. Needs
    /// <c>Team__PublicBaseUrl</c>. Default false.
    /// </summary>
    public bool Drafts { get; set; }
}
