using System.Diagnostics;
using Conlink.Cli.Shell;

namespace Conlink.Cli.Graph;

/// <summary>Renders DOT text to an image file with GraphViz's <c>dot</c>, found on the PATH.</summary>
internal sealed class GraphRenderer(CliHost host)
{
    public const string InstallHint = "install graphviz (apt-get install graphviz)";

    public static IReadOnlyList<string> ImageFormats { get; } = ["svg", "png", "pdf"];

    /// <summary>The image format a file name asks for by its extension, or null for any other file.</summary>
    public static string? ImageFormatOf(string file)
    {
        var extension = Path.GetExtension(file).TrimStart('.').ToLowerInvariant();
        return ImageFormats.Contains(extension) ? extension : null;
    }

    public async Task<int> RenderAsync(string dot, string format, string file, CancellationToken cancellation)
    {
        if (FindDot() is not { } program)
        {
            host.Error.WriteLine($"conlink: rendering {file} needs GraphViz's dot, which is not on the PATH: {InstallHint}");
            return ExitCodes.Failure;
        }
        var start = new ProcessStartInfo(program, ["-T" + format, "-o", file])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        await process.StandardInput.WriteAsync(dot.AsMemory(), cancellation);
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellation);
        if (process.ExitCode == 0) return ExitCodes.Ok;
        host.Error.WriteLine($"conlink: dot failed (exit {process.ExitCode}): {(await errors).Trim()}");
        return ExitCodes.Failure;
    }

    private string? FindDot() =>
        (host.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "dot"))
            .FirstOrDefault(File.Exists);
}
