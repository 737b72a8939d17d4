using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

/// <summary>An eventfd a reader thread polls beside its device, so another thread can wake it without a timeout.</summary>
internal sealed class Wakeup : IDisposable
{
    private Wakeup(SafeFdHandle handle) => Handle = handle;

    public SafeFdHandle Handle { get; }

    public static Wakeup Create()
    {
        var handle = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (handle.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new IOException($"eventfd failed: {Libc.Describe(errno)}");
        }

        return new Wakeup(handle);
    }

    /// <summary>Makes the eventfd readable; safe from any thread, any number of times, even after Dispose.</summary>
    public unsafe void Signal()
    {
        ulong one = 1;
        try
        {
            _ = Libc.Write(Handle, (byte*)&one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // Already closed: the reader is gone, so there is nobody to wake.
        }
    }

    public void Dispose() => Handle.Dispose();
}
