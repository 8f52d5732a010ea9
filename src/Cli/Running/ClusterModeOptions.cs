using System.CommandLine;
using Conlink.Cli.Shell;
using Conlink.Host.Cluster;

namespace Conlink.Cli.Running;

/// <summary>The cluster mode flags (<c>--cluster-bind</c>, <c>--cluster-seed</c>, <c>--cluster-tls-cert</c>), each with its environment twin.</summary>
internal sealed class ClusterModeOptions
{
    public const string BindVariable = "CONLINK_CLUSTER_BIND";
    public const string SeedVariable = "CONLINK_CLUSTER_SEED";
    public const string TlsCertVariable = "CONLINK_CLUSTER_TLS_CERT";
    public const string TlsPasswordVariable = "CONLINK_CLUSTER_TLS_PASSWORD";

    private readonly CliHost _host;

    public ClusterModeOptions(CliHost host)
    {
        _host = host;
        Bind = new Option<string?>("--cluster-bind")
        {
            Description = $"Join conlink's cluster as a member reachable at IP[:PORT] on the underlay (port {ClusterSettings.DefaultPort}/tcp by default; "
                + "never a wildcard). Bridges with 'span: cluster' then span every member that declares them (vxlan, udp --vxlan-port). "
                + $"[env: {BindVariable}]",
            HelpName = "IP[:PORT]",
            DefaultValueFactory = _ => Env(BindVariable),
        };
        Seed = new Option<string[]>("--cluster-seed")
        {
            Description = "A member to join the cluster through, IP[:PORT]; repeatable, and a member may list itself (the first seed "
                + "starts the cluster when no other answers). A member that starts before its seeds keeps trying. "
                + $"[env: {SeedVariable}, comma- or space-separated]",
            HelpName = "IP[:PORT]",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => (Env(SeedVariable) ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        TlsCert = new Option<string?>("--cluster-tls-cert")
        {
            Description = "PKCS#12 file with this member's certificate, its key and the CA that signed every member's certificate: "
                + "members talk mutual TLS and a process without a certificate from that CA cannot join. Without it membership is "
                + $"unauthenticated and the underlay must be trusted. A password goes in {TlsPasswordVariable}. [env: {TlsCertVariable}]",
            HelpName = "FILE",
            DefaultValueFactory = _ => Env(TlsCertVariable),
        };
        Bind.Validators.Add(r => Check(r.GetValueOrDefault<string?>(), "--cluster-bind", r.AddError));
        Seed.Validators.Add(r =>
        {
            foreach (var seed in r.GetValueOrDefault<string[]>() ?? []) Check(seed, "--cluster-seed", r.AddError);
        });
    }

    public Option<string?> Bind { get; }
    public Option<string[]> Seed { get; }
    public Option<string?> TlsCert { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Bind);
        command.Options.Add(Seed);
        command.Options.Add(TlsCert);
    }

    /// <summary>The cluster settings, or null when conlink runs on its own (no --cluster-bind).</summary>
    /// <exception cref="FormatException">Seeds or a certificate without --cluster-bind.</exception>
    public ClusterSettings? Read(ParseResult result)
    {
        var seeds = result.GetValue(Seed) ?? [];
        var cert = result.GetValue(TlsCert);
        if (result.GetValue(Bind) is not { } bind)
        {
            if (seeds.Length > 0 || cert is not null)
                throw new FormatException("--cluster-seed and --cluster-tls-cert need --cluster-bind (this member's own address)");
            return null;
        }
        return new ClusterSettings
        {
            Bind = ClusterSettings.ParseEndpoint(bind, "--cluster-bind"),
            Seeds = seeds.Select(s => ClusterSettings.ParseEndpoint(s, "--cluster-seed")).ToList(),
            TlsCertificateFile = cert,
            TlsCertificatePassword = Env(TlsPasswordVariable),
        };
    }

    private string? Env(string name) => _host.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static void Check(string? value, string option, Action<string> error)
    {
        if (value is null) return;
        try
        {
            ClusterSettings.ParseEndpoint(value, option);
        }
        catch (FormatException e)
        {
            error(e.Message);
        }
    }
}
