using System.Diagnostics;
using Conlink.Config.Loading;
using Conlink.Config.Tests.Support;
using CsCheck;

namespace Conlink.Config.Tests.Loading;

/// <summary>
/// Fuzzing the loader with random mutations of the real example configs: every mutant loads, or
/// fails with errors that name the file, and none takes long (the bound catches hangs only).
/// </summary>
public class ExampleMutationProperties
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static readonly string[] Examples =
        Directory.GetFiles(RepositoryPaths.Of("examples"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    private static readonly string[] Insertions =
    [
        "\t", "\n", " ", ":", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: ", "!!str ", "'", "\"", "#", "$", "${", "${X:?}",
        "99999999999999999999", "0xFFFFFFFFFFFFFFFF", "-1", "10.0.0.1/33", "ff:ff:ff:ff:ff:ff", "\u0000", "\u001b[31m", "é",
        "\n---\n", "|\n", ">\n", "~", "null", "true", "\r\n",
    ];

    private enum Mutation { Insert, Delete, DuplicateLine, DeleteLine, SwapLines, Truncate, RepeatLine }

    private static string Mutate(string text, Mutation mutation, int position, int other, string insertion)
    {
        var lines = text.Split('\n').ToList();
        var at = position % Math.Max(text.Length, 1);
        var line = position % lines.Count;
        var otherLine = other % lines.Count;
        switch (mutation)
        {
            case Mutation.Insert: return text.Insert(at, insertion);
            case Mutation.Delete: return text.Remove(at, Math.Min(1 + other % 8, text.Length - at));
            case Mutation.DuplicateLine: lines.Insert(otherLine, lines[line]); break;
            case Mutation.DeleteLine: lines.RemoveAt(line); break;
            case Mutation.SwapLines: (lines[line], lines[otherLine]) = (lines[otherLine], lines[line]); break;
            case Mutation.Truncate: return text[..at];
            case Mutation.RepeatLine: lines.InsertRange(line, Enumerable.Repeat(lines[line], 1 + other % 200)); break;
        }
        return string.Join('\n', lines);
    }

    private static readonly Gen<(string File, string Text)> Mutant =
        Gen.Select(Gen.OneOf(Examples.Select(Gen.Const).ToArray()), Gen.Enum<Mutation>().Array[1, 4], Gen.Int[0, int.MaxValue].Array[4], Gen.Int[0, int.MaxValue].Array[4],
            Gen.OneOf(Insertions.Select(Gen.Const).ToArray()).Array[4],
            (file, mutations, positions, others, insertions) =>
            {
                var text = File.ReadAllText(file);
                for (var i = 0; i < mutations.Length; i++) text = Mutate(text, mutations[i], positions[i], others[i], insertions[i]);
                return (file, text);
            });

    [Fact]
    public void Mutated_examples_load_or_fail_with_errors_naming_the_file_quickly()
    {
        Mutant.Sample((file, text) =>
        {
            var kind = Path.GetFileName(file) == "network.yaml" ? ConfigDocumentKind.Network : ConfigDocumentKind.Compose;
            var stopwatch = Stopwatch.StartNew();
            try
            {
                ConfigLoader.Load([new ConfigDocument(file, kind, text)], TestConfig.Options with { Environment = ExampleEnvironment.Lookup });
            }
            catch (ConfigException e)
            {
                Assert.All(e.Errors, error => Assert.Equal(file, error.File));
                Assert.All(e.ReportLines(), line => Assert.DoesNotContain(line, char.IsControl));
            }
            Assert.True(stopwatch.Elapsed < Bound, $"loading a mutant of {file} took {stopwatch.Elapsed}");
        }, iter: 2000);
    }
}
