using Conlink.E2E.Harness;

namespace Conlink.E2E.HarnessTests;

public sealed class RepositoryTests
{
    [Fact]
    public void Repository_paths_resolve_from_the_folder_holding_the_solution()
    {
        Assert.True(File.Exists(Repository.PathOf("Conlink.sln")));
        Assert.True(File.Exists(Repository.PathOf("tests/E2E/Conlink.E2E.csproj")));
    }
}
