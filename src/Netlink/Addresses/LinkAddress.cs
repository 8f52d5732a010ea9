namespace Conlink.Netlink.Addresses;

/// <summary>An address as the kernel reports it, with the interface it is on.</summary>
public sealed record LinkAddress(int LinkIndex, InterfaceAddress Address, AddressScope Scope, string? Label)
{
    public override string ToString() => $"{Address} on #{LinkIndex}";
}
