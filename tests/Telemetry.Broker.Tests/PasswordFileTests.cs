using System.Text;
using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Broker.Auth;

namespace Telemetry.Broker.Tests;

public sealed class PasswordFileTests
{
    [Theory]
    [InlineData("sha512-pbkdf2", "$7$")]
    [InlineData("sha512", "$6$")]
    public async Task Verifies_hashes_written_by_the_real_mosquitto_passwd(string algorithm, string prefix)
    {
        ExternalTool.Require(ExternalTool.MosquittoPasswd, "the password_file format must match what mosquitto_passwd writes");
        using var dir = new TempDir();
        var file = dir.File("passwd");
        var create = await ExternalTool.RunAsync(ExternalTool.MosquittoPasswd, ["-H", algorithm, "-c", "-b", file, "alice", "s3cret pw"], TimeSpan.FromSeconds(20));
        Assert.Equal(0, create.ExitCode);
        var add = await ExternalTool.RunAsync(ExternalTool.MosquittoPasswd, ["-H", algorithm, "-b", file, "bob", "hunter2"], TimeSpan.FromSeconds(20));
        Assert.Equal(0, add.ExitCode);
        Assert.All(File.ReadAllLines(file), line => Assert.Contains(":" + prefix, line, StringComparison.Ordinal));

        var passwords = PasswordFile.Load(file);

        Assert.Equal(2, passwords.Count);
        Assert.True(passwords.Verify("alice", "s3cret pw"u8));
        Assert.True(passwords.Verify("bob", "hunter2"u8));
        Assert.False(passwords.Verify("alice", "hunter2"u8));
        Assert.False(passwords.Verify("alice", "s3cret pw "u8));
        Assert.False(passwords.Verify("carol", "hunter2"u8));
        Assert.False(passwords.Verify("bob", ""u8));
    }

    [Fact]
    public void Known_vector_from_a_mosquitto_2_0_11_password_file_verifies()
    {
        // Written by mosquitto_passwd 2.0.11 (-b pwtest alice 'secret pw') on this project's machine.
        var line = "alice:$7$101$HU2Ylv+A2b9bzIt2$uBrB59cj1s6P20D1gorirBgstM7VdptVU3ZzUSLWlBoahQrhfCduB92hKPSgF4yUffhszMNyUY+VlkFnyWev1Q==";
        var passwords = PasswordFile.Parse([line], "vector");
        Assert.True(passwords.Verify("alice", "secret pw"u8));
        Assert.False(passwords.Verify("alice", "secret pW"u8));
    }

    [Fact]
    public void Comments_blank_lines_and_CRLF_are_ignored()
    {
        var hash = PasswordHash.Format7("pw"u8, "0123456789ab"u8, 101);
        var passwords = PasswordFile.Parse(["# users", "", $"dave:{hash}\r"], "mem");
        Assert.Equal(1, passwords.Count);
        Assert.True(passwords.Verify("dave", "pw"u8));
    }

    [Theory]
    [InlineData("alice:plaintext", "mosquitto_passwd -U")]
    [InlineData("no-colon-here", "username:hash")]
    [InlineData(":$6$c2FsdA==$AAAA", "username:hash")]
    [InlineData("bob:$7$0$c2FsdA==$AAAA", "mosquitto_passwd -U")]
    [InlineData("bob:$7$abc$c2FsdA==$AAAA", "mosquitto_passwd -U")]
    [InlineData("bob:$6$!!!$AAAA", "mosquitto_passwd -U")]
    public void Bad_lines_name_the_line_and_the_fix(string line, string expectedHint)
    {
        var error = Assert.Throws<Telemetry.Mqtt.Broker.BrokerConfigException>(() => PasswordFile.Parse(["# ok", line], "site.pw"));
        Assert.Contains("site.pw", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedHint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_passwords_are_hashed_as_bytes()
    {
        var password = Encoding.UTF8.GetBytes("mina-Ž-ćevap");
        var hash = PasswordHash.Format7(password, "salt-salt-12"u8, 1000);
        var passwords = PasswordFile.Parse([$"đuro:{hash}"], "mem");
        Assert.True(passwords.Verify("đuro", password));
        Assert.False(passwords.Verify("đuro", Encoding.Latin1.GetBytes("mina-Z-cevap")));
    }
}
