using Microsoft.Extensions.Configuration;
using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Calendar;

namespace OnDuty.Core.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly ClosureOptions NewYear = new() { From = new(2026, 12, 29), To = new(2027, 1, 3), Name = "年末年始", NameEn = "New Year closure" };

    private static WorkingCalendar CreateSut(string country = "JP", params ClosureOptions[] closures) => new(country, closures);

    [Theory]
    [InlineData("2026-11-23", "Labour Thanksgiving Day", "勤労感謝の日")]
    [InlineData("2027-01-11", "Coming of Age Day", "成人の日")]
    [InlineData("2026-01-12", "Coming of Age Day", "成人の日")]
    [InlineData("2026-09-21", "Respect for the Aged Day", "敬老の日")]
    [InlineData("2026-10-12", "Health and Sports Day", "スポーツの日")]
    public void NonWorking_JapaneseHolidayOnMonday_NamesItInBothLanguages(string date, string english, string japanese)
    {
        var day = CreateSut().NonWorking(DateOnly.Parse(date));

        Assert.NotNull(day);
        Assert.Equal(NonWorkingKind.PublicHoliday, day.Kind);
        Assert.Equal(english, day.Name);
        Assert.Equal(japanese, day.NameJa);
    }

    [Theory]
    [InlineData("Coming Of Age Day", "Coming of Age Day")]
    [InlineData("Respect For The Aged Day", "Respect for the Aged Day")]
    [InlineData("The Day Of The Dead", "The Day of the Dead")]
    [InlineData("New Year's Day", "New Year's Day")]
    public void Titled_LibraryName_KeepsMinorWordsLowerCase(string library, string expected) =>
        Assert.Equal(expected, WorkingCalendar.Titled(library));

    [Fact]
    public void NonWorking_WeekdayBetweenTwoJapaneseHolidays_IsCitizensHoliday()
    {
        // 2026-09-22 (Tue) lies between 敬老の日 and 秋分の日; the library leaves it out.
        var day = CreateSut().NonWorking(new DateOnly(2026, 9, 22));

        Assert.Equal("国民の休日", day?.NameJa);
    }

    [Fact]
    public void NonWorking_SubstituteHoliday_IsCalledSo()
    {
        // 憲法記念日 2026-05-03 is a Sunday; the substitute holiday is Wednesday 05-06.
        var day = CreateSut().NonWorking(new DateOnly(2026, 5, 6));

        Assert.Equal("振替休日（憲法記念日）", day?.NameJa);
    }

    /// <summary>
    /// Trial 32b L: the substitute rule applies to the computed holidays too. 春分の日 2027-03-21 and 秋分の日 2029-09-23 are
    /// Sundays, so the Mondays after are 振替休日, named as such; the equinox itself on a weekday keeps its own name.
    /// </summary>
    [Theory]
    [InlineData("2027-03-22", "振替休日（春分の日）", "Substitute holiday for Vernal Equinox Day")]
    [InlineData("2029-09-24", "振替休日（秋分の日）", "Substitute holiday for Autumnal Equinox Day")]
    [InlineData("2024-09-23", "振替休日（秋分の日）", "Substitute holiday for Autumnal Equinox Day")]
    [InlineData("2026-03-20", "春分の日", "Vernal Equinox Day")]
    [InlineData("2026-09-23", "秋分の日", "Autumnal Equinox Day")]
    public void NonWorking_EquinoxOnSunday_TheMondayIsItsSubstituteHoliday(string date, string ja, string en)
    {
        var day = CreateSut().NonWorking(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ja, day?.NameJa);
        Assert.Equal(en, day?.Name);
    }

    [Theory]
    [InlineData("2026-11-24")]
    [InlineData("2026-12-28")]
    [InlineData("2027-01-04")]
    [InlineData("2027-01-12")]
    public void IsWorkingDay_OrdinaryWeekday_True(string date) =>
        Assert.True(((IWorkingCalendar)CreateSut("JP", NewYear)).IsWorkingDay(DateOnly.Parse(date)));

    [Theory]
    [InlineData("2026-12-29")]
    [InlineData("2026-12-31")]
    [InlineData("2027-01-01")]
    [InlineData("2027-01-03")]
    public void NonWorking_ClosureSpanningYearEnd_IsTheClosureEvenOnHolidaysAndWeekends(string date)
    {
        var day = CreateSut("JP", NewYear).NonWorking(DateOnly.Parse(date));

        Assert.Equal(NonWorkingKind.Closure, day?.Kind);
        Assert.Equal("年末年始", day?.NameJa);
        Assert.Equal("New Year closure", day?.Name);
    }

    /// <summary>
    /// Session 53: a closure configured without <c>NameEn</c> showed English readers 「年末年始」 alone; it now says it is a company
    /// closure and still which one, as English names a substitute holiday ("Substitute holiday for …"); Japanese readers as before.
    /// </summary>
    [Fact]
    public void NonWorking_JapaneseClosureWithoutEnglishName_EnglishSaysCompanyClosureAndWhichOne()
    {
        var day = CreateSut("JP", Unnamed(null)).NonWorking(new DateOnly(2026, 12, 30));

        Assert.Equal(("年末年始 company closure", "年末年始"), (day?.Name, day?.NameJa));
        Assert.Equal("年末年始 company closure", day?.NameIn(OnDuty.Core.Team.Language.En));
        Assert.Equal("年末年始", day?.NameIn(OnDuty.Core.Team.Language.Ja));
        Assert.Equal("年末年始 company closure", CreateSut("JP", Unnamed("  ")).NonWorking(new DateOnly(2026, 12, 30))?.Name);
    }

    private static ClosureOptions Unnamed(string? nameEn) => new() { From = NewYear.From, To = NewYear.To, Name = NewYear.Name, NameEn = nameEn };

    /// <summary>A name not in Japanese script is already English: as configured, both ways.</summary>
    [Fact]
    public void NonWorking_EnglishClosureWithoutEnglishName_AsConfigured()
    {
        var day = CreateSut("JP", new ClosureOptions { From = new(2027, 1, 8), To = new(2027, 1, 8), Name = " Stocktake " }).NonWorking(new DateOnly(2027, 1, 8));

        Assert.Equal(("Stocktake", "Stocktake"), (day?.Name, day?.NameJa));
    }

    [Fact]
    public void NonWorking_Weekend_IsWeekend()
    {
        Assert.Equal(NonWorkingKind.Weekend, CreateSut().NonWorking(new DateOnly(2026, 11, 28))?.Kind);
        Assert.Equal(NonWorkingKind.Weekend, CreateSut("none").NonWorking(new DateOnly(2026, 11, 29))?.Kind);
    }

    [Theory]
    [InlineData("US", "2026-11-26")] // Thanksgiving
    [InlineData("GB", "2026-12-28")] // Boxing Day observed
    [InlineData("DE", "2026-10-03")] // Tag der Deutschen Einheit (a Saturday: a holiday wins over the weekend)
    [InlineData("DE", "2026-04-06")] // Ostermontag
    public void NonWorking_OtherCountries_UseTheirHolidays(string country, string date) =>
        Assert.Equal(NonWorkingKind.PublicHoliday, CreateSut(country).NonWorking(DateOnly.Parse(date))?.Kind);

    /// <summary>
    /// A Dublin team (trial 54, English team walk): Irish public holidays, named in English — the library names them in Irish
    /// (「Lá Fhéile Pádraig」), which its English readers would have read in the announcement and on the schedule. A Japanese reader
    /// of the same team reads them as Japanese say them (「聖パトリックの祝日」), not as English words in a ja mail.
    /// </summary>
    [Theory]
    [InlineData("2027-01-01", "New Year's Day", "元日")]
    [InlineData("2027-02-01", "St Brigid's Day", "聖ブリジッドの日")]
    [InlineData("2027-03-17", "St Patrick's Day", "聖パトリックの祝日")]
    [InlineData("2027-03-29", "Easter Monday", "イースターマンデー")]
    [InlineData("2027-05-03", "May Bank Holiday", "5月のバンクホリデー")]
    [InlineData("2027-06-07", "June Bank Holiday", "6月のバンクホリデー")]
    [InlineData("2027-08-02", "August Bank Holiday", "8月のバンクホリデー")]
    [InlineData("2027-10-25", "October Bank Holiday", "10月のバンクホリデー")]
    [InlineData("2026-12-25", "Christmas Day", "クリスマス")]
    [InlineData("2026-12-26", "St Stephen's Day", "聖ステファノの日")]
    public void NonWorking_Ireland_NamesTheHolidayInEnglish_AndInJapanese(string date, string english, string japanese)
    {
        var day = CreateSut("IE").NonWorking(DateOnly.Parse(date));

        Assert.NotNull(day);
        Assert.Equal(NonWorkingKind.PublicHoliday, day.Kind);
        Assert.Equal(english, day.Name);
        Assert.Equal(japanese, day.NameJa);
        Assert.Equal(english, day.NameIn(OnDuty.Core.Team.Language.En));
        Assert.Equal(japanese, day.NameIn(OnDuty.Core.Team.Language.Ja));
    }

    /// <summary>
    /// The other countries' holidays in Japanese where Japanese readers know a name (独立記念日, 感謝祭, ボクシング・デー …), in
    /// English (or as the library has it) for English readers; a holiday with no Japanese name keeps that one for both.
    /// </summary>
    [Theory]
    [InlineData("US", "2026-07-03", "Independence Day", "独立記念日")] // observed on the Friday
    [InlineData("US", "2026-11-26", "Thanksgiving", "感謝祭")]
    [InlineData("US", "2026-12-25", "Christmas", "クリスマス")]
    [InlineData("GB", "2026-12-28", "Boxing Day", "ボクシング・デー")]
    [InlineData("GB", "2027-01-01", "New Year", "元日")]
    [InlineData("DE", "2026-10-03", "Tag der Deutschen Einheit", "ドイツ統一の日")]
    public void NonWorking_OtherCountries_NameTheHolidayPerLanguage(string country, string date, string english, string japanese)
    {
        var day = CreateSut(country).NonWorking(DateOnly.Parse(date));

        Assert.NotNull(day);
        Assert.Equal(english, day.NameIn(OnDuty.Core.Team.Language.En));
        Assert.Equal(japanese, day.NameIn(OnDuty.Core.Team.Language.Ja));
    }

    /// <summary>An Irish holiday on a weekend is taken on the next working day: St Stephen's Day on Saturday 26 December 2026 on Monday 28th.</summary>
    [Theory]
    [InlineData("2026-12-28", "Substitute holiday for St Stephen's Day", "振替休日（聖ステファノの日）")]
    [InlineData("2027-12-27", "Substitute holiday for Christmas Day", "振替休日（クリスマス）")]
    [InlineData("2027-12-28", "Substitute holiday for St Stephen's Day", "振替休日（聖ステファノの日）")]
    public void NonWorking_IrishHolidayOnWeekend_NextWorkingDayIsOff(string date, string english, string japanese)
    {
        var day = CreateSut("IE").NonWorking(DateOnly.Parse(date));

        Assert.NotNull(day);
        Assert.Equal(NonWorkingKind.PublicHoliday, day.Kind);
        Assert.Equal(english, day.Name);
        Assert.Equal(japanese, day.NameJa);
        Assert.Null(CreateSut("IE").NonWorking(new DateOnly(2026, 12, 29)));
        // Japan's holidays are not Ireland's: 成人の日 is a working Monday in Dublin.
        Assert.Null(CreateSut("IE").NonWorking(new DateOnly(2027, 1, 11)));
    }

    [Fact]
    public void NonWorking_CountryNone_OnlyWeekendsAndClosures()
    {
        Assert.Null(CreateSut("none").NonWorking(new DateOnly(2026, 11, 23)));
        Assert.Equal(NonWorkingKind.Closure, CreateSut("none", NewYear).NonWorking(new DateOnly(2026, 12, 30))?.Kind);
    }

    [Fact]
    public void Constructor_UnknownCountry_NamesTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => CreateSut("XX"));
        Assert.Contains("Calendar__Country", ex.Message);
    }

    [Fact]
    public void CalendarOptions_BadClosureAndCountry_NameTheSettings()
    {
        var options = new CalendarOptions
        {
            Country = "FR",
            Closures = [new() { From = new(2027, 1, 3), To = new(2026, 12, 29), Name = "x" }, new() { From = new(2027, 1, 3) }],
        };

        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        var messages = string.Join("\n", results.Select(r => r.ErrorMessage));
        Assert.Contains("Calendar__Country", messages);
        Assert.Contains("Calendar__Closures__0__To must not be before", messages);
        Assert.Contains("Calendar__Closures__1__To is required: the closure's last day, inclusive, yyyy-MM-dd (e.g. 2027-01-03).", messages);
        Assert.DoesNotContain("Calendar__Closures__1__From is required", messages);
        Assert.Contains("Calendar__Closures__1__Name is required", messages);
    }

    /// <summary>A closure with a name and no dates: both dates are asked for, each by its setting.</summary>
    [Fact]
    public void CalendarOptions_ClosureWithoutDates_NamesBoth()
    {
        var options = new CalendarOptions { Closures = [new() { Name = "創立記念日" }] };

        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));

        Assert.Equal(
            ["Calendar__Closures__0__From is required: the closure's first day, yyyy-MM-dd (e.g. 2026-12-29).",
             "Calendar__Closures__0__To is required: the closure's last day, inclusive, yyyy-MM-dd (e.g. 2027-01-03)."],
            results.Select(r => r.ErrorMessage));
    }

    [Fact]
    public void CalendarOptions_Defaults_AreValid()
    {
        var options = new CalendarOptions { Closures = [NewYear] };
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }
}

public sealed class CalendarSettingsBindingTests
{
    [Fact]
    public void Bind_SampleSettings_ClosuresAndReminderTime()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Calendar:Country"] = "JP",
            ["Calendar:Closures:0:From"] = "2026-12-29",
            ["Calendar:Closures:0:To"] = "2027-01-03",
            ["Calendar:Closures:0:Name"] = "年末年始",
            ["Reminders:LocalTime"] = "09:30",
        }).Build();
        var calendarOptions = configuration.GetSection(CalendarOptions.SectionName).Get<CalendarOptions>()!;
        var reminders = configuration.GetSection(OnDuty.Core.Rotations.ReminderOptions.SectionName).Get<OnDuty.Core.Rotations.ReminderOptions>()!;
        var calendar = new WorkingCalendar(Microsoft.Extensions.Options.Options.Create(calendarOptions));

        Assert.Equal(NonWorkingKind.Closure, calendar.NonWorking(new DateOnly(2026, 12, 30))?.Kind);
        Assert.Equal(new TimeOnly(9, 30), reminders.LocalTime);
    }
}
