using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>
/// The rules the in-memory fakes apply (<see cref="TableStorageRules"/>) against what Azurite does with the same rows: a fake
/// refuses exactly what storage refuses, with the error code storage gives, and builds keys as the adapters do.
/// </summary>
public sealed class TableStorageRulesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private TableClient _table = null!;

    public static TheoryData<string> Keys => new()
    {
        new string('a', 512),
        new string('a', 513),
        new string('和', 512),
        new string('和', 513),
        "a/b", "a\\b", "a#b", "a?b",
        "a\u0000b", "a\u001Fb", "a\u007Fb", "a\u009Fb",
        "a b", "a~b", "a\u00A0b", "a|b", "a%2Fb", "a'b", "😀",
        "",
    };

    public async Task InitializeAsync()
    {
        _table = new TableServiceClient(azurite.ConnectionString).GetTableClient(AzuriteFixture.UniquePrefix("rules"));
        await _table.CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => _table.DeleteAsync();

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task CheckKey_RefusesTheKeysAzuriteRefuses_AsPartitionAndAsRowKey(string key)
    {
        var fake = Record.Exception(() => TableStorageRules.CheckKey(key));

        var asPartition = await Record.ExceptionAsync(() => _table.AddEntityAsync(new TableEntity(key, "r")));
        var asRow = await Record.ExceptionAsync(() => _table.AddEntityAsync(new TableEntity("p", key)));

        Assert.Equal(fake is null, asPartition is null);
        Assert.Equal(fake is null, asRow is null);
        if (fake is not null)
        {
            var refused = Assert.IsType<RequestFailedException>(fake);
            Assert.All([asPartition, asRow], e => Assert.Equal((refused.Status, refused.ErrorCode), (((RequestFailedException)e!).Status, ((RequestFailedException)e!).ErrorCode)));
        }
    }

    [Theory]
    [InlineData(32 * 1024, 'a')]
    [InlineData(32 * 1024 + 1, 'a')]
    [InlineData(32 * 1024, '和')]
    [InlineData(32 * 1024 + 1, '和')]
    public async Task CheckRow_RefusesTheTextsAzuriteRefuses_AsTableCallMapsIt(int length, char c)
    {
        var text = new string(c, length);
        var fake = Record.Exception(() => TableStorageRules.CheckRow("p", "r", ("Text", text)));

        var real = await Record.ExceptionAsync(() => TableCall.RunAsync(() => _table.AddEntityAsync(new TableEntity("p", "r") { ["Text"] = text }), CancellationToken.None));

        Assert.Equal(real?.GetType(), fake?.GetType());
        Assert.Equal(real?.Message, fake?.Message);
        if (real is not null)
        {
            Assert.Contains("PropertyValueTooLarge", Assert.Single(((ValidationException)real).Errors["body"]), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Azurite checks an entity's 1 MiB on replace and merge (its JSON in UTF-8; an insert only against the 4 MiB request), the
    /// service on every write (UTF-16, as documented). The fake applies the service's count: stricter than Azurite for an insert.
    /// </summary>
    [Fact]
    public async Task CheckRow_EntityOverAMebibyte_RefusedAsAzuriteRefusesItsReplace()
    {
        var properties = Enumerable.Range(0, 40).Select(i => ($"Text{i}", (object?)new string('a', 30_000))).ToArray();
        var entity = new TableEntity("p", "big");
        await _table.AddEntityAsync(entity);
        foreach (var (name, value) in properties)
        {
            entity[name] = value;
        }

        var fake = Record.Exception(() => TableStorageRules.CheckRow("p", "big", properties));
        var real = await Record.ExceptionAsync(() => TableCall.RunAsync(() => _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Replace), CancellationToken.None));

        Assert.IsType<ValidationException>(real);
        Assert.Equal(real.Message, fake?.Message);
        Assert.Contains("EntityTooLarge", Assert.Single(((ValidationException)fake!).Errors["body"]), StringComparison.Ordinal);
        Assert.Null(Record.Exception(() => TableStorageRules.CheckRow("p", "big", properties[..15])));
    }

    [Theory]
    [InlineData("ann")]
    [InlineData("a/b\\c#d?e%f|g\u0001h")]
    [InlineData("山田")]
    public void Key_BuildsTheKeyTableKeyJoinBuilds(string id)
    {
        Assert.Equal(TableKey.Join(id), TableStorageRules.Key(id));
        Assert.Equal(TableKey.Join(id, "x|y"), TableStorageRules.Key(id, "x|y"));
    }

    [Theory]
    [InlineData(512, true)]
    [InlineData(513, false)]
    [InlineData(171, false)] // 171 × "/" escaped is 513 characters
    [InlineData(170, false)]
    public void Key_TooLongAsTableKeyJoinFindsIt(int length, bool plain)
    {
        var id = plain ? new string('a', length) : new string('/', length);
        var expected = Record.Exception(() => TableKey.Join(id));

        var actual = Record.Exception(() => TableStorageRules.Key(id));

        Assert.Equal(expected?.GetType(), actual?.GetType());
        Assert.Equal(TableKey.Fits(id), TableStorageRules.Fits(id));
    }
}
