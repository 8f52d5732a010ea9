using System.Runtime.InteropServices;

namespace Conlink.Cli.Running;

/// <summary>
/// Catches SIGTERM, SIGINT and SIGQUIT for as long as it lives, so that a second signal (tools such
/// as <c>timeout</c> signal the whole process group) cannot kill conlink halfway through its cleanup.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignals()
    {
        _registrations = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, OnSignal))];
    }

    /// <summary>Completes on the first signal.</summary>
    public Task Received => _received.Task;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _received.TrySetResult();
    }
}
