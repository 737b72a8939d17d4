namespace Telemetry.Gateway.Tests;

/// <summary>A fresh directory under /tmp removed at the end of the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "telemetry-gw-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException e)
        {
            // A child process may still be closing a file; leaving /tmp litter must not fail the test.
            Console.Error.WriteLine($"could not remove {Path}: {e.Message}");
        }
    }
}
