using System.Diagnostics;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Namespaces;

public sealed class NetNsTests
{
    private static string UniqueName() => $"cnt-{Guid.NewGuid():N}"[..14];

    private static string NamespaceOf(string path) => new FileInfo(path).LinkTarget!;

    [SkippableFact]
    public void Named_namespace_is_created_where_ip_netns_sees_it_and_deleted()
    {
        Root.Require();
        var name = UniqueName();

        using (var ns = NetNs.OpenOrCreateNamed(name))
        {
            Assert.Equal(name, ns.DisplayName);
            Assert.Contains(name, Tool.Run("ip", "netns", "list"));
            Assert.Equal(["lo"], Tool.Json("ip", name, "link", "show").EnumerateArray().Select(l => l.GetProperty("ifname").GetString()));
        }

        Assert.True(NetNs.DeleteNamed(name));
        Assert.False(NetNs.NamedExists(name));
        Assert.DoesNotContain(name, Tool.Run("ip", "netns", "list"));
        Assert.False(NetNs.DeleteNamed(name));
    }

    [SkippableFact]
    public void Opening_or_creating_an_existing_namespace_opens_the_same_one()
    {
        using var scratch = ScratchNamespace.Create();

        using var again = NetNs.OpenOrCreateNamed(scratch.Name);
        using var current = NetNs.Current();

        Assert.True(again.IsSameAs(scratch.Ns));
        Assert.False(again.IsSameAs(current));
    }

    [SkippableFact]
    public void Namespace_of_this_process_is_the_current_one()
    {
        Root.Require();
        using var current = NetNs.Current();
        using var ofProcess = NetNs.OfProcess(Environment.ProcessId);

        Assert.True(current.IsSameAs(ofProcess));
        Assert.Equal(($"pid {Environment.ProcessId}", "current"), (ofProcess.DisplayName, current.DisplayName));
    }

    [SkippableFact]
    public void Run_executes_inside_the_namespace_and_the_thread_returns_home_afterwards()
    {
        using var scratch = ScratchNamespace.Create();
        var home = NamespaceOf("/proc/thread-self/ns/net");
        using var current = NetNs.Current();

        var inside = scratch.Ns.Run(() => NamespaceOf("/proc/thread-self/ns/net"));
        var afterwards = current.Run(() => NamespaceOf("/proc/thread-self/ns/net"));

        Assert.Equal($"net:[{Tool.Run("stat", "-L", "-c", "%i", $"{NetNs.NamedRoot}/{scratch.Name}").Trim()}]", inside);
        Assert.NotEqual(home, inside);
        Assert.Equal(home, afterwards);
        Assert.Equal(home, NamespaceOf("/proc/thread-self/ns/net"));
    }

    [SkippableFact]
    public void Process_started_on_the_namespace_thread_runs_in_that_namespace()
    {
        using var scratch = ScratchNamespace.Create();
        scratch.Handle.LinkAdd(new LinkBridge("only-here0"));

        var output = scratch.Ns.Run(() =>
        {
            var start = new ProcessStartInfo("ip", "-br link show") { RedirectStandardOutput = true };
            return Process.Start(start)!;
        });
        var listed = output.StandardOutput.ReadToEnd();
        output.WaitForExit();

        Assert.Contains("only-here0", listed);
    }

    [SkippableFact]
    public void Run_cannot_be_nested()
    {
        using var scratch = ScratchNamespace.Create();

        var error = Assert.Throws<InvalidOperationException>(() => scratch.Ns.Run(() => scratch.Ns.Run(() => 1)));

        Assert.Contains("cannot be nested", error.Message);
    }

    [SkippableFact]
    public void Opening_the_namespace_of_a_missing_process_says_so()
    {
        Root.Require();

        var error = Assert.Throws<NetlinkException>(() => NetNs.OfProcess(int.MaxValue));

        Assert.Equal($"namespace pid {int.MaxValue} does not exist (or its process has exited)", error.Message);
    }

    [SkippableFact]
    public void Failure_inside_run_reaches_the_caller_and_the_thread_keeps_working()
    {
        using var scratch = ScratchNamespace.Create();

        Assert.Throws<FormatException>(() => scratch.Ns.Run<int>(() => throw new FormatException("boom")));

        Assert.Equal(42, scratch.Ns.Run(() => 42));
    }

    [SkippableFact]
    public void A_file_that_is_not_a_namespace_is_refused()
    {
        Root.Require();
        var name = UniqueName();
        var path = $"{NetNs.NamedRoot}/{name}";
        Directory.CreateDirectory(NetNs.NamedRoot);
        File.WriteAllBytes(path, []);
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => NetNs.OpenNamed(name));

            Assert.Equal($"{path} is not a network namespace (yet?)", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public async Task Handle_opened_asynchronously_acts_in_its_namespace()
    {
        using var scratch = ScratchNamespace.Create();
        scratch.Handle.LinkAdd(new LinkBridge("only-here0"));

        using var handle = await NetlinkHandle.OpenAsync(scratch.Ns);

        Assert.Equal("bridge", handle.LinkGet("only-here0").Kind);
        Assert.Equal(scratch.Name, handle.Namespace);
    }
}
