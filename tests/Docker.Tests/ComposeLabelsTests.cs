using Conlink.Config.Planning;

namespace Conlink.Docker.Tests;

/// <summary>
/// Whichever tool made a container on whichever engine, its inspect labels give conlink the same compose
/// identity: compose v2 through Docker's or podman's socket, compose v1, and podman-compose (which adds
/// io.podman.compose.* labels beside the com.docker.compose.* ones and names containers PROJECT_SERVICE_N).
/// </summary>
public sealed class ComposeLabelsTests
{
    [Fact]
    public void Compose_v2_through_podman_s_socket_labels_like_under_docker()
    {
        // as `podman ps --format {{.Labels}}` showed them for `DOCKER_HOST=unix:///run/podman/podman.sock docker compose up`
        var labels = new Dictionary<string, string>
        {
            ["com.docker.compose.config-hash"] = "6326f98eca432b26dc345a276331464aed506d43d262cc41e02fd5e8f4e7e9f9",
            ["com.docker.compose.container-number"] = "2",
            ["com.docker.compose.depends_on"] = "",
            ["com.docker.compose.oneoff"] = "False",
            ["com.docker.compose.project"] = "engsc",
            ["com.docker.compose.project.working_dir"] = "/tmp/engines-sc",
            ["com.docker.compose.service"] = "h1",
            ["com.docker.compose.version"] = "2.26.1",
        };

        var identity = ComposeLabels.ToIdentity("5c0c", "/engsc-h1-2", 1241, labels);

        Assert.Equal(("engsc-h1-2", "engsc", "h1", 2, "/tmp/engines-sc"),
            (identity.Name, identity.Project, identity.Service, identity.Index, identity.ProjectWorkingDir));
    }

    [Fact]
    public void Podman_compose_containers_are_read_by_their_com_docker_compose_labels()
    {
        var labels = new Dictionary<string, string>
        {
            ["io.podman.compose.config-hash"] = "123",
            ["io.podman.compose.project"] = "pcx",
            ["io.podman.compose.version"] = "1.0.6",
            ["PODMAN_SYSTEMD_UNIT"] = "podman-compose@pcx.service",
            ["com.docker.compose.project"] = "pcx",
            ["com.docker.compose.project.working_dir"] = "/srv/pcx",
            ["com.docker.compose.project.config_files"] = "compose.yaml",
            ["com.docker.compose.container-number"] = "1",
            ["com.docker.compose.service"] = "db",
        };

        var identity = ComposeLabels.ToIdentity("c3c3", "pcx_db_1", 77, labels);

        Assert.Equal(("pcx_db_1", "pcx", "db", 1), (identity.Name, identity.Project, identity.Service, identity.Index));
    }

    [Fact]
    public void A_container_no_compose_made_has_no_project_or_service_and_index_one()
    {
        var identity = ComposeLabels.ToIdentity("ab", "/plain", 5, new Dictionary<string, string> { ["io.podman.annotations.autoremove"] = "FALSE" });

        Assert.Equal(("plain", null, null, 1), (identity.Name, identity.Project, identity.Service, identity.Index));
    }
}
