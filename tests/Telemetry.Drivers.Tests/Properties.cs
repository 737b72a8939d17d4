using System.Runtime.Versioning;

// The drivers are Linux-only (termios, GPIO character device, pseudo-terminals), and so are their tests.
[assembly: SupportedOSPlatform("linux")]
