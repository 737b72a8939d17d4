namespace Telemetry.Protocols.Tests;

/// <summary>Finds files of the repository the tests were built from.</summary>
internal static class RepoPaths
{
    /// <summary>The directory holding Telemetry.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Telemetry.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Telemetry.sln not found above " + AppContext.BaseDirectory);
    }
}
