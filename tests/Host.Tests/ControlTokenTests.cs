using Conlink.Host.Control.Access;

namespace Conlink.Host.Tests;

/// <summary>
/// <c>--control-token-file</c> as root: a missing file is created 0600 with a new token; an existing
/// one is read only when it is the owner's alone, a regular file, small, and not a symbolic link
/// (whose target is then never read).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlTokenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("conlink-rev-host-token-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void A_missing_token_file_is_created_0600_and_read_back_by_clients()
    {
        var path = Path.Combine(_dir, "token");

        var token = ControlToken.LoadOrCreate(path);

        Assert.Equal(64, token.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(token, ControlToken.Read(path));
        Assert.Equal(token, ControlToken.LoadOrCreate(path));
    }

    [Fact]
    public void A_symlinked_token_file_is_refused_and_its_target_is_not_read()
    {
        var target = Write("target", "secret-of-someone-else\n");
        var link = Path.Combine(_dir, "token");
        File.CreateSymbolicLink(link, target);

        var server = Assert.Throws<InvalidOperationException>(() => ControlToken.LoadOrCreate(link));
        var client = Assert.Throws<InvalidOperationException>(() => ControlToken.Read(link));

        Assert.Contains("symbolic link", server.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", client.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", server.Message + client.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_file_others_can_read_an_oversized_one_or_a_fifo_is_refused()
    {
        var shared = Write("shared", "abc\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var large = Write("large", new string('a', 5000));
        var fifo = Path.Combine(_dir, "fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", ["-m", "600", fifo])) mkfifo.WaitForExit();

        Assert.Contains("chmod 600", Assert.Throws<InvalidOperationException>(() => ControlToken.LoadOrCreate(shared)).Message, StringComparison.Ordinal);
        Assert.Contains("larger than 4096 bytes", Assert.Throws<InvalidOperationException>(() => ControlToken.LoadOrCreate(large)).Message, StringComparison.Ordinal);
        Assert.Contains("not a regular file", Assert.Throws<InvalidOperationException>(() => ControlToken.Read(fifo)).Message, StringComparison.Ordinal);
    }
}
