namespace Telemetry.Broker.Tests.Support;

/// <summary>A temporary directory removed when the test ends.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("broker-test-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException e)
        {
            // A child process may still hold a file for a moment; the OS temp cleaner gets it later.
            Console.Error.WriteLine($"temp dir {Path} not removed: {e.Message}");
        }
    }
}
