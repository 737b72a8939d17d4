using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// A computed number written through a one-entry cache of its text: the sentences of one epoch repeat the same
/// position (GGA, RMC, GNS), so it is formatted once per epoch instead of once per sentence. One instance per
/// property, always with the same number of decimals.
/// </summary>
internal struct LastNumberText
{
    private double _value;
    private int _length;
    private Text _text;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteFixed(Utf8JsonWriter json, JsonEncodedText name, double? value, int decimals)
    {
        if (value is not { } v)
        {
            return;
        }

        json.WritePropertyName(name);
        // Equals, not ==: 0.0 and -0.0 share a text ("0"), and a NaN (never from the parsers) would not match itself.
        if (_length == 0 || !v.Equals(_value))
        {
            if (!DecimalText.TryFormatFixed(v, decimals, _text, out var length))
            {
                _length = 0;
                json.WriteNumberValue(v);
                return;
            }

            _value = v;
            _length = length;
        }

        json.WriteRawValue(((ReadOnlySpan<byte>)_text)[.._length], skipInputValidation: true);
    }

    [InlineArray(DecimalText.MaxLength)]
    private struct Text
    {
        private byte _first;
    }
}
