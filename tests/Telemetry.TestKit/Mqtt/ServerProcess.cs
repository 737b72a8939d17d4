using System.Diagnostics;
using System.Text;

namespace Telemetry.TestKit;

/// <summary>A server process started by a test in its own temp directory; killed and cleaned up on dispose.</summary>
public abstract class ServerProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    /// <summary>Creates the temp directory.</summary>
    protected ServerProcess(string name)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory($"telemetry-{name}-").FullName;
    }

    /// <summary>Temp directory for config, data and certificates.</summary>
    public string Directory { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far (for assertion messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="binary"/> and waits for <paramref name="port"/> to accept connections.</summary>
    protected async Task StartProcessAsync(string binary, IEnumerable<string> arguments, int port)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {binary}");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await ServerBinary.WaitForPortAsync(port, _process, TimeSpan.FromSeconds(15));
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{binary} failed to start: {e.Message}\n{Log}", e);
        }
    }

    /// <summary>Kills the process and deletes the temp directory.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process; the temp directory is reclaimed by the OS later.
        }

        GC.SuppressFinalize(this);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
