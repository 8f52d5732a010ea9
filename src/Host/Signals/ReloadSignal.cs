using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Conlink.Host.Signals;

/// <summary>
/// SIGHUP, for as long as it lives: re-read the config and apply the difference, as <c>conlink apply</c> does.
/// A SIGHUP that was ignored when conlink started (<c>nohup</c>, some supervisors) is taken back first:
/// .NET never calls a handler for a signal inherited as ignored, so under <c>nohup</c> a reload did
/// nothing at all. Conlink handles SIGHUP itself and never dies of it, which is what nohup asks for.
/// </summary>
public sealed class ReloadSignal : IDisposable
{
    private readonly PosixSignalRegistration _registration;

    public ReloadSignal(Action onReload)
    {
        TakeBack(LibC.SIGHUP);
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            onReload();
        });
    }

    public void Dispose() => _registration.Dispose();

    private static unsafe void TakeBack(int signal)
    {
        var action = default(sigaction);
        action.sa_handler = LibC.SIG_DFL;
        if (LibC.sigaction(signal, &action, null) != 0)
            throw new InvalidOperationException($"cannot take back signal {signal} from being ignored: errno {Marshal.GetLastPInvokeError()}");
    }
}
