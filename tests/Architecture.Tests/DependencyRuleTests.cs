using System.Xml.Linq;

namespace Conlink.Architecture.Tests;

/// <summary>
/// Dependencies point one way: CLI -> engine host -> {actors, kernel adapter, Docker adapter, cluster adapter} ->
/// {Config, Netlink} -> Syntax. The actor engine knows neither the kernel nor Docker; Config and
/// Netlink know nothing of Akka, Docker or each other. A project that gains a reference it must not
/// have fails here, by name.
/// </summary>
public sealed class DependencyRuleTests
{
    /// <summary>Each product project, the projects it may reference, and the packages it may use. Exactly these.</summary>
    public static TheoryData<string, string[], string[]> Rule => new()
    {
        { "Syntax", [], [] },
        // Tmds.LibC: config files are opened with O_NOFOLLOW|O_NONBLOCK and checked with fstat (issue 12);
        // .NET's file APIs follow symbolic links and block on a FIFO. A libc binding, not Akka, Docker or Netlink.
        { "Config", ["Syntax"], ["Tmds.LibC", "YamlDotNet"] },
        { "Netlink", ["Syntax"], ["Tmds.LibC"] },
        { "Actors", ["Config"], ["Akka"] },
        { "Kernel", ["Actors", "Config", "Netlink"], [] },
        { "Docker", ["Actors", "Config"], ["Docker.DotNet"] },
        // Akka.DistributedData: which bridges each member spans, replicated, so an apply changes them (issue 15).
        { "Cluster", ["Actors", "Config"], ["Akka.Cluster", "Akka.DistributedData", "Akka.Remote"] },
        { "Host", ["Actors", "Kernel", "Docker", "Cluster"], ["Tmds.LibC", "prometheus-net"] },
        { "Cli", ["Host", "Config"], ["System.CommandLine"] },
    };

    /// <summary>What each product assembly must never use, directly or through a reference it does not declare.</summary>
    public static TheoryData<string, string[]> Forbidden => new()
    {
        { "Conlink.Syntax", ["Conlink.Config", "Conlink.Netlink", "Conlink.Actors", "Akka", "Docker.DotNet", "YamlDotNet", "Tmds.LibC"] },
        { "Conlink.Config", ["Conlink.Netlink", "Conlink.Actors", "Conlink.Kernel", "Conlink.Docker", "Akka", "Docker.DotNet"] },
        { "Conlink.Netlink", ["Conlink.Config", "Conlink.Actors", "Akka", "Docker.DotNet", "YamlDotNet"] },
        { "Conlink.Actors", ["Conlink.Netlink", "Conlink.Kernel", "Conlink.Docker", "Conlink.Host", "Conlink.Cluster", "Akka.Cluster", "Akka.DistributedData", "Akka.Remote", "Docker.DotNet", "Tmds.LibC"] },
        { "Conlink.Cluster", ["Conlink.Netlink", "Conlink.Kernel", "Conlink.Docker", "Conlink.Host", "Docker.DotNet", "Tmds.LibC"] },
        { "Conlink.Kernel", ["Conlink.Docker", "Conlink.Host", "Conlink.Cluster", "Akka.Cluster", "Akka.DistributedData", "Akka.Remote", "Docker.DotNet"] },
        { "Conlink.Docker", ["Conlink.Netlink", "Conlink.Kernel", "Conlink.Host", "Conlink.Cluster", "Tmds.LibC"] },
        { "conlink", ["Conlink.Netlink", "Conlink.Kernel", "Conlink.Docker", "Docker.DotNet", "Tmds.LibC"] },
    };

    [Theory]
    [MemberData(nameof(Rule))]
    public void Each_project_references_exactly_what_the_rule_allows(string project, string[] projects, string[] packages)
    {
        var file = Path.Combine(Repository.Root, "src", project, $"Conlink.{project}.csproj");
        var xml = XDocument.Load(file);

        var referenced = xml.Descendants("ProjectReference")
            .Select(r => Path.GetFileName(Path.GetDirectoryName(r.Attribute("Include")!.Value.Replace('\\', '/'))!))
            .Order(StringComparer.Ordinal);
        var used = xml.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).Order(StringComparer.Ordinal);

        Assert.Equal(projects.Order(StringComparer.Ordinal), referenced);
        Assert.Equal(packages.Order(StringComparer.Ordinal), used);
    }

    [Fact]
    public void Every_product_project_is_covered_by_the_rule()
    {
        var projects = Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "Conlink.*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}Utils{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.GetFileName(Path.GetDirectoryName(p))!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(Rule.Select(row => (string)row[0]).Order(StringComparer.Ordinal), projects);
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void No_product_assembly_uses_what_it_must_not_know(string assembly, string[] forbidden)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        var references = ReferencesOf(path);

        Assert.DoesNotContain(references, r => forbidden.Any(f => r == f || r.StartsWith(f + ".", StringComparison.Ordinal)));
    }

    /// <summary>The assemblies the compiled code of <paramref name="path"/> refers to (unused project references are not among them).</summary>
    private static IReadOnlyList<string> ReferencesOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
    }
}
