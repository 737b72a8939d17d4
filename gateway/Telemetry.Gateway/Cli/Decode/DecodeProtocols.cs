using Telemetry.Protocols.Nmea;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// The protocols <c>telemetry decode</c> knows: each name pairs a framer with an emitter. To add one, add its
/// name to <see cref="Names"/>, its emitter in its own file, and one line to the switch.
/// </summary>
internal static class DecodeProtocols
{
    /// <summary>Accepted values of --protocol; the first is the default.</summary>
    public static readonly string[] Names = ["auto", "nmea", "detector"];

    public static Task<DecodeSummary> RunAsync(string protocol, Stream input, Stream output, bool raw, CancellationToken cancellationToken)
        => protocol switch
        {
            // auto: GNSS and detector sentences share NMEA framing and may be interleaved on one line.
            "auto" => DecodeRunner.RunAsync(input, output, new NmeaFramer(), new NmeaJsonEmitter(includeGnss: true, includeDetector: true), raw, cancellationToken),
            "nmea" => DecodeRunner.RunAsync(input, output, new NmeaFramer(), new NmeaJsonEmitter(includeGnss: true, includeDetector: false), raw, cancellationToken),
            "detector" => DecodeRunner.RunAsync(input, output, new NmeaFramer(), new DetectorJsonEmitter(), raw, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, $"--protocol must be one of: {string.Join(", ", Names)}."),
        };
}
