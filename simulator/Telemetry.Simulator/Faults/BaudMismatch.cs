namespace Telemetry.Simulator.Faults;

/// <summary>
/// What a UART reading at one baud rate makes of bytes sent at another: the sender's 8N1 bit stream (start bit 0,
/// eight data bits LSB first, stop bit 1, idle 1) is resampled at the receiver's bit time, starting a byte on each
/// falling edge and sampling mid-bit. A stop bit read as 0 is a framing error, which Linux delivers as NUL when
/// neither IGNPAR nor PARMRK is set (termios(3)). Each chunk starts from an idle line: between device ticks the
/// line idles long enough for any receiver to resynchronise.
/// </summary>
internal static class BaudMismatch
{
    public static byte[] Resample(ReadOnlySpan<byte> sent, int senderBaud, int receiverBaud)
    {
        var bits = sent.Length * 10;
        // Receiver bit duration in sender-bit units.
        var ratio = (double)senderBaud / receiverBaud;
        var output = new List<byte>(Math.Max(1, (int)(sent.Length / ratio) + 1));
        var t = 0.0;
        while (true)
        {
            var start = NextLow(sent, t, bits);
            if (start < 0)
            {
                break;
            }

            var value = 0;
            for (var i = 0; i < 8; i++)
            {
                if (Level(sent, start + (ratio * (1.5 + i)), bits))
                {
                    value |= 1 << i;
                }
            }

            var stopTime = start + (ratio * 9.5);
            output.Add(Level(sent, stopTime, bits) ? (byte)value : (byte)0);
            t = stopTime;
            if (t >= bits)
            {
                break;
            }
        }

        return [.. output];
    }

    /// <summary>Line level at sender-bit time t: true = mark (1).</summary>
    private static bool Level(ReadOnlySpan<byte> sent, double t, int bits)
    {
        if (t < 0 || t >= bits)
        {
            return true;
        }

        var k = (int)t;
        var bit = k % 10;
        return bit switch
        {
            0 => false,
            9 => true,
            _ => ((sent[k / 10] >> (bit - 1)) & 1) != 0,
        };
    }

    /// <summary>Earliest time ≥ t at which the line is low, or −1 if it stays high to the end of the chunk.</summary>
    private static double NextLow(ReadOnlySpan<byte> sent, double t, int bits)
    {
        if (t < bits && !Level(sent, t, bits))
        {
            return t;
        }

        for (var k = (int)Math.Ceiling(t); k < bits; k++)
        {
            if (!Level(sent, k, bits))
            {
                return k;
            }
        }

        return -1;
    }
}
