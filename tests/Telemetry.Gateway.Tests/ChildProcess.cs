using System.Diagnostics;

namespace Telemetry.Gateway.Tests;

/// <summary>Starts the real <c>telemetry</c> executable (built next to the tests, or its native build) as a child process.</summary>
internal static class ChildProcess
{
    public static string TelemetryDll => Path.Combine(AppContext.BaseDirectory, "telemetry.dll");

    /// <summary>The dotnet host running the tests (the one `dotnet test` names), to run telemetry.dll with.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>The framework-dependent build, run by the same dotnet host as the tests.</summary>
    public static Process StartTelemetry(params string[] arguments) =>
        Start(DotnetHost, [TelemetryDll, .. arguments]);

    public static Process Start(string fileName, IEnumerable<string> arguments, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
    }

    /// <summary>Runs to the end (optionally feeding <paramref name="stdinFile"/>): exit code, stdout bytes, stderr text.</summary>
    public static async Task<Outcome> RunAsync(string fileName, IEnumerable<string> arguments, string? stdinFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var child = Start(fileName, arguments, redirectInput: stdinFile is not null);
        var stdout = new MemoryStream();
        var copyOut = child.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
        var stderr = child.StandardError.ReadToEndAsync(cancellationToken);
        if (stdinFile is not null)
        {
            await using (var input = File.OpenRead(stdinFile))
            {
                await input.CopyToAsync(child.StandardInput.BaseStream, cancellationToken);
            }

            child.StandardInput.Close();
        }

        try
        {
            await child.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }

        await copyOut;
        return new Outcome(child.ExitCode, stdout.ToArray(), await stderr);
    }

    internal sealed record Outcome(int ExitCode, byte[] Stdout, string Stderr);
}
