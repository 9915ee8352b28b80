using OnDuty.Infrastructure.Tables;

namespace OnDuty.Infrastructure.Tests.Tables;

public class TableKeyTests
{
    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData(@"a\b", "a%5Cb")]
    [InlineData("a#b?c", "a%23b%3Fc")]
    [InlineData("100%", "100%25")]
    [InlineData("a|b", "a%7Cb")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("del\u007f", "del%7F")]
    [InlineData("c1\u0085", "c1%85")]
    public void Escape_ForbiddenCharacters_ArePercentEncoded(string value, string expected)
    {
        Assert.Equal(expected, TableKey.Escape(value));
    }

    [Theory]
    [InlineData("duty:incident-duty:2026-W49:yamada@example.com")]
    [InlineData("member-1")]
    [InlineData("山田.太郎@example.jp")]
    public void Escape_SafeIds_AreUnchanged(string value)
    {
        Assert.Same(value, TableKey.Escape(value));
    }

    [Theory]
    [InlineData("incident:42|update:3@ops.example.com")]
    [InlineData("a/b\\c#d?e%f|g\u0001h:i@j.k")]
    [InlineData("%41 is not an escape of ours")]
    public void Unescape_OfEscape_ReturnsOriginal(string value)
    {
        var escaped = TableKey.Escape(value);

        Assert.DoesNotContain(escaped, c => c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c));
        Assert.Equal(value, TableKey.Unescape(escaped));
    }

    [Fact]
    public void Join_PartsWithSeparator_EscapesEachPart()
    {
        Assert.Equal("ann|leave%7C1", TableKey.Join("ann", "leave|1"));
    }

    [Fact]
    public void Join_KeyOverOneKiB_Throws()
    {
        Assert.Throws<ArgumentException>(() => TableKey.Join(new string('/', 400)));
    }

    [Fact]
    public void RangeEnd_Prefix_IsFirstKeyAfterEveryKeyWithPrefix()
    {
        var end = TableKey.RangeEnd("due|");

        Assert.Equal("due}", end);
        Assert.True(string.CompareOrdinal("due|" + '\uffff', end) < 0);
        Assert.True(string.CompareOrdinal("duf", end) > 0);
    }

    [Fact]
    public void LatestFirst_LaterTimeSortsFirst_FixedWidth()
    {
        var earlier = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        var later = earlier.AddTicks(1);

        Assert.True(string.CompareOrdinal(TableKey.LatestFirst(later), TableKey.LatestFirst(earlier)) < 0);
        Assert.Equal(19, TableKey.LatestFirst(DateTimeOffset.MaxValue).Length);
        Assert.Equal(19, TableKey.LatestFirst(DateTimeOffset.MinValue).Length);
        Assert.Equal(TableKey.LatestFirst(earlier), TableKey.LatestFirst(earlier.ToOffset(TimeSpan.FromHours(9))));
    }
}
