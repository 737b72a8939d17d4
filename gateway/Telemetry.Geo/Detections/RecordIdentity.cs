using System.Text.Json;

namespace Telemetry.Geo.Detections;

/// <summary>
/// What every record of a rig shares: site (IMSMA task/hazard reference or local site name), rig id and the hash of
/// the configuration in force. Encoded once for the JSON writer so records do not re-escape them.
/// </summary>
public sealed class RecordIdentity
{
    /// <summary>Creates the identity; every value must be non-empty and at most 128 characters.</summary>
    public RecordIdentity(string site, string rig, string configHash)
    {
        Site = Check(site, nameof(site));
        Rig = Check(rig, nameof(rig));
        ConfigHash = Check(configHash, nameof(configHash));
        EncodedSite = JsonEncodedText.Encode(Site);
        EncodedRig = JsonEncodedText.Encode(Rig);
        EncodedConfigHash = JsonEncodedText.Encode(ConfigHash);
    }

    /// <summary>Site, e.g. an IMSMA task id.</summary>
    public string Site { get; }

    /// <summary>Rig id.</summary>
    public string Rig { get; }

    /// <summary>Configuration hash, e.g. "sha256:…" of the effective configuration.</summary>
    public string ConfigHash { get; }

    internal JsonEncodedText EncodedSite { get; }

    internal JsonEncodedText EncodedRig { get; }

    internal JsonEncodedText EncodedConfigHash { get; }

    private static string Check(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 128)
        {
            throw new ArgumentException($"Record identity '{name}' must be 1–128 characters (set it in the rig configuration).", name);
        }

        return value;
    }
}
