namespace OnDuty.Testing;

/// <summary>The functions.metadata the Functions SDK writes for src/OnDuty.Functions: what the real host indexes.</summary>
public static class FunctionsMetadataFile
{
    public static string Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        if (File.Exists(beside))
        {
            return beside;
        }

        var root = RepoRoot.Find();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var built = Path.Combine(root, "src", "OnDuty.Functions", "bin", configuration, "net10.0", "functions.metadata");
        return File.Exists(built)
            ? built
            : throw new FileNotFoundException($"functions.metadata is neither in the test output nor at {built}; build src/OnDuty.Functions first.");
    }
}
