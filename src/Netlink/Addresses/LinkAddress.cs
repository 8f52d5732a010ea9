namespace Conlink.Netlink.Addresses;

/// <summary>An address as the kernel reports it, with the interface it is on.</summary>
public sealed record LinkAddress(int LinkIndex, InterfaceAddress Address, AddressScope Scope, string? Label)
{
    /// <summary>Its IFA_F_* flags: for IPv6 whether it is still tentative, failed DAD, is permanent or was added with nodad.</summary>
    public AddressFlags Flags { get; init; }

    /// <summary>IPv6 duplicate address detection has not finished (or failed): the address cannot be used yet.</summary>
    public bool IsTentative => (Flags & (AddressFlags.Tentative | AddressFlags.DadFailed)) != 0;

    public override string ToString() => $"{Address} on #{LinkIndex}";
}
