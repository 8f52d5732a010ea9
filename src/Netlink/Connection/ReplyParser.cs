using Conlink.Netlink.Encoding;

namespace Conlink.Netlink.Connection;

/// <summary>Decodes one reply message; null skips it.</summary>
internal delegate T? ReplyParser<T>(MessageType type, ReadOnlySpan<byte> payload) where T : class;
