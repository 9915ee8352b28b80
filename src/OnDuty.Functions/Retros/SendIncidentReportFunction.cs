using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Retros;

namespace OnDuty.Functions.Retros;

/// <summary>
/// Hourly by default (app setting <c>SendIncidentReportSchedule</c>): on the month's first working day, from
/// <c>Reports__MonthlyReportLocalTime</c>, emails the month before's incident report to the leads (or
/// <c>Reports__MonthlyReportTo</c>), once each.
/// </summary>
public sealed class SendIncidentReportFunction(IncidentReportMailer mailer, ILogger<SendIncidentReportFunction> logger)
{
    [Function("SendIncidentReport")]
    public async Task Run([TimerTrigger("%SendIncidentReportSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var queued = await mailer.SendMonthlyAsync(cancellationToken);
        if (queued > 0)
        {
            logger.LogInformation("Monthly incident report: emails queued: {Queued}", queued);
        }
    }
}
