using System.Globalization;

namespace Telemetry.TestKit;

/// <summary>
/// Runs code under cultures that break careless parsing and formatting: tr-TR (dotless i in case mapping),
/// de-DE (comma decimal separator), ar-SA (native digits, right-to-left marks) and fa-IR.
/// </summary>
public static class HostileCulture
{
    /// <summary>The cultures every parsing and formatting test should survive.</summary>
    public static readonly IReadOnlyList<string> Names = ["tr-TR", "de-DE", "ar-SA", "fa-IR"];

    /// <summary>Runs <paramref name="action"/> once under each hostile culture, restoring the caller's culture after.</summary>
    public static void RunUnderEach(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        foreach (var name in Names)
        {
            using (Use(name))
            {
                action();
            }
        }
    }

    /// <summary>Switches the current thread's culture and UI culture until the returned scope is disposed.</summary>
    public static IDisposable Use(string name) => new Scope(CultureInfo.GetCultureInfo(name));

    private sealed class Scope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public Scope(CultureInfo culture)
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
