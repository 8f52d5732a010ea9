namespace Conlink.Netlink.Addresses;

/// <summary>RT_SCOPE_*: how far an address (or route) is valid.</summary>
public enum AddressScope : byte
{
    Universe = 0,
    Site = 200,
    Link = 253,
    Host = 254,
    Nowhere = 255,
}
