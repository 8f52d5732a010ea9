using System.Text.RegularExpressions;
using Conlink.Utils.Copy;
using CsCheck;

namespace Conlink.Utils.Tests.Copy;

public class TemplateRendererTests
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["VAL1"] = "val1",
        ["VAL2"] = "val2",
        ["EMPTY"] = "",
        ["NESTED"] = "x{{VAL1}}y",
        ["{A"] = "brace",
    };

    private static string? Lookup(string name) => Variables.GetValueOrDefault(name);

    [Fact]
    public void Defined_variables_are_replaced_everywhere_they_appear()
    {
        var result = TemplateRenderer.Render("a={{VAL1}} b={{VAL2}} again={{VAL1}}", Lookup);

        Assert.Equal("a=val1 b=val2 again=val1", result.Text);
        Assert.Equal(["VAL1", "VAL2"], result.ReplacedNames);
    }

    [Fact]
    public void Undefined_variables_are_left_as_they_are()
    {
        var result = TemplateRenderer.Render("{{VAL1}} {{UNDEFINED}}", Lookup);

        Assert.Equal("val1 {{UNDEFINED}}", result.Text);
        Assert.Equal(["VAL1"], result.ReplacedNames);
    }

    [Fact]
    public void A_defined_but_empty_variable_is_replaced_by_nothing() =>
        Assert.Equal("[]", TemplateRenderer.Render("[{{EMPTY}}]", Lookup).Text);

    [Theory]
    [InlineData("{{VAL 1}}")]
    [InlineData("{{}}")]
    [InlineData("{ {VAL1}}")]
    [InlineData("{{VAL1}")]
    [InlineData("{{VAL1\n}}")]
    public void Text_that_is_not_a_placeholder_is_kept(string text) =>
        Assert.Equal(text, TemplateRenderer.Render(text, Lookup).Text);

    [Fact]
    public void Replacement_values_are_not_rendered_again() =>
        Assert.Equal("x{{VAL1}}y", TemplateRenderer.Render("{{NESTED}}", Lookup).Text);

    [Fact]
    public void Renders_exactly_as_the_original_regular_expression_on_any_text()
    {
        string[] pieces = ["{", "}", "{{", "}}", " ", "\n", "VAL1", "VAL2", "UNSET", "NESTED", "EMPTY", "A"];
        var originalPattern = new Regex(@"\{\{([^}\s]+)\}\}", RegexOptions.CultureInvariant);

        Gen.Int[0, pieces.Length - 1].Array[0, 24]
            .Select(indexes => string.Concat(indexes.Select(i => pieces[i])))
            .Sample(text =>
            {
                var expected = originalPattern.Replace(text, match => Lookup(match.Groups[1].Value) ?? match.Value);
                Assert.Equal(expected, TemplateRenderer.Render(text, Lookup).Text);
            });
    }
}
