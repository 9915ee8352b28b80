namespace OnDuty.Core.Common;

/// <summary>
/// A setting the app refuses to start with, outside the options checks (the sample master key outside Development, a key for a
/// function that does not exist): its message names the setting as the admin writes it and is printed as it is, without a stack trace.
/// </summary>
public sealed class SettingRefusedException(string message) : InvalidOperationException(message);
