using Telemetry.Protocols.J1939;

namespace Telemetry.Protocols.Tests.J1939;

public sealed class J1939DecodeTests
{
    // Identifier examples from domain.md §3.4 (priority 3 for EEC1, 6 otherwise) plus a PDU1 request and data page 1.
    [Theory]
    [InlineData(0x0CF00400u, 3, 61444u, 0x00, 0xFF)] // EEC1
    [InlineData(0x18FEEE00u, 6, 65262u, 0x00, 0xFF)] // ET1
    [InlineData(0x18FEFC17u, 6, 65276u, 0x17, 0xFF)] // DD from the cluster
    [InlineData(0x18FEF31Cu, 6, 65267u, 0x1C, 0xFF)] // VP from navigation
    [InlineData(0x18FF1080u, 6, 0xFF10u, 0x80, 0xFF)] // PropB, MEMATT_TOOL
    [InlineData(0x18EA0017u, 6, 59904u, 0x17, 0x00)] // Request (PDU1): PS is the destination
    [InlineData(0x1CEC2500u, 7, 60416u, 0x00, 0x25)] // TP.CM to 0x25
    [InlineData(0x19FEF300u, 6, 0x1FEF3u, 0x00, 0xFF)] // data page 1
    public void Identifier_splits_by_pdu1_and_pdu2_rules(uint canId, int priority, uint pgn, int sa, int da)
    {
        var id = J1939Id.FromCanId(canId);
        Assert.Equal(priority, id.Priority);
        Assert.Equal(pgn, id.Pgn);
        Assert.Equal(sa, id.SourceAddress);
        Assert.Equal(da, id.DestinationAddress);
        Assert.Equal(canId, id.ToCanId());
        Assert.Equal(canId, J1939Id.Create((byte)priority, pgn, (byte)sa, (byte)da).ToCanId());
    }

    [Fact]
    public void Pdu1_pgn_with_a_low_byte_is_refused_when_building()
        => Assert.Throws<ArgumentException>(() => J1939Id.Create(6, 0xEA17, 0));

    [Fact]
    public void Eec1_worked_example_is_700_rpm()
    {
        // domain.md §3.4: 0CF00400: FF 7D 7D E0 15 FF F0 FF, 0x15E0 = 5600 × 0.125 = 700 rpm.
        byte[] data = [0xFF, 0x7D, 0x7D, 0xE0, 0x15, 0xFF, 0xF0, 0xFF];
        Assert.True(J1939Catalog.EngineSpeed.TryRead(data, out var rpm));
        Assert.Equal(700.0, rpm);
        Assert.True(J1939Catalog.ActualEngineTorque.TryRead(data, out var torque));
        Assert.Equal(0.0, torque); // 0x7D = 125 − 125
        Assert.False(J1939Catalog.ControllingDeviceAddress.TryRead(data, out _)); // 0xFF: not available
    }

    [Fact]
    public void Vp_vector_decodes_and_encodes()
    {
        // domain.md §3.4: 39.9931 N 46.9300 E → 78 EB 01 95 20 68 24 99 (1e-7 deg/bit, −210°).
        byte[] expected = [0x78, 0xEB, 0x01, 0x95, 0x20, 0x68, 0x24, 0x99];
        Assert.True(J1939Catalog.Latitude.TryRead(expected, out var lat));
        Assert.True(J1939Catalog.Longitude.TryRead(expected, out var lon));
        Assert.Equal(39.9931, lat, 7);
        Assert.Equal(46.9300, lon, 7);
        var data = new byte[8];
        J1939Catalog.Vp.FillNotAvailable(data);
        J1939Catalog.Latitude.Write(data, 39.9931);
        J1939Catalog.Longitude.Write(data, 46.93);
        Assert.Equal(expected, data);
    }

