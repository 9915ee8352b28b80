using Microsoft.Azure.Functions.Worker;
using OnDuty.Core.Retros;

namespace OnDuty.Functions.Retros;

/// <summary>
/// Every five minutes by default (app setting <c>IndexLessonsSchedule</c>): makes incidents resolved lately findable by lessons
/// search and as similar incidents, retro or not.
/// </summary>
public sealed class IndexLessonsFunction(LessonIndexer indexer)
{
    [Function("IndexLessons")]
    public Task Run([TimerTrigger("%IndexLessonsSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        indexer.IndexRecentAsync(cancellationToken);
}
