using System.Text;
using Microsoft.AspNetCore.Http;
using OnDuty.Functions.Pages;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>A posted PM form read as the pages read it.</summary>
public sealed class PageFormTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>
    /// A local time no instant has (the first hours of year 1 east of UTC) is a time the form cannot read, said next to the field:
    /// the declare and maintenance forms answered 500 for <c>0001-01-01T00:00</c>.
    /// </summary>
    [Theory]
    [InlineData("0001-01-01T00:00")]
    [InlineData("0001-01-01T08:59")]
    public async Task LocalTime_BeforeTheFirstInstantInTheZone_TimeErrorOnTheField(string typed)
    {
        var form = await ReadAsync($"to={Uri.EscapeDataString(typed)}");

        Assert.Null(form.LocalTime("to", Tokyo));
        Assert.Equal(["time"], form.Errors["to"]);
    }

    [Fact]
    public async Task LocalTime_TheNextDayOfYearOne_Read()
    {
        var form = await ReadAsync("to=0001-01-02T00:00");

        var local = new DateTime(1, 1, 2);
        Assert.Equal(new DateTimeOffset(local, Tokyo.GetUtcOffset(local)), form.LocalTime("to", Tokyo));
        Assert.True(form.Valid);
    }

    private static Task<PageForm> ReadAsync(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = PageForm.ContentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return PageForm.ReadAsync(context.Request, PageBrowser.TokenField, CancellationToken.None);
    }
}
