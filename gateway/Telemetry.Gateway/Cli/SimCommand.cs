using System.CommandLine;
using System.Globalization;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Scoring;

namespace Telemetry.Gateway.Cli;

/// <summary><c>telemetry sim run|score</c>: the minefield simulator and its scorer (simulator/README.md).</summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var command = new Command("sim", "Simulate a demining site (detector teams, MEMATT, survey drone) with ground truth, and score detections against it.");
        command.Subcommands.Add(CreateRun());
        command.Subcommands.Add(CreateScore());
        return command;
    }

    private static Command CreateRun()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "Scenario file (JSON/JSONC, simulator/scenarios/scenario.schema.json) or built-in name.",
            DefaultValueFactory = _ => ScenarioLoader.DefaultName,
        };
        var speed = new Option<double>("--speed") { Description = "Simulation seconds per wall second (1 = real time).", DefaultValueFactory = _ => 1 };
        var max = new Option<bool>("--max") { Description = "Run as fast as possible." };
        var seed = new Option<ulong?>("--seed") { Description = "Random seed (default: the scenario's). Same seed, same bytes." };
        var duration = new Option<double?>("--duration") { Description = "Simulated seconds (default: the scenario's)." };
        var output = new Option<string>("--out")
        {
            Description = "Directory for capture files (one per device without a live output), truth.geojson and scenario.json.",
            DefaultValueFactory = _ => "sim-out",
        };
        var ptyDir = new Option<string?>("--pty-dir") { Description = "Put every device on a pseudo-terminal, with a link DIR/<device> to open." };
        var command = new Command("run", "Run a scenario: device byte streams to capture files or pseudo-terminals, ground truth to --out.");
        command.Options.Add(scenario);
        command.Options.Add(speed);
        command.Options.Add(max);
        command.Options.Add(seed);
        command.Options.Add(duration);
        command.Options.Add(output);
        command.Options.Add(ptyDir);
        command.SetAction(async (parseResult, ct) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                var loaded = ScenarioLoader.Load(parseResult.GetValue(scenario) ?? ScenarioLoader.DefaultName);
                var directory = parseResult.GetValue(output) ?? "sim-out";
                Dictionary<string, string>? links = null;
                if (parseResult.GetValue(ptyDir) is { } dir)
                {
                    Directory.CreateDirectory(dir);
                    links = ScenarioValidator.DeviceNames(loaded).ToDictionary(d => d, d => Path.Combine(dir, d), StringComparer.Ordinal);
                }

                using var runner = new SimulationRunner(new SimulationOptions
                {
                    Scenario = loaded,
                    Seed = parseResult.GetValue(seed),
                    DurationSeconds = parseResult.GetValue(duration),
                    Speed = parseResult.GetValue(speed),
                    MaxSpeed = parseResult.GetValue(max),
                    OutputDirectory = directory,
                    PtyLinks = links,
                });
                foreach (var device in runner.DeviceNames)
                {
                    if (runner.DevicePath(device) is { } path)
                    {
                        await stdout.WriteLineAsync($"{device}: {path}").ConfigureAwait(false);
                    }
                }

                var started = DateTime.UtcNow;
                await runner.RunAsync(ct).ConfigureAwait(false);
                var wall = (DateTime.UtcNow - started).TotalSeconds;
                var events = runner.Truth.Events;
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{loaded.Name} seed {runner.Seed}: {runner.DurationSeconds:0.#} s simulated in {wall:0.00} s ({runner.DurationSeconds / Math.Max(wall, 1e-9):0}x); " +
                    $"{runner.Truth.Field.Items.Count} items, {events.Count(e => e.Kind == Simulator.Truth.TruthEventKind.Alarm)} alarms, " +
                    $"{events.Count(e => e.Kind == Simulator.Truth.TruthEventKind.Detonation)} detonations, " +
                    $"{events.Count(e => e.Kind == Simulator.Truth.TruthEventKind.DroneDetection)} drone detections")).ConfigureAwait(false);
                foreach (var (device, bytes) in runner.BytesProduced)
                {
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {device,-22} {bytes,12} bytes")).ConfigureAwait(false);
                }

                await stdout.WriteLineAsync($"ground truth: {Path.Combine(directory, "truth.geojson")}").ConfigureAwait(false);
                return 0;
            }
            catch (ScenarioException e)
            {
                await stderr.WriteLineAsync("sim run: " + e.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    private static Command CreateScore()
    {
        var truth = new Option<string>("--truth") { Description = "truth.geojson written by sim run.", Required = true };
        var detections = new Option<string>("--detections") { Description = "Detections as JSON lines (the gateway's detection records).", Required = true };
        var radius = new Option<double>("--radius") { Description = "Match radius between a detection and an item, m.", DefaultValueFactory = _ => 1.0 };
        var tolerance = new Option<double>("--time-tolerance") { Description = "Largest time difference to a truth event, s.", DefaultValueFactory = _ => 1.0 };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file (- for stdout instead of the table)." };
        var command = new Command("score", "Score detections against ground truth: recall, precision, geotag error p50/p95/max by sensor and fix type.");
        command.Options.Add(truth);
        command.Options.Add(detections);
        command.Options.Add(radius);
        command.Options.Add(tolerance);
        command.Options.Add(json);
        command.SetAction(async (parseResult, ct) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            try
            {
                var report = Scorer.Score(parseResult.GetValue(truth)!, parseResult.GetValue(detections)!, parseResult.GetValue(radius), parseResult.GetValue(tolerance));
                var jsonPath = parseResult.GetValue(json);
                if (jsonPath == "-")
                {
                    var console = Console.OpenStandardOutput();
                    await using (console.ConfigureAwait(false))
                    {
                        Scorer.WriteJson(report, console);
                    }

                    return 0;
                }

                await stdout.WriteAsync(Scorer.ToTable(report)).ConfigureAwait(false);
                if (jsonPath is not null)
                {
                    var file = File.Create(jsonPath);
                    await using (file.ConfigureAwait(false))
                    {
                        Scorer.WriteJson(report, file);
                    }
                }

                return 0;
            }
            catch (ScenarioException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("sim score: " + e.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
