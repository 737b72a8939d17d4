using Telemetry.Geo.Coordinates;
using Telemetry.Geo.Gnss;

namespace Telemetry.Geo.Geotagging;

/// <summary>Position and accuracy of the sensor at a GNSS time.</summary>
public sealed partial class Geotagger
{
    /// <summary>Locates the sensor at GNSS time <paramref name="utcNs"/> (the track must not be empty).</summary>
    internal GeoPosition Locate(long utcNs)
    {
        Track.Bracket(utcNs, out var before, out var after);
        if (before >= 0 && after >= 0)
        {
            ref readonly var fb = ref Track[before];
            ref readonly var fa = ref Track[after];
            if (before == after)
            {
                return FromOneFix(fb, 0, PositionStatus.Exact);
            }

            var tau1 = utcNs - fb.UtcNs;
            var tau2 = fa.UtcNs - utcNs;
            if (Math.Min(tau1, tau2) > _maxFixAgeNs)
            {
                // A dropout: both neighbours too far away. Report the nearer one as stale, never a guess in between.
                return tau1 <= tau2 ? FromOneFix(fb, tau1, PositionStatus.Stale) : FromOneFix(fa, -tau2, PositionStatus.Stale);
            }

            return Interpolate(fb, fa, tau1, tau2);
        }

        ref readonly var only = ref Track[before >= 0 ? before : after];
        var dt = utcNs - only.UtcNs; // > 0 after the newest fix, < 0 before the oldest
        var age = AbsSaturating(dt);
        var status = age <= _maxExtrapolationNs ? PositionStatus.Extrapolated
            : age <= _maxFixAgeNs ? PositionStatus.Held
            : PositionStatus.Stale;
        return FromOneFix(only, dt, status);
    }

    private GeoPosition Interpolate(in GnssFix fb, in GnssFix fa, long tau1Ns, long tau2Ns)
    {
        var useEllipsoid = double.IsFinite(fb.EllipsoidHeight) && double.IsFinite(fa.EllipsoidHeight);
        var frame = new LocalFrame(fb.Latitude, fb.Longitude, useEllipsoid ? fb.EllipsoidHeight : 0);
        var (e, n, u) = frame.ToLocal(fa.Latitude, fa.Longitude, useEllipsoid ? fa.EllipsoidHeight : 0);
        var gapNs = tau1Ns + tau2Ns;
        var w = (double)tau1Ns / gapNs;
        var gapS = gapNs * 1e-9;

        // Error bound of linear interpolation for a path with speed ≤ v: |x(t) − x̂(t)| ≤ 2·v·τ₁·τ₂ / Δt (≤ v·Δt/2),
        // because x(t) lies within v·τ₁ of the first fix and v·τ₂ of the second (docs/geotagging.md §3).
        var chordSpeed = Math.Sqrt((e * e) + (n * n)) / gapS;
        // v bounds the speed inside the gap: the margin covers speed-measurement error, a·Δt/2 the fastest the
        // platform can speed up between two fixes with acceleration ≤ MaxAccelerationMps2.
        var v = (_options.SpeedMargin * Math.Max(chordSpeed, Math.Max(FiniteOr(fb.SpeedMps, 0), FiniteOr(fa.SpeedMps, 0))))
            + (_options.MaxAccelerationMps2 * gapS / 2);
        var bound = (2 * v * (tau1Ns * 1e-9) * (tau2Ns * 1e-9) / gapS) + (v * TimeUncertaintyBoundS);

        var (heading, headingSource, headingSigma) = InterpolatedHeading(fb, fa, w);
        var sigmaB = _options.Uere.HorizontalSigma(fb, out var sourceB);
        var sigmaA = _options.Uere.HorizontalSigma(fa, out var sourceA);
        var gnssSigma = Math.Max(sigmaB, sigmaA);
        var vertical = Math.Max(_options.Uere.VerticalSigma(fb, sigmaB), _options.Uere.VerticalSigma(fa, sigmaA));
        var msl = Lerp(fb.AltitudeMsl, fa.AltitudeMsl, w);
        var antenna = new AntennaEstimate(w * e, w * n, w * u, bound, heading, headingSource, headingSigma);
        return Finish(
            frame,
            antenna,
            useEllipsoid,
            msl,
            new GeoPosition
            {
                Status = PositionStatus.Interpolated,
                Source = Track.Source,
                FixType = GnssFixTypes.Worse(fb.FixType, fa.FixType),
                FixAgeNs = Math.Min(tau1Ns, tau2Ns),
                Satellites = fb.Satellites < 0 || fa.Satellites < 0 ? -1 : Math.Min(fb.Satellites, fa.Satellites),
                Hdop = Math.Max(fb.Hdop, fa.Hdop),
                SigmaSource = (SigmaSource)Math.Max((int)sourceB, (int)sourceA),
                GnssSigma = gnssSigma,
                VerticalSigma = vertical,
            });
    }

