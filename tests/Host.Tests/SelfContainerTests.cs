using Conlink.Host.Runtimes;

namespace Conlink.Host.Tests;

public sealed class SelfContainerTests
{
    private const string Id = "77dbdc16fe9cd99ab0fbd30b1ccfb9514b37f4998cac18b2dac441071305d07f";

    [Fact]
    public void Container_id_is_read_from_the_etc_hosts_mount_docker_makes()
    {
        var mountinfo = $"""
            166 120 0:45 / / rw,relatime master:60 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X
            216 166 254:0 /var/lib/docker/containers/{Id}/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda rw
            259 166 254:0 /var/lib/docker/containers/{Id}/hosts /etc/hosts rw,relatime - ext4 /dev/vda rw
            """;

        Assert.Equal(Id, SelfContainer.FindId(mountinfo));
    }

    [Fact]
    public void The_last_hosts_mount_wins_as_in_docker_in_docker()
    {
        var inner = new string('a', 64);
        var mountinfo = $"""
            259 166 254:0 /var/lib/docker/containers/{Id}/hosts /etc/hosts rw,relatime - ext4 /dev/vda rw
            300 259 254:0 /var/lib/docker/containers/{inner}/hosts /etc/hosts rw,relatime - ext4 /dev/vda rw
            """;

        Assert.Equal(inner, SelfContainer.FindId(mountinfo));
    }

    [Fact]
    public void A_host_process_is_not_in_a_container()
    {
        var mountinfo = """
            22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
            25 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw
            """;

        Assert.Null(SelfContainer.FindId(mountinfo));
    }
}
