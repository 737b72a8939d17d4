using Telemetry.Drivers.Interop;
using Telemetry.Drivers.Serial;

namespace Telemetry.Drivers.Tests.Serial;

/// <summary>The flag arithmetic, checked bit by bit against the termios(3) meaning of each setting.</summary>
public sealed class TermiosSettingsTests
{
    [Fact]
    public unsafe void Raw_8N1_at_a_standard_rate_uses_the_fixed_code_and_clears_every_translation()
    {
        var tio = Cooked();
        TermiosSettings.Apply(ref tio, new SerialOptions { BaudRate = 115200 });
        Assert.Equal(0u, tio.c_lflag & (Libc.ICANON | Libc.ECHO | Libc.ISIG | Libc.IEXTEN));
        Assert.Equal(0u, tio.c_iflag & (Libc.ICRNL | Libc.IXON | Libc.IXOFF | Libc.ISTRIP | Libc.INPCK));
        Assert.Equal(0u, tio.c_oflag & Libc.OPOST);
        Assert.Equal(Libc.CS8, tio.c_cflag & Libc.CSIZE);
        Assert.Equal(0u, tio.c_cflag & (Libc.PARENB | Libc.CSTOPB | Libc.CRTSCTS));
        Assert.Equal(Libc.CLOCAL | Libc.CREAD, tio.c_cflag & (Libc.CLOCAL | Libc.CREAD));
        Assert.Equal(0x1002u, tio.c_cflag & Libc.CBAUD); // B115200 in asm-generic/termbits.h
        Assert.Equal(0x1002u, (tio.c_cflag & Libc.CIBAUD) >> Libc.IBSHIFT);
        Assert.Equal(0, tio.c_cc[Libc.VMIN]);
        Assert.Equal(0, tio.c_cc[Libc.VTIME]);
    }

    [Fact]
    public void A_custom_rate_uses_BOTHER_with_the_rate_in_both_speed_fields()
    {
        var tio = Cooked();
        TermiosSettings.Apply(ref tio, new SerialOptions { BaudRate = 250000 });
        Assert.Equal(Libc.BOTHER, tio.c_cflag & Libc.CBAUD);
        Assert.Equal(Libc.BOTHER, (tio.c_cflag & Libc.CIBAUD) >> Libc.IBSHIFT);
        Assert.Equal(250000u, tio.c_ospeed);
        Assert.Equal(250000u, tio.c_ispeed);
    }

    [Theory]
    [InlineData(7, Parity.Even, StopBits.One, FlowControl.None, Libc.CS7 | Libc.PARENB, Libc.INPCK)]
    [InlineData(8, Parity.Odd, StopBits.Two, FlowControl.RtsCts, Libc.CS8 | Libc.PARENB | Libc.PARODD | Libc.CSTOPB | Libc.CRTSCTS, Libc.INPCK)]
    [InlineData(8, Parity.Mark, StopBits.One, FlowControl.None, Libc.CS8 | Libc.PARENB | Libc.PARODD | Libc.CMSPAR, Libc.INPCK)]
    [InlineData(8, Parity.Space, StopBits.One, FlowControl.XonXoff, Libc.CS8 | Libc.PARENB | Libc.CMSPAR, Libc.INPCK | Libc.IXON | Libc.IXOFF)]
    public unsafe void Framing_and_flow_control_set_exactly_their_bits(int dataBits, Parity parity, StopBits stop, FlowControl flow, uint cflagBits, uint iflagBits)
    {
        var tio = Cooked();
        TermiosSettings.Apply(ref tio, new SerialOptions { DataBits = dataBits, Parity = parity, StopBits = stop, FlowControl = flow });
        const uint framing = Libc.CSIZE | Libc.PARENB | Libc.PARODD | Libc.CMSPAR | Libc.CSTOPB | Libc.CRTSCTS;
        Assert.Equal(cflagBits, tio.c_cflag & framing);
        Assert.Equal(iflagBits, tio.c_iflag & (Libc.INPCK | Libc.IXON | Libc.IXOFF));
        if (flow == FlowControl.XonXoff)
        {
            Assert.Equal(0x11, tio.c_cc[Libc.VSTART]);
            Assert.Equal(0x13, tio.c_cc[Libc.VSTOP]);
        }
    }

    // A terminal as a login shell leaves it: canonical, echo, CR→NL, output processing, B9600 7E1.
    private static termios2 Cooked() => new()
    {
        c_iflag = Libc.ICRNL | Libc.IXON | Libc.ISTRIP,
        c_oflag = Libc.OPOST,
        c_cflag = 0xD | Libc.CS7 | Libc.PARENB | Libc.HUPCL,
        c_lflag = Libc.ICANON | Libc.ECHO | Libc.ISIG | Libc.IEXTEN,
    };
}
