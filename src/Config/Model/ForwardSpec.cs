namespace Conlink.Config.Model;

/// <summary>
/// A port forward <c>OUTER:INNER/proto</c>: conlink's Docker-facing port <see cref="OuterPort"/>
/// reaches port <see cref="InnerPort"/> on the link's IP.
/// </summary>
public sealed record ForwardSpec(int OuterPort, int InnerPort, ForwardProtocol Protocol)
{
    public override string ToString() => $"{OuterPort}:{InnerPort}/{Protocol.ToString().ToLowerInvariant()}";
}
