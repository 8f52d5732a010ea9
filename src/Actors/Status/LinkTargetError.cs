namespace Conlink.Actors.Status;

/// <summary>Why a target names no link.</summary>
public enum LinkTargetError
{
    None,
    /// <summary>Not of the form OWNER:DEV (HTTP 400).</summary>
    Invalid,
    /// <summary>No such link (HTTP 404).</summary>
    NotFound,
    /// <summary>A service with several replicas (HTTP 400).</summary>
    Ambiguous,
}
