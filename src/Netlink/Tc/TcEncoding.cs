using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;

namespace Conlink.Netlink.Tc;

/// <summary>Encodes qdisc and filter requests as tc does, and decodes what the kernel lists.</summary>
internal static class TcEncoding
{
    /// <summary>Actions in a list nest under their order number, from 1.</summary>
    private const ushort FirstAction = 1;

    public static void WriteQdisc(MessageWriter writer, int linkIndex, QdiscSpec qdisc)
    {
        writer.WriteFixed(new TcMsg { Index = linkIndex, Handle = qdisc.Handle.Value, Parent = qdisc.Parent.Value });
        writer.WriteString(TcAttribute.Kind, qdisc.Kind);
        qdisc.WriteOptions(writer);
    }

    public static void WriteTarget(MessageWriter writer, int linkIndex, TcHandle parent, TcHandle handle = default, uint info = 0) =>
        writer.WriteFixed(new TcMsg { Index = linkIndex, Parent = parent.Value, Handle = handle.Value, Info = info });

    /// <summary>tcm_info of a filter: priority in the high half, protocol in network byte order in the low half.</summary>
    public static uint FilterInfo(ushort priority, ushort protocol) =>
        (uint)priority << 16 | BinaryPrimitives.ReverseEndianness(protocol);

    /// <summary>u32 with one all-zero key (matches every packet) and one mirred egress redirect action.</summary>
    public static void WriteMirredRedirect(MessageWriter writer, int linkIndex, MirredRedirectFilter filter)
    {
        WriteTarget(writer, linkIndex, filter.Parent, info: FilterInfo(filter.Priority, filter.Protocol));
        writer.WriteString(TcAttribute.Kind, "u32");
        var options = writer.BeginNested(TcAttribute.Options);

        var actions = writer.BeginNested(U32Attribute.Actions);
        var action = writer.BeginNested((ActionAttribute)FirstAction);
        writer.WriteString(ActionAttribute.Kind, "mirred");
        var actionOptions = writer.BeginNested(ActionAttribute.Options, markNested: true);
        writer.WriteStruct(MirredAttribute.Parameters, new TcMirred
        {
            Action = TcMirred.ActionStolen,
            MirredAction = TcMirred.EgressRedirect,
            IfIndex = (uint)filter.TargetIndex,
        });
        writer.EndNested(actionOptions);
        writer.EndNested(action);
        writer.EndNested(actions);

        var selector = writer.BeginNested(U32Attribute.Selector);
        writer.WriteFixed(new TcU32Sel { Flags = TcU32Sel.Terminal, KeyCount = 1 });
        writer.WriteFixed(new TcU32Key());
        writer.EndNested(selector);

        writer.EndNested(options);
    }

    public static Qdisc? ParseQdisc(MessageType type, ReadOnlySpan<byte> payload)
    {
        if (type != MessageType.NewQdisc) return null;
        var header = MemoryMarshal.Read<TcMsg>(payload);
        var kind = "";
        var attributes = new AttributeReader(payload[MessageWriter.Align(Marshal.SizeOf<TcMsg>())..]);
        while (attributes.Next(out var id, out var value))
            if (id == (ushort)TcAttribute.Kind) kind = AttributeValue.String(value);
        return new Qdisc(header.Index, kind, new TcHandle(header.Handle), new TcHandle(header.Parent));
    }

    public static Filter? ParseFilter(MessageType type, ReadOnlySpan<byte> payload)
    {
        if (type != MessageType.NewFilter) return null;
        var header = MemoryMarshal.Read<TcMsg>(payload);
        var kind = "";
        var options = ReadOnlySpan<byte>.Empty;
        var attributes = new AttributeReader(payload[MessageWriter.Align(Marshal.SizeOf<TcMsg>())..]);
        while (attributes.Next(out var id, out var value))
        {
            if (id == (ushort)TcAttribute.Kind) kind = AttributeValue.String(value);
            else if (id == (ushort)TcAttribute.Options) options = value;
        }
        var hasSelector = false;
        int? redirect = null;
        var optionReader = new AttributeReader(options);
        while (optionReader.Next(out var id, out var value))
        {
            if (id == (ushort)U32Attribute.Selector) hasSelector = true;
            else if (id == (ushort)U32Attribute.Actions) redirect = MirredTarget(value);
        }
        if (kind == "u32" && !hasSelector) return null;
        var info = header.Info;
        return new Filter(header.Index, kind, new TcHandle(header.Parent), (ushort)(info >> 16),
            BinaryPrimitives.ReverseEndianness((ushort)info), header.Handle, redirect);
    }

    /// <summary>The target of the first mirred egress redirect in an action list, if any.</summary>
    private static int? MirredTarget(ReadOnlySpan<byte> actions)
    {
        var list = new AttributeReader(actions);
        while (list.Next(out _, out var action))
        {
            string? kind = null;
            var parameters = ReadOnlySpan<byte>.Empty;
            var fields = new AttributeReader(action);
            while (fields.Next(out var id, out var value))
            {
                if (id == (ushort)ActionAttribute.Kind) kind = AttributeValue.String(value);
                else if (id == (ushort)ActionAttribute.Options) parameters = Find(value, (ushort)MirredAttribute.Parameters);
            }
            if (kind == "mirred" && parameters.Length >= Marshal.SizeOf<TcMirred>())
            {
                var mirred = MemoryMarshal.Read<TcMirred>(parameters);
                if (mirred.MirredAction == TcMirred.EgressRedirect) return (int)mirred.IfIndex;
            }
        }
        return null;
    }

    private static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> attributes, ushort wanted)
    {
        var reader = new AttributeReader(attributes);
        while (reader.Next(out var id, out var value))
            if (id == wanted) return value;
        return [];
    }
}
