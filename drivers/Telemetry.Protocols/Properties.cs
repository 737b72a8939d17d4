// Locals are always assigned before use in this assembly's parsers; skipping zero-init saves work on
// the stackalloc'd scratch buffers used for frames that straddle segments.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
