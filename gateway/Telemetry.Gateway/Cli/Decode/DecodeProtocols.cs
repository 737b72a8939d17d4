using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Nmea;
using Telemetry.Protocols.Slcan;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// The protocols <c>telemetry decode</c> knows: each name pairs a framer with an emitter. To add one, add its
/// name to <see cref="Names"/>, its emitter in its own file, and one line to the switch.
/// </summary>
internal static class DecodeProtocols
{
    /// <summary>Accepted values of --protocol; the first is the default.</summary>
    public static readonly string[] Names = ["auto", "nmea", "detector", "mavlink", "slcan"];

    public static Task<DecodeSummary> RunAsync(string protocol, Stream input, Stream output, bool raw, CancellationToken cancellationToken)
        => protocol switch
        {
            // auto: sniff the capture (DecodeSniffer); NMEA-framed captures decode GNSS and detector sentences together.
            "auto" => RunAutoAsync(input, output, raw, cancellationToken),
            // NMEA captures are the big ones (hours of 10 Hz RTK): decoded in parallel chunks, same output and summary.
            "auto-nmea" => ChunkedDecodeRunner.RunAsync(input, output, includeGnss: true, includeDetector: true, raw, cancellationToken),
            "nmea" => ChunkedDecodeRunner.RunAsync(input, output, includeGnss: true, includeDetector: false, raw, cancellationToken),
            "detector" => DecodeRunner.RunAsync(input, output, new NmeaFramer(), new DetectorJsonEmitter(), raw, cancellationToken),
            "mavlink" => DecodeRunner.RunAsync(input, output, new MavlinkFramer(), new MavlinkJsonEmitter(), raw, cancellationToken),
            "slcan" => DecodeRunner.RunAsync(input, output, new SlcanFramer(), new SlcanJsonEmitter(), raw, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, $"--protocol must be one of: {string.Join(", ", Names)}."),
        };

    private static async Task<DecodeSummary> RunAutoAsync(Stream input, Stream output, bool raw, CancellationToken cancellationToken)
    {
        var (protocol, replay) = await DecodeSniffer.SniffAsync(input, cancellationToken).ConfigureAwait(false);
        await using (replay.ConfigureAwait(false))
        {
            return await RunAsync(protocol, replay, output, raw, cancellationToken).ConfigureAwait(false);
        }
    }
}
