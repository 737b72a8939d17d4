using Telemetry.Drivers.Pty;
using Telemetry.Drivers.Serial;
using Telemetry.Drivers.Sources;
using static Telemetry.Drivers.Tests.Serial.SerialTestSupport;

namespace Telemetry.Drivers.Tests.Serial;

public sealed class SerialSourceTests
{
    [Theory]
    [InlineData(4800, 8, Parity.None, StopBits.One, FlowControl.None)]
    [InlineData(9600, 7, Parity.Even, StopBits.One, FlowControl.None)]
    [InlineData(115200, 8, Parity.Odd, StopBits.Two, FlowControl.RtsCts)]
    [InlineData(250000, 8, Parity.None, StopBits.One, FlowControl.None)] // custom rate: BOTHER
    [InlineData(921600, 8, Parity.None, StopBits.One, FlowControl.None)]
    [InlineData(3000000, 8, Parity.Space, StopBits.One, FlowControl.None)]
    public async Task Bytes_cross_both_ways_at_each_setting(int baud, int dataBits, Parity parity, StopBits stop, FlowControl flow)
    {
        using var pty = PseudoTerminal.Open();
        var options = new SerialOptions { BaudRate = baud, DataBits = dataBits, Parity = parity, StopBits = stop, FlowControl = flow };
        await using var source = ByteSources.Serial(pty.DevicePath, options, FastRetry());
        source.Start();
        Assert.True(await source.WaitForStateAsync(SourceState.Up, Generous, TestContext.Current.CancellationToken), source.LastError);

        // Every byte value, including CR/LF/NUL/XON/XOFF: raw mode must pass them all (XON/XOFF off here).
        var toHost = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        if (flow == FlowControl.XonXoff)
        {
            toHost = [.. toHost.Where(b => b is not (0x11 or 0x13))];
        }

        await pty.Master.WriteAsync(toHost, TestContext.Current.CancellationToken);
        Assert.Equal(toHost, await ReadExactlyAsync(source.Input, toHost.Length, Generous));

        byte[] toDevice = [.. "O\r"u8, 0x00, 0xFF, 0x0A];
        await source.Output.WriteAsync(toDevice, TestContext.Current.CancellationToken);
        Assert.Equal(toDevice, await ReadMasterAsync(pty, toDevice.Length, Generous));
        Assert.Equal(toHost.Length, source.Counters.BytesRead);
        Assert.True(await WaitUntilAsync(source, () => source.Counters.BytesWritten == toDevice.Length, Generous));
    }
}
