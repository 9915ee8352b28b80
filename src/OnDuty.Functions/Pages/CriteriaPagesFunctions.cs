using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.Functions.Pages;

/// <summary>The judgement criteria and lessons search pages: anonymous for the Functions host, the person checked by <see cref="CriteriaPages"/> like every PM page.</summary>
public sealed class CriteriaPagesFunctions(CriteriaPages pages)
{
    /// <summary><c>GET /api/criteria/page?edit={id}&amp;retro={incident}&amp;lang=ja|en</c>: the criteria, one opened with its history and edit form.</summary>
    [Function("CriteriaPage")]
    public Task<IActionResult> Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "criteria/page")] HttpRequest request) =>
        pages.ShowAsync(request);

    /// <summary><c>POST /api/criteria/page/{form}</c>: <c>add</c> or <c>edit</c>; 303 to the criterion, or the page again (400, or 409 when someone saved first).</summary>
    [Function("CriteriaPagePost")]
    public Task<IActionResult> Post([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "criteria/page/{form}")] HttpRequest request, string form) =>
        pages.PostAsync(request, form);

    /// <summary><c>GET /api/criteria/proposals/page?show=all&amp;lang=ja|en</c>: 判断基準の見直し提案, the criteria changes retros proposed (not yet adopted, or all).</summary>
    [Function("CriteriaProposalsPage")]
    public Task<IActionResult> Proposals([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "criteria/proposals/page")] HttpRequest request) =>
        pages.ProposalsAsync(request);

    /// <summary><c>GET /api/retros/page?q=&amp;lang=ja|en</c>: 過去の教訓を探す, the lessons search of <c>GET /api/retros</c> as a page.</summary>
    [Function("LessonsPage")]
    public Task<IActionResult> Lessons([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "retros/page")] HttpRequest request) =>
        pages.LessonsAsync(request);
}
