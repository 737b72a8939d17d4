using System.Diagnostics;
using System.Text;

namespace Telemetry.TestKit;

/// <summary>A server process started by a test in its own temp directory; killed and cleaned up on dispose.</summary>
public abstract class ServerProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;
    private (string Binary, string[] Arguments, int Port)? _launch;

    /// <summary>Creates the temp directory.</summary>
    protected ServerProcess(string name)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory($"telemetry-{name}-").FullName;
        // Servers started as root drop privileges (mosquitto runs as user "mosquitto") and must still read their
        // config, password file and throw-away test keys here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
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
        _launch = (binary, arguments.ToArray(), port);
        await LaunchAsync(binary, _launch.Value.Arguments, port);
    }

    /// <summary>True while the server process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Kills the server (SIGKILL, as a power cut would) and keeps its folder for a restart.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Stops the server as an operator or systemd would (SIGTERM), so it saves its state; the folder is kept for a
    /// restart.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>Starts the same binary again, same arguments, same port and same data folder.</summary>
    public async Task RestartAsync()
    {
        var launch = _launch ?? throw new InvalidOperationException("the server was never started");
        await KillAsync();
        _process?.Dispose();
        await LaunchAsync(launch.Binary, launch.Arguments, launch.Port);
    }

    private async Task LaunchAsync(string binary, string[] arguments, int port)
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

    /// <summary>Waits until <paramref name="isReady"/> holds (an HTTP health check, say), failing fast if the process exits.</summary>
    protected async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> isReady)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_process is { HasExited: true } process)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before it was ready:\n{Log}");
            }

            try
            {
                if (await isReady(deadline.Token))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !deadline.IsCancellationRequested)
            {
                // Listening but not serving yet: try again below.
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Waits for another port of the started process (fails fast if the process exits).</summary>
    protected Task WaitForPortAsync(int port) => ServerBinary.WaitForPortAsync(port, _process, TimeSpan.FromSeconds(15));

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
