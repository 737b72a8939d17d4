using System.Security.Cryptography;
using System.Text;

namespace Telemetry.Mqtt.Broker.Auth;

/// <summary>
/// A mosquitto <c>password_file</c>: one <c>username:hash</c> per line, written by <c>mosquitto_passwd</c>,
/// so a site can move between this broker and mosquitto with the same file.
/// </summary>
/// <remarks>
/// Hash formats (mosquitto 1.x/2.0, <c>mosquitto_passwd -H</c>):
/// <c>$6$&lt;base64 salt&gt;$&lt;base64 SHA-512(password ‖ salt)&gt;</c> and
/// <c>$7$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 PBKDF2-HMAC-SHA512(password, salt, iterations, 64)&gt;</c>.
/// Plain-text lines are refused: mosquitto 2.0 refuses them as well, and <c>mosquitto_passwd -U</c> converts them.
/// </remarks>
internal sealed class PasswordFile
{
    /// <summary>Hard caps so a corrupt file cannot make one CONNECT cost seconds of CPU.</summary>
    internal const int MaxIterations = 10_000_000;
    internal const int MaxSaltBytes = 1024;
    internal const int MaxLineLength = 65_536;

    private readonly Dictionary<string, PasswordHash> _entries;

    private PasswordFile(Dictionary<string, PasswordHash> entries) => _entries = entries;

    public int Count => _entries.Count;

    public static PasswordFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new BrokerConfigException($"password_file '{path}' does not exist; create it with 'mosquitto_passwd -c {path} <user>'.");
        }

        return Parse(File.ReadAllLines(path), path);
    }

    public static PasswordFile Parse(IEnumerable<string> lines, string sourceName)
    {
        var entries = new Dictionary<string, PasswordHash>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.TrimEnd('\r', '\n', ' ', '\t');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.Length > MaxLineLength)
            {
                throw Error(sourceName, lineNumber, $"line is longer than {MaxLineLength} characters");
            }

            // username:hash — usernames cannot contain ':' (mosquitto_passwd refuses them).
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Error(sourceName, lineNumber, "expected 'username:hash'");
            }

            var user = line[..colon];
            var hash = PasswordHash.Parse(line[(colon + 1)..]) ??
                throw Error(sourceName, lineNumber, $"password of '{user}' is not a '$6$' or '$7$' hash; hash the file with 'mosquitto_passwd -U {sourceName}'");
            entries[user] = hash;
        }

        return new PasswordFile(entries);
    }

    public bool Contains(string username) => _entries.ContainsKey(username);

    /// <summary>True when <paramref name="username"/> is listed and <paramref name="password"/> hashes to its entry.</summary>
    public bool Verify(string username, ReadOnlySpan<byte> password) =>
        _entries.TryGetValue(username, out var hash) && hash.Matches(password);

    private static BrokerConfigException Error(string source, int line, string what) =>
        new($"password_file '{source}' line {line}: {what}.");
}

/// <summary>One parsed mosquitto password hash.</summary>
internal sealed class PasswordHash
{
    private readonly int _iterations; // 0 = "$6$" single salted SHA-512
    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash)
    {
        _iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    /// <summary>Parses "$6$salt$hash" or "$7$iterations$salt$hash"; null when it is neither.</summary>
    public static PasswordHash? Parse(string text)
    {
        var parts = text.Split('$');
        // "$6$s$h" splits into ["", "6", s, h]; "$7$n$s$h" into ["", "7", n, s, h].
        if (parts.Length == 4 && parts[0].Length == 0 && parts[1] == "6")
        {
            return Create(0, parts[2], parts[3]);
        }

        if (parts.Length == 5 && parts[0].Length == 0 && parts[1] == "7" &&
            int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations) &&
            iterations is > 0 and <= PasswordFile.MaxIterations)
        {
            return Create(iterations, parts[3], parts[4]);
        }

        return null;
    }

    /// <summary>Builds a "$7$" hash as mosquitto_passwd does (used by tests and by tooling).</summary>
    public static string Format7(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int iterations)
    {
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, 64);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public bool Matches(ReadOnlySpan<byte> password)
    {
        Span<byte> computed = stackalloc byte[64];
        if (_iterations == 0)
        {
            var input = new byte[password.Length + _salt.Length];
            password.CopyTo(input);
            _salt.CopyTo(input.AsSpan(password.Length));
            SHA512.HashData(input, computed);
            CryptographicOperations.ZeroMemory(input);
        }
        else
        {
            Rfc2898DeriveBytes.Pbkdf2(password, _salt, computed, _iterations, HashAlgorithmName.SHA512);
        }

        return CryptographicOperations.FixedTimeEquals(computed, _hash);
    }

    private static PasswordHash? Create(int iterations, string salt64, string hash64)
    {
        var salt = TryBase64(salt64);
        var hash = TryBase64(hash64);
        return salt is null || hash is null || salt.Length > PasswordFile.MaxSaltBytes || hash.Length != 64
            ? null
            : new PasswordHash(iterations, salt, hash);
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
