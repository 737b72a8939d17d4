using Telemetry.Drivers.Pty;

namespace Telemetry.TestKit.Tests;

public sealed class PseudoTerminalTests
{
    [Fact]
    public async Task Bytes_cross_the_pair_both_ways_unchanged()
    {
        using var pty = PseudoTerminal.Open();
        await using var slave = new FileStream(pty.SlavePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);

        // CR, LF, NUL and high bytes must pass untouched: the pair is raw.
        byte[] toHost = [(byte)'$', 0x0D, 0x0A, 0x00, 0xFF, 0x7F, (byte)'\r'];
        await pty.Master.WriteAsync(toHost, TestContext.Current.CancellationToken);
        var received = await ReadExactlyAsync(slave, toHost.Length);
        Assert.Equal(toHost, received);

        byte[] toDevice = [(byte)'O', 0x0D, 0x01, 0x02];
        await slave.WriteAsync(toDevice, TestContext.Current.CancellationToken);
        var echoed = await ReadExactlyAsync(pty.Master, toDevice.Length);
        Assert.Equal(toDevice, echoed);
    }

    [Fact]
    public async Task Unplug_hangs_up_the_open_slave_and_replug_restores_the_link_path()
    {
        var dir = Directory.CreateTempSubdirectory("pty-test");
        try
        {
            var link = Path.Combine(dir.FullName, "ttyGNSS");
            using var pty = PseudoTerminal.Open(link);
            var firstSlave = pty.SlavePath;
            Assert.Equal(firstSlave, File.ResolveLinkTarget(link, returnFinalTarget: false)!.FullName);

            await using (var slave = new FileStream(link, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0))
            {
                pty.Unplug();
                Assert.False(File.Exists(link));
                Assert.False(pty.IsPlugged);

                // A hung-up tty reads as end of file or EIO; either way the host learns the device is gone.
                var buffer = new byte[16];
                var outcome = await Record.ExceptionAsync(async () =>
                {
                    var n = await slave.ReadAsync(buffer, TestContext.Current.CancellationToken);
                    Assert.Equal(0, n);
                });
                Assert.True(outcome is null or IOException, $"unexpected {outcome}");
            }

            pty.Replug();
            Assert.True(pty.IsPlugged);
            Assert.Equal(pty.SlavePath, File.ResolveLinkTarget(link, returnFinalTarget: false)!.FullName);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_master_is_not_inherited_by_child_processes()
    {
        using var pty = PseudoTerminal.Open();
        var fd = ((FileStream)pty.Master).SafeFileHandle.DangerousGetHandle();
        var flagsLine = File.ReadLines($"/proc/self/fdinfo/{fd}").First(l => l.StartsWith("flags:", StringComparison.Ordinal));
        var flags = Convert.ToInt32(flagsLine["flags:".Length..].Trim(), 8);

        // O_CLOEXEC (octal 02000000): otherwise any process started while the pty is open keeps the master alive.
        Assert.NotEqual(0, flags & 0x80000);
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }
}
