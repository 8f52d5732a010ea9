using Conlink.Actors.Status;

namespace Conlink.Host.Traffic;

/// <summary>Every expected link with its counters, read at <see cref="Time"/> (what <c>GET /counters</c> answers).</summary>
public sealed record TrafficSnapshot(DateTimeOffset Time, StatusTracker.Snapshot Status, IReadOnlyList<LinkReading> Links);
