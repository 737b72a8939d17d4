using System.Threading.Channels;
using Telemetry.Drivers.Gpio;
using Telemetry.Drivers.Serial;
using Telemetry.Drivers.Sources;
using Telemetry.Gateway.Configuration;
using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Gnss;
using Telemetry.Geo.Time;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Nmea;
using Telemetry.Protocols.Slcan;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// Device start-up: one byte source per device, the framer and decoder its protocol needs (NMEA 0183, SLCAN/J1939,
/// MAVLink 2), the GNSS track that positions its detections, and the detector's GPIO lines when configured.
/// </summary>
internal sealed partial class GatewayRuntime
{
    private readonly List<IDisposable> _gpio = [];

    /// <summary>Opens a GPIO chip by configured path or label; replaced by the demo and tests with a simulated chip.</summary>
    public Func<string, IGpioChip> OpenGpioChip { get; init; } = path => GpioChips.Open(path);

    /// <summary>MAVLink framers by device, for their signature counters (metrics, tests).</summary>
    internal Dictionary<string, MavlinkFramer> MavlinkFramers { get; } = new(StringComparer.Ordinal);

    // NMEA GNSS receivers (and detector adapters with one) have an epoch assembler whose track positions other
    // devices; a drone's own MAVLink GNSS feeds its own track.
    private void PrepareTracks()
    {
        foreach (var device in _options.Devices)
        {
            if (device.Kind.HasOwnNmeaGnss())
            {
                _gnss[device.Name] = new GnssEpochAssembler(device.Name, Counters);
            }
            else if (device.Kind == DeviceKind.Drone)
            {
                _gnss[device.Name] = new GnssEpochAssembler(device.Name, Counters, PositionSource.DroneGnss);
            }
        }
    }

