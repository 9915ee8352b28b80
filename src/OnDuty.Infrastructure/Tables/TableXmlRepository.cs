using System.Xml.Linq;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// ASP.NET Core Data Protection keys in the app's own table storage (table DataProtectionKeys, PK <c>keys</c>), so every
/// instance and every restart reads the same key ring: an anti-forgery token issued by one instance validates on another.
/// The ready-made Blob package is not available to this build, and the key ring is a handful of small XML rows.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous by contract; Data Protection calls it rarely (key ring load and refresh,
/// about once a day, and key creation every 90 days), off the hot path.
/// </remarks>
public sealed class TableXmlRepository(OnDutyTables tables) : IXmlRepository
{
    internal const string Partition = "keys";

    private readonly TableClient _table = tables.DataProtectionKeys;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        return WithTable<IReadOnlyCollection<XElement>>(() => [.. _table.Query<TableEntity>(filter).Select(e => XElement.Parse(e.GetString("Xml")))]);
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var name = string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString("N") : TableKey.Escape(friendlyName);
        WithTable(() =>
        {
            try
            {
                _table.AddEntity(new TableEntity(Partition, name) { ["Xml"] = element.ToString(SaveOptions.DisableFormatting) });
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Two instances created a key at once under the same name (names are key ids, so this is a retry of the same
                // key or a clash): keep both; the ring takes every key it finds.
                _table.AddEntity(new TableEntity(Partition, $"{name}-{Guid.NewGuid():N}") { ["Xml"] = element.ToString(SaveOptions.DisableFormatting) });
            }

            return true;
        });
    }

    /// <summary>
    /// Runs <paramref name="call"/>, creating the table first when it does not exist yet: Data Protection loads the key ring
    /// as the host starts, before the start-up work has created the app's tables on new storage.
    /// </summary>
    private T WithTable<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == "TableNotFound")
        {
            _table.CreateIfNotExists();
            return call();
        }
    }
}
