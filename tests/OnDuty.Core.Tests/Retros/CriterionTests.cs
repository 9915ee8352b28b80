using OnDuty.Core.Common;
using OnDuty.Core.Retros;

namespace OnDuty.Core.Tests.Retros;

/// <summary>A criterion's invariants: the optional English words are held to the Japanese ones' limits.</summary>
public sealed class CriterionTests
{
    private static Criterion C(string? titleEn = null, string? textEn = null, string? topic = "severity", string? topicNameEn = null) => new()
    {
        Id = "declare-sev2", Title = "SEV2 を宣言する", Text = "決済が 5 分止まったら", Topic = topic, TitleEn = titleEn, TextEn = textEn, TopicNameEn = topicNameEn,
    };

    [Fact]
    public void Validated_EnglishWords_TrimmedAndBlankIsNone()
    {
        var trimmed = C("  Declare SEV2 ", " When payments stop for 5 minutes\n", topicNameEn: " Severity calls ").Validated();
        var blank = C(" ", "\n", topicNameEn: " ").Validated();

        Assert.Equal(("Declare SEV2", "When payments stop for 5 minutes", "Severity calls"), (trimmed.TitleEn, trimmed.TextEn, trimmed.TopicNameEn));
        Assert.Equal(((string?)null, (string?)null, (string?)null), (blank.TitleEn, blank.TextEn, blank.TopicNameEn));
    }

    [Fact]
    public void Validated_EnglishWordsTooLong_RefusedNamingTheirFieldsWithTheJapaneseLimits()
    {
        var ex = Assert.Throws<ValidationException>(() => C(
            new string('a', Criterion.MaxTitle + 1), new string('a', Criterion.MaxText + 1), topicNameEn: new string('a', Criterion.MaxTopicName + 1)).Validated());

        Assert.Equal(["must be at most 200 characters"], ex.Errors["titleEn"]);
        Assert.Equal(["must be at most 4000 characters"], ex.Errors["textEn"]);
        Assert.Equal(["must be at most 60 characters"], ex.Errors["topicNameEn"]);
        Assert.Equal(new string('a', Criterion.MaxTitle), C(new string('a', Criterion.MaxTitle)).Validated().TitleEn);
    }

    [Fact]
    public void Validated_EnglishTopicNameWithoutATopic_Refused()
    {
        var ex = Assert.Throws<ValidationException>(() => C(topic: null, topicNameEn: "Severity calls").Validated());

        Assert.Equal(["needs a topic to name"], ex.Errors["topicNameEn"]);
    }
}
