namespace OnDuty.Core.Notifications;

/// <summary>Posts an Adaptive Card to the team's Teams channel.</summary>
public interface ITeamsChannel
{
    bool Enabled { get; }

    Task<SendResult> PostCardAsync(string cardJson, CancellationToken cancellationToken);
}
