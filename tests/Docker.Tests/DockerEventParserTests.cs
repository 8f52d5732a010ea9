using Conlink.Actors.Ports;

namespace Conlink.Docker.Tests;

/// <summary>
/// Decoded engine events as the runtime port sees them: starts, dies, creates and removals of containers, nothing else.
/// (Both wire shapes, old status/id and new Action/Actor.ID, are normalised by the stream decoder:
/// see DockerEventStreamDecoderTests.)
/// </summary>
public sealed class DockerEventParserTests
{
    private static DockerEngineEvent Event(string type, string action, string actorId) =>
        new(type, action, actorId, new Dictionary<string, string>(), 0);

    [Theory]
    [InlineData("start", ContainerEventKind.Start)]
    [InlineData("die", ContainerEventKind.Die)]
    [InlineData("create", ContainerEventKind.Create)]
    [InlineData("destroy", ContainerEventKind.Destroy)]
    [InlineData("remove", ContainerEventKind.Destroy)]   // podman
    public void Starts_dies_creates_and_removals_name_their_container(string action, ContainerEventKind kind)
    {
        Assert.Equal(new ContainerEvent(kind, "c1"), DockerEventParser.Parse(Event("container", action, "c1")));
    }

    [Theory]
    [InlineData("network", "connect", "n1")]
    [InlineData("container", "exec_start: sh", "c1")]
    [InlineData("container", "init", "c1")]      // podman
    [InlineData("container", "cleanup", "c1")]   // podman
    [InlineData("container", "kill", "c1")]
    [InlineData("container", "stop", "c1")]
    [InlineData("container", "start", "")]
    [InlineData("container", "create", "")]
    public void Other_events_and_events_without_a_container_are_none(string type, string action, string actorId)
    {
        Assert.Null(DockerEventParser.Parse(Event(type, action, actorId)));
    }
}
