// End-to-end tests share one Docker engine and the host's interface list (HostLeakCheck
// compares snapshots of it), so they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
