using System.Text;

namespace Conlink.Utils.Copy;

/// <summary>
/// Copies every regular file under a source directory to the same relative path under a destination directory,
/// creating directories on the way and giving each copy its source's permission bits. Symbolic links are skipped.
/// </summary>
public sealed class TreeCopier(Func<string, string?>? templateVariables, TextWriter log)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly EnumerationOptions AllRegularFiles = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = false,
    };

    public void Copy(string sourceDirectory, string destinationDirectory)
    {
        if (!Directory.Exists(sourceDirectory))
            throw ToolError.Usage($"not a directory: '{sourceDirectory}'");
        if (!Directory.Exists(destinationDirectory))
            throw ToolError.Usage($"not a directory: '{destinationDirectory}'");

        var sources = Directory.EnumerateFiles(sourceDirectory, "*", AllRegularFiles).Order(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var destination = Path.Join(destinationDirectory, Path.GetRelativePath(sourceDirectory, source));
            try
            {
                CopyFile(source, destination);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw ToolError.Failure($"cannot copy '{source}' to '{destination}': {e.Message}");
            }
        }
    }

    private void CopyFile(string source, string destination)
    {
        log.WriteLine($"copy: '{source}' -> '{destination}'");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);

        var content = File.ReadAllBytes(source);
        File.WriteAllBytes(destination, templateVariables is null ? content : Render(content, destination));
        File.SetUnixFileMode(destination, File.GetUnixFileMode(source));
    }

    private byte[] Render(byte[] content, string destination)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            log.WriteLine($"copy: '{destination}' is not UTF-8 text, copied without templating");
            return content;
        }

        var rendered = TemplateRenderer.Render(text, templateVariables!);
        foreach (var name in rendered.ReplacedNames)
            log.WriteLine($"copy: replaced '{{{{{name}}}}}' in '{destination}'");
        return rendered.ReplacedNames.Count == 0 ? content : StrictUtf8.GetBytes(rendered.Text);
    }
}
