using Conlink.Cli.Tests.Support;

namespace Conlink.Cli.Tests;

/// <summary>
/// <c>conlink trace</c> on a trace recorded from a real engine run (the kernel tests make such a
/// run): service good's link came up, broken's failed on its route.
/// </summary>
public sealed class TraceCommandTests : IDisposable
{
    private static readonly string Fixture = RepositoryPaths.Of("tests", "Cli.Tests", "Fixtures", "good-and-broken.trace.jsonl");
    private readonly string _directory = Directory.CreateTempSubdirectory("conlink-trace-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string[] Records(CliRun run) => run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..^1];

    [Fact]
    public void The_timeline_of_one_link_matches_its_expected_file()
    {
        var run = CliRun.Of(["trace", Fixture, "--link", "broken_1:eth0"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(File.ReadAllText(RepositoryPaths.Of("tests", "Cli.Tests", "Expected", "trace", "broken_1-eth0.txt")), run.Out);
    }

    [Fact]
    public void Times_count_from_the_first_shown_record_and_records_are_ordered_by_when_they_started()
    {
        var run = CliRun.Of(["trace", Fixture, "--container", "good_1", "--kind", "netlink"]);

        var starts = Records(run).Select(r => double.Parse(r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(0, starts[0]);
        Assert.Equal(starts.Order(), starts);
    }

    [Fact]
    public void A_dev_alone_matches_that_link_in_every_container()
    {
        var links = Records(CliRun.Of(["trace", Fixture, "--link", "eth0"])).Select(r => r.Split("  ", StringSplitOptions.RemoveEmptyEntries)[^2].Trim()).ToHashSet();

        Assert.Equal(["broken_1:eth0", "good_1:eth0"], links.Order());
    }

    [Fact]
    public void Kind_message_shows_only_actor_messages_with_short_actor_paths()
    {
        var records = Records(CliRun.Of(["trace", Fixture, "--kind", "message", "--container", "good_1"]));

        Assert.NotEmpty(records);
        Assert.DoesNotContain(records, r => r.Contains("netns ", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Contains(" containers/good_1-good_1 ", StringComparison.Ordinal) && r.Contains(" Start ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_filter_that_matches_nothing_says_so_and_exits_zero()
    {
        var run = CliRun.Of(["trace", Fixture, "--container", "nobody"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("no trace records match\n", run.Out);
    }

    [Fact]
    public void Lines_that_are_not_records_are_skipped_with_a_warning()
    {
        var file = Path.Combine(_directory, "cut.jsonl");
        File.WriteAllLines(file, [.. File.ReadLines(Fixture).Take(3), "not json", "{\"kind\":\"message\",\"time\":\"2026-11-28T02:30:51.46"]);

        var run = CliRun.Of(["trace", file]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, Records(run).Length);
        Assert.Contains("skipped 2 line(s)", run.Error);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var missing = Path.Combine(_directory, "missing.jsonl");

        var run = CliRun.Of(["trace", missing]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"cannot read {missing}", run.Error);
    }
}
