using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Conlink.Tests.Shared;

/// <summary>
/// Runs code on a thread of its own whose effective capabilities are all dropped, as a process conlink runs in
/// without the privileges it needs would be: the refusal paths then run on any machine, root or not, instead
/// of only where the machine happens to refuse. Linux keeps capabilities per thread and glibc's capset(2)
/// changes only the calling one, so the rest of the test process keeps its own; the thread ends afterwards.
/// </summary>
public static class WithoutCapabilities
{
    private const uint CapabilityVersion3 = 0x20080522;

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int capget(ref Header header, [In, Out] Data[] data);

    [DllImport("libc", SetLastError = true)]
    private static extern int capset(ref Header header, [In] Data[] data);

    /// <summary>Runs <paramref name="action"/> without capabilities; what it throws is thrown here.</summary>
    public static void Run(Action action)
    {
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                DropEffective();
                action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
    }

    private static void DropEffective()
    {
        var header = new Header { Version = CapabilityVersion3, Pid = 0 };
        var data = new Data[2];
        if (capget(ref header, data) != 0)
            throw new InvalidOperationException($"capget failed: errno {Marshal.GetLastPInvokeError()}");
        data[0].Effective = 0;
        data[1].Effective = 0;
        if (capset(ref header, data) != 0)
            throw new InvalidOperationException($"capset failed: errno {Marshal.GetLastPInvokeError()}");
    }
}
