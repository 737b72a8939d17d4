using System.Diagnostics;
using System.Text;

namespace Telemetry.TestKit;

/// <summary>Runs a command-line peer (mosquitto_sub, gcc, python3 …) and collects what it printed.</summary>
public static class ExternalTool
{
    /// <summary>The outcome of one run.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Starts <paramref name="binary"/> and returns the running process with output redirected.</summary>
    public static Process Start(string binary, IEnumerable<string> arguments, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
    }

    /// <summary>Runs to completion, killing the process if it outlives <paramref name="timeout"/>.</summary>
    public static async Task<Result> RunAsync(string binary, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null)
    {
        using var process = Start(binary, arguments, standardInput is not null);
        return await CollectAsync(process, timeout, standardInput).ConfigureAwait(false);
    }

    /// <summary>Feeds optional input, waits for exit (or kills on timeout) and returns what it printed.</summary>
    public static async Task<Result> CollectAsync(Process process, TimeSpan timeout, string? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
            var partial = new StringBuilder().Append(await stdout.ConfigureAwait(false)).ToString();
            throw new TimeoutException($"{process.StartInfo.FileName} did not finish within {timeout}; it printed:\n{partial}\n{await stderr.ConfigureAwait(false)}");
        }

        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
