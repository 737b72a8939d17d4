using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

// Linux GPIO character device uAPI v2, include/uapi/linux/gpio.h (kernel 5.10+). Names are the kernel's so the
// gcc ABI test can compare every size, offset and ioctl number field by field with this machine's header.
internal static partial class Libc
{
    internal const int GPIO_MAX_NAME_SIZE = 32;
    internal const int GPIO_V2_LINES_MAX = 64;
    internal const int GPIO_V2_LINE_NUM_ATTRS_MAX = 10;

    internal const ulong GPIO_V2_LINE_FLAG_USED = 1UL << 0;
    internal const ulong GPIO_V2_LINE_FLAG_ACTIVE_LOW = 1UL << 1;
    internal const ulong GPIO_V2_LINE_FLAG_INPUT = 1UL << 2;
    internal const ulong GPIO_V2_LINE_FLAG_OUTPUT = 1UL << 3;
    internal const ulong GPIO_V2_LINE_FLAG_EDGE_RISING = 1UL << 4;
    internal const ulong GPIO_V2_LINE_FLAG_EDGE_FALLING = 1UL << 5;
    internal const ulong GPIO_V2_LINE_FLAG_OPEN_DRAIN = 1UL << 6;
    internal const ulong GPIO_V2_LINE_FLAG_OPEN_SOURCE = 1UL << 7;
    internal const ulong GPIO_V2_LINE_FLAG_BIAS_PULL_UP = 1UL << 8;
    internal const ulong GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN = 1UL << 9;
    internal const ulong GPIO_V2_LINE_FLAG_BIAS_DISABLED = 1UL << 10;
    internal const ulong GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME = 1UL << 11;
    internal const ulong GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE = 1UL << 12;

    internal const uint GPIO_V2_LINE_ATTR_ID_FLAGS = 1;
    internal const uint GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES = 2;
    internal const uint GPIO_V2_LINE_ATTR_ID_DEBOUNCE = 3;

    internal const uint GPIO_V2_LINE_EVENT_RISING_EDGE = 1;
    internal const uint GPIO_V2_LINE_EVENT_FALLING_EDGE = 2;

    private const uint GpioMagic = 0xB4;

    internal static readonly uint GPIO_GET_CHIPINFO_IOCTL = IoctlNumber(IocRead, GpioMagic, 0x01, Unsafe.SizeOf<gpiochip_info>());
    internal static readonly uint GPIO_GET_LINEINFO_UNWATCH_IOCTL = IoctlNumber(IocRead | IocWrite, GpioMagic, 0x0C, sizeof(uint));
    internal static readonly uint GPIO_V2_GET_LINEINFO_IOCTL = IoctlNumber(IocRead | IocWrite, GpioMagic, 0x05, Unsafe.SizeOf<gpio_v2_line_info>());
    internal static readonly uint GPIO_V2_GET_LINEINFO_WATCH_IOCTL = IoctlNumber(IocRead | IocWrite, GpioMagic, 0x06, Unsafe.SizeOf<gpio_v2_line_info>());
    internal static readonly uint GPIO_V2_GET_LINE_IOCTL = IoctlNumber(IocRead | IocWrite, GpioMagic, 0x07, Unsafe.SizeOf<gpio_v2_line_request>());
    internal static readonly uint GPIO_V2_LINE_SET_CONFIG_IOCTL = IoctlNumber(IocRead | IocWrite, GpioMagic, 0x0D, Unsafe.SizeOf<gpio_v2_line_config>());
    internal static readonly uint GPIO_V2_LINE_GET_VALUES_IOCTL = IoctlNumber(IocRead | IocWrite, GpioMagic, 0x0E, Unsafe.SizeOf<gpio_v2_line_values>());
    internal static readonly uint GPIO_V2_LINE_SET_VALUES_IOCTL = IoctlNumber(IocRead | IocWrite, GpioMagic, 0x0F, Unsafe.SizeOf<gpio_v2_line_values>());
}

