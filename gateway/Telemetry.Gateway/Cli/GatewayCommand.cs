using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Telemetry.Gateway.Configuration;
using Telemetry.Gateway.Pipeline;

namespace Telemetry.Gateway.Cli;

/// <summary>
/// <c>telemetry gateway --config FILE [--Key:Path=value ...]</c>: the rig service on the .NET generic host (systemd
/// notify + watchdog when run as a unit; Ctrl+C / SIGTERM shut it down gracefully).
/// </summary>
internal static partial class GatewayCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config")
        {
            Description = "The rig's JSON configuration (see gateway/Telemetry.Gateway/examples/). Keys can be overridden with TELEMETRY_Section__Key environment variables or --Section:Key=value.",
            Required = true,
        };
        var check = new Option<bool>("--check") { Description = "Validate the configuration and exit." };
        var command = new Command("gateway", "Run the field gateway: devices → geotagged detections → durable outbox → MQTT.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(config);
        command.Options.Add(check);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            GatewayOptions options;
            try
            {
                var root = GatewayConfigLoader.Build(parseResult.GetValue(config)!.FullName, parseResult.UnmatchedTokens);
                options = GatewayConfigLoader.Load(root);
            }
            catch (GatewayConfigException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            if (parseResult.GetValue(check))
            {
                Console.WriteLine($"configuration valid: site {options.Site}, rig {options.Rig}, {options.Devices.Count} devices, config hash {options.ConfigHash}");
                return 0;
            }

            // The empty builder: the gateway reads its own configuration (above), so the default builder's
            // appsettings.json watcher, user secrets and Debug/EventSource/EventLog loggers would only cost memory
            // on the Pi (issue 10 §9: ≤ 80 MB RSS) and start-up time. Console logging (journald under systemd) stays.
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            builder.Logging.AddConsole();
            builder.Services.AddSystemd();
            // AddSystemd registers the notifier only under systemd; outside it the watchdog service sees IsEnabled = false.
            builder.Services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddSingleton(options);
            builder.Services.AddHostedService<GatewayService>();
            builder.Services.AddHostedService<WatchdogService>();
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Runs the <see cref="GatewayRuntime"/> for the host's lifetime.</summary>
    private sealed partial class GatewayService(GatewayOptions options, ILogger<GatewayService> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await using var runtime = new GatewayRuntime(options, log: message => Log(logger, message));
            await runtime.RunAsync(stoppingToken).ConfigureAwait(false);
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
        private static partial void Log(ILogger logger, string message);
    }

    /// <summary>
    /// systemd watchdog: when the unit sets WatchdogSec, systemd passes WATCHDOG_USEC and expects WATCHDOG=1 at least
    /// that often; we ping at half the interval from the host's thread pool, so a wedged process gets restarted.
    /// </summary>
    private sealed class WatchdogService(ISystemdNotifier notifier) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (!notifier.IsEnabled || !long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out var usec) || usec <= 0)
            {
                return;
            }

            using var timer = new PeriodicTimer(TimeSpan.FromMicroseconds(usec / 2.0));
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                notifier.Notify(new ServiceState("WATCHDOG=1"));
            }
        }
    }
}
