namespace Conlink.Config.Loading;

/// <summary>The type a scalar resolves to under the YAML 1.2 core schema.</summary>
internal enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}
