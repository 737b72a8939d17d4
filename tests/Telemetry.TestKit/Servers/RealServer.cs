using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Telemetry.TestKit.Servers;

/// <summary>
/// A real server binary run for one test or fixture: temporary data folder, free loopback port, readiness wait,
/// and a kill plus clean-up on dispose. Output is kept for the failure message.
/// </summary>
public abstract class RealServer : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>Creates the server's temporary data folder.</summary>
    protected RealServer(string name)
    {
        DataDirectory = Directory.CreateTempSubdirectory($"telemetry-{name}-").FullName;
    }

    /// <summary>A temporary folder owned by this server, deleted on dispose.</summary>
    public string DataDirectory { get; }

    /// <summary>True while the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the server printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Finds a binary on the usual Debian paths, or skips the test with <paramref name="why"/> — except under
    /// CI=true, where a missing server is a broken CI set-up and the test fails instead.
    /// </summary>
    public static string RequireBinary(string name, string why)
        => RequireBinary(name, why, ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"], IsCi);

    /// <summary>The skip-or-fail policy with its inputs explicit, so the policy itself can be tested.</summary>
    internal static string RequireBinary(string name, string why, IEnumerable<string> searchDirectories, bool isCi)
    {
        var (path, problem) = FindBinary(name, why, searchDirectories);
        if (path is not null)
        {
            return path;
        }

        if (isCi)
        {
            Assert.Fail($"CI=true and {problem}");
        }

        Assert.Skip(problem!);
        return string.Empty;
    }

    /// <summary>The binary's full path, or why it cannot be used.</summary>
    internal static (string? Path, string? Problem) FindBinary(string name, string why, IEnumerable<string> searchDirectories)
    {
        foreach (var dir in searchDirectories)
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return (path, null);
            }
        }

        return (null, $"{name} is not installed ({why}); .ci/run installs it with apt-get.");
    }

    /// <summary>True when running under CI (environment CI=true), where real-server tests must never skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A TCP port that was free on loopback a moment ago.</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the process (SIGKILL) without deleting its data, so a test can restart it on the same data.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be flushing a file as it dies; a left-over temp folder is harmless.
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the binary and waits until <paramref name="isReady"/> holds, or fails with the server's output.</summary>
    protected async Task LaunchAsync(string binary, IEnumerable<string> arguments, Func<CancellationToken, Task<bool>> isReady, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var deadline = new CancellationTokenSource(timeout);
        while (!deadline.IsCancellationRequested)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(binary)} exited with {process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                if (await isReady(deadline.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or HttpRequestException or IOException or OperationCanceledException)
            {
                // Not listening yet: keep waiting until the deadline.
            }

            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }

        throw new TimeoutException($"{Path.GetFileName(binary)} was not ready within {timeout}:\n{Output}");
    }

    /// <summary>Readiness check: something accepts TCP connections on the port.</summary>
    protected static async Task<bool> AcceptsTcpAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the tail only: a chatty server must not grow test memory without bound.
            if (_output.Length > 64 * 1024)
            {
                _output.Remove(0, 32 * 1024);
            }

            _output.AppendLine(line);
        }
    }
}
