namespace OnDuty.Functions.Pages;

/// <summary>How much of a posted form is read: the incident forms are small; the retro form carries rows and long texts.</summary>
public sealed record PageFormLimits(int MaxBytes, int MaxValues)
{
    public static PageFormLimits Default { get; } = new(PageForm.MaxFormBytes, 64);
}
