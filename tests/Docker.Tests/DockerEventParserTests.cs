using Conlink.Actors.Ports;

namespace Conlink.Docker.Tests;

/// <summary>Engine events as the runtime port sees them: starts and dies of containers, nothing else.</summary>
public sealed class DockerEventParserTests
{
    [Theory]
    [InlineData("container", null, "start", null, "c1", ContainerEventKind.Start)]
    [InlineData("container", null, "die", null, "c1", ContainerEventKind.Die)]
    [InlineData(null, "start", null, "c1", null, ContainerEventKind.Start)]  // older engines: status and id
    [InlineData(null, "die", "", "c1", "", ContainerEventKind.Die)]
    public void Starts_and_dies_in_either_shape_name_their_container(string? type, string? status, string? action, string? id, string? actorId,
        ContainerEventKind kind)
    {
        Assert.Equal(new ContainerEvent(kind, "c1"), DockerEventParser.Parse(type, status, action, id, actorId));
    }

    [Theory]
    [InlineData("network", null, "connect", null, "n1")]
    [InlineData("container", null, "exec_start: sh", null, "c1")]
    [InlineData("container", null, "start", null, null)]
    public void Other_events_and_events_without_a_container_are_none(string? type, string? status, string? action, string? id, string? actorId)
    {
        Assert.Null(DockerEventParser.Parse(type, status, action, id, actorId));
    }
}
