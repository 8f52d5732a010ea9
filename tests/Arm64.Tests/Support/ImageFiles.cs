using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;

namespace Conlink.Arm64.Tests.Support;

/// <summary>
/// The file system of an image, read from <c>docker export</c> of a container created from it (never
/// started): each entry's kind, mode, link target, and for regular files their SHA-256 and ELF machine.
/// </summary>
internal sealed class ImageFiles
{
    public sealed record Entry(string Path, TarEntryType Type, UnixFileMode Mode, string LinkTarget, string Sha256, ElfMachine? Machine);

    private readonly Dictionary<string, Entry> _entries;

    private ImageFiles(Dictionary<string, Entry> entries) => _entries = entries;

    public IReadOnlyCollection<Entry> Entries => _entries.Values;

    public static ImageFiles Of(string image)
    {
        var id = Docker.Run(["create", "--network", "none", image]).Trim();
        try
        {
            var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "export", id }) start.ArgumentList.Add(arg);
            using var export = Process.Start(start)!;
            var error = export.StandardError.ReadToEndAsync();
            var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
            using (var reader = new TarReader(export.StandardOutput.BaseStream))
            {
                while (reader.GetNextEntry() is { } entry)
                {
                    var path = "/" + entry.Name.TrimStart('.', '/').TrimEnd('/');
                    string sha = "";
                    ElfMachine? machine = null;
                    if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
                    {
                        using var buffer = new MemoryStream();
                        data.CopyTo(buffer);
                        var bytes = buffer.ToArray();
                        sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                        machine = Elf.MachineOf(bytes);
                    }
                    entries[path] = new Entry(path, entry.EntryType, entry.Mode, entry.LinkName, sha, machine);
                }
            }
            export.WaitForExit();
            if (export.ExitCode != 0) throw new InvalidOperationException($"docker export {id} failed: {error.Result}");
            return new ImageFiles(entries);
        }
        finally
        {
            Docker.Run(["rm", id]);
        }
    }

    /// <summary>The entry <paramref name="path"/> leads to, following symbolic links (of the path's directories too) inside the image.</summary>
    public Entry? Resolve(string path)
    {
        var resolved = "";
        var pending = new Queue<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        for (var hops = 0; pending.Count > 0;)
        {
            var part = pending.Dequeue();
            if (part == ".") continue;
            if (part == "..") { resolved = resolved[..Math.Max(0, resolved.LastIndexOf('/'))]; continue; }
            var candidate = resolved + "/" + part;
            if (!_entries.TryGetValue(candidate, out var entry)) return null;
            if (entry.Type == TarEntryType.SymbolicLink)
            {
                if (++hops > 40) return null;
                var rest = pending.ToArray();
                pending = new Queue<string>(entry.LinkTarget.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                if (entry.LinkTarget.StartsWith('/')) resolved = "";
                continue;
            }
            resolved = candidate;
        }
        var found = _entries.GetValueOrDefault(resolved == "" ? "/" : resolved);
        return found?.Type == TarEntryType.HardLink
            ? _entries.GetValueOrDefault("/" + found.LinkTarget.TrimStart('.', '/'))
            : found;
    }
}
