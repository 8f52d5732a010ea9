namespace Conlink.Arm64.Tests.Support;

public enum ElfMachine : ushort
{
    X86_64 = 0x3e,
    Aarch64 = 0xb7,
}

/// <summary>Which machine an ELF file is for, from its header (e_machine at byte 18, little endian).</summary>
internal static class Elf
{
    public static ElfMachine? MachineOf(ReadOnlySpan<byte> file) =>
        file.Length >= 20 && file[..4].SequenceEqual("\u007fELF"u8) && file[5] == 1
            ? (ElfMachine)(file[18] | file[19] << 8)
            : null;
}