    [Theory]
    [InlineData("coolant_temperature", new byte[] { 0x7D, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 85.0)] // 125 − 40
    [InlineData("fuel_level", new byte[] { 0xFF, 0xC8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 80.0)] // 200 × 0.4
    [InlineData("fuel_rate", new byte[] { 0x2C, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 15.0)] // 300 × 0.05
    [InlineData("engine_hours", new byte[] { 0x40, 0x0D, 0x03, 0x00, 0xFF, 0xFF, 0xFF, 0xFF }, 10000.0)] // 200000 × 0.05
    [InlineData("wheel_based_speed", new byte[] { 0xFF, 0x00, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 4.0)] // 1024 / 256
    [InlineData("oil_temperature", new byte[] { 0xFF, 0xFF, 0x20, 0x2D, 0xFF, 0xFF, 0xFF, 0xFF }, 88.0)] // 11552 / 32 − 273
    public void Sae_scaling_matches_hand_computed_values(string name, byte[] data, double expected)
    {
        var parameter = J1939Catalog.All.SelectMany(g => g.Parameters).Single(p => p.Name == name);
        Assert.True(parameter.TryRead(data, out var value));
        Assert.Equal(expected, value, 9);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // not available
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0x00, 0xFE, 0xFF, 0xFF, 0xFF })] // error indicator 0xFExx
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0x00, 0xFB, 0xFF, 0xFF, 0xFF })] // reserved range above 0xFAFF
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0x00 })] // too short
    public void Not_available_error_and_short_data_give_no_value(byte[] data)
        => Assert.False(J1939Catalog.EngineSpeed.TryRead(data, out _));

    [Fact]
    public void Mematt_examples_from_the_spec_decode()
    {
        // docs/protocols/mematt.md §4.4, computed by hand from the tables there.
        byte[] tool = [0x20, 0x0D, 0xE1, 0x00, 0x34, 0x08, 0x69, 0xFF];
        Assert.Equal(420.0, Read(J1939Catalog.TillerSpeed, tool));
        Assert.Equal(22.5, Read(J1939Catalog.WorkingDepth, tool), 9);
        Assert.Equal(210.0, Read(J1939Catalog.HydraulicPressure, tool), 9);
        Assert.Equal(65.0, Read(J1939Catalog.TillerOilTemperature, tool));

        byte[] shock = [0x32, 0x19, 0x07, 0x00, 0x99, 0x00, 0xFF, 0xFF];
        Assert.Equal(64.5, Read(J1939Catalog.PeakShock, shock), 9);
        Assert.Equal(7.0, Read(J1939Catalog.DetonationCount, shock));
        Assert.Equal(153.0, Read(J1939Catalog.ShockCount, shock));

        byte[] state = [0x02, 0xE6, 0xB3, 0xFD, 0xFF, 0xFF, 0xFF, 0xFF];
        Assert.Equal(2.0, Read(J1939Catalog.MachineState, state));
        Assert.Equal(92.0, Read(J1939Catalog.RemoteLinkQuality, state), 9);
        Assert.Equal(-71.0, Read(J1939Catalog.RemoteLinkRssi, state));
        Assert.Equal(1.0, Read(J1939Catalog.TillerEngaged, state));
    }

    [Fact]
    public void Writers_reproduce_the_mematt_examples_and_keep_neighbouring_bits()
    {
        var tool = new byte[8];
        J1939Catalog.MemattTool.FillNotAvailable(tool);
        J1939Catalog.TillerSpeed.Write(tool, 420);
        J1939Catalog.WorkingDepth.Write(tool, 22.5);
        J1939Catalog.HydraulicPressure.Write(tool, 210);
        J1939Catalog.TillerOilTemperature.Write(tool, 65);
        Assert.Equal(new byte[] { 0x20, 0x0D, 0xE1, 0x00, 0x34, 0x08, 0x69, 0xFF }, tool);

        var state = new byte[8];
        J1939Catalog.MemattState.FillNotAvailable(state);
        J1939Catalog.MachineState.Write(state, 2);
        J1939Catalog.RemoteLinkQuality.Write(state, 92);
        J1939Catalog.RemoteLinkRssi.Write(state, -71);
        J1939Catalog.TillerEngaged.Write(state, 1);
        Assert.Equal(new byte[] { 0x02, 0xE6, 0xB3, 0xFD, 0xFF, 0xFF, 0xFF, 0xFF }, state);

        var eec1 = new byte[8];
        J1939Catalog.Eec1.FillNotAvailable(eec1);
        J1939Catalog.EngineSpeed.Write(eec1, double.NaN);
        Assert.All(eec1, b => Assert.Equal(0xFF, b));
        J1939Catalog.EngineSpeed.Write(eec1, 99999); // clamped to the largest valid value
        Assert.Equal(0xFAFF * 0.125, Read(J1939Catalog.EngineSpeed, eec1));
    }

    [Fact]
    public void Catalog_finds_groups_by_pgn_and_pgns_are_unique()
    {
        Assert.True(J1939Catalog.TryGet(65267, out var vp));
        Assert.Equal("VP", vp.Acronym);
        Assert.False(J1939Catalog.TryGet(12345, out _));
        Assert.Equal(J1939Catalog.All.Count, J1939Catalog.All.Select(g => g.Pgn).Distinct().Count());
        Assert.All(J1939Catalog.All.Where(g => g.Acronym.StartsWith("MEMATT", StringComparison.Ordinal)), g => Assert.InRange(g.Pgn, 0xFF00u, 0xFFFFu));
    }

    private static double Read(J1939Parameter parameter, byte[] data)
    {
        Assert.True(parameter.TryRead(data, out var value), parameter.Name);
        return value;
    }

    [Fact]
    public void Lookup_decoding_and_encoding_allocate_nothing()
    {
        byte[] data = [0xFF, 0x7D, 0x7D, 0xE0, 0x15, 0xFF, 0xF0, 0xFF];
        var output = new byte[8];
        var sum = Exercise();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            sum += Exercise();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(101 * 700.0, sum);

        double Exercise()
        {
            var id = J1939Id.FromCanId(0x0CF00400);
            Assert.True(J1939Catalog.TryGet(id.Pgn, out var group));
            double total = 0;
            for (var i = 0; i < group.Parameters.Count; i++)
            {
                if (group[i] == J1939Catalog.EngineSpeed && group[i].TryRead(data, out var value))
                {
                    total += value;
                }

                group[i].Write(output, 1);
            }

            return total;
        }
    }
}
