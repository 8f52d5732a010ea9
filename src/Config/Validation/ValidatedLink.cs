using Conlink.Config.Loading;
using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>A link that passed validation, with the merged node it came from (for cross-link checks).</summary>
internal sealed record ValidatedLink(LinkSpec Spec, MappingNode Node);
