namespace Telemetry.Protocols.Detector;

/// <summary>A detector model code of up to eight upper-case ASCII letters or digits, packed without allocating.</summary>
public readonly record struct DetectorModel
{
    /// <summary>Most characters.</summary>
    public const int MaxLength = 8;

    private readonly ulong _packed;

    private DetectorModel(ulong packed) => _packed = packed;

    /// <summary>Parses a model code. False when empty, too long or not upper-case alphanumeric.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> ascii, out DetectorModel model)
    {
        model = default;
        if (ascii.IsEmpty || ascii.Length > MaxLength)
        {
            return false;
        }

        ulong packed = 0;
        for (var i = 0; i < ascii.Length; i++)
        {
            if (!char.IsAsciiLetterUpper((char)ascii[i]) && !char.IsAsciiDigit((char)ascii[i]))
            {
                return false;
            }

            packed |= (ulong)ascii[i] << (i * 8);
        }

        model = new DetectorModel(packed);
        return true;
    }

    /// <summary>Parses a model code known to be valid; throws otherwise (for writers and tests).</summary>
    public static DetectorModel From(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        Span<byte> ascii = stackalloc byte[MaxLength];
        if (code.Length > MaxLength || !TryCreate(ascii[..System.Text.Encoding.ASCII.GetBytes(code, ascii)], out var model))
        {
            throw new ArgumentException($"'{code}' is not a model code of 1–8 upper-case letters or digits.", nameof(code));
        }

        return model;
    }

    /// <summary>Copies the characters into <paramref name="destination"/> and returns how many were written.</summary>
    public int CopyTo(Span<byte> destination)
    {
        var length = 0;
        for (var packed = _packed; packed != 0; packed >>= 8)
        {
            destination[length++] = (byte)packed;
        }

        return length;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        Span<byte> ascii = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(ascii[..CopyTo(ascii)]);
    }
}
