using System.Globalization;
using System.Text;
using System.Xml.Linq;

// Code generation interpolates only names and non-negative integers; Generate pins the invariant culture for the
// whole run, so per-call format providers would add noise without changing a byte.
#pragma warning disable CA1305

namespace Telemetry.Protocols.Mavlink.Generator;

/// <summary>
/// Writes the MAVLink message structs (<c>Mavlink/Generated/*.g.cs</c>) from the dialect XML.
/// </summary>
/// <remarks>
/// Not compiled into the parsing core (the csproj removes this folder); the test project links it in and
/// <c>MavlinkGeneratorTests</c> fails when the checked-in files differ from what this produces. Regenerate with
/// <c>MAVLINK_REGENERATE=1 dotnet test tests/Telemetry.Protocols.Tests</c>.
/// Wire order and CRC_EXTRA follow the MAVLink serialization guide (https://mavlink.io/en/guide/serialization.html):
/// non-extension fields stably sorted by element size, largest first, then extension fields in XML order;
/// CRC_EXTRA = X.25 CRC over "NAME " and, per non-extension field in wire order, "type " "name " and the array
/// length byte, folded to 8 bits as low ^ high.
/// </remarks>
internal static class MavlinkGenerator
{
    private const string Namespace = "Telemetry.Protocols.Mavlink.Messages";

    /// <summary>Parses the dialect and returns generated files by file name.</summary>
    public static IReadOnlyList<(string FileName, string Source)> Generate(string dialectXml)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            var messages = Parse(dialectXml);
            var files = new List<(string, string)>();
            foreach (var message in messages)
            {
                files.Add(($"{message.TypeName}.g.cs", EmitMessage(message)));
            }

            files.Add(("MavlinkDialect.g.cs", EmitDialect(messages)));
            return files;
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    /// <summary>Parses message definitions into wire-ordered field lists.</summary>
    public static IReadOnlyList<MessageDef> Parse(string dialectXml)
    {
        var root = XDocument.Parse(dialectXml).Root ?? throw new FormatException("dialect XML has no root element");
        var result = new List<MessageDef>();
        foreach (var element in root.Descendants("message"))
        {
            var name = (string?)element.Attribute("name") ?? throw new FormatException("message without name");
            var id = uint.Parse((string?)element.Attribute("id") ?? throw new FormatException($"{name}: no id"), CultureInfo.InvariantCulture);
            var baseFields = new List<FieldDef>();
            var extensionFields = new List<FieldDef>();
            var inExtensions = false;
            foreach (var child in element.Elements())
            {
                if (child.Name == "extensions")
                {
                    inExtensions = true;
                }
                else if (child.Name == "field")
                {
                    (inExtensions ? extensionFields : baseFields).Add(ParseField(name, child, inExtensions));
                }
            }

            // OrderBy is a stable sort, as the reference generator's sort is.
            var ordered = baseFields.OrderByDescending(f => f.ElementSize).Concat(extensionFields).ToList();
            var offset = 0;
            var withOffsets = new List<FieldDef>();
            foreach (var field in ordered)
            {
                withOffsets.Add(field with { Offset = offset });
                offset += field.ElementSize * field.ArrayLength;
            }

            var minLength = baseFields.Sum(f => f.ElementSize * f.ArrayLength);
            result.Add(new MessageDef(
                name,
                id,
                Description(element),
                withOffsets,
                CrcExtra(name, withOffsets.Where(f => !f.IsExtension)),
                minLength,
                offset,
                [.. element.Elements("field").Select(f => (string?)f.Attribute("name") ?? string.Empty)]));
        }

        return result;
    }

    /// <summary>The CRC_EXTRA seed of a message (serialization guide, "CRC_EXTRA Calculation").</summary>
    public static byte CrcExtra(string messageName, IEnumerable<FieldDef> wireOrderedBaseFields)
    {
        var crc = Accumulate(0xFFFF, messageName + " ");
        foreach (var field in wireOrderedBaseFields)
        {
            crc = Accumulate(crc, field.CrcType + " ");
            crc = Accumulate(crc, field.Name + " ");
            if (field.IsArray)
            {
                crc = MavlinkCrc.Accumulate(crc, (byte)field.ArrayLength);
            }
        }

        return (byte)((crc & 0xFF) ^ (crc >> 8));
    }

