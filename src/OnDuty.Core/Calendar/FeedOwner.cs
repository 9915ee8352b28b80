namespace OnDuty.Core.Calendar;

/// <summary>Whose calendar a feed shows; <see cref="Key"/> (<c>rotation|incident-duty</c>) is the storage partition.</summary>
public sealed record FeedOwner(FeedKind Kind, string Id)
{
    public string Key => $"{(Kind == FeedKind.Rotation ? "rotation" : "member")}|{Id}";
}
