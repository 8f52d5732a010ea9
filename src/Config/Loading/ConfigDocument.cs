namespace Conlink.Config.Loading;

/// <summary>The text of one configuration file, as read, with the path used to name it in errors.</summary>
internal sealed record ConfigDocument(string Path, ConfigDocumentKind Kind, string Text);
