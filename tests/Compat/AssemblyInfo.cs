// The compatibility tests share one Docker engine and the host's interface list (HostLeakCheck
// compares snapshots of it), so they run one at a time, like the E2E tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