#pragma warning disable SA1300, SA1307, SA1649, CS8981 // kernel struct and field names on purpose (see the file comment)
[StructLayout(LayoutKind.Explicit, Size = 68)]
internal unsafe struct gpiochip_info
{
    [FieldOffset(0)]
    public fixed byte name[Libc.GPIO_MAX_NAME_SIZE];
    [FieldOffset(32)]
    public fixed byte label[Libc.GPIO_MAX_NAME_SIZE];
    [FieldOffset(64)]
    public uint lines;
}

[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct gpio_v2_line_values
{
    [FieldOffset(0)]
    public ulong bits;
    [FieldOffset(8)]
    public ulong mask;
}

[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct gpio_v2_line_attribute
{
    [FieldOffset(0)]
    public uint id;
    [FieldOffset(4)]
    public uint padding;

    // The kernel's anonymous union: flags, values and debounce_period_us share offset 8.
    [FieldOffset(8)]
    public ulong flags;
    [FieldOffset(8)]
    public ulong values;
    [FieldOffset(8)]
    public uint debounce_period_us;
}

[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct gpio_v2_line_config_attribute
{
    [FieldOffset(0)]
    public gpio_v2_line_attribute attr;
    [FieldOffset(16)]
    public ulong mask;
}

[InlineArray(Libc.GPIO_V2_LINE_NUM_ATTRS_MAX)]
internal struct gpio_v2_line_config_attribute_array
{
    private gpio_v2_line_config_attribute _element;
}

[InlineArray(Libc.GPIO_V2_LINE_NUM_ATTRS_MAX)]
internal struct gpio_v2_line_attribute_array
{
    private gpio_v2_line_attribute _element;
}

[StructLayout(LayoutKind.Explicit, Size = 272)]
internal unsafe struct gpio_v2_line_config
{
    [FieldOffset(0)]
    public ulong flags;
    [FieldOffset(8)]
    public uint num_attrs;
    [FieldOffset(12)]
    public fixed uint padding[5];
    [FieldOffset(32)]
    public gpio_v2_line_config_attribute_array attrs;
}

[StructLayout(LayoutKind.Explicit, Size = 592)]
internal unsafe struct gpio_v2_line_request
{
    [FieldOffset(0)]
    public fixed uint offsets[Libc.GPIO_V2_LINES_MAX];
    [FieldOffset(256)]
    public fixed byte consumer[Libc.GPIO_MAX_NAME_SIZE];
    [FieldOffset(288)]
    public gpio_v2_line_config config;
    [FieldOffset(560)]
    public uint num_lines;
    [FieldOffset(564)]
    public uint event_buffer_size;
    [FieldOffset(568)]
    public fixed uint padding[5];
    [FieldOffset(588)]
    public int fd;
}

[StructLayout(LayoutKind.Explicit, Size = 256)]
internal unsafe struct gpio_v2_line_info
{
    [FieldOffset(0)]
    public fixed byte name[Libc.GPIO_MAX_NAME_SIZE];
    [FieldOffset(32)]
    public fixed byte consumer[Libc.GPIO_MAX_NAME_SIZE];
    [FieldOffset(64)]
    public uint offset;
    [FieldOffset(68)]
    public uint num_attrs;
    [FieldOffset(72)]
    public ulong flags;
    [FieldOffset(80)]
    public gpio_v2_line_attribute_array attrs;
    [FieldOffset(240)]
    public fixed uint padding[4];
}

[StructLayout(LayoutKind.Explicit, Size = 48)]
internal unsafe struct gpio_v2_line_event
{
    [FieldOffset(0)]
    public ulong timestamp_ns;
    [FieldOffset(8)]
    public uint id;
    [FieldOffset(12)]
    public uint offset;
    [FieldOffset(16)]
    public uint seqno;
    [FieldOffset(20)]
    public uint line_seqno;
    [FieldOffset(24)]
    public fixed uint padding[6];
}
#pragma warning restore SA1300, SA1307, SA1649, CS8981
