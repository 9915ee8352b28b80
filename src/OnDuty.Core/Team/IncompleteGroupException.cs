namespace OnDuty.Core.Team;

/// <summary>
/// A group came back with members that have no address the app may read (Graph returns them as type + id only when the
/// app lacks a user-read permission). <see cref="People"/> are the members that could be addressed; the rest must not be
/// silently dropped.
/// </summary>
public sealed class IncompleteGroupException(string group, IReadOnlyList<DirectoryPerson> people, int unaddressed, string reason)
    : Exception($"group {group}: {Common.CountText.Of(unaddressed, "member", "members")} came back without an address ({reason})")
{
    public string Group { get; } = group;

    public IReadOnlyList<DirectoryPerson> People { get; } = people;

    public int Unaddressed { get; } = unaddressed;
}
