using System.Buffers.Binary;

namespace Conlink.Cli.Capture;

/// <summary>
/// Copies a pcapng stream block by block: only whole blocks are written, so when the copy is cut
/// (Ctrl-C, the connection ends) what was written is a complete file. Counts the packets.
/// </summary>
internal sealed class PcapngBlockCopier(Stream input, Stream output)
{
    private const uint EnhancedPacket = 6;
    /// <summary>The largest block conlink sends: a frame of the largest snap length and its headers.</summary>
    private const int MaxBlock = 262144 + 4096;

    public long Packets { get; private set; }

    /// <summary>Copies until the input ends or <paramref name="ct"/> is cancelled (then returns quietly).</summary>
    /// <exception cref="InvalidDataException">The stream is not pcapng as conlink writes it.</exception>
    public async Task CopyAsync(CancellationToken ct)
    {
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                if (!await ReadExactlyOrEndAsync(block.AsMemory(0, 8), ct)) return;
                var type = BinaryPrimitives.ReadUInt32LittleEndian(block);
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(4));
                if (length < 12 || length > MaxBlock || length % 4 != 0)
                    throw new InvalidDataException($"conlink sent a pcapng block of {length} bytes, which cannot be");
                if (block.Length < length) Array.Resize(ref block, Math.Max(length, block.Length * 2));
                if (!await ReadExactlyOrEndAsync(block.AsMemory(8, length - 8), ct)) return;
                await output.WriteAsync(block.AsMemory(0, length), ct);
                if (type == EnhancedPacket) Packets++;
                await output.FlushAsync(ct); // a pipe reader (tcpdump -r -) sees each packet as it comes
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            await output.FlushAsync(CancellationToken.None);
        }
    }

    /// <summary>False when the input ended before the first byte of <paramref name="buffer"/>, or inside it (a cut block is dropped).</summary>
    private async Task<bool> ReadExactlyOrEndAsync(Memory<byte> buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await input.ReadAsync(buffer[read..], ct);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}
