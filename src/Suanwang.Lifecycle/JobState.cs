using System.Text.Json.Serialization;

namespace Suanwang.Lifecycle;

/// <summary>Where a job is in its life. Succeeded, Failed and Cancelled are final. Always written as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobState>))]
public enum JobState
{
    /// <summary>Accepted and stored; not yet validated against the network.</summary>
    Submitted,
    /// <summary>Waiting in the broker's queue for a placement.</summary>
    Queued,
    /// <summary>A placement decision is committed; not yet handed to the center.</summary>
    Placed,
    /// <summary>Handed to the center's engine (submitted there, with its dispatch token).</summary>
    Dispatched,
    /// <summary>Running at the center.</summary>
    Running,
    /// <summary>The center cannot be reached; the job may still be running there.</summary>
    Unknown,
    /// <summary>Unreachable past its lease: presumed gone; it will be requeued (an extra run found later is cancelled).</summary>
    Lost,
    /// <summary>Back in the queue for a new attempt after its center failed.</summary>
    Requeued,
    /// <summary>Finished with exit code 0.</summary>
    Succeeded,
    /// <summary>Finished with an error, or could not be run.</summary>
    Failed,
    /// <summary>Cancelled by its owner or an operator.</summary>
    Cancelled,
}
