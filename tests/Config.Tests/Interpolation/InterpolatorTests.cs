using Conlink.Config.Interpolation;
using CsCheck;

namespace Conlink.Config.Tests.Interpolation;

public class InterpolatorTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["MODE"] = "linux",
        ["EMPTY"] = "",
        ["lower_case"] = "yes",
    };

    private static string? Lookup(string name) => Environment.GetValueOrDefault(name);

    private static string Interpolate(string text)
    {
        var result = Interpolator.Interpolate(text, Lookup);
        Assert.Null(result.Error);
        return result.Value!;
    }

    private static string ErrorOf(string text)
    {
        var result = Interpolator.Interpolate(text, Lookup);
        Assert.Null(result.Value);
        return result.Error!;
    }

    [Theory]
    [InlineData("$$", "$")]
    [InlineData("a$$b", "a$b")]
    [InlineData("$MODE", "linux")]
    [InlineData("${MODE}", "linux")]
    [InlineData("x-$MODE-y", "x-linux-y")]
    [InlineData("$lower_case", "yes")]
    [InlineData("$UNSET", "")]
    [InlineData("${UNSET}", "")]
    [InlineData("${MODE:-auto}", "linux")]
    [InlineData("${EMPTY:-auto}", "auto")]
    [InlineData("${UNSET:-auto}", "auto")]
    [InlineData("${MODE-auto}", "linux")]
    [InlineData("${EMPTY-auto}", "")]
    [InlineData("${UNSET-auto}", "auto")]
    [InlineData("${UNSET:-}", "")]
    [InlineData("${MODE:?needed}", "linux")]
    [InlineData("${EMPTY?needed}", "")]
    [InlineData("${MODE?needed}", "linux")]
    [InlineData("${UNSET:-a b:c}", "a b:c")]
    [InlineData("${UNSET:-$MODE}", "$MODE")]
    public void Compose_forms_substitute_from_the_environment(string text, string expected)
    {
        Assert.Equal(expected, Interpolate(text));
    }

    [Theory]
    [InlineData("$")]
    [InlineData("a $ b")]
    [InlineData("$(reboot)")]
    [InlineData("$1")]
    public void A_dollar_that_starts_no_variable_stays_as_written(string text)
    {
        Assert.Equal(text, Interpolate(text));
    }

    [Theory]
    [InlineData("${UNSET:?set it}", "required variable UNSET is missing a value: set it")]
    [InlineData("${EMPTY:?set it}", "required variable EMPTY is missing a value: set it")]
    [InlineData("${UNSET?}", "required variable UNSET is missing a value")]
    [InlineData("${UNSET:?}", "required variable UNSET is missing a value")]
    public void Required_variables_fail_with_their_message(string text, string error)
    {
        Assert.Equal(error, ErrorOf(text));
    }

    [Theory]
    [InlineData("${MODE", "unclosed '${' in '${MODE' (write $$ for a literal $)")]
    [InlineData("${}", "invalid interpolation '${}' (write $$ for a literal $)")]
    [InlineData("${1A}", "invalid interpolation '${1A}' (write $$ for a literal $)")]
    [InlineData("${MODE:+x}", "invalid interpolation '${MODE:+x}' (write $$ for a literal $)")]
    [InlineData("${MO DE}", "invalid interpolation '${MO DE}' (write $$ for a literal $)")]
    public void Malformed_braces_are_errors(string text, string error)
    {
        Assert.Equal(error, ErrorOf(text));
    }

    [Fact]
    public void Text_without_a_dollar_is_left_unchanged()
    {
        Gen.String.Where(s => !s.Contains('$')).Sample(text =>
        {
            var result = Interpolator.Interpolate(text, _ => "substituted");
            Assert.Equal(text, result.Value);
        }, iter: 1000);
    }
}
