using OnDuty.Core.Common;
using OnDuty.Core.Retros;

namespace OnDuty.Core.Tests.Retros;

public sealed class CriterionTopicsTests
{
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static Criterion C(string id, string? topic, string? topicName, int daysAgo) => new()
    {
        Id = id, Title = id, Text = id, Topic = topic, TopicName = topicName, UpdatedAt = Day.AddDays(-daysAgo),
    };

    [Fact]
    public void Label_TopicNamedByOneCriterion_EveryCriterionOfTheTopicReadsThatName()
    {
        var sut = CriterionTopics.Of([C("a", "severity-payments", null, 1), C("b", "severity-payments", "決済の重大度", 30), C("c", "help", null, 2)]);

        Assert.Equal("決済の重大度", sut.Label("severity-payments"));
        Assert.Equal("help", sut.Label("help"));
        Assert.Null(sut.Label(null));
        Assert.Null(sut.NameOf("help"));
    }

    [Fact]
    public void Label_TwoNamesForOneTopic_TheMostRecentlySavedOneWins()
    {
        var sut = CriterionTopics.Of([C("old", "severity", "重大度", 10), C("new", "severity", "重大度の判断", 1)]);

        Assert.Equal("重大度の判断", sut.Label("severity"));
    }

    [Fact]
    public void All_EachTopicOnceWithItsName_OrderedByWhatPeopleRead()
    {
        var sut = CriterionTopics.Of([C("a", "severity", "重大度", 1), C("b", "severity", null, 0), C("c", "customers", null, 3), C("d", null, null, 0)]);

        Assert.Equal([new CriterionTopic("customers", null), new CriterionTopic("severity", "重大度")], sut.All);
    }

    [Fact]
    public void NameEnOf_TheMostRecentlySavedEnglishName_EvenWhenANewerCriterionGivesNone()
    {
        var sut = CriterionTopics.Of([
            C("old", "severity", "重大度", 10) with { TopicNameEn = "Severity" },
            C("mid", "severity", "重大度の判断", 5) with { TopicNameEn = "Severity calls" },
            C("new", "severity", "重大度の判断", 1),
            C("c", "help", "応援", 2),
        ]);

        Assert.Equal(("重大度の判断", "Severity calls"), (sut.NameOf("severity"), sut.NameEnOf("severity")));
        Assert.Null(sut.NameEnOf("help"));
        Assert.Null(sut.NameEnOf(null));
        Assert.Equal(new CriterionTopic("severity", "重大度の判断", "Severity calls"), sut.All.Single(t => t.Slug == "severity"));
    }

    [Fact]
    public void Validated_TopicNameTrimmed_BlankIsNone_AndANameWithoutATopicRefused()
    {
        Assert.Equal("重大度", (C("a", "severity", "  重大度 ", 0).Validated()).TopicName);
        Assert.Null(C("a", "severity", " ", 0).Validated().TopicName);

        var noTopic = Assert.Throws<ValidationException>(() => C("a", null, "重大度", 0).Validated());
        Assert.Contains("topicName", noTopic.Errors.Keys);
        var tooLong = Assert.Throws<ValidationException>(() => C("a", "severity", new string('重', Criterion.MaxTopicName + 1), 0).Validated());
        Assert.Contains("topicName", tooLong.Errors.Keys);
    }
}
