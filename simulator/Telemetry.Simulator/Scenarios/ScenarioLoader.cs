using System.Text.Json;

namespace Telemetry.Simulator.Scenarios;

/// <summary>Loads scenarios from JSON (comments and trailing commas allowed) or by built-in name.</summary>
public static class ScenarioLoader
{
    /// <summary>Name of the default scenario.</summary>
    public const string DefaultName = "aghdam";

    // Hard cap: a scenario is a page of JSON; anything bigger is a wrong file, not a scenario.
    private const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Names of the scenarios compiled into the simulator.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = [DefaultName];

    /// <summary>A built-in scenario by name, or a scenario file by path.</summary>
    public static Scenario Load(string fileOrName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileOrName);
        if (BuiltInNames.Contains(fileOrName, StringComparer.OrdinalIgnoreCase))
        {
            return LoadBuiltIn(fileOrName.ToLowerInvariant());
        }

        if (!File.Exists(fileOrName))
        {
            throw new ScenarioException(
                $"--scenario {fileOrName}: no such file and no built-in scenario of that name; built-in: {string.Join(", ", BuiltInNames)}.");
        }

        var info = new FileInfo(fileOrName);
        if (info.Length > MaxFileBytes)
        {
            throw new ScenarioException($"--scenario {fileOrName}: {info.Length} bytes is larger than the {MaxFileBytes}-byte cap for a scenario file.");
        }

        return Parse(File.ReadAllBytes(fileOrName), fileOrName);
    }

    /// <summary>Parses and validates scenario JSON.</summary>
    public static Scenario Parse(ReadOnlySpan<byte> utf8Json, string source)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize(utf8Json, ScenarioJsonContext.Default.Scenario);
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"scenario {source}: {e.Path ?? "$"}: {e.Message}", e);
        }

        if (scenario is null)
        {
            throw new ScenarioException($"scenario {source}: the file holds JSON null; it must be an object (see simulator/scenarios/scenario.schema.json).");
        }

        ScenarioValidator.Validate(scenario, source);
        return scenario;
    }

    /// <summary>Serialises a scenario (as the CLI writes it next to a run's output).</summary>
    public static byte[] ToJson(Scenario scenario) => JsonSerializer.SerializeToUtf8Bytes(scenario, ScenarioJsonContext.Default.Scenario);

    private static Scenario LoadBuiltIn(string name)
    {
        using var stream = typeof(ScenarioLoader).Assembly.GetManifestResourceStream($"scenarios.{name}.jsonc")
            ?? throw new InvalidOperationException($"The built-in scenario {name} is not embedded in the simulator assembly.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.GetBuffer().AsSpan(0, (int)memory.Length), name);
    }
}
