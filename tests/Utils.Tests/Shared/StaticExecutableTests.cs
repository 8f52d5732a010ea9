using System.Buffers.Binary;
using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Shared;

/// <summary>The published utilities need no dynamic loader, so they run in images without libc (busybox, scratch).</summary>
public sealed class StaticExecutableTests
{
    private const uint ProgramHeaderInterpreter = 3; // PT_INTERP: the path of the dynamic loader

    public static TheoryData<string> Tools => new() { "wait", "copy", "echo", "mdc" };

    [Theory]
    [MemberData(nameof(Tools))]
    public void Each_utility_is_a_64_bit_elf_executable_that_is_not_position_independent_and_has_no_interpreter(string tool)
    {
        var elf = File.ReadAllBytes(PublishedUtils.PathOf(tool));

        Assert.Equal("\x7f" + "ELF", System.Text.Encoding.ASCII.GetString(elf, 0, 4));
        Assert.Equal(2, elf[4]); // 64-bit
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x10))); // ET_EXEC: not a PIE
        var headerOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x20));
        var headerSize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x36));
        var headerCount = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x38));
        var types = Enumerable.Range(0, headerCount)
            .Select(i => BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(headerOffset + i * headerSize)))
            .ToList();
        Assert.NotEmpty(types);
        Assert.DoesNotContain(ProgramHeaderInterpreter, types);
    }
}
