using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.Functions.Pages;

/// <summary>
/// The PM pages. Anonymous for the Functions host: the person comes from App Service Authentication (or, locally,
/// <c>Pages__AllowAnonymous</c>), checked by <see cref="PmPages"/>; every post carries an anti-forgery token.
/// </summary>
public sealed class PmPagesFunctions(PmPages pages, MaintenancePages maintenance, ContactPages contact, DutyPages duty)
{
    /// <summary><c>GET /api/incidents/new?lang=ja|en</c>: the declare form.</summary>
    [Function("IncidentFormPage")]
    public Task<IActionResult> NewForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/new")] HttpRequest request) =>
        pages.NewFormAsync(request);

    /// <summary><c>POST /api/incidents/new</c>: 303 to the incident page, or the form again (400) with what was typed.</summary>
    [Function("IncidentFormSubmit")]
    public Task<IActionResult> Declare([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "incidents/new")] HttpRequest request) =>
        pages.DeclareAsync(request);

    /// <summary><c>GET /api/incidents/{id}/page</c>: the incident as the duty PMs work it.</summary>
    [Function("IncidentWorkPage")]
    public Task<IActionResult> Incident([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{id}/page")] HttpRequest request, string id) =>
        pages.IncidentAsync(request, id);

    /// <summary><c>POST /api/incidents/{id}/page/{form}</c>: <c>update</c>, <c>details</c>, <c>ack</c>, <c>help</c>; 303 back to the page.</summary>
    [Function("IncidentWorkPagePost")]
    public Task<IActionResult> Post([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "incidents/{id}/page/{form}")] HttpRequest request, string id, string form) =>
        pages.IncidentPostAsync(request, id, form);

    /// <summary><c>GET /api/status/ack</c>: the open incidents nobody has acknowledged, to acknowledge together.</summary>
    [Function("AckTogetherPage")]
    public Task<IActionResult> AckTogether([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status/ack")] HttpRequest request) =>
        pages.AckTogetherAsync(request);

    /// <summary><c>POST /api/status/ack</c>: acknowledges the ticked ones; 303 back to the page.</summary>
    [Function("AckTogetherSubmit")]
    public Task<IActionResult> AckTogetherSubmit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/ack")] HttpRequest request) =>
        pages.AckTogetherPostAsync(request);

    /// <summary><c>GET /api/status/maintenance</c>: the maintenance windows running, planned and ended lately, with forms to plan, move and end them.</summary>
    [Function("MaintenancePage")]
    public Task<IActionResult> Maintenance([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status/maintenance")] HttpRequest request) =>
        maintenance.ShowAsync(request);

    /// <summary><c>POST /api/status/maintenance</c>: plans a window; 303 back to the page, or the form again (400) with what was typed.</summary>
    [Function("MaintenancePlanSubmit")]
    public Task<IActionResult> MaintenancePlan([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/maintenance")] HttpRequest request) =>
        maintenance.PlanAsync(request);

    /// <summary><c>POST /api/status/maintenance/{id}/end</c>: ends the window now (a planned one is cancelled); 303 back to the page.</summary>
    [Function("MaintenanceEndSubmit")]
    public Task<IActionResult> MaintenanceEnd([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/maintenance/{id}/end")] HttpRequest request, string id) =>
        maintenance.EndAsync(request, id);

    /// <summary><c>POST /api/status/maintenance/{id}/move</c>: moves the window's end; 303 back to the page.</summary>
    [Function("MaintenanceMoveSubmit")]
    public Task<IActionResult> MaintenanceMove([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/maintenance/{id}/move")] HttpRequest request, string id) =>
        maintenance.MoveAsync(request, id);

    /// <summary><c>POST /api/status/maintenance/{id}/hold</c>: the window holds the open incidents it covers too; 303 back to the page.</summary>
    [Function("MaintenanceHoldSubmit")]
    public Task<IActionResult> MaintenanceHold([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/maintenance/{id}/hold")] HttpRequest request, string id) =>
        maintenance.HoldAsync(request, id);

    /// <summary><c>GET /api/status/duty</c>: the paging rotation's duty page (当番表): this week and the coming ones, people's changes, leave, and forms to replace, swap and enter leave.</summary>
    [Function("DutyPage")]
    public Task<IActionResult> Duty([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status/duty")] HttpRequest request) =>
        duty.ShowAsync(request);

    /// <summary><c>POST /api/status/duty/{form}</c>: <c>replace</c>, <c>swap</c>, <c>leave</c>, <c>undo</c>, <c>cancel-leave</c>; 303 back to the page, or the page again (400) with what was typed.</summary>
    [Function("DutyPagePost")]
    public Task<IActionResult> DutyPost([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/duty/{form}")] HttpRequest request, string form) =>
        duty.PostAsync(request, form);

    /// <summary><c>GET /api/status/me</c>: how pages reach the visitor — their mobile number for SMS, and a test text.</summary>
    [Function("ContactPage")]
    public Task<IActionResult> Contact([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status/me")] HttpRequest request) =>
        contact.ShowAsync(request);

    /// <summary><c>POST /api/status/me</c>: saves (or clears) the visitor's mobile number; 303 back, or the form again (400).</summary>
    [Function("ContactPageSave")]
    public Task<IActionResult> ContactSave([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/me")] HttpRequest request) =>
        contact.SaveAsync(request);

    /// <summary><c>POST /api/status/me/test</c>: texts the visitor a test message; 303 back.</summary>
    [Function("ContactPageTest")]
    public Task<IActionResult> ContactTest([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/me/test")] HttpRequest request) =>
        contact.TestAsync(request);

    /// <summary><c>POST /api/status/me/test-call</c>: calls the visitor's number with a test call; 303 back.</summary>
    [Function("ContactPageTestCall")]
    public Task<IActionResult> ContactTestCall([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/me/test-call")] HttpRequest request) =>
        contact.TestCallAsync(request);

    /// <summary><c>POST /api/status/me/call-rule</c>: saves the visitor's own call rule (<c>callAfterMinutes</c>); 303 back.</summary>
    [Function("ContactPageCallRule")]
    public Task<IActionResult> ContactCallRule([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/me/call-rule")] HttpRequest request) =>
        contact.SaveCallRuleAsync(request);

    /// <summary><c>POST /api/status/me/test-email</c>: emails the visitor a test page through the pages' queue; 303 back.</summary>
    [Function("ContactPageTestEmail")]
    public Task<IActionResult> ContactTestEmail([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/me/test-email")] HttpRequest request) =>
        contact.TestEmailAsync(request);

    /// <summary><c>POST /api/status/me/unfollow</c>: the visitor stops following an incident listed on their page; 303 back.</summary>
    [Function("ContactPageUnfollow")]
    public Task<IActionResult> ContactUnfollow([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/me/unfollow")] HttpRequest request) =>
        contact.UnfollowAsync(request);

    /// <summary><c>POST /api/status/me/calendar</c>: makes the visitor a calendar feed URL of their shifts and shows it once.</summary>
    [Function("ContactPageCalendar")]
    public Task<IActionResult> ContactCalendar([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/me/calendar")] HttpRequest request) =>
        contact.CalendarAsync(request);

    /// <summary><c>POST /api/status/me/calendar/revoke</c>: revokes one of the visitor's own calendar feed URLs; 303 back.</summary>
    [Function("ContactPageCalendarRevoke")]
    public Task<IActionResult> ContactCalendarRevoke([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/me/calendar/revoke")] HttpRequest request) =>
        contact.RevokeCalendarAsync(request);

    /// <summary><c>GET /api/status</c>: open incidents and those resolved in the last 7 days.</summary>
    [Function("StatusPage")]
    public Task<IActionResult> Status([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status")] HttpRequest request) =>
        pages.StatusAsync(request);
}