    private GeoPosition FromOneFix(in GnssFix fix, long dtNs, PositionStatus status)
    {
        var useEllipsoid = double.IsFinite(fix.EllipsoidHeight);
        var frame = new LocalFrame(fix.Latitude, fix.Longitude, useEllipsoid ? fix.EllipsoidHeight : 0);
        var dt = dtNs * 1e-9;
        double e = 0, n = 0, bound;
        var hasVelocity = double.IsFinite(fix.SpeedMps) && double.IsFinite(fix.CourseDeg);
        if (status == PositionStatus.Extrapolated && !hasVelocity)
        {
            status = PositionStatus.Held; // nothing to extrapolate with: hold, and say so
        }

        switch (status)
        {
            case PositionStatus.Exact:
                bound = _options.SpeedMargin * FiniteOr(fix.SpeedMps, 0) * TimeUncertaintyBoundS;
                break;
            case PositionStatus.Extrapolated:
                var (sin, cos) = Math.SinCos(double.DegreesToRadians(fix.CourseDeg));
                e = fix.SpeedMps * dt * sin;
                n = fix.SpeedMps * dt * cos;
                bound = ExtrapolationBound(fix.SpeedMps, dt) + (_options.SpeedMargin * fix.SpeedMps * TimeUncertaintyBoundS);
                break;
            default:
                // Held or stale: the platform may have moved anywhere within max speed × age.
                bound = _options.MaxSpeedMps * Math.Abs(dt);
                break;
        }

        var (heading, headingSource, headingSigma) = HeadingOf(fix);
        var sigma = _options.Uere.HorizontalSigma(fix, out var sigmaSource);
        var antenna = new AntennaEstimate(e, n, 0, bound, heading, headingSource, headingSigma);
        return Finish(
            frame,
            antenna,
            useEllipsoid,
            fix.AltitudeMsl,
            new GeoPosition
            {
                Status = status,
                Source = Track.Source,
                FixType = fix.FixType,
                FixAgeNs = AbsSaturating(dtNs),
                Satellites = fix.Satellites,
                Hdop = fix.Hdop,
                SigmaSource = sigmaSource,
                GnssSigma = sigma,
                VerticalSigma = _options.Uere.VerticalSigma(fix, sigma),
            });
    }

    // Applies the lever arm to the antenna estimate, converts back to WGS 84 and combines the σ terms.
    private GeoPosition Finish(in LocalFrame frame, in AntennaEstimate antenna, bool useEllipsoid, double altitudeMsl, GeoPosition partial)
    {
        var arm = _options.LeverArm;
        var length = arm.HorizontalLength;
        double east = antenna.East, north = antenna.North, leverSigma;
        bool applied;
        if (length == 0)
        {
            leverSigma = 0;
            applied = true;
        }
        else if (antenna.HeadingSource != HeadingSource.Unknown)
        {
            var (de, dn) = arm.Rotate(antenna.HeadingDeg);
            east += de;
            north += dn;
            // A heading error δψ moves the sensor by L·δψ across the arm: one axis, so its circular per-axis share is /√2.
            leverSigma = length * double.DegreesToRadians(antenna.HeadingSigmaDeg) / Math.Sqrt(2);
            applied = true;
        }
        else
        {
            // Heading unknown: the sensor is somewhere on a circle of radius L round the antenna (variance L²/2 per axis).
            leverSigma = length / Math.Sqrt(2);
            applied = false;
        }

        // The event lies anywhere in a disc of the footprint radius round the sensor point: per-axis variance R²/4.
        var footprintSigma = _options.FootprintRadiusM / 2;
        leverSigma = Math.Sqrt((leverSigma * leverSigma) + (footprintSigma * footprintSigma));
        var up = antenna.Up - arm.Down; // tilt ignored: "down" is taken as vertical
        var (lat, lon, height) = frame.ToGeodetic(east, north, up);
        var motionSigma = antenna.MotionBound / GeoPosition.Radius95PerSigma;
        var gnss = partial.GnssSigma;
        return partial with
        {
            Latitude = lat,
            Longitude = lon,
            EllipsoidHeight = useEllipsoid ? height : double.NaN,
            AltitudeMsl = altitudeMsl - arm.Down,
            InterpolationSigma = motionSigma,
            LeverArmSigma = leverSigma,
            HorizontalSigma = Math.Sqrt((gnss * gnss) + (motionSigma * motionSigma) + (leverSigma * leverSigma)),
            HeadingDeg = antenna.HeadingDeg,
            HeadingSource = antenna.HeadingSource,
            LeverArmApplied = applied,
        };
    }

