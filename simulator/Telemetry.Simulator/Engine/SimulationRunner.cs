using System.Diagnostics;
using System.Globalization;
using System.Net;
using Telemetry.Simulator.Outputs;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Engine;

/// <summary>
/// Runs a scenario: builds the world and its devices, routes each device to its sink (caller's sink, the scenario's
/// output, a pseudo-terminal, a capture file), paces simulation time against the wall clock (or not), and writes
/// the ground truth at the end. Bytes depend only on scenario and seed, never on speed or machine load.
/// </summary>
public sealed class SimulationRunner : IDisposable
{
    private readonly SimulationEngine _engine;
    private readonly Dictionary<string, IDeviceSink> _sinks = new(StringComparer.Ordinal);
    private readonly List<IDeviceSink> _owned = [];
    private readonly SimulationOptions _options;

    /// <summary>Builds the world and opens every output (pseudo-terminals exist once this returns).</summary>
    public SimulationRunner(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Seed = options.Seed ?? options.Scenario.Seed;
        DurationSeconds = options.DurationSeconds ?? options.Scenario.DurationSeconds;
        if (options.OutputDirectory is not null)
        {
            Directory.CreateDirectory(options.OutputDirectory);
        }

        try
        {
            _engine = new SimulationEngine(options.Scenario, Seed, OpenSink, options.Gpio, options.Hooks);
        }
        catch
        {
            DisposeSinks();
            throw;
        }
    }

    /// <summary>The seed in use.</summary>
    public ulong Seed { get; }

    /// <summary>Run length, simulation seconds.</summary>
    public double DurationSeconds { get; }

    /// <summary>Simulation time reached, seconds.</summary>
    public double Now => _engine.Now;

    /// <summary>Every device, in a stable order.</summary>
    public IReadOnlyList<string> DeviceNames => [.. _engine.Channels.Select(c => c.Device.Name)];

    /// <summary>Each device's sink.</summary>
    public IReadOnlyDictionary<string, IDeviceSink> Sinks => _sinks;

    /// <summary>What the simulator knows to be true (items, caused alarms, tracks, faults).</summary>
    public GroundTruth Truth => _engine.Truth;

    /// <summary>The rig's wall clock, including scripted clock jumps; use as the gateway's TimeProvider.</summary>
    public RigClock RigClock => _engine.RigClock;

    /// <summary>The path a serial driver opens for a device on a pseudo-terminal, or null.</summary>
    public string? DevicePath(string device) => _sinks.TryGetValue(device, out var sink) && sink is PtySink pty ? pty.DevicePath : null;

    /// <summary>Bytes each device produced before faults.</summary>
    public IReadOnlyDictionary<string, long> BytesProduced => _engine.Channels.ToDictionary(c => c.Device.Name, c => c.BytesProduced, StringComparer.Ordinal);

    /// <summary>Runs to the end (or cancellation), paced unless <see cref="SimulationOptions.MaxSpeed"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (_options.MaxSpeed || double.IsPositiveInfinity(_options.Speed))
        {
            while (Now < DurationSeconds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _engine.RunUntil(Math.Min(DurationSeconds, Now + 10));
                await Task.Yield();
            }
        }
        else
        {
            if (_options.Speed <= 0)
            {
                throw new ScenarioException(string.Create(CultureInfo.InvariantCulture, $"--speed {_options.Speed}: must be > 0 (or use --max)."));
            }

            var clock = Stopwatch.StartNew();
            var start = Now;
            while (Now < DurationSeconds)
            {
                var target = Math.Min(DurationSeconds, start + (clock.Elapsed.TotalSeconds * _options.Speed));
                _engine.RunUntil(target);
                if (Now >= DurationSeconds)
                {
                    break;
                }

                // Bytes leave in ≈5 ms batches: far finer than any device's frame interval at real time.
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
        }

        Finish();
    }

    /// <summary>Runs to the end at full speed on the calling thread.</summary>
    public void RunToEnd()
    {
        _engine.RunUntil(DurationSeconds);
        Finish();
    }

    /// <summary>Advances to a given simulation time at full speed (tests and step-wise harnesses).</summary>
    public void RunUntil(double simulationSeconds) => _engine.RunUntil(Math.Min(simulationSeconds, DurationSeconds));

    /// <summary>Writes the ground truth GeoJSON to a stream.</summary>
    public void WriteGroundTruth(Stream output) =>
        GroundTruthWriter.Write(Truth, new RunInfo(_options.Scenario.Name, Seed, _options.Scenario.Start, DurationSeconds), output);

    /// <inheritdoc />
    public void Dispose() => DisposeSinks();

    private void Finish()
    {
        if (_options.OutputDirectory is { } directory)
        {
            using (var truth = File.Create(Path.Combine(directory, "truth.geojson")))
            {
                WriteGroundTruth(truth);
            }

            File.WriteAllBytes(Path.Combine(directory, "scenario.json"), ScenarioLoader.ToJson(_options.Scenario));
        }
    }

    private IDeviceSink OpenSink(string device)
    {
        var sink = CreateSink(device);
        _sinks[device] = sink;
        return sink;
    }

    private IDeviceSink CreateSink(string device)
    {
        if (_options.Sinks is { } given && given.TryGetValue(device, out var provided))
        {
            return provided;
        }

        IDeviceSink sink;
        var output = _options.Scenario.Outputs.FirstOrDefault(o => o.Device == device);
        if (output is not null)
        {
            sink = output.Kind switch
            {
                OutputKind.Pty => new PtySink(output.Path),
                OutputKind.Tcp => new TcpSink(ParseEndpoint(output.Endpoint!, device)),
                OutputKind.Udp => new UdpSink(ParseEndpoint(output.Endpoint!, device)),
                _ => new CaptureFileSink(output.Path!, device, _options.Scenario.Start),
            };
        }
        else if (_options.PtyLinks is { } links && links.TryGetValue(device, out var link))
        {
            sink = new PtySink(link);
        }
        else if (_options.OutputDirectory is { } directory)
        {
            sink = new CaptureFileSink(Path.Combine(directory, device + ".cap"), device, _options.Scenario.Start);
        }
        else
        {
            sink = new MemorySink(keepBytes: false);
        }

        _owned.Add(sink);
        return sink;
    }

    private static IPEndPoint ParseEndpoint(string text, string device) =>
        IPEndPoint.TryParse(text, out var endpoint)
            ? endpoint
            : throw new ScenarioException($"outputs for {device}: endpoint '{text}' is not host:port with a numeric address, e.g. 127.0.0.1:14550.");

    private void DisposeSinks()
    {
        foreach (var sink in _owned)
        {
            sink.Dispose();
        }

        _owned.Clear();
    }
}
