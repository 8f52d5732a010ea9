using Conlink.Config.Faults;

namespace Conlink.Config.Tests;

public sealed class FaultScheduleTests
{
    [Fact]
    public void A_flapping_step_expands_into_downs_and_ups_at_their_offsets()
    {
        var schedule = FaultSchedule.Parse("f.yaml", """
            steps:
              - {at: 1s, link: r1:eth1, action: down, for: 2s, repeat: 3, every: 5s}
              - {at: 4s, link: h1:eth0, action: netem, netem: delay 100ms}
            """);

        var timeline = schedule.Timeline().Select(e => $"{e.At.TotalSeconds} {e.Describe()}").ToList();

        Assert.Equal([
            "1 link down r1:eth1 (1/3)", "3 link up r1:eth1 (end of step at line 2)", "4 netem set h1:eth0 delay 100ms",
            "6 link down r1:eth1 (2/3)", "8 link up r1:eth1 (end of step at line 2)",
            "11 link down r1:eth1 (3/3)", "13 link up r1:eth1 (end of step at line 2)",
        ], timeline);
    }

    [Fact]
    public void Every_problem_is_reported_with_file_line_and_column()
    {
        var e = Assert.Throws<ConfigException>(() => FaultSchedule.Parse("f.yaml", """
            - {at: 1s, link: r1, action: down}
            - {at: soon, link: r1:eth0, action: explode}
            - {at: 0s, link: r1:eth0, action: netem, netem: delay fast}
            - {at: 0s, link: r1:eth0, action: down, repeat: 2}
            """));

        var messages = e.Errors.Select(x => x.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith("f.yaml:1:", StringComparison.Ordinal) && m.Contains("CONTAINER:DEV", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("f.yaml:2:", StringComparison.Ordinal) && m.Contains("'soon' is not a time", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("f.yaml:2:", StringComparison.Ordinal) && m.Contains("one of down, up, netem, netem-reset", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("f.yaml:3:", StringComparison.Ordinal) && m.Contains("fast", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("f.yaml:4:", StringComparison.Ordinal) && m.Contains("repeat needs every", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_schedule_file_is_read_as_config_files_are_never_through_a_symlink_or_from_a_fifo()
    {
        var directory = Directory.CreateTempSubdirectory("conlink-faults-");
        try
        {
            var real = Path.Combine(directory.FullName, "real.yaml");
            File.WriteAllText(real, "- {at: 1s, link: r1:eth1, action: down}\n");
            var link = Path.Combine(directory.FullName, "link.yaml");
            File.CreateSymbolicLink(link, real);
            var fifo = Path.Combine(directory.FullName, "fifo.yaml");
            await System.Diagnostics.Process.Start("mkfifo", [fifo])!.WaitForExitAsync();

            Assert.Single(FaultSchedule.Load(real).Steps);
            Assert.Equal($"{link}: cannot read file: it is a symbolic link, which conlink does not follow (name the file it points to)",
                Assert.Single(Assert.Throws<ConfigException>(() => FaultSchedule.Load(link)).Errors).ToString());
            var fifoError = await Task.Run(() => Assert.Throws<ConfigException>(() => FaultSchedule.Load(fifo))).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal($"{fifo}: cannot read file: it is a FIFO, not a regular file", Assert.Single(fifoError.Errors).ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