    private (double Heading, HeadingSource Source, double SigmaDeg) InterpolatedHeading(in GnssFix fb, in GnssFix fa, double w)
    {
        var hb = double.IsFinite(fb.HeadingDeg);
        var ha = double.IsFinite(fa.HeadingDeg);
        if (hb || ha)
        {
            var heading = hb && ha ? LerpAngle(fb.HeadingDeg, fa.HeadingDeg, w) : hb ? fb.HeadingDeg : fa.HeadingDeg;
            return (NormaliseAngle(heading), HeadingSource.Hdt, _options.HdtSigmaDeg);
        }

        var cb = CourseUsable(fb);
        var ca = CourseUsable(fa);
        if (cb || ca)
        {
            var course = cb && ca ? LerpAngle(fb.CourseDeg, fa.CourseDeg, w) : cb ? fb.CourseDeg : fa.CourseDeg;
            return (NormaliseAngle(course), HeadingSource.Course, _options.CourseSigmaDeg);
        }

        return (double.NaN, HeadingSource.Unknown, double.NaN);
    }

    private (double Heading, HeadingSource Source, double SigmaDeg) HeadingOf(in GnssFix fix) =>
        double.IsFinite(fix.HeadingDeg) ? (NormaliseAngle(fix.HeadingDeg), HeadingSource.Hdt, _options.HdtSigmaDeg)
        : CourseUsable(fix) ? (NormaliseAngle(fix.CourseDeg), HeadingSource.Course, _options.CourseSigmaDeg)
        : (double.NaN, HeadingSource.Unknown, double.NaN);

    private bool CourseUsable(in GnssFix fix) =>
        double.IsFinite(fix.CourseDeg) && double.IsFinite(fix.SpeedMps) && fix.SpeedMps >= _options.CourseMinSpeedMps;

    // The time σ as a 95 % bound, in seconds, to be multiplied by a speed.
    // Constant-velocity extrapolation over dt errs by ≤ ½·a·dt² for acceleration ≤ a, plus the speed margin's share.
    private double ExtrapolationBound(double speedMps, double dt) =>
        (0.5 * _options.MaxAccelerationMps2 * dt * dt) + ((_options.SpeedMargin - 1) * speedMps * Math.Abs(dt));

    private double TimeUncertaintyBoundS => _options.TimeUncertainty.Ticks * 1e-7 * GeoPosition.Radius95PerSigma;

    private static long AbsSaturating(long v) => v == long.MinValue ? long.MaxValue : Math.Abs(v);

    private static double FiniteOr(double value, double fallback) => double.IsFinite(value) ? value : fallback;

    private static double Lerp(double a, double b, double w) => a + (w * (b - a));

    // Interpolates along the shorter arc: 350° → 10° passes through 0°, not 180°.
    internal static double LerpAngle(double a, double b, double w)
    {
        var delta = Math.IEEERemainder(b - a, 360);
        return a + (w * delta);
    }

    internal static double NormaliseAngle(double deg)
    {
        var r = deg % 360;
        return r < 0 ? r + 360 : r;
    }

    private readonly record struct AntennaEstimate(
        double East,
        double North,
        double Up,
        double MotionBound,
        double HeadingDeg,
        HeadingSource HeadingSource,
        double HeadingSigmaDeg);
}
