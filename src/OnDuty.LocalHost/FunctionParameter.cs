using System.Reflection;

namespace OnDuty.LocalHost;

internal sealed record FunctionParameter(ParameterInfo Info, ParameterSource Source)
{
    public string Name => Info.Name!;
}