    private Task StartDevice(DeviceOptions device, RigClock rigClock, CancellationToken cancellationToken)
    {
        var reconnect = new ReconnectOptions { NoDataTimeout = device.NoDataTimeout };
        var source = device.Driver switch
        {
            DriverKind.Serial => ByteSources.Serial(device.Endpoint, new SerialOptions { BaudRate = device.Baud }, reconnect),
            DriverKind.Tcp => ByteSources.Tcp(device.Endpoint[..device.Endpoint.LastIndexOf(':')], int.Parse(device.Endpoint[(device.Endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture), reconnect),
            _ => ByteSources.Udp(int.Parse(device.Endpoint.TrimStart(':'), System.Globalization.CultureInfo.InvariantCulture), reconnect: reconnect),
        };
        _sources[device.Name] = source;
        source.StateChanged += (_, e) =>
        {
            Counters.Add("device_state_" + e.Current.ToString().ToLowerInvariant(), 1, device.Name);
            _log($"device {device.Name}: {e.Previous} → {e.Current} ({e.Reason})");
            DeviceStateChanged?.Invoke(device.Name, e.Current);
            PublishDeviceStatus(device.Name, source);
        };

        _gnss.TryGetValue(device.Name, out var own);
        var positionName = device.Kind is DeviceKind.Detector or DeviceKind.Machine
            ? device.PositionFrom ?? _gnss.Where(g => g.Value.Track.Source == PositionSource.RigGnss).Select(g => g.Key).Single()
            : device.Name;
        var position = _gnss.GetValueOrDefault(positionName);
        var geotagOptions = _options.Geotag with { LeverArm = device.LeverArm, FootprintRadiusM = device.FootprintRadiusM };
        var geotagger = position is null || device.Kind == DeviceKind.Gnss ? null : new Geotagger(geotagOptions, position.Track, rigClock);
        var sink = new DetectionSink(_detections.Writer, Counters, device.Name, geotagger, position);
        source.Start();
        var framing = source.Counters.Framing;
        switch (device.Protocol)
        {
            case DeviceProtocol.Slcan:
            {
                var decoder = new SlcanDeviceDecoder(device.Name, _clock, Counters, Telemetry, sink, _options.Telemetry.MachineHz);
                return Task.Run(
                    async () => await FrameReaderLoop.RunAsync(source.Input, new SlcanFramer(), new SlcanDeviceDecoder.Handler(decoder, Counters, device.Name), framing, cancellationToken).ConfigureAwait(false),
                    CancellationToken.None);
            }

            case DeviceProtocol.Mavlink2:
            {
                var framer = new MavlinkFramer(new MavlinkSigningOptions
                {
                    Key = device.MavlinkSigningKey ?? ReadOnlyMemory<byte>.Empty,
                    Policy = device.MavlinkRequireSigned ? MavlinkSignaturePolicy.RequireSigned : MavlinkSignaturePolicy.AcceptUnsigned,
                });
                MavlinkFramers[device.Name] = framer;
                RegisterMavlinkGauges(device.Name, framer);
                var decoder = new MavlinkDeviceDecoder(device.Name, _clock, Counters, Telemetry, sink, own!, _options.Telemetry.DroneHz);
                return Task.Run(
                    async () => await FrameReaderLoop.RunAsync(source.Input, framer, new MavlinkDeviceDecoder.Handler(decoder, Counters, device.Name), framing, cancellationToken).ConfigureAwait(false),
                    CancellationToken.None);
            }

            default:
            {
                var gpio = device.GpioChip is null ? null : new GpioAlarmReconciler(device.Name, sink, Counters, _clock);
                var decoder = new NmeaDeviceDecoder(device, _clock, Counters, _detections.Writer, Telemetry, own, () => position, geotagger) { Gpio = gpio, PositionHz = _options.Telemetry.PositionHz };
                var serial = Task.Run(
                    async () => await FrameReaderLoop.RunAsync(source.Input, default(NmeaFramer), new NmeaDeviceDecoder.Handler(decoder, Counters, device.Name), framing, cancellationToken).ConfigureAwait(false),
                    CancellationToken.None);
                return gpio is null ? serial : Task.WhenAll(serial, StartGpio(device, gpio, cancellationToken));
            }
        }
    }

    private Task StartGpio(DeviceOptions device, GpioAlarmReconciler reconciler, CancellationToken cancellationToken)
    {
        var offsets = new[] { device.GpioAlarmLine, device.GpioMarkLine }.OfType<int>().ToArray();
        IGpioInputLines lines;
        try
        {
            var chip = OpenGpioChip(device.GpioChip!);
            _gpio.Add(chip);
            lines = chip.RequestInputs(new GpioInputRequest
            {
                Offsets = offsets,
                // No debounce: the first edge's kernel timestamp is the event time; bounce is filtered after it
                // (GpioAlarmReconciler.BounceNs), so nothing waits for a debounce period to end.
                Edges = GpioEdgeDetection.Rising,
                Consumer = "telemetry-" + device.Name,
            });
            _gpio.Add(lines);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // The serial side still works: say why the lines are not read, count it, and go on.
            Counters.Add("gpio_open_failures", 1, device.Name);
            _log($"device {device.Name}: GPIO {device.GpioChip} not read: {e.Message}");
            return Task.CompletedTask;
        }

        Counters.Gauge("gpio_edges_lost", () => lines.Counters.Lost + lines.Counters.QueueDropped, device.Name);
        return Task.Run(() => reconciler.RunAsync(lines, device.GpioAlarmLine, device.GpioMarkLine, cancellationToken), CancellationToken.None);
    }

    private void RegisterMavlinkGauges(string name, MavlinkFramer framer)
    {
        Counters.Gauge("mavlink_signed_verified", () => framer.Stats.SignedVerified, name);
        Counters.Gauge("mavlink_signed_unverified", () => framer.Stats.SignedUnverified, name);
        Counters.Gauge("mavlink_unsigned_accepted", () => framer.Stats.UnsignedAccepted, name);
        Counters.Gauge("mavlink_unknown_messages", () => framer.Stats.UnknownMessages, name);
    }

    private void DisposeGpio()
    {
        for (var i = _gpio.Count - 1; i >= 0; i--)
        {
            _gpio[i].Dispose();
        }

        _gpio.Clear();
    }
}
