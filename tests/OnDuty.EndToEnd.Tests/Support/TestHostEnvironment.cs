using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>A host environment by name, for checks the app makes only outside Development.</summary>
internal sealed class TestHostEnvironment(string name) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = name;

    public string ApplicationName { get; set; } = "OnDuty";

    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
