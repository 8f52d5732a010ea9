using System.Runtime.InteropServices;

namespace Conlink.Cli.Running;

/// <summary>SIGHUP, for as long as it lives: re-read the config and apply the difference, as <c>conlink apply</c> does.</summary>
internal sealed class ReloadSignal : IDisposable
{
    private readonly PosixSignalRegistration _registration;

    public ReloadSignal(Action onReload)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            onReload();
        });
    }

    public void Dispose() => _registration.Dispose();
}
