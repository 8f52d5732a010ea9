using System.Net;
using Akka.Actor.Setup;
using HoconConfig = Akka.Configuration.Config;

namespace Conlink.Cluster;

/// <summary>Everything one cluster member needs: where it listens, whom it joins through, what it spans, how it logs.</summary>
public sealed record ClusterMemberOptions
{
    /// <summary>The default port of conlink's cluster (TCP).</summary>
    public const int DefaultPort = 4053;

    /// <summary>This member's address on the underlay (<c>--cluster-bind</c>); never 0.0.0.0.</summary>
    public required IPEndPoint Bind { get; init; }

    /// <summary>Members to join through (<c>--cluster-seed</c>); may include <see cref="Bind"/>.</summary>
    public required IReadOnlyList<IPEndPoint> Seeds { get; init; }

    /// <summary>The bridges this member spans at start, by name, with their VNI (<see cref="ClusterNode.Announce"/> changes them).</summary>
    public required IReadOnlyDictionary<string, int> Spans { get; init; }

    /// <summary>A PKCS#12 file (certificate, key and the CA that signed every member's certificate): mutual TLS. Null: no TLS.</summary>
    public string? TlsCertificateFile { get; init; }

    /// <summary>The PKCS#12 file's password, if it has one.</summary>
    public string? TlsCertificatePassword { get; init; }

    /// <summary>Settings over hocon/cluster.hocon (the user's <c>--akka-config</c>), if any.</summary>
    public HoconConfig? Overrides { get; init; }

    /// <summary>More for the actor system, such as where the host's logger writes.</summary>
    public IReadOnlyList<Setup> Setups { get; init; } = [];

    /// <summary>Where conlink's own cluster log lines (membership changes, waiting for seeds) go.</summary>
    public required Action<string> Info { get; init; }

    public required Action<string> Warning { get; init; }

    /// <summary>How long a member waits after being downed (or losing its actor system) before it starts again and rejoins.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(2);
}
