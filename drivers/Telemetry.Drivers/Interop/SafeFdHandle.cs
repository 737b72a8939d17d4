using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

/// <summary>A Linux file descriptor owned by the runtime: closed exactly once, never reused while a call holds it.</summary>
internal sealed class SafeFdHandle : SafeHandle
{
    /// <summary>Called by the LibraryImport marshaller for return values.</summary>
    public SafeFdHandle()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    internal SafeFdHandle(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(fd);

    /// <inheritdoc />
    public override bool IsInvalid => (int)handle < 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}

/// <summary>
/// Holds a reference on a <see cref="SafeFdHandle"/> while its raw number sits in a struct (pollfd, ioctl argument),
/// so a concurrent Dispose cannot close the descriptor and let the kernel hand the number to someone else meanwhile.
/// </summary>
internal ref struct FdLease
{
    private readonly SafeHandle _handle;
    private bool _added;

    public FdLease(SafeHandle handle)
    {
        _handle = handle;
        _added = false;
        handle.DangerousAddRef(ref _added);
        Fd = (int)handle.DangerousGetHandle();
    }

    public int Fd { get; }

    public void Dispose()
    {
        if (_added)
        {
            _handle.DangerousRelease();
            _added = false;
        }
    }
}
