using System.Buffers.Binary;
using Telemetry.Drivers.Capture;
using Telemetry.Drivers.Pty;
using Telemetry.Drivers.Sources;
using static Telemetry.Drivers.Tests.Serial.SerialTestSupport;

namespace Telemetry.Drivers.Tests.Sources;

public sealed class CaptureReplayTests
{
    [Fact]
    public async Task A_recorded_serial_session_replays_byte_for_byte_with_its_state_notes()
    {
        var dir = TempDir("capture");
        try
        {
            var file = Path.Combine(dir, "gnss.tlmcap");
            byte[] sent = [.. "$GPGGA,1*00\r\n"u8, .. "$GPRMC,2*00\r\n"u8, 0x00, 0xFF];
            using (var pty = PseudoTerminal.Open())
            using (var recorder = CaptureWriter.Create(file, pty.DevicePath))
            {
                await using var source = ByteSources.Serial(pty.DevicePath, null, FastRetry());
                source.AttachRecorder(recorder);
                source.Start();
                Assert.True(await source.WaitForStateAsync(SourceState.Up, Generous, TestContext.Current.CancellationToken));
                await pty.Master.WriteAsync(sent.AsMemory(0, 13), TestContext.Current.CancellationToken);
                Assert.Equal(sent[..13], await ReadExactlyAsync(source.Input, 13, Generous));
                await pty.Master.WriteAsync(sent.AsMemory(13), TestContext.Current.CancellationToken);
                Assert.Equal(sent[13..], await ReadExactlyAsync(source.Input, sent.Length - 13, Generous));
            }

            using (var reader = CaptureReader.Open(file))
            {
                var data = new List<byte>();
                var notes = new List<string>();
                long last = -1;
                while (reader.TryRead(out var record))
                {
                    Assert.True(record.OffsetNs >= last, "offsets never go backwards");
                    last = record.OffsetNs;
                    if (record.Kind == CaptureRecordKind.Data)
                    {
                        data.AddRange(record.Payload.ToArray());
                    }
                    else
                    {
                        notes.Add(System.Text.Encoding.UTF8.GetString(record.Payload.Span));
                    }
                }

                Assert.Equal(sent, data);
                Assert.Contains(notes, n => n.StartsWith("Up: opened", StringComparison.Ordinal));
                Assert.False(reader.Truncated);
                Assert.StartsWith("/dev/pts/", reader.Endpoint, StringComparison.Ordinal);
            }

            foreach (var paced in new[] { false, true })
            {
                await using var replay = ByteSources.Replay(file, paced);
                replay.Start();
                Assert.Equal(sent, await ReadExactlyAsync(replay.Input, sent.Length, Generous));
                var end = await replay.Input.ReadAsync(TestContext.Current.CancellationToken);
                Assert.True(end.IsCompleted && end.Buffer.IsEmpty, "the replay ends at the end of the file");
                Assert.True(await replay.WaitForStateAsync(SourceState.Stopped, Generous, TestContext.Current.CancellationToken));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_raw_byte_log_replays_as_is_but_cannot_be_paced()
    {
        var dir = TempDir("raw");
        try
        {
            var file = Path.Combine(dir, "log.nmea");
            var bytes = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
            await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
            await using var replay = ByteSources.Open("file://" + file);
            replay.Start();
            Assert.Equal(bytes, await ReadExactlyAsync(replay.Input, bytes.Length, Generous));
            var e = Assert.Throws<ArgumentException>(() => ByteSources.Replay(file, paced: true));
            Assert.Contains(file, e.Message, StringComparison.Ordinal);
            Assert.Contains("telemetry record", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_capture_cut_mid_record_reads_up_to_the_cut_and_says_so()
    {
        using var stream = new MemoryStream();
        using (var writer = new CaptureWriter(stream, "test", ownsStream: false))
        {
            writer.WriteData("first"u8);
            writer.WriteData("second"u8);
        }

        var whole = stream.ToArray();
        for (var cut = whole.Length - 1; cut > whole.Length - 19; cut--)
        {
            using var reader = CaptureReader.Open(new MemoryStream(whole[..cut]), "cut.tlmcap");
            Assert.True(reader.TryRead(out var first));
            Assert.Equal("first"u8.ToArray(), first.Payload.ToArray());
            Assert.False(reader.TryRead(out _));
            Assert.True(reader.Truncated);
        }
    }

    [Fact]
    public void A_record_longer_than_the_cap_is_rejected_as_corrupt_not_allocated()
    {
        using var stream = new MemoryStream();
        using (var writer = new CaptureWriter(stream, "test", ownsStream: false))
        {
            writer.WriteData("x"u8);
        }

        var bytes = stream.ToArray();
        // The record header's length field sits 9 bytes into the record, after kind and offset.
        var recordStart = bytes.Length - 1 - 13;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(recordStart + 9), uint.MaxValue);
        using var reader = CaptureReader.Open(new MemoryStream(bytes), "bad.tlmcap");
        var e = Assert.Throws<InvalidDataException>(() => reader.TryRead(out _));
        Assert.Contains("bad.tlmcap", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => CaptureReader.Open(new MemoryStream("not a capture"u8.ToArray()), "x"));
    }
}
