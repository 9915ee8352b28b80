using Microsoft.Extensions.Configuration;
using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;

namespace OnDuty.Core.Tests.Comms;

public sealed class CommsOptionsTests
{
    private static CommsOptions Valid() => new()
    {
        Audiences = new(StringComparer.OrdinalIgnoreCase)
        {
            ["execs"] = new AudienceOptions { Members = ["ceo@example.com", "group:execs@example.com", "sato"], Language = "ja" },
            ["support"] = new AudienceOptions { Members = ["group:6f1c2d3e-0000-4000-8000-000000000001"], Language = "en" },
        },
        BySeverity = new SeverityAudiences { Sev1 = ["execs", "support"], Sev2 = ["Support"] },
    };

    private static List<string> Errors(CommsOptions options) =>
        [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!)];

    [Fact]
    public void Validate_AudiencesAndSeverities_Valid() => Assert.Empty(Errors(Valid()));

    [Fact]
    public void Validate_UnknownAudienceInBySeverity_NamesTheSetting()
    {
        var options = Valid();
        options.BySeverity.Sev3 = ["execs", "pr"];

        var error = Assert.Single(Errors(options));

        Assert.StartsWith("Comms__BySeverity__Sev3__1 names audience 'pr'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadMembersAndLanguage_NameEachSetting()
    {
        var options = Valid();
        options.Audiences["execs"].Members = ["not-an@address@", "", "group:"];
        options.Audiences["execs"].Language = "fr";

        var errors = Errors(options);

        Assert.Contains(errors, e => e.StartsWith("Comms__Audiences__execs__Language must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Comms__Audiences__execs__Members__0 must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Comms__Audiences__execs__Members__1 is blank", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Comms__Audiences__execs__Members__2 must be", StringComparison.Ordinal));
    }

    /// <summary>An audience's zone as Incidents__TimeZone is checked: a misspelt one stops the start naming the setting and the value.</summary>
    [Fact]
    public void Validate_UnknownAudienceTimeZone_NamesTheSettingAndTheValue()
    {
        var options = Valid();
        options.Audiences["execs"].TimeZone = "Europe/Londn";

        var error = Assert.Single(Errors(options));

        Assert.Equal("Comms__Audiences__execs__TimeZone: 'Europe/Londn' is not a known time zone (IANA id, e.g. Europe/London).", error);
        Assert.Null(options.TimeZoneOf("execs"));
    }

    [Theory]
    [InlineData("Europe/London", "Europe/London")]
    [InlineData(" America/Los_Angeles ", "America/Los_Angeles")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void TimeZoneOf_KnownZoneOrBlank_TheZoneOrTheTeams(string? setting, string? expected)
    {
        var options = Valid();
        options.Audiences["execs"].TimeZone = setting;

        Assert.Empty(Errors(options));
        Assert.Equal(expected, options.TimeZoneOf("EXECS"));
        Assert.Null(options.TimeZoneOf("support"));
        Assert.Null(options.TimeZoneOf("removed-since"));
    }

    [Fact]
    public void Validate_AudienceWithoutMembers_NamesTheSetting()
    {
        var options = Valid();
        options.Audiences["empty"] = new AudienceOptions();

        Assert.Contains(Errors(options), e => e.StartsWith("Comms__Audiences__empty__Members__0 is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("off", null)]
    [InlineData("OFF", null)]
    [InlineData("00:30:00", 30)]
    [InlineData("04:00:00", 240)]
    public void UpdateInterval_OffOrTime_Parsed(string value, int? minutes)
    {
        var options = Valid();
        options.UpdateInterval.Sev2 = value;

        Assert.Empty(Errors(options));
        Assert.Equal(minutes is null ? null : TimeSpan.FromMinutes(minutes.Value), options.UpdateInterval.For(AlertSeverity.Sev2));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("00:00:10")]
    [InlineData("8.00:00:00")]
    public void UpdateInterval_Invalid_NamesTheSetting(string value)
    {
        var options = Valid();
        options.UpdateInterval.Sev4 = value;

        Assert.StartsWith("Comms__UpdateInterval__Sev4 must be", Assert.Single(Errors(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void FirstNoticeReminder_Invalid_NamesTheSetting()
    {
        var options = Valid();
        options.FirstNoticeReminder.Sev2 = "soon";

        Assert.StartsWith("Comms__FirstNoticeReminder__Sev2 must be", Assert.Single(Errors(options)), StringComparison.Ordinal);
    }

    /// <summary><c>Comms__RecoveryAskSettle</c>: 10 minutes unless set; 0 (ask at the resolve) to 2 hours; outside that the start names it.</summary>
    [Theory]
    [InlineData(null, null)]
    [InlineData("00:00:00", null)]
    [InlineData("02:00:00", null)]
    [InlineData("-00:01:00", "Comms__RecoveryAskSettle must be between 00:00:00 (ask at the resolve) and 02:00:00 (e.g. 00:10:00); it is -00:01:00.")]
    [InlineData("02:00:01", "Comms__RecoveryAskSettle must be between 00:00:00 (ask at the resolve) and 02:00:00 (e.g. 00:10:00); it is 02:00:01.")]
    public void RecoveryAskSettle_BoundAndValidated(string? value, string? error)
    {
        var settings = new Dictionary<string, string?> { ["Comms:UpdateInterval:Sev1"] = "00:30:00" };
        if (value is not null)
        {
            settings["Comms:RecoveryAskSettle"] = value;
        }

        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(CommsOptions.SectionName).Get<CommsOptions>()!;

        Assert.Equal(value is null ? TimeSpan.FromMinutes(10) : TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture), options.RecoveryAskSettle);
        Assert.Equal(error is null ? [] : [error], Errors(options));
    }

    /// <summary>
    /// <c>Comms__Audiences__{name}__Contact</c> and <c>__Drafts</c> bound from settings: read by any case of the name, the contact
    /// trimmed (blank: none, the duty pair), drafts off unless set; an audience not configured has neither.
    /// </summary>
    [Fact]
    public void ContactAndDrafts_BoundFromSettings_ByAnyCaseOfTheName()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Comms:Audiences:support:Members:0"] = "support@example.com",
            ["Comms:Audiences:support:Contact"] = " サポート部 山田（support@example.com） ",
            ["Comms:Audiences:support:Drafts"] = "true",
            ["Comms:Audiences:execs:Members:0"] = "ceo@example.com",
            ["Comms:Audiences:execs:Contact"] = "  ",
        }).Build();

        var options = configuration.GetSection(CommsOptions.SectionName).Get<CommsOptions>()!;

        Assert.Equal("サポート部 山田（support@example.com）", options.ContactOf("Support"));
        Assert.True(options.DraftsFor("SUPPORT"));
        Assert.Null(options.ContactOf("execs"));
        Assert.False(options.DraftsFor("execs"));
        Assert.Null(options.ContactOf("pr"));
        Assert.False(options.DraftsFor("pr"));
        Assert.False(options.DraftsFor(null));
        Assert.Empty(Errors(options));
    }

    [Fact]
    public void Validate_ContactLongerThan200_NamesTheSetting()
    {
        var options = Valid();
        options.Audiences["support"].Contact = new string('a', CommsOptions.MaxContactLength);
        Assert.Empty(Errors(options));

        options.Audiences["support"].Contact = new string('a', CommsOptions.MaxContactLength + 1);

        Assert.Equal("Comms__Audiences__support__Contact must be at most 200 characters (it has 201): say whom to ask and how, in a line or two.", Assert.Single(Errors(options)));
    }

    /// <summary>Bound from settings: one severity set, the others keep their defaults (10 and 15 minutes for SEV1–2, off below).</summary>
    [Fact]
    public void FirstNoticeReminder_BoundFromSettings_UnsetSeveritiesKeepTheirDefaults()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Comms:FirstNoticeReminder:Sev2"] = "00:05:00",
        }).Build();

        var options = configuration.GetSection(CommsOptions.SectionName).Get<CommsOptions>()!;

        Assert.Equal(TimeSpan.FromMinutes(10), options.FirstNoticeReminder.For(AlertSeverity.Sev1));
        Assert.Equal(TimeSpan.FromMinutes(5), options.FirstNoticeReminder.For(AlertSeverity.Sev2));
        Assert.Null(options.FirstNoticeReminder.For(AlertSeverity.Sev3));
        Assert.Equal(TimeSpan.FromMinutes(30), options.UpdateInterval.For(AlertSeverity.Sev1));
    }

    [Fact]
    public void DisplayNamesFor_TheAudiencesDisplayNamesElseTheirNames()
    {
        var options = Valid();
        options.Audiences["execs"].DisplayName = " 経営層 ";

        Assert.Equal(["経営層", "support"], options.DisplayNamesFor(AlertSeverity.Sev1));
    }

    [Fact]
    public void AudienceNames_ForEnglishReaders_EnglishNameElseTheDisplayNameElseNothing()
    {
        var options = Valid();
        options.Audiences["execs"].DisplayName = "経営層";
        options.Audiences["execs"].DisplayNameEn = " Executives ";
        options.Audiences["support"].DisplayName = "サポート";
        options.Audiences["legal"] = new AudienceOptions { Members = ["legal@example.com"] };

        // Trial 29 M4: with no DisplayNameEn an English reader read the key ("support"), and the notices' names were always Japanese.
        Assert.Equal(
            [("execs", "Executives"), ("support", "サポート")],
            options.AudienceNames(OnDuty.Core.Team.Language.En).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value)));
        Assert.Equal(
            [("execs", "経営層"), ("support", "サポート")],
            options.AudienceNames(OnDuty.Core.Team.Language.Ja).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value)));
        Assert.Equal(("サポート", "legal"), (options.DisplayNameOf("support", OnDuty.Core.Team.Language.En), options.DisplayNameOf("legal", OnDuty.Core.Team.Language.En)));
    }
}
