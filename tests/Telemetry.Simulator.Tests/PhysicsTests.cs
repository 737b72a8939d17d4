using Telemetry.Protocols.J1939;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Mavlink.Messages;
using Telemetry.Protocols.Slcan;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Tests;

/// <summary>The world behaves as the domain reference says: what a sensor passes over, it senses.</summary>
public sealed class PhysicsTests
{
    [Fact]
    public void A_deminer_alarms_on_every_shallow_ap_mine_in_the_lane_and_on_nothing_else()
    {
        var scenario = Worlds.DeminerLane(apDensity: 1.0);
        var (runner, _) = SimRuns.Run(scenario, 21, scenario.DurationSeconds);
        using (runner)
        {
            var mines = runner.Truth.Field.Items.Where(i => i.Class == ItemClass.AP).ToList();
            Assert.True(mines.Count >= 2, "the lane should hold a few mines");
            var alarms = runner.Truth.Events.Where(e => e.Kind == TruthEventKind.Alarm).ToList();
            foreach (var mine in mines)
            {
                Assert.True(runner.Truth.PassedOver.ContainsKey(mine.Id), $"mine {mine.Id} at {mine.Position} was never under the head");
                Assert.Contains(alarms, a => a.ItemId == mine.Id);
            }

            // No clutter, no EMI: every alarm belongs to a mine, and the pinpoint (head at the peak) is on it.
            Assert.All(alarms, a => Assert.NotNull(a.ItemId));
            Assert.All(alarms, a => Assert.True(a.PeakPosition!.Value.DistanceTo(mines.Single(m => m.Id == a.ItemId).Position) < 0.2));
        }
    }

    [Fact]
    public void The_tiller_sets_off_the_mines_it_meets_and_the_bus_counts_them()
    {
        var scenario = Worlds.MachineStrip();
        var (runner, sinks) = SimRuns.Run(scenario, 8, scenario.DurationSeconds);
        using (runner)
        {
            var mines = runner.Truth.Field.Items.Where(i => i.Class == ItemClass.AP).ToList();
            var detonations = runner.Truth.Events.Where(e => e.Kind == TruthEventKind.Detonation).ToList();
            Assert.True(mines.Count >= 3);

            // 120 s at 1 km/h covers 33 m: the whole 5–25 m patch, all within the 1.7 m swath and the 25 cm depth.
            Assert.Equal(mines.Count, detonations.Count);
            Assert.Equal(mines.Select(m => m.Id).Order(), detonations.Select(d => d.ItemId!.Value).Order());
            Assert.All(mines, m => Assert.NotNull(m.DestroyedAt));

            var lastCount = -1.0;
            foreach (var frame in Decoding.Slcan(sinks["m-can"].Bytes).Frames)
            {
                Assert.True(SlcanReader.TryRead(frame, out var message));
                if (J1939Id.FromCanId(message.Frame.Id).Pgn == J1939Catalog.MemattShock.Pgn)
                {
                    Assert.True(J1939Catalog.DetonationCount.TryRead(message.Frame.Data, out lastCount));
                }
            }

            Assert.Equal(detonations.Count, lastCount);
        }
    }

    [Fact]
    public void A_magnetometer_pass_detects_big_shallow_shells_and_reports_them_near_their_true_position()
    {
        var scenario = Worlds.DroneLine();
        var (runner, sinks) = SimRuns.Run(scenario, 4, scenario.DurationSeconds);
        using (runner)
        {
            var shells = runner.Truth.Field.Items.Where(i => i.Class == ItemClass.UXO).ToList();
            var passed = shells.Where(s => runner.Truth.PassedOver.ContainsKey(s.Id)).ToList();
            Assert.NotEmpty(passed);
            var detections = runner.Truth.Events.Where(e => e.Kind == TruthEventKind.DroneDetection).ToList();
            Assert.All(passed, s => Assert.Contains(detections, d => d.ItemId == s.Id));

            var reported = new List<SurveyDetection>();
            foreach (var frame in Decoding.Mavlink(sinks["d-mavlink"].Bytes).Frames)
            {
                Assert.True(MavlinkReader.TryCreate(frame, out var reader));
                if (reader.TryRead<SurveyDetection>(out var detection))
                {
                    reported.Add(detection);
                }
            }

            Assert.Equal(detections.Count, reported.Count);
            foreach (var (truth, message) in detections.Zip(reported))
            {
                var position = runner.Truth.Frame.ToLocal(message.Lat / 1e7, message.Lon / 1e7);
                Assert.True(position.DistanceTo(truth.Position) < 1.0, $"reported {position.DistanceTo(truth.Position):0.00} m from truth");
            }
        }
    }

    [Fact]
    public void The_default_minefield_has_the_densities_of_the_scenario()
    {
        var scenario = ScenarioLoader.Load("aghdam");
        var field = World.Minefield.Generate(scenario, 9);
        var beltArea = 400 * 20;
        var tillerBeltArea = 40 * 20; // the denser stretch the MEMATT clears, on top of the belt
        var siteArea = 400 * 150;
        var ap = field.Items.Count(i => i.Class == ItemClass.AP);
        var fragments = field.Items.Count(i => i.Class == ItemClass.Fragment);

        // Poisson counts: mean ± 4 sigma.
        var apMean = (0.02 * beltArea) + (0.2 * tillerBeltArea);
        Assert.InRange(ap, apMean - (4 * Math.Sqrt(apMean)), apMean + (4 * Math.Sqrt(apMean)));
        Assert.InRange(fragments, (2.0 * siteArea) - (4 * Math.Sqrt(2.0 * siteArea)), (2.0 * siteArea) + (4 * Math.Sqrt(2.0 * siteArea)));
        Assert.All(field.Items.Where(i => i.Class == ItemClass.AP), i => Assert.InRange(i.DepthM, 0, 0.10));
        Assert.All(field.Items.Where(i => i.Class == ItemClass.AT), i => Assert.InRange(i.DepthM, 0.05, 0.25));

        // AP mines lie in 3 rows 4 m apart around the belt's centre line (north −15 m), jitter 0.3 m.
        Assert.All(field.Items.Where(i => i.Class == ItemClass.AP), i =>
        {
            var offset = i.Position.North + 15;
            var nearestRow = Math.Round(offset / 4) * 4;
            Assert.InRange(Math.Abs(nearestRow), 0, 4);
            Assert.True(Math.Abs(offset - nearestRow) < 1.5, $"AP at {i.Position} is off its row");
        });
    }
}
