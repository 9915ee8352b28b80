using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

public class TableXmlRepositoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private TablesHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "dpkeys");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void StoreElement_ThenGetAllElements_EveryKeyBackAsStored()
    {
        var sut = new TableXmlRepository(_harness.Tables);
        var first = new XElement("key", new XAttribute("id", "a"), new XElement("secret", "one"));
        var second = new XElement("key", new XAttribute("id", "b/c#?"), new XElement("secret", "two"));

        sut.StoreElement(first, "key-a");
        sut.StoreElement(second, "key-b/c#?");

        var all = sut.GetAllElements().Select(e => e.ToString(SaveOptions.DisableFormatting)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([first.ToString(SaveOptions.DisableFormatting), second.ToString(SaveOptions.DisableFormatting)], all);
    }

    [Fact]
    public void DataProtection_TwoInstancesOnTheSameTable_OneUnprotectsWhatTheOtherProtected()
    {
        // What anti-forgery needs across instances: the key ring made by one is the key ring of the other.
        var protector = Instance().CreateProtector("OnDuty.Tests");
        var token = protector.Protect("form token");

        Assert.Equal("form token", Instance().CreateProtector("OnDuty.Tests").Unprotect(token));
    }

    [Fact]
    public void NewStorage_TableNotCreatedYet_KeyRingReadsEmptyThenTheFirstKeyIsStoredAndShared()
    {
        // Data Protection loads the key ring as the host starts, before the start-up work creates the tables.
        _harness.Tables.DataProtectionKeys.Delete();

        Assert.Empty(new TableXmlRepository(_harness.Tables).GetAllElements());
        var token = Instance().CreateProtector("OnDuty.Tests").Protect("form token");

        Assert.Single(_harness.Tables.DataProtectionKeys.Query<Azure.Data.Tables.TableEntity>());
        Assert.Equal("form token", Instance().CreateProtector("OnDuty.Tests").Unprotect(token));
    }

    [Fact]
    public void NewStorage_TableNotCreatedYet_StoreElementCreatesIt()
    {
        _harness.Tables.DataProtectionKeys.Delete();
        var key = new XElement("key", new XAttribute("id", "a"));

        new TableXmlRepository(_harness.Tables).StoreElement(key, "key-a");

        Assert.Equal([key.ToString(SaveOptions.DisableFormatting)], new TableXmlRepository(_harness.Tables).GetAllElements().Select(e => e.ToString(SaveOptions.DisableFormatting)));
    }

    private IDataProtectionProvider Instance()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("OnDuty");
        services.AddSingleton(new TableXmlRepository(_harness.Tables));
        services.AddOptions<KeyManagementOptions>().Configure<TableXmlRepository>((o, keys) => o.XmlRepository = keys);
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }
}
