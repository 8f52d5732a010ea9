using System.Text.RegularExpressions;
using Conlink.E2E.Harness;

namespace Conlink.E2E.HarnessTests;

public sealed class ComposeProjectNameTests
{
    [Fact]
    public void A_project_name_is_valid_for_compose_and_says_which_test_made_it()
    {
        var name = ComposeProject.UniqueName("Scaled_replicas_get_offset_IPs");

        Assert.Matches(new Regex("^e2e-scaled-replicas-get-offset-ips-[0-9a-f]{6}$"), name);
    }

    [Fact]
    public void Two_projects_of_the_same_test_get_different_names()
    {
        Assert.NotEqual(ComposeProject.UniqueName("Same_test"), ComposeProject.UniqueName("Same_test"));
    }

    [Fact]
    public void A_long_test_name_is_shortened_to_keep_container_names_readable()
    {
        var name = ComposeProject.UniqueName(new string('x', 200));

        Assert.Matches(new Regex("^e2e-x{40}-[0-9a-f]{6}$"), name);
    }
}