    private static ushort Accumulate(ushort crc, string ascii)
    {
        foreach (var c in ascii)
        {
            crc = MavlinkCrc.Accumulate(crc, (byte)c);
        }

        return crc;
    }

    private static FieldDef ParseField(string message, XElement element, bool isExtension)
    {
        var name = (string?)element.Attribute("name") ?? throw new FormatException($"{message}: field without name");
        var type = (string?)element.Attribute("type") ?? throw new FormatException($"{message}.{name}: no type");
        var arrayLength = 1;
        var isArray = false;
        var bracket = type.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            arrayLength = int.Parse(type.AsSpan(bracket + 1, type.Length - bracket - 2), CultureInfo.InvariantCulture);
            type = type[..bracket];
            isArray = true;
        }

        // uint8_t_mavlink_version is a uint8_t the protocol fills in; its CRC type string is plain uint8_t.
        var crcType = type == "uint8_t_mavlink_version" ? "uint8_t" : type;
        var (clr, size) = crcType switch
        {
            "char" => ("byte", 1),
            "uint8_t" => ("byte", 1),
            "int8_t" => ("sbyte", 1),
            "uint16_t" => ("ushort", 2),
            "int16_t" => ("short", 2),
            "uint32_t" => ("uint", 4),
            "int32_t" => ("int", 4),
            "uint64_t" => ("ulong", 8),
            "int64_t" => ("long", 8),
            "float" => ("float", 4),
            "double" => ("double", 8),
            _ => throw new FormatException($"{message}.{name}: unknown MAVLink type '{type}'"),
        };
        return new FieldDef(
            name,
            crcType,
            clr,
            size,
            arrayLength,
            isArray,
            crcType == "char",
            isExtension,
            (string?)element.Attribute("units") ?? string.Empty,
            Description(element),
            0);
    }

    private static string Description(XElement element)
    {
        var text = element.Element("description")?.Value ?? (element.Name == "field" ? element.Value : string.Empty);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
    }

    private static string Pascal(string snake)
    {
        var sb = new StringBuilder();
        foreach (var part in snake.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1).ToString().ToLowerInvariant());
        }

        return sb.ToString();
    }

    private static string EmitMessage(MessageDef m)
    {
        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated>");
        sb.AppendLine("// Generated by Mavlink/Generator/MavlinkGenerator.cs from Mavlink/Dialect/telemetry.xml. Do not edit:");
        sb.AppendLine("// change the XML and regenerate (MAVLINK_REGENERATE=1 dotnet test tests/Telemetry.Protocols.Tests).");
        sb.AppendLine("// </auto-generated>");
        sb.AppendLine("#nullable enable");
        sb.AppendLine("using System.Buffers.Binary;");
        sb.AppendLine("using System.Diagnostics.CodeAnalysis;");
        sb.AppendLine("using System.Runtime.CompilerServices;");
        sb.AppendLine("using System.Text.Json;");
        sb.AppendLine();
        sb.AppendLine($"namespace {Namespace};");
        sb.AppendLine();
        sb.AppendLine($"/// <summary>{m.Name} (#{m.Id}): {m.Description}</summary>");
        sb.AppendLine($"public readonly struct {m.TypeName} : IMavlinkMessage<{m.TypeName}>");
        sb.AppendLine("{");
        sb.AppendLine($"    /// <summary>Message id.</summary>");
        sb.AppendLine($"    public const uint Id = {m.Id};");
        sb.AppendLine();
        sb.AppendLine($"    /// <summary>CRC_EXTRA seed computed from the XML definition.</summary>");
        sb.AppendLine($"    public const byte Extra = {m.CrcExtra};");
        sb.AppendLine();
        sb.AppendLine($"    /// <summary>Payload length without extension fields (MAVLink 1 length).</summary>");
        sb.AppendLine($"    public const int MinLength = {m.MinLength};");
        sb.AppendLine();
        sb.AppendLine($"    /// <summary>Payload length with every extension field.</summary>");
        sb.AppendLine($"    public const int MaxLength = {m.MaxLength};");
        foreach (var f in m.Fields.Where(f => f.IsArray))
        {
            sb.AppendLine();
            sb.AppendLine($"    private readonly {ArrayType(f)} _{Camel(f)};");
        }

        sb.AppendLine();
        sb.AppendLine($"    static uint IMavlinkMessage<{m.TypeName}>.MessageId => Id;");
        sb.AppendLine();
        sb.AppendLine($"    static byte IMavlinkMessage<{m.TypeName}>.CrcExtra => Extra;");
        sb.AppendLine();
        sb.AppendLine($"    static int IMavlinkMessage<{m.TypeName}>.MinPayloadLength => MinLength;");
        sb.AppendLine();
        sb.AppendLine($"    static int IMavlinkMessage<{m.TypeName}>.MaxPayloadLength => MaxLength;");
        sb.AppendLine();
        sb.AppendLine($"    static string IMavlinkMessage<{m.TypeName}>.MessageName => \"{m.Name}\";");
        foreach (var f in m.Fields)
        {
            var units = f.Units.Length > 0 ? $" [{f.Units}]" : string.Empty;
            var ext = f.IsExtension ? " (extension)" : string.Empty;
            sb.AppendLine();
            sb.AppendLine($"    /// <summary><c>{f.Name}</c>{ext}{units}: {f.Description}</summary>");
            if (f.IsArray)
            {
                sb.AppendLine("    [UnscopedRef]");
                sb.AppendLine($"    public ReadOnlySpan<{f.ClrType}> {Pascal(f.Name)} => _{Camel(f)};");
                sb.AppendLine();
                sb.AppendLine($"    /// <summary>Sets <c>{f.Name}</c> when building a message to send (see <see cref=\"{ArrayType(f)}\"/>).</summary>");
                sb.AppendLine($"    public {ArrayType(f)} {Pascal(f.Name)}Buffer {{ get => _{Camel(f)}; init => _{Camel(f)} = value; }}");
            }
            else
            {
                sb.AppendLine($"    public {f.ClrType} {Pascal(f.Name)} {{ get; init; }}");
            }
        }

        EmitRead(sb, m);
        EmitWrite(sb, m);
        EmitJson(sb, m);
        foreach (var f in m.Fields.Where(f => f.IsArray))
        {
            sb.AppendLine();
            sb.AppendLine($"    /// <summary>Fixed storage for <c>{f.Name}</c> ({f.ArrayLength} elements), kept inline so the message never allocates.</summary>");
            sb.AppendLine($"    [InlineArray({f.ArrayLength})]");
            sb.AppendLine($"    public struct {ArrayTypeShort(f)}");
            sb.AppendLine("    {");
            sb.AppendLine($"        private {f.ClrType} _element0;");
            sb.AppendLine();
            sb.AppendLine("        /// <summary>Copies up to the capacity from <paramref name=\"values\"/>; the rest stays zero.</summary>");
            sb.AppendLine($"        public static {ArrayTypeShort(f)} From(ReadOnlySpan<{f.ClrType}> values)");
            sb.AppendLine("        {");
            sb.AppendLine($"            var result = default({ArrayTypeShort(f)});");
            sb.AppendLine($"            values[..Math.Min(values.Length, {f.ArrayLength})].CopyTo(result);");
            sb.AppendLine("            return result;");
            sb.AppendLine("        }");
            sb.AppendLine("    }");
        }

        sb.AppendLine("}");
        return sb.ToString();
    }

    private static void EmitRead(StringBuilder sb, MessageDef m)
    {
        sb.AppendLine();
        sb.AppendLine("    /// <summary>");
        sb.AppendLine("    /// Decodes a payload as received. MAVLink 2 drops trailing zero bytes and older senders omit extensions;");
        sb.AppendLine("    /// missing bytes read as zero, as the specification requires. Bytes past <see cref=\"MaxLength\"/> are ignored.");
        sb.AppendLine("    /// </summary>");
        sb.AppendLine($"    public static {m.TypeName} Read(ReadOnlySpan<byte> payload)");
        sb.AppendLine("    {");
        sb.AppendLine("        if (payload.Length < MaxLength)");
        sb.AppendLine("        {");
        sb.AppendLine("            return ReadPadded(payload);");
        sb.AppendLine("        }");
        sb.AppendLine();
        foreach (var f in m.Fields.Where(f => f.IsArray))
        {
            sb.AppendLine($"        var {Camel(f)} = default({ArrayType(f)});");
            if (f.ElementSize == 1)
            {
                var source = $"payload.Slice({f.Offset}, {f.ArrayLength})";
                source = f.ClrType == "byte" ? source : $"System.Runtime.InteropServices.MemoryMarshal.Cast<byte, {f.ClrType}>({source})";
                sb.AppendLine($"        {source}.CopyTo({Camel(f)});");
            }
            else
            {
                sb.AppendLine($"        for (var i = 0; i < {f.ArrayLength}; i++)");
                sb.AppendLine("        {");
                sb.AppendLine($"            {Camel(f)}[i] = {ReadExpr(f, $"{f.Offset} + (i * {f.ElementSize})")};");
                sb.AppendLine("        }");
            }

            sb.AppendLine();
        }

        sb.AppendLine($"        return new {m.TypeName}");
        sb.AppendLine("        {");
        foreach (var f in m.Fields)
        {
            sb.AppendLine(f.IsArray
                ? $"            {Pascal(f.Name)}Buffer = {Camel(f)},"
                : $"            {Pascal(f.Name)} = {ReadExpr(f, f.Offset.ToString(CultureInfo.InvariantCulture))},");
        }

        sb.AppendLine("        };");
        sb.AppendLine("    }");
        sb.AppendLine();
        sb.AppendLine("    [MethodImpl(MethodImplOptions.NoInlining)]");
        sb.AppendLine($"    private static {m.TypeName} ReadPadded(ReadOnlySpan<byte> payload)");
        sb.AppendLine("    {");
        sb.AppendLine("        Span<byte> full = stackalloc byte[MaxLength];");
        sb.AppendLine("        full.Clear();");
        sb.AppendLine("        payload.CopyTo(full);");
        sb.AppendLine("        return Read(full);");
        sb.AppendLine("    }");
    }

    private static void EmitWrite(StringBuilder sb, MessageDef m)
    {
        sb.AppendLine();
        sb.AppendLine("    /// <summary>Encodes every field, extensions included, into the first <see cref=\"MaxLength\"/> bytes of <paramref name=\"payload\"/>.</summary>");
        sb.AppendLine("    public void Write(Span<byte> payload)");
        sb.AppendLine("    {");
        sb.AppendLine("        payload = payload[..MaxLength];");
        foreach (var f in m.Fields)
        {
            if (f.IsArray)
            {
                if (f.ElementSize == 1)
                {
                    var source = f.ClrType == "byte" ? Pascal(f.Name) : $"System.Runtime.InteropServices.MemoryMarshal.Cast<{f.ClrType}, byte>({Pascal(f.Name)})";
                    sb.AppendLine($"        {source}.CopyTo(payload.Slice({f.Offset}, {f.ArrayLength}));");
                }
                else
                {
                    sb.AppendLine($"        for (var i = 0; i < {f.ArrayLength}; i++)");
                    sb.AppendLine("        {");
                    sb.AppendLine($"            {WriteStmt(f, $"{f.Offset} + (i * {f.ElementSize})", $"{Pascal(f.Name)}[i]")}");
                    sb.AppendLine("        }");
                }
            }
            else
            {
                sb.AppendLine($"        {WriteStmt(f, f.Offset.ToString(CultureInfo.InvariantCulture), Pascal(f.Name))}");
            }
        }

        sb.AppendLine("    }");
    }

    private static void EmitJson(StringBuilder sb, MessageDef m)
    {
        sb.AppendLine();
        sb.AppendLine("    /// <summary>Writes the fields by their XML names with the specification's raw values, in XML order.</summary>");
        sb.AppendLine("    public void WriteJsonFields(Utf8JsonWriter json)");
        sb.AppendLine("    {");
        sb.AppendLine("        ArgumentNullException.ThrowIfNull(json);");
        foreach (var f in m.Fields.OrderBy(f => f.XmlIndex(m)))
        {
            var name = $"\"{f.Name}\"u8";
            if (f.IsChar)
            {
                sb.AppendLine($"        MavlinkJson.WriteChars(json, {name}, {Pascal(f.Name)});");
            }
            else if (f.IsArray)
            {
                sb.AppendLine($"        json.WriteStartArray({name});");
                sb.AppendLine($"        foreach (var item in {Pascal(f.Name)})");
                sb.AppendLine("        {");
                sb.AppendLine(f.ClrType is "float" or "double" ? "            MavlinkJson.WriteNumberValue(json, item);" : "            json.WriteNumberValue(item);");
                sb.AppendLine("        }");
                sb.AppendLine();
                sb.AppendLine("        json.WriteEndArray();");
            }
            else if (f.ClrType is "float" or "double")
            {
                sb.AppendLine($"        MavlinkJson.WriteNumber(json, {name}, {Pascal(f.Name)});");
            }
            else
            {
                sb.AppendLine($"        json.WriteNumber({name}, {Pascal(f.Name)});");
            }
        }

        sb.AppendLine("    }");
    }

    private static string EmitDialect(IReadOnlyList<MessageDef> messages)
    {
        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated>");
        sb.AppendLine("// Generated by Mavlink/Generator/MavlinkGenerator.cs from Mavlink/Dialect/telemetry.xml. Do not edit.");
        sb.AppendLine("// </auto-generated>");
        sb.AppendLine("#nullable enable");
        sb.AppendLine("using System.Text.Json;");
        sb.AppendLine();
        sb.AppendLine($"namespace {Namespace};");
        sb.AppendLine();
        sb.AppendLine("/// <summary>Every message of the dialect: what the framer needs to verify a frame and what the decoder needs to print it.</summary>");
        sb.AppendLine("public static class MavlinkDialect");
        sb.AppendLine("{");
        sb.AppendLine("    /// <summary>Looks up a message's CRC_EXTRA, lengths and name; false for an id outside the dialect.</summary>");
        sb.AppendLine("    public static bool TryGetInfo(uint messageId, out MavlinkMessageInfo info)");
        sb.AppendLine("    {");
        sb.AppendLine("        info = messageId switch");
        sb.AppendLine("        {");
        foreach (var m in messages)
        {
            sb.AppendLine($"            {m.Id} => new MavlinkMessageInfo({m.Id}, \"{m.Name}\", {m.CrcExtra}, {m.MinLength}, {m.MaxLength}),");
        }

        sb.AppendLine("            _ => default,");
        sb.AppendLine("        };");
        sb.AppendLine("        return info.Name is not null;");
        sb.AppendLine("    }");
        sb.AppendLine();
        sb.AppendLine("    /// <summary>Decodes <paramref name=\"payload\"/> as message <paramref name=\"messageId\"/> and writes its fields; false for an unknown id.</summary>");
        sb.AppendLine("    public static bool TryWriteJsonFields(uint messageId, ReadOnlySpan<byte> payload, Utf8JsonWriter json)");
        sb.AppendLine("    {");
        sb.AppendLine("        switch (messageId)");
        sb.AppendLine("        {");
        foreach (var m in messages)
        {
            sb.AppendLine($"            case {m.TypeName}.Id:");
            sb.AppendLine($"                {m.TypeName}.Read(payload).WriteJsonFields(json);");
            sb.AppendLine("                return true;");
        }

        sb.AppendLine("            default:");
        sb.AppendLine("                return false;");
        sb.AppendLine("        }");
        sb.AppendLine("    }");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private static string Camel(FieldDef f)
    {
        var p = Pascal(f.Name);
        return char.ToLowerInvariant(p[0]) + p[1..];
    }

    private static string ArrayTypeShort(FieldDef f) => Pascal(f.Name) + "Array";

    private static string ArrayType(FieldDef f) => ArrayTypeShort(f);

    private static string R(string offset) => offset.Contains(' ', StringComparison.Ordinal) ? $"({offset})" : offset;

    private static string ReadExpr(FieldDef f, string offset) => f.ClrType switch
    {
        "byte" => $"payload[{offset}]",
        "sbyte" => $"(sbyte)payload[{offset}]",
        "ushort" => $"BinaryPrimitives.ReadUInt16LittleEndian(payload[{R(offset)}..])",
        "short" => $"BinaryPrimitives.ReadInt16LittleEndian(payload[{R(offset)}..])",
        "uint" => $"BinaryPrimitives.ReadUInt32LittleEndian(payload[{R(offset)}..])",
        "int" => $"BinaryPrimitives.ReadInt32LittleEndian(payload[{R(offset)}..])",
        "ulong" => $"BinaryPrimitives.ReadUInt64LittleEndian(payload[{R(offset)}..])",
        "long" => $"BinaryPrimitives.ReadInt64LittleEndian(payload[{R(offset)}..])",
        "float" => $"BinaryPrimitives.ReadSingleLittleEndian(payload[{R(offset)}..])",
        "double" => $"BinaryPrimitives.ReadDoubleLittleEndian(payload[{R(offset)}..])",
        _ => throw new InvalidOperationException(f.ClrType),
    };

    private static string WriteStmt(FieldDef f, string offset, string value) => f.ClrType switch
    {
        "byte" => $"payload[{offset}] = {value};",
        "sbyte" => $"payload[{offset}] = (byte){value};",
        "ushort" => $"BinaryPrimitives.WriteUInt16LittleEndian(payload[{R(offset)}..], {value});",
        "short" => $"BinaryPrimitives.WriteInt16LittleEndian(payload[{R(offset)}..], {value});",
        "uint" => $"BinaryPrimitives.WriteUInt32LittleEndian(payload[{R(offset)}..], {value});",
        "int" => $"BinaryPrimitives.WriteInt32LittleEndian(payload[{R(offset)}..], {value});",
        "ulong" => $"BinaryPrimitives.WriteUInt64LittleEndian(payload[{R(offset)}..], {value});",
        "long" => $"BinaryPrimitives.WriteInt64LittleEndian(payload[{R(offset)}..], {value});",
        "float" => $"BinaryPrimitives.WriteSingleLittleEndian(payload[{R(offset)}..], {value});",
        "double" => $"BinaryPrimitives.WriteDoubleLittleEndian(payload[{R(offset)}..], {value});",
        _ => throw new InvalidOperationException(f.ClrType),
    };

    /// <summary>One message: name, id, fields in wire order with offsets, and the derived constants.</summary>
    internal sealed record MessageDef(
        string Name,
        uint Id,
        string Description,
        IReadOnlyList<FieldDef> Fields,
        byte CrcExtra,
        int MinLength,
        int MaxLength,
        IReadOnlyList<string> XmlOrder)
    {
        public string TypeName => Pascal(Name);
    }

    /// <summary>One field as the wire sees it.</summary>
    internal sealed record FieldDef(
        string Name,
        string CrcType,
        string ClrType,
        int ElementSize,
        int ArrayLength,
        bool IsArray,
        bool IsChar,
        bool IsExtension,
        string Units,
        string Description,
        int Offset)
    {
        public int XmlIndex(MessageDef message) => message.XmlOrder.ToList().IndexOf(Name);
    }
}
