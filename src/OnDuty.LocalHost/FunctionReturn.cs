using System.Reflection;

namespace OnDuty.LocalHost;

/// <summary>How to get the outcome out of what the method returned: await it if a task, then read its result if it has one.</summary>
internal sealed record FunctionReturn(bool IsTask, PropertyInfo? TaskResult);
