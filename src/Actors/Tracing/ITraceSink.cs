namespace Conlink.Actors.Tracing;

public interface ITraceSink
{
    bool Enabled { get; }
    void Write(TraceRecord record);
}

public sealed class NullTraceSink : ITraceSink
{
    public static NullTraceSink Instance { get; } = new();
    public bool Enabled => false;
    public void Write(TraceRecord record) { }
}
