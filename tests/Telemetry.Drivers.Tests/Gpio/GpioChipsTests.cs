using Telemetry.Drivers.Gpio;

namespace Telemetry.Drivers.Tests.Gpio;

/// <summary>
/// Chip discovery errors on any machine. Edge events on a real chip need gpio-sim (root + kernel module), which CI
/// containers lack; the kernel ABI those calls use is pinned by KernelAbiTests.
/// </summary>
public sealed class GpioChipsTests
{
    [Fact]
    public void An_unknown_label_lists_the_chips_that_exist()
    {
        var dev = Directory.CreateTempSubdirectory("gpio-dev");
        try
        {
            var e = Assert.Throws<IOException>(() => GpioChips.Open("pinctrl-rp1", dev.FullName));
            Assert.Contains("'pinctrl-rp1'", e.Message, StringComparison.Ordinal);
            Assert.Contains("Chips present: none", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            dev.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_path_that_is_not_a_gpio_chip_is_refused_by_GPIO_GET_CHIPINFO()
    {
        var e = Assert.Throws<IOException>(() => GpioChips.Open("/dev/null"));
        Assert.Contains("/dev/null is not a GPIO character device", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_chip_path_says_how_to_find_chips()
    {
        var e = Assert.Throws<IOException>(() => GpioChips.Open("/dev/gpiochip-does-not-exist"));
        Assert.Contains("ls /dev/gpiochip*", e.Message, StringComparison.Ordinal);
    }
}
