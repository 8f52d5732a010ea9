using System.Text;
using System.Text.Json;
using Akka.Actor;
using Conlink.Cluster.Messages;

namespace Conlink.Cluster.Membership;

/// <summary>Answers another member's <see cref="SummaryRequest"/> with this member's status (<c>conlink status --cluster</c>).</summary>
public sealed class SummaryResponder : ReceiveActor
{
    public const string Name = "conlink-summary";

    public SummaryResponder(string self, Func<CancellationToken, Task<string>> summary)
    {
        Receive<SummaryRequest>(_ => SummaryAsync(self, summary).PipeTo(Sender));
    }

    public static Props Props(string self, Func<CancellationToken, Task<string>> summary) =>
        Akka.Actor.Props.Create(() => new SummaryResponder(self, summary));

    private static async Task<SummaryReply> SummaryAsync(string self, Func<CancellationToken, Task<string>> summary)
    {
        string json;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            json = await summary(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            json = JsonSerializer.Serialize(new { error = $"this member's engine did not answer: {e.GetBaseException().Message}" });
        }
        if (Encoding.UTF8.GetByteCount(json) > ClusterMessageSerializer.MaxSummaryBytes)
            json = JsonSerializer.Serialize(new { error = $"the summary is larger than {ClusterMessageSerializer.MaxSummaryBytes} bytes" });
        return new SummaryReply(self, json);
    }
}
