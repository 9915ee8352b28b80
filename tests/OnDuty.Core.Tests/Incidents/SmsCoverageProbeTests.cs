using OnDuty.Core.Health;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>Health says so while pages go by SMS and nobody on duty has a number; it is not listed when SMS is off.</summary>
public sealed class SmsCoverageProbeTests
{
    [Fact]
    public async Task NobodyOnDutyHasANumber_Degraded_NamingThem_OneNumberIsEnough_OffNotListed()
    {
        var h = await CreateAsync();
        var probe = new SmsCoverageProbe(h.Pager, h.Sms);
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members;

        Assert.True(probe.Applies);
        Assert.False(probe.Critical);
        var problem = await probe.CheckAsync(default);
        Assert.StartsWith($"nobody on duty has a mobile number ({string.Join(", ", duty.Select(m => m.Id))})", problem, StringComparison.Ordinal);

        var first = (await h.Roster.GetMemberAsync(duty[0].Id, default))!;
        await h.Roster.SaveMemberAsync(first.Value with { Phone = "+819012345678" }, first.ETag, default);
        Assert.Null(await probe.CheckAsync(default));

        h.Sms.Enabled = false;
        Assert.False(probe.Applies);
    }

    [Fact]
    public async Task CallsOrTheDutyLineOn_WithoutTexts_StillListed_SayingWhatNobodyGets()
    {
        var h = await CreateAsync();
        h.Sms.Enabled = false;
        var voice = new OnDuty.Core.Notifications.VoiceOptions();
        var probe = new SmsCoverageProbe(h.Pager, h.Sms, h.Voice, Microsoft.Extensions.Options.Options.Create(voice));
        Assert.False(probe.Applies);

        voice.Enabled = true;
        Assert.True(probe.Applies);
        Assert.EndsWith("pages reach them by email and Teams only (no calls); each can add one at /api/status/me", await probe.CheckAsync(default), StringComparison.Ordinal);

        (voice.Enabled, voice.DutyLine) = (false, true);
        Assert.True(probe.Applies);
        Assert.EndsWith("email and Teams only, and the duty line rings nobody; each can add one at /api/status/me", await probe.CheckAsync(default), StringComparison.Ordinal);

        h.Sms.Enabled = true;
        voice.Enabled = true;
        Assert.Contains("(no texts or calls), and the duty line rings nobody", await probe.CheckAsync(default), StringComparison.Ordinal);
    }
}
