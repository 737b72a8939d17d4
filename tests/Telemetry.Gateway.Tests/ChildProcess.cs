using System.Diagnostics;

namespace Telemetry.Gateway.Tests;

/// <summary>Starts the real <c>telemetry</c> executable (built next to the tests) as a child process.</summary>
internal static class ChildProcess
{
    public static string TelemetryDll => Path.Combine(AppContext.BaseDirectory, "telemetry.dll");

    public static Process StartTelemetry(params string[] arguments)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(TelemetryDll);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start telemetry");
    }
}
