using System.Buffers;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Telemetry.Gateway.Outbox;

namespace Telemetry.Benchmarks.Gateway;

/// <summary>
/// The outbox decision (docs/outbox.md): append+fsync throughput of the segmented log against SQLite in WAL mode:
/// durable per record (fsync before the record counts: <c>PerRecord</c>), in groups of 100 (one coalesced fsync / one
/// transaction: <c>Group100</c>), and without fsync (<c>None</c>: the log's write(2) only — a segment roll every 4 MB
/// still fsyncs — and SQLite with synchronous=OFF), which shows what the fsync costs on this disk.
/// Payload 700 B ≈ one detection record. Files under /tmp (the same filesystem for both candidates).
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class OutboxAppendBenchmarks
{
    private const int Records = 100;
    private readonly byte[] _payload = new byte[700];
    private string _dir = "";
    private SegmentedOutbox? _log;
    private SqliteConnection? _sqlite;
    private SqliteCommand? _insert;
    private SqliteParameter? _body;

    [Params("SegmentedLog", "SqliteWal")]
    public string Store { get; set; } = "SegmentedLog";

    [Params("PerRecord", "Group100", "None")]
    public string Fsync { get; set; } = "PerRecord";

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(_payload);
        _dir = Path.Combine(Path.GetTempPath(), "outbox-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        if (Store == "SegmentedLog")
        {
            _log = SegmentedOutbox.Open(new OutboxOptions
            {
                Directory = _dir,
                Fsync = Fsync == "PerRecord" ? FsyncPolicy.Always : FsyncPolicy.Batch,
                BatchRecords = int.MaxValue,
                MaxBytes = long.MaxValue,
                Overflow = OverflowPolicy.DropOldest,
            });
            return;
        }

        _sqlite = new SqliteConnection($"Data Source={Path.Combine(_dir, "outbox.db")};Pooling=False");
        _sqlite.Open();
        using (var pragma = _sqlite.CreateCommand())
        {
            // WAL + synchronous=FULL: the WAL is fsynced at every commit, the durability the outbox needs.
            pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(Fsync == "None" ? "OFF" : "FULL")}; CREATE TABLE outbox(seq INTEGER PRIMARY KEY, ts INTEGER, body BLOB);";
            pragma.ExecuteNonQuery();
        }

        _insert = _sqlite.CreateCommand();
        _insert.CommandText = "INSERT INTO outbox(ts, body) VALUES (0, $body)";
        _body = _insert.Parameters.Add("$body", SqliteType.Blob);
        _insert.Prepare();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log?.Dispose();
        _insert?.Dispose();
        _sqlite?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public void Append100()
    {
        if (_log is not null)
        {
            for (var i = 0; i < Records; i++)
            {
                _log.Append(_payload, static (p, _, output) => output.Write(p));
            }

            if (Fsync == "Group100")
            {
                _log.Flush();
            }

            return;
        }

        var transaction = Fsync == "Group100" ? _sqlite!.BeginTransaction() : null;
        _insert!.Transaction = transaction;
        for (var i = 0; i < Records; i++)
        {
            _body!.Value = _payload;
            _insert.ExecuteNonQuery();
        }

        transaction?.Commit();
        transaction?.Dispose();
    }
}
