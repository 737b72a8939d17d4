using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telemetry.Geo.Tests.Support;

/// <summary>
/// A small JSON Schema (2020-12) validator for the keywords our schemas use. It refuses schemas with any other
/// keyword, so a keyword can never be silently ignored. No package is available for this offline, hence its own.
/// </summary>
internal static class SchemaValidator
{
    private static readonly HashSet<string> Known =
    [
        "$schema", "$id", "title", "description", "format", "type", "required", "properties", "additionalProperties",
        "enum", "const", "minimum", "maximum", "minLength", "maxLength", "pattern", "if", "then", "else",
    ];

    public static List<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    public static void AssertOnlyKnownKeywords(JsonElement schema, string path = "#")
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var p in schema.EnumerateObject())
        {
            if (!Known.Contains(p.Name))
            {
                throw new InvalidOperationException($"Schema keyword '{p.Name}' at {path} is not supported by the test validator.");
            }

            if (p.Name == "properties")
            {
                foreach (var child in p.Value.EnumerateObject())
                {
                    AssertOnlyKnownKeywords(child.Value, $"{path}/properties/{child.Name}");
                }
            }
            else if (p.Name is "if" or "then" or "else")
            {
                AssertOnlyKnownKeywords(p.Value, $"{path}/{p.Name}");
            }
        }
    }

    private static void Check(JsonElement s, JsonElement v, string path, List<string> errors)
    {
        if (s.TryGetProperty("type", out var type) && !HasType(v, type.GetString()!))
        {
            errors.Add($"{path}: expected {type.GetString()}, got {v.ValueKind}");
            return;
        }

        if (s.TryGetProperty("const", out var constant) && !JsonEquals(constant, v))
        {
            errors.Add($"{path}: expected const {constant.GetRawText()}, got {v.GetRawText()}");
        }

        if (s.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(e => JsonEquals(e, v)))
        {
            errors.Add($"{path}: {v.GetRawText()} not in enum");
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            var x = v.GetDouble();
            if (s.TryGetProperty("minimum", out var min) && x < min.GetDouble())
            {
                errors.Add($"{path}: {x} < minimum {min.GetDouble()}");
            }

            if (s.TryGetProperty("maximum", out var max) && x > max.GetDouble())
            {
                errors.Add($"{path}: {x} > maximum {max.GetDouble()}");
            }
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            var str = v.GetString()!;
            if (s.TryGetProperty("minLength", out var minLength) && str.Length < minLength.GetInt32())
            {
                errors.Add($"{path}: shorter than {minLength.GetInt32()}");
            }

            if (s.TryGetProperty("maxLength", out var maxLength) && str.Length > maxLength.GetInt32())
            {
                errors.Add($"{path}: longer than {maxLength.GetInt32()}");
            }

            if (s.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(str, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add($"{path}: '{str}' does not match {pattern.GetString()}");
            }

            if (s.TryGetProperty("format", out var format) && format.GetString() == "date-time"
                && !DateTimeOffset.TryParse(str, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
            {
                errors.Add($"{path}: '{str}' is not a date-time");
            }
        }

        if (v.ValueKind == JsonValueKind.Object)
        {
            CheckObject(s, v, path, errors);
        }

        if (s.TryGetProperty("if", out var condition))
        {
            var branch = Validate(condition, v).Count == 0 ? "then" : "else";
            if (s.TryGetProperty(branch, out var sub))
            {
                Check(sub, v, path, errors);
            }
        }
    }

    private static void CheckObject(JsonElement s, JsonElement v, string path, List<string> errors)
    {
        if (s.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!v.TryGetProperty(name, out _))
                {
                    errors.Add($"{path}: missing required '{name}'");
                }
            }
        }

        var hasProperties = s.TryGetProperty("properties", out var properties);
        var closed = s.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        foreach (var p in v.EnumerateObject())
        {
            if (hasProperties && properties.TryGetProperty(p.Name, out var sub))
            {
                Check(sub, p.Value, $"{path}.{p.Name}", errors);
            }
            else if (closed)
            {
                errors.Add($"{path}: unexpected property '{p.Name}'");
            }
        }
    }

    private static bool HasType(JsonElement v, string type) => type switch
    {
        "object" => v.ValueKind == JsonValueKind.Object,
        "string" => v.ValueKind == JsonValueKind.String,
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => v.ValueKind == JsonValueKind.Number,
        "integer" => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
        _ => throw new InvalidOperationException($"type '{type}' unsupported"),
    };

    private static bool JsonEquals(JsonElement a, JsonElement b) =>
        a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number
            ? a.GetDouble() == b.GetDouble()
            : a.GetRawText() == b.GetRawText();
}
