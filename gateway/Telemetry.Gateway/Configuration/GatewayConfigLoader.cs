using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Telemetry.Gateway.Outbox;
using Telemetry.Geo.Geotagging;

namespace Telemetry.Gateway.Configuration;

/// <summary>
/// Reads and validates the gateway configuration (appsettings-style JSON file, then TELEMETRY_* environment variables,
/// then command-line overrides such as <c>--Broker:Host=ops.example.org</c>). Reads keys explicitly instead of binding
/// by reflection: every error names its key and the fix, and the executable stays trimming/AOT-clean.
/// </summary>
internal static class GatewayConfigLoader
{
    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    public static IConfigurationRoot Build(string file, IEnumerable<string> overrides)
    {
        if (!File.Exists(file))
        {
            throw new GatewayConfigException($"--config: {file} does not exist. Fix: pass the path of the rig's JSON configuration (examples in gateway/Telemetry.Gateway/examples/).");
        }

        return new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false)
            .AddEnvironmentVariables("TELEMETRY_")
            .AddCommandLine([.. overrides])
            .Build();
    }

    public static GatewayOptions Load(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var r = new Reader(config);
        var site = r.Name("Site", "the demining site id, e.g. \"aghdam-01\"");
        var rig = r.Name("Rig", "this rig's id, e.g. \"team-a\"");
        var devices = new List<DeviceOptions>();
        foreach (var device in config.GetSection("Devices").GetChildren())
        {
            devices.Add(ReadDevice(r, device.Path));
        }

        if (devices.Count == 0)
        {
            r.Error("Devices", "no devices are configured. Fix: add at least one entry with Name, Kind, Driver and Endpoint.");
        }

        foreach (var duplicate in devices.GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            r.Error("Devices", $"the name \"{duplicate.Key}\" is used twice. Fix: give every device a unique Name (it is part of its topics).");
        }

        var gnssNames = devices.Where(d => d.Kind.HasOwnNmeaGnss()).Select(d => d.Name).ToList();
        for (var i = 0; i < devices.Count; i++)
        {
            var d = devices[i];
            var positioned = d.Kind is DeviceKind.Detector or DeviceKind.Machine;
            if (positioned && d.PositionFrom is { } from && !gnssNames.Contains(from, StringComparer.Ordinal))
            {
                r.Error($"Devices:{i}:PositionFrom", $"\"{from}\" is not a GNSS device. Fix: name one of: {string.Join(", ", gnssNames)}.");
            }
            else if (positioned && d.PositionFrom is null && gnssNames.Count != 1)
            {
                r.Error($"Devices:{i}:PositionFrom", $"missing, and there are {gnssNames.Count} GNSS devices. Fix: name the GNSS device that positions \"{d.Name}\".");
            }

            var expected = d.Kind.ExpectedProtocol();
            if (d.Protocol != expected)
            {
                r.Error($"Devices:{i}:Protocol", $"{d.Protocol} does not fit Kind {d.Kind}. Fix: use Protocol {expected} (or change Kind).");
            }

            if (d.MavlinkRequireSigned && d.MavlinkSigningKey is null)
            {
                r.Error($"Devices:{i}:Mavlink:RequireSigned", "is true but Mavlink:SigningKey is not set. Fix: set the 64-hex-digit key or set RequireSigned to false.");
            }

            if (d.GpioChip is null != (d.GpioAlarmLine is null && d.GpioMarkLine is null) || (d.GpioChip is not null && d.Kind is not (DeviceKind.Detector or DeviceKind.DetectorWithGnss)))
            {
                r.Error($"Devices:{i}:Gpio", "needs Chip and at least one of AlarmLine/MarkLine, on a Detector device. Fix: set Gpio:Chip with AlarmLine and/or MarkLine, or remove Gpio.");
            }
        }

        var broker = new BrokerOptions
        {
            Host = r.String("Broker:Host", "the MQTT broker's host name or address") ?? "",
            Port = r.Int("Broker:Port", 1883, 1, 65535),
            Tls = r.Bool("Broker:Tls", false),
            CaFile = r.OptionalFile("Broker:CaFile"),
            UserName = config["Broker:UserName"],
            Password = config["Broker:Password"],
            ClientId = config["Broker:ClientId"] is { Length: > 0 } id ? id : $"telemetry-{site}-{rig}",
            MqttVersion = r.OneOf("Broker:MqttVersion", "5", ["3.1.1", "5"]),
            DetectionQos = r.Int("Broker:DetectionQos", 1, 1, 2),
            AckMode = r.Enum("Broker:AckMode", AckMode.Puback),
            Window = r.Int("Broker:Window", 32, 1, 1024),
            BacklogRatePerSecond = r.Int("Broker:BacklogRatePerSecond", 200, 1, 100_000),
            StoreAckTimeout = TimeSpan.FromSeconds(r.Double("Broker:StoreAckTimeoutSeconds", 30, 1, 86_400)),
            StoreAckMaxBackoff = TimeSpan.FromSeconds(r.Double("Broker:StoreAckMaxBackoffSeconds", 600, 1, 86_400)),
        };

        var outbox = new OutboxOptions
        {
            Directory = r.String("Outbox:Path", "a directory on persistent storage, e.g. /var/lib/telemetry/outbox") ?? "",
            Fsync = r.Enum("Outbox:Fsync", FsyncPolicy.Always),
            BatchInterval = TimeSpan.FromMilliseconds(r.Int("Outbox:BatchIntervalMs", 50, 1, 10_000)),
            MaxBytes = r.Long("Outbox:MaxMegabytes", 256, 1, 1_000_000) * 1024 * 1024,
            MaxAge = TimeSpan.FromHours(r.Double("Outbox:MaxAgeHours", 24 * 30, 0.01, 24 * 3650)),
            Overflow = r.Enum("Outbox:Overflow", OverflowPolicy.Block),
            SegmentBytes = r.Long("Outbox:SegmentKilobytes", 4096, 16, 1_048_576) * 1024,
        };
        if (outbox.MaxBytes < 2 * outbox.SegmentBytes)
        {
            r.Error("Outbox:MaxMegabytes", "must hold at least two segments. Fix: raise Outbox:MaxMegabytes or lower Outbox:SegmentKilobytes.");
        }

        var telemetry = new TelemetryRates
        {
            PositionHz = r.Double("Telemetry:PositionHz", 1, 0.01, 50),
            StatusHz = r.Double("Telemetry:StatusHz", 0.2, 0.01, 10),
            MachineHz = r.Double("Telemetry:MachineHz", 1, 0.01, 50),
            DroneHz = r.Double("Telemetry:DroneHz", 2, 0.01, 50),
        };
        var geotag = new GeotagOptions
        {
            MaxFixAge = TimeSpan.FromSeconds(r.Double("Geotag:MaxFixAgeSeconds", 2, 0.1, 60)),
            ExtrapolateWithinM = r.Double("Geotag:ExtrapolateWithinM", 0.03, 0, 1),
        };

        r.ThrowIfAny();
        var hash = ConfigHash(config);
        return new GatewayOptions
        {
            Site = site,
            Rig = rig,
            Devices = devices,
            Broker = broker,
            Outbox = outbox,
            Telemetry = telemetry,
            Geotag = geotag,
            HttpPrefix = config["Http:Prefix"] is { Length: > 0 } prefix ? prefix : null,
            ConfigHash = hash,
        };
    }

    private static DeviceOptions ReadDevice(Reader r, string path)
    {
        var name = r.Name($"{path}:Name", "a short device id used in topics, e.g. \"gnss\" or \"vmr3\"");
        var driver = r.Enum($"{path}:Driver", DriverKind.Serial);
        var endpoint = r.String($"{path}:Endpoint", driver switch
        {
            DriverKind.Serial => "the serial path, preferably /dev/serial/by-id/...",
            DriverKind.Tcp => "host:port",
            _ => ":port to listen on",
        }) ?? "";
        if (driver == DriverKind.Tcp && !endpoint.Contains(':', StringComparison.Ordinal))
        {
            r.Error($"{path}:Endpoint", $"\"{endpoint}\" is not host:port. Fix: write e.g. \"192.168.4.1:10110\".");
        }

        var kind = r.Enum($"{path}:Kind", DeviceKind.Gnss);
        return new DeviceOptions
        {
            Name = name,
            Kind = kind,
            Driver = driver,
            Endpoint = endpoint,
            Protocol = r.Enum($"{path}:Protocol", kind.ExpectedProtocol()),
            Baud = r.Int($"{path}:Baud", 115200, 50, 4_000_000),
            LeverArm = new LeverArm(
                r.Double($"{path}:LeverArm:Forward", 0, -20, 20),
                r.Double($"{path}:LeverArm:Right", 0, -20, 20),
                r.Double($"{path}:LeverArm:Down", 0, -20, 20)),
            NoDataTimeout = TimeSpan.FromSeconds(r.Double($"{path}:NoDataTimeoutSeconds", 5, 0.1, 3600)),
            PositionFrom = r.Config[$"{path}:PositionFrom"],
            FootprintRadiusM = r.Double($"{path}:FootprintRadiusM", 0, 0, 20),
            MavlinkSigningKey = r.HexKey($"{path}:Mavlink:SigningKey", 32),
            MavlinkRequireSigned = r.Bool($"{path}:Mavlink:RequireSigned", false),
            GpioChip = r.Config[$"{path}:Gpio:Chip"] is { Length: > 0 } chip ? chip : null,
            GpioAlarmLine = r.OptionalInt($"{path}:Gpio:AlarmLine", 0, 511),
            GpioMarkLine = r.OptionalInt($"{path}:Gpio:MarkLine", 0, 511),
        };
    }

    /// <summary>SHA-256 of every effective key=value except secrets, so a record says which configuration made it.</summary>
    private static string ConfigHash(IConfiguration config)
    {
        var text = new StringBuilder();
        foreach (var pair in config.AsEnumerable().Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (pair.Key.EndsWith("Password", StringComparison.OrdinalIgnoreCase) || pair.Key.EndsWith("SigningKey", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            text.Append(pair.Key).Append('=').Append(pair.Value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>Collects every problem before failing, so one run shows them all.</summary>
    private sealed class Reader(IConfiguration config)
    {
        private readonly List<string> _errors = [];

        public IConfiguration Config => config;

        public void Error(string key, string message) => _errors.Add($"{key}: {message}");

        public void ThrowIfAny()
        {
            if (_errors.Count > 0)
            {
                throw new GatewayConfigException("Invalid configuration:\n  " + string.Join("\n  ", _errors));
            }
        }

        public string? String(string key, string what)
        {
            var value = config[key];
            if (string.IsNullOrWhiteSpace(value))
            {
                Error(key, $"missing. Fix: set it to {what}.");
                return null;
            }

            return value;
        }

        /// <summary>A name used inside MQTT topics: no wildcards, separators or control characters.</summary>
        public string Name(string key, string what)
        {
            var value = String(key, what);
            if (value is null)
            {
                return "";
            }

            if (value.Any(c => c is '/' or '+' or '#' || char.IsWhiteSpace(c) || char.IsControl(c)) || value.Length > 64)
            {
                Error(key, $"\"{value}\" cannot be part of an MQTT topic. Fix: use letters, digits, '-', '_' or '.' (at most 64).");
            }

            return value;
        }

        public int Int(string key, int fallback, int min, int max) => (int)Long(key, fallback, min, max);

        public int? OptionalInt(string key, int min, int max) => config[key] is null ? null : Int(key, 0, min, max);

        public long Long(string key, long fallback, long min, long max)
        {
            var text = config[key];
            if (text is null)
            {
                return fallback;
            }

            if (!long.TryParse(text, NumberStyles.Integer, Ic, out var value) || value < min || value > max)
            {
                Error(key, $"\"{text}\" is not a whole number from {min} to {max}. Fix: set a value in that range (default {fallback}).");
                return fallback;
            }

            return value;
        }

        public double Double(string key, double fallback, double min, double max)
        {
            var text = config[key];
            if (text is null)
            {
                return fallback;
            }

            if (!double.TryParse(text, NumberStyles.Float, Ic, out var value) || !(value >= min && value <= max))
            {
                Error(key, $"\"{text}\" is not a number from {min} to {max} (use '.' as decimal point). Fix: set a value in that range (default {fallback}).");
                return fallback;
            }

            return value;
        }

        public bool Bool(string key, bool fallback)
        {
            var text = config[key];
            if (text is null)
            {
                return fallback;
            }

            if (!bool.TryParse(text, out var value))
            {
                Error(key, $"\"{text}\" is not true or false. Fix: write true or false.");
                return fallback;
            }

            return value;
        }

        public T Enum<T>(string key, T fallback)
            where T : struct, Enum
        {
            var text = config[key];
            if (text is null)
            {
                return fallback;
            }

            if (!System.Enum.TryParse<T>(text, ignoreCase: true, out var value) || !System.Enum.IsDefined(value) || int.TryParse(text, Ic, out _))
            {
                Error(key, $"\"{text}\" is not one of {string.Join(", ", System.Enum.GetNames<T>())}. Fix: use one of those.");
                return fallback;
            }

            return value;
        }

        public string OneOf(string key, string fallback, string[] allowed)
        {
            var text = config[key] ?? fallback;
            if (!allowed.Contains(text, StringComparer.Ordinal))
            {
                Error(key, $"\"{text}\" is not one of {string.Join(", ", allowed)}. Fix: use one of those.");
                return fallback;
            }

            return text;
        }

        /// <summary>A secret given as hex digits (e.g. a MAVLink signing key); null when absent.</summary>
        public byte[]? HexKey(string key, int bytes)
        {
            var text = config[key];
            if (text is null)
            {
                return null;
            }

            if (text.Length != 2 * bytes || !text.All(char.IsAsciiHexDigit))
            {
                Error(key, $"is not {bytes} bytes written as {2 * bytes} hex digits. Fix: set the full key (e.g. from the ground station's signing setup) or remove it.");
                return null;
            }

            return Convert.FromHexString(text);
        }

        public string? OptionalFile(string key)
        {
            var path = config[key];
            if (path is { Length: > 0 } && !File.Exists(path))
            {
                Error(key, $"{path} does not exist. Fix: point it at the PEM file, or remove the key to use the system trust store.");
            }

            return path is { Length: > 0 } ? path : null;
        }
    }
}
