namespace Conlink.Config.Validation;

/// <summary>The configuration spelling of enum values: their names in lower case.</summary>
internal static class EnumNames
{
    public static IReadOnlyList<string> Of<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => v.ToString().ToLowerInvariant()).ToArray();

    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static T? Parse<T>(string text) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => Name(v!.Value) == text);

    public static string List<T>() where T : struct, Enum => string.Join(", ", Of<T>());
}
