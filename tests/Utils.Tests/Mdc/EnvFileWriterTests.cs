using Conlink.Utils.Mdc;

namespace Conlink.Utils.Tests.Mdc;

public class EnvFileWriterTests
{
    private static readonly Mode Base = new("base", "./modes/base", []);
    private static readonly Mode Web = new("web", "./modes/web", []);

    [Fact]
    public void Env_file_wraps_each_modes_env_and_ends_with_the_compose_settings()
    {
        ModeContent[] modes =
        [
            new(Base, "./modes/base/compose.yaml", [new("./modes/base/.env", "A=1\n")]),
            new(Web, null, [new("./modes/web/env", "B=2")]),
        ];

        var env = EnvFileWriter.Render("mdc base,web up -d", modes, "/project");

        Assert.Equal(
            """
            ### mdc command line: mdc base,web up -d
            ### mdc begin mode base (./modes/base/.env)
            MDC_MODE_base=enabled
            A=1

            ### mdc end mode base (./modes/base/.env)
            ### mdc begin mode web (./modes/web/env)
            MDC_MODE_web=enabled
            B=2
            ### mdc end mode web (./modes/web/env)
            COMPOSE_FILE=./.compose-empty.yaml:./modes/base/compose.yaml
            COMPOSE_DIR=/project
            COMPOSE_PROFILES=MODE_base,MODE_web
            MDC_MODE_DIRS="./modes/base,./modes/web"

            """.ReplaceLineEndings("\n"),
            env);
    }

    [Fact]
    public void A_mode_without_env_files_gets_no_mdc_mode_variable_but_still_a_profile()
    {
        var env = EnvFileWriter.Render("mdc web", [new ModeContent(Web, null, [])], "/project");

        Assert.DoesNotContain("MDC_MODE_web", env, StringComparison.Ordinal);
        Assert.Contains("COMPOSE_PROFILES=MODE_web\n", env, StringComparison.Ordinal);
        Assert.Contains("COMPOSE_FILE=./.compose-empty.yaml\n", env, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web", "MDC_MODE_web")]
    [InlineData("node-1", "MDC_MODE_node__")]
    [InlineData("x.y_z", "MDC_MODE_x_y_z")]
    [InlineData("Über", "MDC_MODE__ber")]
    public void Mode_variable_replaces_every_character_that_is_not_an_ascii_letter(string mode, string variable) =>
        Assert.Equal(variable, EnvFileWriter.ModeVariable(mode));
}
