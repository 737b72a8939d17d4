namespace Telemetry.Geo.Geotagging;

/// <summary>
/// Offset from the GNSS antenna phase centre to the sensor (detector head, tiller, camera) in the platform's body
/// frame: forward, right, down, metres. Rotated by heading only: roll and pitch are ignored (docs/geotagging.md).
/// </summary>
/// <param name="Forward">Metres ahead of the antenna along the heading.</param>
/// <param name="Right">Metres to the right of the antenna.</param>
/// <param name="Down">Metres below the antenna.</param>
public readonly record struct LeverArm(double Forward, double Right, double Down)
{
    /// <summary>Horizontal length √(forward² + right²), metres.</summary>
    public double HorizontalLength => Math.Sqrt((Forward * Forward) + (Right * Right));

    /// <summary>East and north components for a heading in degrees true (clockwise from north).</summary>
    public (double East, double North) Rotate(double headingDeg)
    {
        var (sin, cos) = Math.SinCos(double.DegreesToRadians(headingDeg));
        return ((Forward * sin) + (Right * cos), (Forward * cos) - (Right * sin));
    }
}
