using System.Text;
using Conlink.Utils.Copy;
using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Copy;

public sealed class TreeCopierTests : IDisposable
{
    private const UnixFileMode Mode0750 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                          | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TemporaryDirectory _temp = new();
    private readonly StringWriter _log = new();
    private readonly string _source;
    private readonly string _destination;

    public TreeCopierTests()
    {
        _source = _temp.Join("src");
        _destination = _temp.Join("dst");
        Directory.CreateDirectory(_destination);
        _temp.Write("src/dir1/file1", "value is {{VAL1}}\n");
        _temp.Write("src/dir1/dir2/file2", "{{VAL2}} and {{UNSET}}", Mode0750);
        _temp.Write("src/.hidden", "secret", Mode0600);
    }

    [Fact]
    public void Copies_every_regular_file_creating_directories_and_keeping_permission_bits()
    {
        Copier(template: false).Copy(_source, _destination);

        Assert.Equal("value is {{VAL1}}\n", File.ReadAllText(_temp.Join("dst/dir1/file1")));
        Assert.Equal("{{VAL2}} and {{UNSET}}", File.ReadAllText(_temp.Join("dst/dir1/dir2/file2")));
        Assert.Equal(Mode0750, File.GetUnixFileMode(_temp.Join("dst/dir1/dir2/file2")));
        Assert.Equal(Mode0600, File.GetUnixFileMode(_temp.Join("dst/.hidden")));
    }

    [Fact]
    public void With_templating_defined_variables_are_replaced_and_permissions_still_kept()
    {
        Copier(template: true).Copy(_source, _destination);

        Assert.Equal("value is val1\n", File.ReadAllText(_temp.Join("dst/dir1/file1")));
        Assert.Equal("val2 and {{UNSET}}", File.ReadAllText(_temp.Join("dst/dir1/dir2/file2")));
        Assert.Equal(Mode0750, File.GetUnixFileMode(_temp.Join("dst/dir1/dir2/file2")));
        Assert.Contains("replaced '{{VAL1}}'", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Merges_into_an_existing_tree_replacing_files_and_keeping_others()
    {
        _temp.Write("dst/dir1/file1", "old content that is longer than the new one");
        _temp.Write("dst/dir1/unrelated", "stays");

        Copier(template: false).Copy(_source, _destination);

        Assert.Equal("value is {{VAL1}}\n", File.ReadAllText(_temp.Join("dst/dir1/file1")));
        Assert.Equal("stays", File.ReadAllText(_temp.Join("dst/dir1/unrelated")));
    }

    [Fact]
    public void Symbolic_links_are_not_copied()
    {
        File.CreateSymbolicLink(_temp.Join("src/link-to-file"), _temp.Join("src/dir1/file1"));
        Directory.CreateSymbolicLink(_temp.Join("src/link-to-dir"), _temp.Join("src/dir1"));

        Copier(template: false).Copy(_source, _destination);

        Assert.False(Path.Exists(_temp.Join("dst/link-to-file")));
        Assert.False(Path.Exists(_temp.Join("dst/link-to-dir")));
    }

    [Fact]
    public void Files_that_are_not_utf8_text_are_copied_byte_for_byte_even_when_templating()
    {
        byte[] binary = [0xff, 0xfe, .. Encoding.ASCII.GetBytes("{{VAL1}}"), 0x00, 0xc3];
        File.WriteAllBytes(_temp.Join("src/blob"), binary);

        Copier(template: true).Copy(_source, _destination);

        Assert.Equal(binary, File.ReadAllBytes(_temp.Join("dst/blob")));
    }

    [Theory]
    [InlineData("src", "missing")]
    [InlineData("missing", "dst")]
    public void A_missing_directory_is_a_usage_error_naming_it(string source, string destination)
    {
        var error = Assert.Throws<ToolError>(() => Copier(template: false).Copy(_temp.Join(source), _temp.Join(destination)));

        Assert.True(error.IsUsageError);
        Assert.Contains("not a directory", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    private TreeCopier Copier(bool template) =>
        new(template ? name => name switch { "VAL1" => "val1", "VAL2" => "val2", _ => null } : null, _log);

    public void Dispose() => _temp.Dispose();
}
