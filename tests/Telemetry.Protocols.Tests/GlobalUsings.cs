global using Telemetry.TestKit;
