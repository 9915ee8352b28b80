using OnDuty.Core.Common;
using OnDuty.Core.Retros;

namespace OnDuty.Functions.Retros;

/// <summary>Body of <c>POST /api/criteria</c> and <c>PUT /api/criteria/{id}</c>.</summary>
public sealed record CriterionRequest(string? Id, string? Title, string? Text, string? Topic, bool? Active, string? Retro, string? Note, string? By, string? TopicName = null,
    string? TitleEn = null, string? TextEn = null, string? TopicNameEn = null)
{
    /// <summary>The criteria page's route segment: a criterion with this id could not be read at <c>GET /api/criteria/{id}</c>.</summary>
    public const string ReservedId = "page";

    public Criterion ToCriterion(string? routeId)
    {
        new ValidationErrors()
            .When(routeId is not null && Id is not null && Id != routeId, "id", "must match the id in the URL (or be left out)")
            .When(routeId is null && Id == ReservedId, "id", $"'{ReservedId}' is the criteria page's address (GET /api/criteria/page); choose another id")
            .ThrowIfAny();
        return new Criterion
        {
            Id = routeId ?? Id ?? "c-" + Guid.NewGuid().ToString("N")[..10],
            Title = Title!,
            Text = Text!,
            TitleEn = TitleEn,
            TextEn = TextEn,
            Topic = Topic,
            TopicName = TopicName,
            TopicNameEn = TopicNameEn,
            Active = Active ?? true,
            Retro = Retro,
            Note = Note,
            UpdatedBy = string.IsNullOrWhiteSpace(By) ? "api" : By.Trim(),
        };
    }
}
