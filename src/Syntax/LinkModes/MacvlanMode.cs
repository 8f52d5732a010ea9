namespace Conlink.Syntax.LinkModes;

/// <summary>The modes of a macvlan or macvtap link; the values are the kernel's MACVLAN_MODE_* (linux/if_link.h).</summary>
public enum MacvlanMode : uint
{
    Private = 1,
    Vepa = 2,
    Bridge = 4,
    Passthru = 8,
    Source = 16,
}
