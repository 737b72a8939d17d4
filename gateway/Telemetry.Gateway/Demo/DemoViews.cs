using System.Collections.Concurrent;
using System.Globalization;
using Spectre.Console;
using Telemetry.Drivers.Sources;
using Telemetry.Gateway.Pipeline;

namespace Telemetry.Gateway.Demo;

/// <summary>What the demo shows while it runs.</summary>
internal interface IDemoView
{
    void Info(string message);

    void DeviceState(string device, SourceState state);

    void Received(ReceivedDetection detection);

    void Progress(double simulatedSeconds, double totalSeconds, GatewayRuntime runtime, int received);

    /// <summary>Progress of every rig's gateway; views that show one runtime at a time get each in turn.</summary>
    void ProgressAll(double simulatedSeconds, double totalSeconds, IReadOnlyList<DemoRigRuntime> rigs, int received)
    {
        foreach (var rig in rigs)
        {
            Progress(simulatedSeconds, totalSeconds, rig.Runtime, received);
        }
    }
}

/// <summary>Plain lines, for redirected output and CI logs.</summary>
internal sealed class PlainDemoView(TextWriter output) : IDemoView
{
    private readonly Lock _gate = new();

    public void Info(string message) => Write(message);

    public void DeviceState(string device, SourceState state)
    {
        // The gateway's log line already says it (with the reason).
    }

    public void Received(ReceivedDetection d) => Write(string.Create(
        CultureInfo.InvariantCulture,
        $"detection {d.Rig} #{d.Sequence} {d.Kind} from {d.Device} at {d.Lat:F7},{d.Lon:F7} ±{d.AccuracyM:F2} m (95%) fix {d.FixType}"));

    public void Progress(double simulatedSeconds, double totalSeconds, GatewayRuntime runtime, int received)
    {
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
        }
    }
}

/// <summary>A live terminal view (Spectre.Console): devices, counters, the latest detections.</summary>
internal sealed class LiveDemoView : IDemoView
{
    private readonly ConcurrentDictionary<string, SourceState> _devices = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedDetection> _recent = new();
    private readonly ConcurrentQueue<string> _messages = new();
    private LiveDisplayContext? _context;
    private Table _table = new();

    public Task RunAsync(Func<Task> body) =>
        AnsiConsole.Live(new Markup("starting…")).AutoClear(false).StartAsync(async context =>
        {
            _context = context;
            await body().ConfigureAwait(false);
        });

    public void Info(string message)
    {
        _messages.Enqueue(message);
        while (_messages.Count > 4 && _messages.TryDequeue(out _))
        {
        }
    }

    public void DeviceState(string device, SourceState state) => _devices[device] = state;

    public void Received(ReceivedDetection detection)
    {
        _recent.Enqueue(detection);
        while (_recent.Count > 8 && _recent.TryDequeue(out _))
        {
        }
    }

    public void Progress(double simulatedSeconds, double totalSeconds, GatewayRuntime runtime, int received) =>
        ProgressAll(simulatedSeconds, totalSeconds, [new DemoRigRuntime("rig", "rig", runtime)], received);

    public void ProgressAll(double simulatedSeconds, double totalSeconds, IReadOnlyList<DemoRigRuntime> rigs, int received)
    {
        var ic = CultureInfo.InvariantCulture;
        var grid = new Table().Border(TableBorder.Rounded).Title(string.Create(ic, $"telemetry demo — {simulatedSeconds:F0}/{totalSeconds:F0} s simulated"));
        grid.AddColumn("rig");
        grid.AddColumn("device");
        grid.AddColumn("state");
        grid.AddColumn("frames");
        grid.AddColumn("rejected");
        grid.AddColumn("detections stored");
        long stored = 0, published = 0, acknowledged = 0, pending = 0;
        foreach (var rig in rigs)
        {
            var stats = rig.Runtime.Outbox.GetStats();
            stored += stats.NextSequence - 1;
            pending += stats.Pending;
            published += rig.Runtime.Counters.Get("detections_published");
            acknowledged += rig.Runtime.Counters.Get("detections_acknowledged");
            var first = true;
            foreach (var (name, source) in rig.Runtime.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                var state = source.State;
                var colour = state == SourceState.Up ? "green" : state == SourceState.Stalled ? "yellow" : "red";
                grid.AddRow(
                    first ? Markup.Escape(rig.Label) : "",
                    Markup.Escape(name),
                    $"[{colour}]{state.ToString().ToLowerInvariant()}[/]",
                    source.Counters.Framing.Frames.ToString(ic),
                    source.Counters.Framing.RejectedTotal.ToString(ic),
                    first ? (stats.NextSequence - 1).ToString(ic) : "");
                first = false;
            }
        }

        var counts = new Markup(string.Create(
            ic,
            $"stored [bold]{stored}[/]  published {published}  acknowledged {acknowledged}  received by subscriber [bold]{received}[/]  outbox pending {pending}"));
        var detections = new Table().Border(TableBorder.Simple).AddColumn("rig").AddColumn("#").AddColumn("kind").AddColumn("device").AddColumn("position").AddColumn("±95% m").AddColumn("fix");
        foreach (var d in _recent.Reverse())
        {
            detections.AddRow(
                Markup.Escape(d.Rig), d.Sequence.ToString(ic), Markup.Escape(d.Kind), Markup.Escape(d.Device),
                string.Create(ic, $"{d.Lat:F7}, {d.Lon:F7}"), d.AccuracyM.ToString("F2", ic), Markup.Escape(d.FixType));
        }

        var log = new Markup(Markup.Escape(string.Join('\n', _messages)));
        _context?.UpdateTarget(new Rows(grid, counts, detections, log));
        _context?.Refresh();
        _table = grid;
    }
}
