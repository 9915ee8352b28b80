using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Team;
using OnDuty.Testing;
using OnDuty.Testing.Contracts;

namespace OnDuty.Infrastructure.Tests.Tables;

public class TableRosterRepositoryTests(AzuriteFixture azurite) : RosterRepositoryContract, IClassFixture<AzuriteFixture>
{
    private TablesHarness _harness = null!;

    protected override async Task<IRosterRepository> CreateRepositoryAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "roster");
        return _harness.Roster;
    }

    /// <summary>Saved with an address of its own, then its row given <paramref name="member"/>'s address and its claim deleted.</summary>
    protected override async Task StoreAsBeforeClaimsAsync(Member member)
    {
        await Sut.SaveMemberAsync(member with { Email = $"{Guid.NewGuid():N}@placeholder.example" }, null, None);
        await foreach (var row in _harness.Tables.Members.QueryAsync<TableEntity>())
        {
            if (row.RowKey.StartsWith("email|", StringComparison.Ordinal) && row.GetString("MemberId") == member.Id)
            {
                await _harness.Tables.Members.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All);
            }
            else if (row.GetString("Id") == member.Id)
            {
                row["Email"] = member.Email;
                await _harness.Tables.Members.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
            }
        }
    }

    /// <summary>
    /// Those taken off the roster are rows of their own partition ("former"), beside the members' ("team") that every roster read
    /// queries — so a release before them, reading the members' partition, never meets one — with the name they had, absent once
    /// erased; the members' rows written before read as they did.
    /// </summary>
    [Fact]
    public async Task SaveFormerMemberAsync_ARowInItsOwnPartition_WithoutTheNameWhenErased()
    {
        var at = new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.Zero);
        await StoreAsBeforeClaimsAsync(new Member { Id = "ann", DisplayName = "Ann", Email = "ann@example.com", TimeZone = TestZones.Tokyo });
        await Sut.SaveFormerMemberAsync(new FormerMember("suzuki", "鈴木 一郎", Language.Ja, at), None);
        await Sut.SaveFormerMemberAsync(new FormerMember("erin", null, Language.En, at), None);

        var rows = new List<TableEntity>();
        await foreach (var row in _harness.Tables.Members.QueryAsync<TableEntity>(e => e.PartitionKey == "former"))
        {
            rows.Add(row);
        }

        var suzuki = Assert.Single(rows, r => r.RowKey == "suzuki");
        Assert.Equal(("suzuki", "鈴木 一郎", "Ja", at), (suzuki.GetString("Id"), suzuki.GetString("DisplayName"), suzuki.GetString("Language"), suzuki.GetDateTimeOffset("RemovedAt")!.Value));
        Assert.False(Assert.Single(rows, r => r.RowKey == "erin").ContainsKey("DisplayName"));
        Assert.Equal("Ann", Assert.Single(await Sut.ListMembersAsync(None)).Value.DisplayName);
    }

    /// <summary>
    /// A member's own call rule is a column of their row (<c>CallAfterMinutes</c>), read back as saved, 0 (with the first page)
    /// included; absent (every row written before it, and a member without one): no rule, and no column written.
    /// </summary>
    [Fact]
    public async Task SaveMemberAsync_CallAfterMinutes_StoredAsAColumn_AbsentWithoutARule()
    {
        await Sut.SaveMemberAsync(new Member { Id = "ito", DisplayName = "伊藤 さくら", Email = "ito@example.com", TimeZone = TestZones.Tokyo, Phone = "+819012345678", CallAfterMinutes = 5 }, null, None);
        await Sut.SaveMemberAsync(new Member { Id = "kato", DisplayName = "加藤 健", Email = "kato@example.com", TimeZone = TestZones.Tokyo, CallAfterMinutes = 0 }, null, None);
        await Sut.SaveMemberAsync(new Member { Id = "ann", DisplayName = "Ann", Email = "ann@example.com", TimeZone = TestZones.Tokyo }, null, None);

        var rows = new Dictionary<string, TableEntity>();
        await foreach (var row in _harness.Tables.Members.QueryAsync<TableEntity>(e => e.PartitionKey == "team"))
        {
            // Beside the members' rows, their addresses' claims (email|…), which have no id.
            if (row.GetString("Id") is { } id)
            {
                rows[id] = row;
            }
        }

        Assert.Equal((5, 0), (rows["ito"].GetInt32("CallAfterMinutes"), rows["kato"].GetInt32("CallAfterMinutes")));
        Assert.False(rows["ann"].ContainsKey("CallAfterMinutes"));
        var read = (await Sut.ListMembersAsync(None)).ToDictionary(m => m.Value.Id, m => m.Value.CallAfterMinutes);
        Assert.Equal((5, 0, (int?)null), (read["ito"], read["kato"], read["ann"]));
    }

    /// <summary>
    /// Claims off (the default for one release, Storage__MemberEmailClaims): saves, address changes and deletes leave only member
    /// rows in the members' partition, each with the properties a release before claims reads, so rolling back to it keeps
    /// every roster read (and every page) working. Claims written while they were on are still released with the member.
    /// </summary>
    [Fact]
    public async Task ClaimsOff_OnlyMemberRowsAreWritten_AsAReleaseBeforeClaimsReadsThem()
    {
        await using var off = await TablesHarness.CreateAsync(azurite.ConnectionString, "rosteroff", memberEmailClaims: false);
        var roster = off.Roster;
        await roster.SaveMemberAsync(new Member { Id = "ann", DisplayName = "Ann", Email = "ann@example.com", TimeZone = TestZones.Tokyo }, null, None);
        var bob = await roster.SaveMemberAsync(new Member { Id = "bob", DisplayName = "Bob", Email = "bob@example.com", TimeZone = TestZones.Tokyo }, null, None);
        await roster.SaveMemberAsync(new Member { Id = "bob", DisplayName = "Bob", Email = "robert@example.com", TimeZone = TestZones.Tokyo }, bob, None);

        var rows = new List<TableEntity>();
        await foreach (var row in off.Tables.Members.QueryAsync<TableEntity>(r => r.PartitionKey == "team"))
        {
            rows.Add(row);
        }

        Assert.Equal(["ann", "bob"], rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetString("Id")), $"{r.RowKey} has no Id: the previous release would fail reading it"));
        Assert.Equal(["ann@example.com", "robert@example.com"], (await roster.ListMembersAsync(None)).Select(m => m.Value.Email).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A display name stored before control characters were refused (trial 31b: <c>\r\n</c> in a name added lines to the plain-text
    /// page mail) is read as one line, each run of controls one space: every mail, card and page shows it so.
    /// </summary>
    [Fact]
    public async Task ListMembersAsync_NameStoredWithLineBreaks_ReadAsOneLine()
    {
        await Sut.SaveMemberAsync(new Member { Id = "ito", DisplayName = "伊藤 さくら", Email = "ito@example.com", TimeZone = TestZones.Tokyo }, null, None);
        await foreach (var row in _harness.Tables.Members.QueryAsync<TableEntity>())
        {
            if (row.GetString("Id") == "ito")
            {
                row["DisplayName"] = "伊藤 さくら\r\n対応します：https://evil.example\u0085";
                await _harness.Tables.Members.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
            }
        }

        var ito = Assert.Single(await Sut.ListMembersAsync(None), m => m.Value.Id == "ito");

        Assert.Equal("伊藤 さくら 対応します：https://evil.example ", ito.Value.DisplayName);
    }

    /// <summary>
    /// Session 59: <see cref="Member"/> has no default zone any more. Every row written has one; a member row without one (written by
    /// hand) still reads, in the team's zone (<c>Incidents__TimeZone</c>), not in a zone the domain picked.
    /// </summary>
    [Fact]
    public async Task GetMemberAsync_RowWithoutAZone_ReadsInTheTeamsZone()
    {
        await Sut.SaveMemberAsync(new Member { Id = "aoife", DisplayName = "Aoife Byrne", Email = "aoife@example.com", TimeZone = "America/New_York" }, null, None);
        var row = (await _harness.Tables.Members.GetEntityAsync<TableEntity>("team", "aoife")).Value;
        Assert.Equal("America/New_York", row.GetString("TimeZone"));
        Assert.True(row.Remove("TimeZone"));
        await _harness.Tables.Members.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);

        var dublin = new OnDuty.Infrastructure.Tables.TableRosterRepository(_harness.Tables, "Europe/Dublin", emailClaims: true);

        Assert.Equal("Europe/Dublin", (await dublin.GetMemberAsync("aoife", None))!.Value.TimeZone);
        Assert.Equal("Europe/Dublin", Assert.Single(await dublin.ListMembersAsync(None), m => m.Value.Id == "aoife").Value.TimeZone);
    }

    [Fact]
    public async Task SaveMemberAsync_ClaimRow_BesideTheMemberAndKeyedByAHashNotTheAddress()
    {
        await Sut.SaveMemberAsync(new Member { Id = "ann", DisplayName = "Ann", Email = "Ann@Example.com", TimeZone = TestZones.Tokyo }, null, None);

        var rows = await RowsAsync();

        Assert.Equal(2, rows.Count);
        var claim = Assert.Single(rows, r => r.RowKey.StartsWith("email|", StringComparison.Ordinal));
        Assert.Equal("team", claim.PartitionKey);
        Assert.Equal("ann", claim.GetString("MemberId"));
        Assert.DoesNotContain("example", claim.RowKey, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["MemberId"], claim.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")));
    }

    /// <summary>The address is personal data: once the member is deleted (as an erasure ends), no row of theirs is left, claims included.</summary>
    [Fact]
    public async Task DeleteMemberAsync_AfterAnAddressChange_NoRowOfTheMemberLeft()
    {
        await Sut.SaveMemberAsync(new Member { Id = "ann", DisplayName = "Ann", Email = "ann@example.com", TimeZone = TestZones.Tokyo }, null, None);
        await Sut.SaveMemberAsync(new Member { Id = "ann", DisplayName = "Ann", Email = "ann.new@example.com", TimeZone = TestZones.Tokyo }, "*", None);
        Assert.Equal(2, (await RowsAsync()).Count);

        await Sut.DeleteMemberAsync("ann", None);

        Assert.Empty(await RowsAsync());
    }

    private async Task<List<TableEntity>> RowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _harness.Tables.Members.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    public override async Task DisposeAsync() => await _harness.DisposeAsync();
}
