using System.Text;
using Conlink.Utils.Echo;

namespace Conlink.Utils.Tests.Echo;

public sealed class ArgumentBytesTests
{
    [Fact]
    public void The_arguments_are_the_last_entries_of_the_command_line_after_the_program()
    {
        var raw = ArgumentBytes.Of(["a b", ""], CommandLine("/utils/echo", "a b", ""));

        Assert.Equal(["a b", ""], raw.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void Under_the_dotnet_host_the_host_and_the_assembly_are_skipped()
    {
        var raw = ArgumentBytes.Of(["x"], CommandLine("dotnet", "/tests/echo.dll", "x"));

        Assert.Equal("x"u8.ToArray(), Assert.Single(raw));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_come_from_the_command_line_unchanged()
    {
        byte[] latin1 = [(byte)'c', (byte)'a', (byte)'f', 0xe9];
        var decoded = Encoding.UTF8.GetString(latin1);

        var raw = ArgumentBytes.Of([decoded], [.. "echo"u8, 0, .. latin1, 0]);

        Assert.Equal(latin1, Assert.Single(raw));
    }

    [Fact]
    public void A_command_line_that_does_not_end_in_the_arguments_is_not_used()
    {
        var raw = ArgumentBytes.Of(["été"], CommandLine("echo", "other"));

        Assert.Equal(Encoding.UTF8.GetBytes("été"), Assert.Single(raw));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("echo\0cut off")]
    public void Without_a_whole_command_line_the_arguments_are_encoded_as_utf8(string? commandLine)
    {
        var raw = ArgumentBytes.Of(["one", "two"], commandLine is null ? null : Encoding.UTF8.GetBytes(commandLine));

        Assert.Equal(["one", "two"], raw.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void No_arguments_give_no_entries()
    {
        Assert.Empty(ArgumentBytes.Of([], CommandLine("echo")));
    }

    private static byte[] CommandLine(params string[] argv) =>
        argv.SelectMany(entry => Encoding.UTF8.GetBytes(entry).Append((byte)0)).ToArray();
}
